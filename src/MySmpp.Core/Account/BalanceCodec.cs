using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;
using System.Xml;
using MySmpp.Errors;
using MySmpp.Http;
using MySmpp.Model;
using MySmpp.Protocol.Xml;

namespace MySmpp.Account;

/// <summary>
/// Reads <c>balance.php</c> answers (platform-api.md, section 3) in both flavours. Element and property order is not
/// assumed (a fixture puts <c>&lt;money&gt;</c> last); the JSON count is <c>num_sms</c> or <c>sms</c>; numbers may be strings.
/// </summary>
internal static class BalanceCodec
{
    public static ParsedAnswer<MySmppBalance> ReadXml(ArraySegment<byte> answer)
    {
        decimal? money = null;
        string? currency = null;
        var directions = new List<MySmppBalanceDirection>();
        try
        {
            using (XmlReader reader = GatewayXml.OpenAnswer(answer))
            {
                if (ErrorEnvelope.IsErrorAnswer(reader, "balance", out string? error)) return ParsedAnswer<MySmppBalance>.Error(error!);
                if (!reader.IsEmptyElement)
                {
                    reader.ReadStartElement();
                    while (reader.MoveToContent() == XmlNodeType.Element)
                    {
                        switch (reader.LocalName)
                        {
                            case "money":
                                currency = reader.GetAttribute("currency") ?? currency;
                                money = ParseMoney(GatewayXml.ReadText(reader));
                                break;
                            case "currency":
                                currency = GatewayXml.ReadText(reader);
                                break;
                            case "sms":
                                string kind = reader.GetAttribute("type_sms") ?? "sms";
                                string? area = reader.GetAttribute("area");
                                string? price = reader.GetAttribute("price");
                                string? textType = reader.GetAttribute("type_text");
                                directions.Add(Direction(kind, area, price, textType, GatewayXml.ReadText(reader)));
                                break;
                            default:
                                if (!ErrorEnvelope.TryReadChild(reader, ref error)) reader.Skip();
                                break;
                        }
                    }
                }

                if (error != null && money == null && directions.Count == 0) return ParsedAnswer<MySmppBalance>.Error(error);
            }
        }
        catch (XmlException ex)
        {
            throw new MySmppProtocolException("The balance answer is not valid XML: " + MessageText.Shorten(ex.Message, 200), innerException: ex, isTransient: true);
        }

        if (money == null && directions.Count == 0) throw Unreadable("The balance answer has neither <money> nor <sms>.");
        return ParsedAnswer<MySmppBalance>.Of(new MySmppBalance(money, Currency(currency), directions));
    }

    public static ParsedAnswer<MySmppBalance> ReadJson(ArraySegment<byte> answer)
    {
        decimal? money = null;
        string? currency = null;
        string? error = null;
        var directions = new List<MySmppBalanceDirection>();
        try
        {
            var reader = new Utf8JsonReader(answer.AsSpan(), new JsonReaderOptions { MaxDepth = 16 });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) throw Unreadable("The balance answer is not a JSON object.");
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                string name = reader.GetString()!;
                reader.Read();
                switch (name)
                {
                    case "money":
                        money = ParseMoney(Scalar(ref reader));
                        break;
                    case "currency":
                        currency = Scalar(ref reader);
                        break;
                    case "error":
                        error = Scalar(ref reader);
                        break;
                    case "information":
                        if (reader.TokenType != JsonTokenType.StartArray) throw Unreadable("'information' is not an array.");
                        while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
                        {
                            directions.Add(ReadJsonDirection(ref reader));
                        }

                        break;
                    default:
                        reader.Skip();
                        break;
                }
            }
        }
        catch (JsonException ex)
        {
            throw new MySmppProtocolException("The balance answer is not valid JSON: " + MessageText.Shorten(ex.Message, 200), innerException: ex, isTransient: true);
        }

        if (error != null && money == null && directions.Count == 0) return ParsedAnswer<MySmppBalance>.Error(error);
        if (money == null && directions.Count == 0) throw Unreadable("The balance answer has neither 'money' nor 'information'.");
        return ParsedAnswer<MySmppBalance>.Of(new MySmppBalance(money, Currency(currency), directions));
    }

    private static MySmppBalanceDirection ReadJsonDirection(ref Utf8JsonReader reader)
    {
        string kind = "sms";
        string? area = null, price = null, textType = null, count = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            string name = reader.GetString()!;
            reader.Read();
            switch (name)
            {
                case "type_sms": kind = Scalar(ref reader) ?? kind; break;
                case "area": area = Scalar(ref reader); break;
                case "price": price = Scalar(ref reader); break;
                case "type_text": textType = Scalar(ref reader); break;
                case "num_sms":
                case "sms":
                    count = Scalar(ref reader);
                    break;
                default: reader.Skip(); break;
            }
        }

        return Direction(kind, area, price, textType, count ?? string.Empty);
    }

    private static string? Scalar(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String: return reader.GetString();
            case JsonTokenType.Number: return System.Text.Encoding.UTF8.GetString(reader.ValueSpan.ToArray());
            case JsonTokenType.Null: return null;
            case JsonTokenType.True: return "true";
            case JsonTokenType.False: return "false";
            default:
                reader.Skip();
                return null;
        }
    }

    private static MySmppBalanceDirection Direction(string kind, string? area, string? price, string? textType, string count)
    {
        string trimmed = ServerText.Clean(count);
        long? left = null;
        if (long.TryParse(trimmed, NumberStyles.None, CultureInfo.InvariantCulture, out long n)) left = n;
        bool unlimited = left == null && (trimmed.StartsWith("Unlim", StringComparison.OrdinalIgnoreCase) || trimmed.StartsWith("Безлимит", StringComparison.OrdinalIgnoreCase));
        // Every text that reaches the direction's properties is also a spreadsheet-safe cell (Export-Csv).
        return new MySmppBalanceDirection(Cell(kind)!, Cell(area), ParseMoney(price), Cell(textType), left, unlimited, Cell(trimmed)!);
    }

    private static decimal? ParseMoney(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (decimal.TryParse(text!.Trim().Replace(',', '.'), NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out decimal value)) return value;
        throw Unreadable("'" + MessageText.Shorten(text, 30) + "' is not an amount.");
    }

    private static MySmppProtocolException Unreadable(string message) => new MySmppProtocolException(message, isTransient: true);

    // Server text that ends up in a view: one safe, short line (a currency code is a few letters), spreadsheet-safe.
    private static string? Currency(string? text) => text == null ? null : SpreadsheetText.Cell(MessageText.SafeLine(text, 16));

    private static string? Cell(string? text) => text == null ? null : SpreadsheetText.Cell(ServerText.Clean(text));
}
