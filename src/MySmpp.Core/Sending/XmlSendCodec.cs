using System;
using System.Collections.Generic;
using System.Globalization;
using System.Xml;
using MySmpp.Account;
using MySmpp.Credentials;
using MySmpp.Errors;
using MySmpp.Http;
using MySmpp.Protocol.Xml;

namespace MySmpp.Sending;

/// <summary>
/// The sending request <c>POST /xml/</c> (platform-api.md, section 2) and its answer. Recipients that share every
/// message field go into one <c>&lt;message&gt;</c> with one <c>&lt;abonent&gt;</c> each; <c>number_sms</c> is the
/// recipient's 1-based position in the request, which the answer echoes.
/// </summary>
internal static class XmlSendCodec
{
    public const string RelativePath = "xml/";

    public const string MediaType = "text/xml";

    private const string WireMinuteFormat = "yyyy-MM-dd HH:mm";

    public static void WriteRequest(PooledBuffer body, MySmppCredential credential, IReadOnlyList<PreparedRecipient> recipients)
    {
        // Same fields, same <message>, in order of first appearance. Recipients of one command mostly share one message,
        // so the last group is tried first; personalised texts (a code per recipient) go through the hash.
        var groups = new List<List<PreparedRecipient>>();
        Dictionary<ulong, List<List<PreparedRecipient>>>? byContent = null;
        List<PreparedRecipient>? last = null;
        for (int i = 0; i < recipients.Count; i++)
        {
            PreparedRecipient recipient = recipients[i];
            recipient.NumberSms = i + 1;
            SmsMessage message = recipient.Message;
            List<PreparedRecipient>? group = last != null && last[0].Message.SameContent(message) ? last : null;
            if (group == null)
            {
                if (byContent == null)
                {
                    byContent = new Dictionary<ulong, List<List<PreparedRecipient>>>();
                    foreach (List<PreparedRecipient> known in groups) Index(byContent, known);
                }

                if (byContent.TryGetValue(message.ContentHash(string.Empty), out List<List<PreparedRecipient>>? candidates))
                {
                    group = candidates.Find(g => g[0].Message.SameContent(message));
                }

                if (group == null)
                {
                    group = new List<PreparedRecipient>();
                    groups.Add(group);
                    group.Add(recipient);
                    Index(byContent, group);
                    last = group;
                    continue;
                }
            }

            group.Add(recipient);
            last = group;
        }

        using (XmlWriter writer = GatewayXml.CreateWriter(body))
        {
            GatewayXml.WriteRequestStart(writer, credential);
            foreach (List<PreparedRecipient> group in groups)
            {
                WriteMessage(writer, group);
            }

            writer.WriteEndElement();
            writer.WriteEndDocument();
        }
    }

    /// <summary>
    /// Reads the answer: one line per number_sms 1..<paramref name="expected"/>, in any order. An answer that leaves a
    /// recipient out, names one twice or one not sent is unreadable (transient): the caller asks again with the same keys.
    /// </summary>
    public static ParsedAnswer<SendAnswerLine[]> ReadAnswer(ArraySegment<byte> answer, int expected)
    {
        var lines = new SendAnswerLine?[expected];
        string? error = null;
        try
        {
            using (XmlReader reader = GatewayXml.OpenAnswer(answer))
            {
                if (ErrorEnvelope.IsErrorAnswer(reader, "send", out error)) return ParsedAnswer<SendAnswerLine[]>.Error(error!);
                if (reader.IsEmptyElement)
                {
                    reader.Read();
                }
                else
                {
                    reader.ReadStartElement();
                    while (reader.MoveToContent() == XmlNodeType.Element)
                    {
                        if (reader.LocalName == "information")
                        {
                            SendAnswerLine line = ReadLine(reader, expected);
                            if (lines[line.NumberSms - 1] != null) throw Unreadable("The answer names number_sms " + line.NumberSms + " twice.");
                            lines[line.NumberSms - 1] = line;
                        }
                        else if (!ErrorEnvelope.TryReadChild(reader, ref error))
                        {
                            reader.Skip();
                        }
                    }

                    reader.ReadEndElement();
                }

                while (reader.Read())
                {
                }
            }
        }
        catch (XmlException ex)
        {
            throw new MySmppProtocolException("The answer is not valid XML: " + MessageText.Shorten(ex.Message, 200), innerException: ex, isTransient: true);
        }

        var result = new SendAnswerLine[expected];
        int answered = 0;
        for (int i = 0; i < expected; i++)
        {
            if (lines[i] is SendAnswerLine line)
            {
                result[i] = line;
                answered++;
            }
        }

        if (answered == 0 && error != null) return ParsedAnswer<SendAnswerLine[]>.Error(error);
        if (answered < expected)
        {
            throw Unreadable(string.Format(CultureInfo.InvariantCulture, "The answer covers {0} of the {1} recipients sent.", answered, expected));
        }

        return ParsedAnswer<SendAnswerLine[]>.Of(result);
    }

    private static SendAnswerLine ReadLine(XmlReader reader, int expected)
    {
        string? number = reader.GetAttribute("number_sms");
        if (number == null || !int.TryParse(number.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int numberSms) || numberSms < 1 || numberSms > expected)
        {
            throw Unreadable("The answer has an <information> whose number_sms '" + MessageText.Shorten(number, 20) + "' was not sent.");
        }

        long? id = null;
        string? idText = reader.GetAttribute("id_sms");
        if (!string.IsNullOrWhiteSpace(idText))
        {
            if (!long.TryParse(idText!.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out long parsed) || parsed <= 0)
            {
                throw Unreadable("The answer has an id_sms '" + MessageText.Shorten(idText, 24) + "' that is not a positive integer.");
            }

            id = parsed;
        }

        int? parts = null;
        string? partsText = reader.GetAttribute("parts") ?? reader.GetAttribute("num_parts");
        if (!string.IsNullOrWhiteSpace(partsText) && int.TryParse(partsText!.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int p)) parts = p;
        decimal? price = null;
        string? priceText = reader.GetAttribute("price_sum") ?? reader.GetAttribute("price");
        if (!string.IsNullOrWhiteSpace(priceText) && decimal.TryParse(priceText!.Trim(), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out decimal d)) price = d;
        string text = GatewayXml.ReadText(reader);
        return new SendAnswerLine(numberSms, id, parts, price, text);
    }

    private static MySmppProtocolException Unreadable(string message) => new MySmppProtocolException(message, isTransient: true);

    private static void WriteMessage(XmlWriter writer, List<PreparedRecipient> group)
    {
        SmsMessage m = group[0].Message;
        writer.WriteStartElement("message");
        writer.WriteAttributeString("type", "sms");
        writer.WriteAttributeString("type_send_1", m.Channel == SmsChannel.Sms ? "sms" : "viber");
        if (m.Channel == SmsChannel.ViberThenSms) writer.WriteAttributeString("type_send_2", "sms");
        if (m.Channel != SmsChannel.Viber)
        {
            writer.WriteElementString("sender", m.Sender);
            writer.WriteElementString("text", Escape(m.Text));
        }

        if (m.Transliterate) writer.WriteElementString("translite", "1");
        if (!string.IsNullOrEmpty(m.CampaignName)) writer.WriteElementString("name_delivery", Escape(m.CampaignName));
        if (m.Channel != SmsChannel.Sms)
        {
            writer.WriteElementString("sender_viber", m.ViberSender ?? m.Sender);
            writer.WriteElementString("text_viber", Escape(m.ViberText ?? m.Text));
            if (m.ButtonText != null) writer.WriteElementString("button_viber", m.ButtonText);
            if (m.ButtonUrl != null) writer.WriteElementString("action_viber", m.ButtonUrl.AbsoluteUri);
            if (m.ImageUrl != null) writer.WriteElementString("image_viber", m.ImageUrl.AbsoluteUri);
        }

        foreach (PreparedRecipient recipient in group)
        {
            writer.WriteStartElement("abonent");
            writer.WriteAttributeString("phone", recipient.Phone);
            writer.WriteAttributeString("number_sms", recipient.NumberSms.ToString(CultureInfo.InvariantCulture));
            writer.WriteAttributeString("client_id_sms", recipient.ClientId.ToString(CultureInfo.InvariantCulture));
            if (m.SendAt.HasValue) writer.WriteAttributeString("time_send", WireMinute(m.SendAt.Value));
            if (m.ValidUntil.HasValue) writer.WriteAttributeString("validity_period", WireMinute(m.ValidUntil.Value));
            writer.WriteEndElement();
        }

        writer.WriteEndElement();
    }

    /// <summary>The gateway's minute format; the time is already the account's wall-clock time (<see cref="AccountTime"/>).</summary>
    internal static string WireMinute(DateTime accountTime) => accountTime.ToString(WireMinuteFormat, CultureInfo.InvariantCulture);

    /// <summary>The body carries no raw line breaks: a line break in a text is the two characters <c>\n</c>.</summary>
    internal static string Escape(string? text)
    {
        if (string.IsNullOrEmpty(text)) return string.Empty;
        if (text!.IndexOf('\n') < 0 && text.IndexOf('\r') < 0) return text;
        return text.Replace("\r\n", "\\n").Replace('\r', '\n').Replace("\n", "\\n");
    }

    private static void Index(Dictionary<ulong, List<List<PreparedRecipient>>> byContent, List<PreparedRecipient> group)
    {
        ulong hash = group[0].Message.ContentHash(string.Empty);
        if (!byContent.TryGetValue(hash, out List<List<PreparedRecipient>>? list)) byContent.Add(hash, list = new List<List<PreparedRecipient>>(1));
        list.Add(group);
    }
}
