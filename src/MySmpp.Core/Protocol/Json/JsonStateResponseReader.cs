using System;
using System.Buffers.Text;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;
using MySmpp.Errors;
using MySmpp.Model;

namespace MySmpp.Protocol.Json;

/// <summary>
/// Reads the JSON flavour's answer with <see cref="Utf8JsonReader"/>: an array of
/// <c>{id_sms, time_change_state, state, num_parts, price}</c>, or <c>{"error": "…"}</c>.
/// Documented statuses and times are read straight from the bytes (no strings allocated).
/// </summary>
internal static class JsonStateResponseReader
{
    // The documented answer is two levels deep; anything much deeper is hostile.
    private static readonly JsonReaderOptions ReaderOptions = new JsonReaderOptions { MaxDepth = 16 };

    // Throws on invalid bytes instead of replacing them.
    private static readonly UTF8Encoding StrictUtf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// Refuses a body that is not UTF-8 (RFC 8259) anywhere, including the strings the reader never
    /// decodes (unknown fields, skipped values): such an answer is corrupt, not the server's word.
    /// One vectorised pass, a few microseconds for a batch's answer.
    /// </summary>
    public static void ValidateUtf8(byte[] body, int offset, int length)
    {
        try
        {
            StrictUtf8.GetCharCount(body, offset, length);
        }
        catch (DecoderFallbackException ex)
        {
            throw Invalid("The JSON answer is malformed: it is not valid UTF-8 (" + ex.Message + ")", ex);
        }
    }

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
        List<IdMessage>? messages = null;
        string? errorText = null;
        var lastDate = default(WireTime.LastDate);
        if (reader.TokenType == JsonTokenType.StartObject)
        {
            // {"error": "..."}: the documented error shape.
            errorText = ReadObject(ref reader, context, states, ref messages, ref lastDate);
            if (errorText == null) throw Invalid("The JSON answer is an object without \"error\".");
        }
        else if (reader.TokenType == JsonTokenType.StartArray)
        {
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                if (reader.TokenType != JsonTokenType.StartObject) throw Invalid("The JSON answer's array holds a " + reader.TokenType + ", not an object.");
                string? error = ReadObject(ref reader, context, states, ref messages, ref lastDate);
                errorText ??= error;
            }
        }
        else
        {
            throw Invalid("The JSON answer starts with a " + reader.TokenType + ", not an array or object.");
        }

        // Anything after the root value is garbage; the reader throws on it.
        if (reader.Read()) throw Invalid("The JSON answer has data after its end.");
        return new StateResponse(states, errorText, messages);
    }

    /// <summary>Reads one object: adds a state or a message about its id, or returns its error text.</summary>
    private static string? ReadObject(ref Utf8JsonReader reader, StateReadContext context, List<SmsState> states, ref List<IdMessage>? messages, ref WireTime.LastDate lastDate)
    {
        long? id = null;
        string? state = null;
        SmsStatus status = SmsStatus.Unknown;
        DateTime? time = null;
        int? parts = null;
        decimal? price = null;
        string? error = null;

        int seen = 0;
        List<string>? otherNames = null;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            Property property = PropertyOf(ref reader);

            // A field given twice leaves two values and no way to tell which one the server meant.
            if (property == Property.Other)
            {
                string name = reader.GetString()!;
                otherNames ??= new List<string>();
                if (otherNames.Contains(name)) throw Repeated(name, id);
                otherNames.Add(name);
            }
            else
            {
                int bit = 1 << (int)property;
                if ((seen & bit) != 0) throw Repeated(NameOf(property), id);
                seen |= bit;
            }

            switch (property)
            {
                case Property.IdSms:
                    reader.Read();
                    id = ReadInt64(ref reader, "id_sms");
                    break;
                case Property.State:
                    reader.Read();
                    if (reader.TokenType != JsonTokenType.String) throw Invalid("\"state\" is a " + reader.TokenType + ", not a string.");
                    state = !reader.ValueIsEscaped ? SmsStatusWire.KnownWireString(reader.ValueSpan, out status) : null;
                    if (state == null)
                    {
                        state = ReadBoundedString(ref reader);
                        status = SmsStatusWire.Parse(state);
                    }

                    break;
                case Property.TimeChangeState:
                    reader.Read();
                    time = ReadTime(ref reader, ref lastDate);
                    break;
                case Property.NumParts:
                    reader.Read();
                    long? value = ReadNullableInt64(ref reader, "num_parts");
                    if (value.HasValue && (value.Value < 0 || value.Value > int.MaxValue)) throw Invalid("\"num_parts\" " + value.Value + " is out of range.");
                    parts = (int?)value;
                    break;
                case Property.Price:
                    reader.Read();
                    price = ReadPrice(ref reader);
                    break;
                case Property.Error:
                    reader.Read();
                    error = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                    if (reader.TokenType != JsonTokenType.String) reader.Skip();
                    break;
                default:
                    // An unknown property: tolerated, so a server that adds fields does not break us.
                    reader.Read();
                    reader.Skip();
                    break;
            }
        }

        if (error != null && id == null) return error;
        if (id == null) throw Invalid("A state object has no \"id_sms\".");
        if (state == null && error != null) state = error;
        if (state == null) throw Invalid("The state object for id " + id.Value + " has no \"state\".");
        if (!StatusToken.IsStatus(state.AsSpan()))
        {
            // A sentence where the status goes: the server's word about this id (platform-api.md 1.3).
            (messages ??= new List<IdMessage>()).Add(new IdMessage(id.Value, state));
            return null;
        }

        if (parts.HasValue && price.HasValue && !TotalCost.Fits(parts.Value, price.Value))
        {
            throw Invalid("The state object for id " + id.Value + " has \"num_parts\" × \"price\" out of range.");
        }

        states.Add(SmsState.Create(id.Value, state, status, time, MySmppProtocol.Json, null, null, null, null, parts, price, context.ServerTimeZone));
        return null;
    }

    // The property the reader is on; names are matched by length first (escaped names the slow way).
    private static Property PropertyOf(ref Utf8JsonReader reader)
    {
        if (reader.ValueIsEscaped)
        {
            if (reader.ValueTextEquals("id_sms"u8)) return Property.IdSms;
            if (reader.ValueTextEquals("state"u8)) return Property.State;
            if (reader.ValueTextEquals("time_change_state"u8) || reader.ValueTextEquals("time"u8)) return Property.TimeChangeState;
            if (reader.ValueTextEquals("num_parts"u8)) return Property.NumParts;
            if (reader.ValueTextEquals("price"u8)) return Property.Price;
            if (reader.ValueTextEquals("error"u8)) return Property.Error;
            return Property.Other;
        }

        ReadOnlySpan<byte> name = reader.ValueSpan;
        switch (name.Length)
        {
            case 6:
                return name.SequenceEqual("id_sms"u8) ? Property.IdSms : Property.Other;
            case 17:
                return name.SequenceEqual("time_change_state"u8) ? Property.TimeChangeState : Property.Other;
            case 4:
                // The status webhook's name for the same time (platform-api.md 7.1); never both in one object.
                return name.SequenceEqual("time"u8) ? Property.TimeChangeState : Property.Other;
            case 5:
                if (name.SequenceEqual("state"u8)) return Property.State;
                if (name.SequenceEqual("price"u8)) return Property.Price;
                if (name.SequenceEqual("error"u8)) return Property.Error;
                return Property.Other;
            case 9:
                return name.SequenceEqual("num_parts"u8) ? Property.NumParts : Property.Other;
            default:
                return Property.Other;
        }
    }

    // A status is a short token; a longer text is only ever quoted (200 characters), so a megabyte of it is not kept.
    private static string ReadBoundedString(ref Utf8JsonReader reader)
    {
        const int limit = 4096;
        if (!reader.ValueIsEscaped && reader.ValueSpan.Length > limit)
        {
            return LenientUtf8.GetString(reader.ValueSpan.Slice(0, limit).ToArray());
        }

        string text = reader.GetString()!;
        return text.Length > limit ? text.Substring(0, limit) : text;
    }

    private static readonly UTF8Encoding LenientUtf8 = new UTF8Encoding(false, false);

    private static long ReadInt64(ref Utf8JsonReader reader, string name)
    {
        long? value = ReadNullableInt64(ref reader, name);
        if (!value.HasValue) throw Invalid("\"" + name + "\" is null.");
        return value.Value;
    }

    // Documented as Int; the request example shows a string, so both are accepted.
    private static long? ReadNullableInt64(ref Utf8JsonReader reader, string name)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.Number:
                // The reader has checked the number's syntax; plain digits (the usual id) are summed here.
                if (TryPlainDigits(reader.ValueSpan, out long plain) || reader.TryGetInt64(out plain)) return plain;
                break;
            case JsonTokenType.String:
                if (!reader.ValueIsEscaped && Utf8Parser.TryParse(reader.ValueSpan, out long parsed, out int consumed) && consumed == reader.ValueSpan.Length) return parsed;
                break;
        }

        throw Invalid("\"" + name + "\" is not a whole number in range.");
    }

    // Up to 18 digits and nothing else, so no overflow is possible; anything else takes the general path.
    private static bool TryPlainDigits(ReadOnlySpan<byte> digits, out long value)
    {
        value = 0;
        if (digits.Length == 0 || digits.Length > 18) return false;
        long result = 0;
        foreach (byte b in digits)
        {
            uint digit = (uint)(b - '0');
            if (digit > 9) return false;
            result = (result * 10) + digit;
        }

        value = result;
        return true;
    }

    // Documented as Int, shown as 10.6000000: read as decimal.
    private static decimal? ReadPrice(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.Number:
                if (TryPlainDecimal(reader.ValueSpan, out decimal plain)) return plain;
                if (reader.TryGetDecimal(out decimal number) && number >= 0) return number;
                break;
            case JsonTokenType.String:
                if (reader.ValueSpan.Length == 0) return null;
                if (!reader.ValueIsEscaped && Utf8Parser.TryParse(reader.ValueSpan, out decimal parsed, out int consumed) && consumed == reader.ValueSpan.Length && parsed >= 0) return parsed;
                break;
        }

        throw Invalid("\"price\" is not a number in range (0 or more).");
    }

    // Digits with at most one point, up to 19 digits (the usual price, 10.6000000): the decimal is made from the
    // digits and the scale, as the general parser makes it (trailing zeros kept); signs and exponents take the
    // general path. The reader has checked the number's syntax already.
    internal static bool TryPlainDecimal(ReadOnlySpan<byte> number, out decimal value)
    {
        value = 0;
        ulong mantissa = 0;
        int digits = 0;
        int scale = -1;
        foreach (byte b in number)
        {
            uint digit = (uint)(b - '0');
            if (digit <= 9)
            {
                if (++digits > 19) return false;
                mantissa = (mantissa * 10) + digit;
                if (scale >= 0) scale++;
            }
            else if (b == '.' && scale < 0)
            {
                scale = 0;
            }
            else
            {
                return false;
            }
        }

        if (digits == 0) return false;
        value = new decimal((int)(uint)mantissa, (int)(uint)(mantissa >> 32), 0, isNegative: false, (byte)Math.Max(scale, 0));
        return true;
    }

    // Empty (status "send") or null means no status time yet.
    private static DateTime? ReadTime(ref Utf8JsonReader reader, ref WireTime.LastDate lastDate)
    {
        if (reader.TokenType == JsonTokenType.Null) return null;
        if (reader.TokenType != JsonTokenType.String) throw Invalid("\"time_change_state\" is a " + reader.TokenType + ", not a string.");
        if (reader.ValueSpan.Length == 0) return null;
        if (!reader.ValueIsEscaped && WireTime.TryParse(reader.ValueSpan, ref lastDate, out DateTime time)) return time;
        throw Invalid("\"time_change_state\" is not a time in the form yyyy-MM-dd HH:mm:ss.");
    }

    private static MySmppProtocolException Repeated(string name, long? id) =>
        Invalid((id.HasValue ? "The state object for id " + id.Value : "A state object") + " has \"" + name + "\" more than once.");

    private static string NameOf(Property property) => property switch
    {
        Property.IdSms => "id_sms",
        Property.State => "state",
        Property.TimeChangeState => "time_change_state",
        Property.NumParts => "num_parts",
        Property.Price => "price",
        _ => "error",
    };

    private enum Property
    {
        Other,
        IdSms,
        State,
        TimeChangeState,
        NumParts,
        Price,
        Error,
    }

    private static MySmppProtocolException Invalid(string message, Exception? inner = null) =>
        new MySmppProtocolException(message, innerException: inner, isTransient: true);
}
