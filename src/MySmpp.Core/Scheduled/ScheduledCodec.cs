using System;
using System.Collections.Generic;
using System.Globalization;
using System.Xml;
using MySmpp.Credentials;
using MySmpp.Errors;
using MySmpp.Http;
using MySmpp.Protocol;
using MySmpp.Protocol.Xml;

namespace MySmpp.Scheduled;

/// <summary>
/// Scheduled messages (platform-api.md 7.5): <c>xml/list_scheduled.php</c> lists one page,
/// <c>&lt;phones page="1" num_pages="3"&gt;&lt;scheduled …/&gt;…&lt;/phones&gt;</c>, and <c>xml/scheduled.php</c>
/// deletes, <c>&lt;scheduled id_sms="…"&gt;delete|not_found&lt;/scheduled&gt;</c>. A scheduled message's fields may be
/// attributes or child elements (the references show attributes; our spec leaves it open), the kind is <c>type</c> or
/// <c>type_sms</c> (the vendor's field table and example disagree), and the items may sit directly in
/// <c>&lt;response&gt;</c>.
/// </summary>
internal static class ScheduledCodec
{
    public const string ListPath = "xml/list_scheduled.php";

    public const string DeletePath = "xml/scheduled.php";

    /// <summary><c>&lt;scheduled page="N"/&gt;</c> after the credentials.</summary>
    public static void WritePage(PooledBuffer body, MySmppCredential credential, int page)
    {
        using (XmlWriter writer = GatewayXml.CreateWriter(body))
        {
            GatewayXml.WriteRequestStart(writer, credential);
            writer.WriteStartElement("scheduled");
            writer.WriteAttributeString("page", page.ToString(CultureInfo.InvariantCulture));
            writer.WriteEndElement();
            writer.WriteEndElement();
            writer.WriteEndDocument();
        }
    }

    public static ParsedAnswer<ScheduledPage> ReadPage(ArraySegment<byte> answer, int requestedPage)
    {
        AnswerNode root = AnswerTree.Read(answer, "scheduled-messages");
        if (ErrorEnvelope.IsErrorAnswer(root, "scheduled-messages", out string? error)) return ParsedAnswer<ScheduledPage>.Error(error!);
        AnswerNode holder = root.Child("phones") ?? root;
        int page = requestedPage;
        string? pageText = holder.Attribute("page") ?? root.Attribute("page");
        if (pageText != null && !TryCount(pageText, out page)) throw AnswerValue.Wrong("The scheduled-messages answer's page " + AnswerValue.Quote(pageText) + " is not a page number.");
        int? pageCount = null;
        string? countText = holder.Attribute("num_pages") ?? root.Attribute("num_pages");
        if (countText != null)
        {
            if (!TryCount(countText, out int count)) throw AnswerValue.Wrong("The scheduled-messages answer's num_pages " + AnswerValue.Quote(countText) + " is not a number of pages.");
            pageCount = count;
        }

        var items = new List<ScheduledSms>();
        var problems = new List<string>();
        int index = 0;
        foreach (AnswerNode node in holder.Children)
        {
            if (node.Name != "scheduled") continue;
            index++;
            ScheduledSms? item = Item(node, page, index, problems);
            if (item != null) items.Add(item);
        }

        if (error != null && index == 0) return ParsedAnswer<ScheduledPage>.Error(error);
        return ParsedAnswer<ScheduledPage>.Of(new ScheduledPage(page, pageCount, items, problems));
    }

    /// <summary><c>&lt;delete_schedule&gt;&lt;schedule id_sms="…"/&gt;…&lt;/delete_schedule&gt;</c>.</summary>
    public static void WriteDelete(PooledBuffer body, MySmppCredential credential, IReadOnlyList<long> ids)
    {
        using (XmlWriter writer = GatewayXml.CreateWriter(body))
        {
            GatewayXml.WriteRequestStart(writer, credential);
            writer.WriteStartElement("delete_schedule");
            foreach (long id in ids)
            {
                writer.WriteStartElement("schedule");
                writer.WriteAttributeString("id_sms", id.ToString(CultureInfo.InvariantCulture));
                writer.WriteEndElement();
            }

            writer.WriteEndElement();
            writer.WriteEndElement();
            writer.WriteEndDocument();
        }
    }

    public static ParsedAnswer<ItemList<KeyValuePair<long, string>>> ReadDelete(ArraySegment<byte> answer) =>
        AnswerTree.ReadItems<KeyValuePair<long, string>>(answer, "scheduled-message deletion", "scheduled", (node, index, pairs, problems) =>
        {
            string? raw = node.Attribute("id_sms");
            if (AnswerValue.TryId(raw, out long id)) pairs.Add(new KeyValuePair<long, string>(id, AnswerValue.Line(node.Text, MessageText.MaxQuote)!));
            else problems.Add("Answer " + index.ToString(CultureInfo.InvariantCulture) + " of the deletion names no message id (" + AnswerValue.Quote(raw) + ").");
        }, otherItemName: "schedule");

    /// <summary>One result per requested id, in request order; an id the answer does not name is NotAnswered.</summary>
    public static List<ScheduledDeletion> Match(IReadOnlyList<long> ids, IReadOnlyList<KeyValuePair<long, string>> answered)
    {
        var words = new Dictionary<long, string>();
        foreach (KeyValuePair<long, string> pair in answered)
        {
            if (!words.ContainsKey(pair.Key)) words[pair.Key] = pair.Value;
        }

        var results = new List<ScheduledDeletion>(ids.Count);
        foreach (long id in ids)
        {
            results.Add(words.TryGetValue(id, out string? word)
                ? new ScheduledDeletion(id, OutcomeOf(word), word)
                : new ScheduledDeletion(id, ScheduledOutcome.NotAnswered, string.Empty));
        }

        return results;
    }

    public static ScheduledOutcome OutcomeOf(string word)
    {
        switch (word.Trim().ToLowerInvariant())
        {
            case "delete": return ScheduledOutcome.Removed;
            case "not_found": return ScheduledOutcome.NotFound;
            default: return ScheduledOutcome.Other;
        }
    }

    private static ScheduledSms? Item(AnswerNode node, int page, int index, List<string> problems)
    {
        string where = "Scheduled message " + index.ToString(CultureInfo.InvariantCulture) + " of page " + page.ToString(CultureInfo.InvariantCulture);
        if (!AnswerValue.TryId(node.Field("id_sms"), out long id))
        {
            problems.Add(where + " has no valid id_sms (" + AnswerValue.Quote(node.Field("id_sms")) + ").");
            return null;
        }

        where += " (id " + id.ToString(CultureInfo.InvariantCulture) + ")";
        string? phone = AnswerValue.TryPhone(node.Field("phone"), out string digits) ? digits : null;
        if (phone == null && !string.IsNullOrWhiteSpace(node.Field("phone")))
        {
            problems.Add(where + " has a phone that is not a number (" + AnswerValue.Quote(node.Field("phone")) + ").");
            return null;
        }

        int? parts = null;
        string? partsText = node.Field("count_sms");
        if (!string.IsNullOrWhiteSpace(partsText))
        {
            if (!TryCount(partsText!, out int count))
            {
                problems.Add(where + " has a count_sms that is not a number (" + AnswerValue.Quote(partsText) + ").");
                return null;
            }

            parts = count;
        }

        if (!Time(node, "time_put_turn", where, problems, out DateTime? queued)
            || !Time(node, "time_send", where, problems, out DateTime? sendAt)
            || !Time(node, "validity_period", where, problems, out DateTime? validUntil))
        {
            return null;
        }

        return new ScheduledSms(
            id,
            phone,
            Optional(node.Field("originator"), AnswerValue.MaxName),
            Optional(node.Field("text_sms"), AnswerValue.MaxMessageText),
            parts,
            Optional(node.Field("type") ?? node.Field("type_sms"), AnswerValue.MaxName),
            Optional(node.Field("name_delivery"), AnswerValue.MaxName),
            queued,
            sendAt,
            validUntil);
    }

    private static bool Time(AnswerNode node, string name, string where, List<string> problems, out DateTime? value)
    {
        if (AnswerValue.TryOptionalTime(node.Field(name), out value)) return true;
        problems.Add(where + " has a " + name + " that is not a time (" + AnswerValue.Quote(node.Field(name)) + ").");
        return false;
    }

    private static string? Optional(string? text, int max)
    {
        string? line = AnswerValue.Line(text, max);
        return string.IsNullOrEmpty(line) ? null : line;
    }

    private static bool TryCount(string text, out int value) =>
        int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out value);
}
