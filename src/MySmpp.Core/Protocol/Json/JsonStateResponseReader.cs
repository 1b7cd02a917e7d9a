using System;
using System.Buffers.Text;
using System.Collections.Generic;
using System.Text.Json;

namespace MySmpp.Protocol.Json
{
    /// <summary>
    /// Reads the JSON flavour's answer with <see cref="Utf8JsonReader"/>: an array of
    /// <c>{id_sms, time_change_state, state, num_parts, price}</c>, or <c>{"error": "…"}</c>.
    /// Documented statuses and times are read straight from the bytes (no strings allocated).
    /// </summary>
    internal static class JsonStateResponseReader
    {
        // The documented answer is two levels deep; anything much deeper is hostile.
        private static readonly JsonReaderOptions ReaderOptions = new JsonReaderOptions { MaxDepth = 16 };

        public static StateResponse Read(ReadOnlySpan<byte> body, StateReadContext context)
        {
            try
            {
                return ReadCore(body, context);
            }
            catch (JsonException ex)
            {
                throw Invalid("The JSON answer is malformed: " + ex.Message, ex);
            }
            catch (InvalidOperationException ex)
            {
                // Utf8JsonReader reports invalid UTF-8 and wrong token types this way.
                throw Invalid("The JSON answer is malformed: " + ex.Message, ex);
            }
        }

        private static StateResponse ReadCore(ReadOnlySpan<byte> body, StateReadContext context)
        {
            var reader = new Utf8JsonReader(body, isFinalBlock: true, new JsonReaderState(ReaderOptions));
            if (!reader.Read()) throw Invalid("The JSON answer is empty.");

            var states = new List<SmsState>(context.ExpectedStates);
            string? errorText = null;
            if (reader.TokenType == JsonTokenType.StartObject)
            {
                // {"error": "..."}: the documented error shape.
                errorText = ReadObject(ref reader, context, states);
                if (errorText == null) throw Invalid("The JSON answer is an object without \"error\".");
            }
            else if (reader.TokenType == JsonTokenType.StartArray)
            {
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    if (reader.TokenType != JsonTokenType.StartObject) throw Invalid("The JSON answer's array holds a " + reader.TokenType + ", not an object.");
                    string? error = ReadObject(ref reader, context, states);
                    errorText ??= error;
                }
            }
            else
            {
                throw Invalid("The JSON answer starts with a " + reader.TokenType + ", not an array or object.");
            }

            // Anything after the root value is garbage; the reader throws on it.
            if (reader.Read()) throw Invalid("The JSON answer has data after its end.");
            return new StateResponse(states, errorText);
        }

        /// <summary>Reads one object: adds a state, or returns its error text.</summary>
        private static string? ReadObject(ref Utf8JsonReader reader, StateReadContext context, List<SmsState> states)
        {
            long? id = null;
            string? state = null;
            DateTime? time = null;
            int? parts = null;
            decimal? price = null;
            string? error = null;

            while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
            {
                if (reader.ValueTextEquals("id_sms"u8))
                {
                    reader.Read();
                    id = ReadInt64(ref reader, "id_sms");
                }
                else if (reader.ValueTextEquals("state"u8))
                {
                    reader.Read();
                    if (reader.TokenType != JsonTokenType.String) throw Invalid("\"state\" is a " + reader.TokenType + ", not a string.");
                    state = (!reader.ValueIsEscaped ? SmsStatusWire.KnownWireString(reader.ValueSpan) : null) ?? reader.GetString();
                }
                else if (reader.ValueTextEquals("time_change_state"u8))
                {
                    reader.Read();
                    time = ReadTime(ref reader);
                }
                else if (reader.ValueTextEquals("num_parts"u8))
                {
                    reader.Read();
                    long? value = ReadNullableInt64(ref reader, "num_parts");
                    if (value.HasValue && (value.Value < 0 || value.Value > int.MaxValue)) throw Invalid("\"num_parts\" " + value.Value + " is out of range.");
                    parts = (int?)value;
                }
                else if (reader.ValueTextEquals("price"u8))
                {
                    reader.Read();
                    price = ReadPrice(ref reader);
                }
                else if (reader.ValueTextEquals("error"u8))
                {
                    reader.Read();
                    error = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                    if (reader.TokenType != JsonTokenType.String) reader.Skip();
                }
                else
                {
                    // An unknown property: tolerated, so a server that adds fields does not break us.
                    reader.Read();
                    reader.Skip();
                }
            }

            if (error != null && id == null) return error;
            if (id == null) throw Invalid("A state object has no \"id_sms\".");
            if (state == null) throw Invalid("The state object for id " + id.Value + " has no \"state\".");
            states.Add(new SmsState(id.Value, state, time, MySmppProtocol.Json, parts: parts, pricePerPart: price, serverTimeZone: context.ServerTimeZone));
            return null;
        }

        private static long ReadInt64(ref Utf8JsonReader reader, string name)
        {
            long? value = ReadNullableInt64(ref reader, name);
            if (!value.HasValue) throw Invalid("\"" + name + "\" is null.");
            return value.Value;
        }

        // Documented as Int; the request example shows a string, so both are accepted (spec/README item 4).
        private static long? ReadNullableInt64(ref Utf8JsonReader reader, string name)
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.Null:
                    return null;
                case JsonTokenType.Number:
                    if (reader.TryGetInt64(out long number)) return number;
                    break;
                case JsonTokenType.String:
                    if (!reader.ValueIsEscaped && Utf8Parser.TryParse(reader.ValueSpan, out long parsed, out int consumed) && consumed == reader.ValueSpan.Length) return parsed;
                    break;
            }

            throw Invalid("\"" + name + "\" is not a whole number in range.");
        }

        // Documented as Int, shown as 10.6000000: read as decimal (spec/README item 3).
        private static decimal? ReadPrice(ref Utf8JsonReader reader)
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.Null:
                    return null;
                case JsonTokenType.Number:
                    if (reader.TryGetDecimal(out decimal number)) return number;
                    break;
                case JsonTokenType.String:
                    if (reader.ValueSpan.Length == 0) return null;
                    if (!reader.ValueIsEscaped && Utf8Parser.TryParse(reader.ValueSpan, out decimal parsed, out int consumed) && consumed == reader.ValueSpan.Length) return parsed;
                    break;
            }

            throw Invalid("\"price\" is not a number in range.");
        }

        // Empty (status "send") or null means no status time yet.
        private static DateTime? ReadTime(ref Utf8JsonReader reader)
        {
            if (reader.TokenType == JsonTokenType.Null) return null;
            if (reader.TokenType != JsonTokenType.String) throw Invalid("\"time_change_state\" is a " + reader.TokenType + ", not a string.");
            if (reader.ValueSpan.Length == 0) return null;
            if (!reader.ValueIsEscaped && WireTime.TryParse(reader.ValueSpan, out DateTime time)) return time;
            throw Invalid("\"time_change_state\" is not a time in the form yyyy-MM-dd HH:mm:ss.");
        }

        private static MySmppProtocolException Invalid(string message, Exception? inner = null) =>
            new MySmppProtocolException(message, innerException: inner, isTransient: true);
    }
}
