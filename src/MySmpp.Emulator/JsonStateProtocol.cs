using System;
using System.Buffers;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace MySmpp.Emulator;

/// <summary>The JSON flavour: <c>POST /json/state.php</c>, read and written with the low-level reader and writer.</summary>
internal sealed class JsonStateProtocol : IStateProtocol
{
    public static readonly JsonStateProtocol Instance = new();

    private static readonly JsonEncodedText IdSms = JsonEncodedText.Encode("id_sms");
    private static readonly JsonEncodedText TimeChangeState = JsonEncodedText.Encode("time_change_state");
    private static readonly JsonEncodedText State = JsonEncodedText.Encode("state");
    private static readonly JsonEncodedText NumParts = JsonEncodedText.Encode("num_parts");
    private static readonly JsonEncodedText Price = JsonEncodedText.Encode("price");
    private static readonly JsonEncodedText Error = JsonEncodedText.Encode("error");

    private JsonStateProtocol()
    {
    }

    public string ContentType => "text/json; charset=utf-8";

    public int ErrorStatusCode => 400;

    public string FormatErrorText => ErrorTexts.IncorrectJson;

    public bool TryParse(ArraySegment<byte> body, ParsedStateRequest query)
    {
        ReadOnlySpan<byte> json = body.AsSpan();

        // Utf8JsonReader rejects a byte-order mark; a PHP server would not care.
        if (json.StartsWith("\uFEFF"u8))
        {
            json = json[3..];
        }

        try
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 16 });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray)
            {
                return false;
            }

            Credentials? last = null;
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    return false;
                }

                if (!TryReadObject(ref reader, last, out Credentials credentials, out QueryEntry entry))
                {
                    return false;
                }

                // Credentials repeat in every object; store (and later check) each distinct run once.
                if (!ReferenceEquals(credentials, last))
                {
                    query.Credentials.Add(credentials);
                    last = credentials;
                }

                query.Entries.Add(entry);
            }

            // An unterminated array ends the loop without EndArray; trailing content throws from Read.
            return reader.TokenType == JsonTokenType.EndArray && !reader.Read();
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            return false;
        }
    }

    public ReadOnlyMemory<byte> WriteAnswer(IReadOnlyList<MessageSnapshot> answers)
    {
        var buffer = new ArrayBufferWriter<byte>(16 + (answers.Count * 96));
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Span<byte> price = stackalloc byte[64];
            writer.WriteStartArray();
            foreach (MessageSnapshot answer in answers)
            {
                writer.WriteStartObject();
                writer.WriteNumber(IdSms, answer.Id);
                writer.WriteString(TimeChangeState, answer.Time);
                writer.WriteString(State, answer.State);
                if (answer.Detail)
                {
                    writer.WriteNumber(NumParts, answer.Parts);

                    // The document prints 10.6000000: seven decimals, as a raw number, which WriteNumber would shorten.
                    writer.WritePropertyName(Price);
                    if (!answer.Price.TryFormat(price, out int written, "F7", CultureInfo.InvariantCulture))
                    {
                        throw new InvalidOperationException("A decimal always fits 64 bytes.");
                    }

                    writer.WriteRawValue(price[..written], skipInputValidation: true);
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        return buffer.WrittenMemory;
    }

    public ReadOnlyMemory<byte> WriteError(string text)
    {
        var buffer = new ArrayBufferWriter<byte>(64);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString(Error, text);
            writer.WriteEndObject();
        }

        return buffer.WrittenMemory;
    }

    /// <summary>Reads one request object; the reader is on its StartObject and ends on its EndObject.</summary>
    private static bool TryReadObject(ref Utf8JsonReader reader, Credentials? last, out Credentials credentials, out QueryEntry entry)
    {
        string? login = last?.Login, password = last?.Password, token = last?.Token;
        bool seenLogin = false, seenPassword = false, seenToken = false;
        long id = 0;
        bool idValid = false, detail = false;

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("id_sms"u8))
            {
                reader.Read();
                idValid = TryReadId(ref reader, out id);
            }
            else if (reader.ValueTextEquals("detail"u8))
            {
                reader.Read();
                detail = ReadDetail(ref reader);
            }
            else if (reader.ValueTextEquals("login"u8))
            {
                reader.Read();
                seenLogin = true;
                ReadText(ref reader, ref login);
            }
            else if (reader.ValueTextEquals("password"u8))
            {
                reader.Read();
                seenPassword = true;
                ReadText(ref reader, ref password);
            }
            else if (reader.ValueTextEquals("token"u8))
            {
                reader.Read();
                seenToken = true;
                ReadText(ref reader, ref token);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        if (reader.TokenType != JsonTokenType.EndObject)
        {
            credentials = null!;
            entry = default;
            return false;
        }

        // A field absent from this object must not be inherited from the previous object's credentials.
        login = seenLogin ? login : null;
        password = seenPassword ? password : null;
        token = seenToken ? token : null;
        bool sameAsLast = last is not null && ReferenceEquals(login, last.Login) && ReferenceEquals(password, last.Password) && ReferenceEquals(token, last.Token);
        credentials = sameAsLast ? last! : new Credentials(login, password, token);
        entry = new QueryEntry(id, idValid, detail);
        return true;
    }

    /// <summary>
    /// Reads a credential value into <paramref name="value"/>. When it equals the current value (the
    /// previous object's, as every object repeats them) the same string is kept: no allocation, and
    /// the caller recognises the repeat by reference.
    /// </summary>
    private static void ReadText(ref Utf8JsonReader reader, ref string? value)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                if (value is null || !reader.ValueTextEquals(value))
                {
                    value = reader.GetString();
                }

                break;
            case JsonTokenType.Number:
                // PHP would coerce a numeric password; so do we.
                string number = Encoding.UTF8.GetString(reader.ValueSpan);
                value = number == value ? value : number;
                break;
            case JsonTokenType.Null:
                value = null;
                break;
            default:
                throw new JsonException("A credential must be a string.");
        }
    }

    private static bool TryReadId(ref Utf8JsonReader reader, out long id)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Number:
                return reader.TryGetInt64(out id);
            case JsonTokenType.String when !reader.ValueIsEscaped:
                // Digits only: no sign, no exponent, like the XML flavour.
                return long.TryParse(reader.ValueSpan.Trim(" \t\r\n"u8), NumberStyles.None, CultureInfo.InvariantCulture, out id);
            case JsonTokenType.String:
                return long.TryParse(reader.GetString().AsSpan().Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out id);
            default:
                // Objects, arrays, booleans: not an id. Skip keeps the reader in step.
                reader.Skip();
                id = 0;
                return false;
        }
    }

    private static bool ReadDetail(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Number:
                return reader.TryGetInt32(out int n) && n == 1;
            case JsonTokenType.String:
                return reader.ValueTextEquals("1"u8);
            case JsonTokenType.True:
                return true;
            default:
                reader.Skip();
                return false;
        }
    }
}
