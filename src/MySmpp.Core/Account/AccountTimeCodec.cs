using System;
using System.Globalization;
using System.Xml;
using MySmpp.Http;
using MySmpp.Protocol.Xml;

namespace MySmpp;

/// <summary>
/// Reads <c>time.php</c> answers (platform-api.md, section 5): <c>&lt;response&gt;&lt;time&gt;2026-11-17 15:34:05&lt;/time&gt;&lt;/response&gt;</c>,
/// the account's local time; some answers carry only <c>15:34:05</c>.
/// </summary>
internal static class AccountTimeCodec
{
    /// <summary>The account's wall-clock reading: a date and time, or a time of day only (<see cref="DateTime.Date"/> is then <see cref="DateTime.MinValue"/>).</summary>
    public static ParsedAnswer<AccountTimeReading> ReadXml(ArraySegment<byte> answer)
    {
        string? text = null;
        string? error = null;
        try
        {
            using (XmlReader reader = GatewayXml.OpenAnswer(answer))
            {
                if (reader.LocalName == "error") return ParsedAnswer<AccountTimeReading>.Error(GatewayXml.ReadText(reader));
                if (reader.LocalName != "response") throw new MySmppProtocolException("The time answer's root is not <response>.", isTransient: true);
                error = reader.GetAttribute("error");
                reader.Read();
                while (!reader.EOF)
                {
                    if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "time") text = GatewayXml.ReadText(reader);
                    else if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "error") error = GatewayXml.ReadText(reader);
                    else reader.Read();
                }
            }
        }
        catch (XmlException ex)
        {
            throw new MySmppProtocolException("The time answer is not valid XML: " + MessageText.Shorten(ex.Message, 200), innerException: ex, isTransient: true);
        }

        if (text == null)
        {
            if (error != null) return ParsedAnswer<AccountTimeReading>.Error(error);
            throw new MySmppProtocolException("The time answer has no <time>.", isTransient: true);
        }

        string trimmed = text.Trim();
        if (DateTime.TryParseExact(trimmed, "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out DateTime full))
        {
            return ParsedAnswer<AccountTimeReading>.Of(new AccountTimeReading(full, hasDate: true));
        }

        if (TimeSpan.TryParseExact(trimmed, @"hh\:mm\:ss", CultureInfo.InvariantCulture, out TimeSpan timeOfDay))
        {
            return ParsedAnswer<AccountTimeReading>.Of(new AccountTimeReading(DateTime.MinValue + timeOfDay, hasDate: false));
        }

        throw new MySmppProtocolException("The time answer's <time> '" + MessageText.Shorten(trimmed, 40) + "' is not yyyy-MM-dd HH:mm:ss or HH:mm:ss.");
    }
}

/// <summary>What <c>time.php</c> said: the account's wall-clock time, with or without a date.</summary>
internal readonly struct AccountTimeReading
{
    public AccountTimeReading(DateTime value, bool hasDate)
    {
        Value = value;
        HasDate = hasDate;
    }

    public DateTime Value { get; }

    public bool HasDate { get; }
}
