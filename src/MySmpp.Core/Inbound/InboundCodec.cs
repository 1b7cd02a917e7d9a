using System;
using System.Collections.Generic;
using System.Globalization;
using System.Xml;
using MySmpp.Credentials;
using MySmpp.Http;
using MySmpp.Protocol;
using MySmpp.Protocol.Xml;

namespace MySmpp.Inbound;

/// <summary>
/// <c>xml/incoming.php</c> (platform-api.md 7.2): the replies received after <c>start</c> (not inclusive) and, when
/// given, before <c>end</c> (not inclusive either, says the vendor's Russian reference), in the account's local time.
/// </summary>
internal static class InboundCodec
{
    public const string Path = "xml/incoming.php";

    /// <summary><c>&lt;time start="…" end="…"/&gt;</c> after the credentials.</summary>
    public static void WriteXml(PooledBuffer body, MySmppCredential credential, DateTime since, DateTime? until)
    {
        using (XmlWriter writer = GatewayXml.CreateWriter(body))
        {
            GatewayXml.WriteRequestStart(writer, credential);
            writer.WriteStartElement("time");
            writer.WriteAttributeString("start", Format(since));
            if (until.HasValue) writer.WriteAttributeString("end", Format(until.Value));
            writer.WriteEndElement();
            writer.WriteEndElement();
            writer.WriteEndDocument();
        }
    }

    public static ParsedAnswer<ItemList<SmsInbound>> ReadXml(ArraySegment<byte> answer) =>
        AnswerTree.ReadItems<SmsInbound>(answer, "replies", "sms", (node, index, replies, problems) =>
        {
            SmsInbound? reply = Reply(node, index, problems);
            if (reply != null) replies.Add(reply);
        });

    private static SmsInbound? Reply(AnswerNode node, int index, List<string> problems)
    {
        string where = "Reply " + index.ToString(CultureInfo.InvariantCulture) + " of the answer";
        if (!AnswerValue.TryId(node.Field("id_sms"), out long id)) return Problem(problems, where + " has no valid id_sms (" + AnswerValue.Quote(node.Field("id_sms")) + ").");
        where += " (id " + id.ToString(CultureInfo.InvariantCulture) + ")";
        if (!AnswerValue.TryTime(node.Field("date_receive"), out DateTime received)) return Problem(problems, where + " has no valid date_receive (" + AnswerValue.Quote(node.Field("date_receive")) + ").");
        if (!AnswerValue.TryPhone(node.Field("originator"), out string from)) return Problem(problems, where + " has no valid originator (" + AnswerValue.Quote(node.Field("originator")) + ").");
        string? to = AnswerValue.TryPhone(node.Field("phone"), out string phone) ? phone : AnswerValue.Line(node.Field("phone"), 20);
        string? prefix = AnswerValue.Line(node.Field("prefix"), AnswerValue.MaxName);
        string text = AnswerValue.Line(node.Text, AnswerValue.MaxMessageText)!;
        return new SmsInbound(id, received, from, string.IsNullOrEmpty(to) ? null : to, string.IsNullOrEmpty(prefix) ? null : prefix, text);
    }

    private static SmsInbound? Problem(List<string> problems, string problem)
    {
        problems.Add(problem);
        return null;
    }

    private static string Format(DateTime time) => time.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
}
