using System;
using System.Collections.Generic;
using System.Globalization;
using System.Xml;
using MySmpp.Credentials;
using MySmpp.Errors;
using MySmpp.Http;
using MySmpp.Protocol;
using MySmpp.Protocol.Xml;

namespace MySmpp.StopList;

/// <summary>
/// The stop list: <c>xml/stop.php</c> adds and removes numbers (platform-api.md 7.4), <c>xml/list_stop.php</c> lists
/// them. The listing request is not in our spec; the vendor's reference names it ("Request to get the list of numbers
/// from the STOP list") and its Russian edition (github.com/smsgate/xmlGateDoc, README.md, "Запрос на получение списка
/// номеров из СТОП-листа") gives the shape: a request with the credentials only, answered
/// <c>&lt;response&gt;&lt;phone&gt;79612242243&lt;/phone&gt;…&lt;/response&gt;</c>. No paging is documented. A number
/// given as a <c>phone</c> attribute (the shape of stop.php's answer) is read too.
/// </summary>
internal static class StopListCodec
{
    public const string ListPath = "xml/list_stop.php";

    public const string ChangePath = "xml/stop.php";

    public static ParsedAnswer<ItemList<StopListEntry>> ReadList(ArraySegment<byte> answer) =>
        AnswerTree.ReadItems<StopListEntry>(answer, "stop-list", "phone", (node, index, entries, problems) =>
        {
            string? raw = node.Attribute("phone") ?? node.Text;
            if (AnswerValue.TryPhone(raw, out string phone)) entries.Add(new StopListEntry(phone));
            else problems.Add("Number " + index.ToString(CultureInfo.InvariantCulture) + " of the stop list is not a phone number (" + AnswerValue.Quote(raw) + ").");
        });

    /// <summary><c>&lt;add_stop&gt;&lt;phone phone="…"/&gt;…&lt;/add_stop&gt;&lt;delete_stop&gt;…&lt;/delete_stop&gt;</c>; an empty list is left out.</summary>
    public static void WriteChange(PooledBuffer body, MySmppCredential credential, IReadOnlyList<string> add, IReadOnlyList<string> remove)
    {
        using (XmlWriter writer = GatewayXml.CreateWriter(body))
        {
            GatewayXml.WriteRequestStart(writer, credential);
            WritePhones(writer, "add_stop", add);
            WritePhones(writer, "delete_stop", remove);
            writer.WriteEndElement();
            writer.WriteEndDocument();
        }
    }

    /// <summary>The answer's <c>&lt;phone phone="…"&gt;word&lt;/phone&gt;</c> pairs, in answer order.</summary>
    public static ParsedAnswer<ItemList<KeyValuePair<string, string>>> ReadChange(ArraySegment<byte> answer) =>
        AnswerTree.ReadItems<KeyValuePair<string, string>>(answer, "stop-list change", "phone", (node, index, pairs, problems) =>
        {
            string? raw = node.Attribute("phone");
            if (AnswerValue.TryPhone(raw, out string phone)) pairs.Add(new KeyValuePair<string, string>(phone, AnswerValue.Line(node.Text, MessageText.MaxQuote)!));
            else problems.Add("Answer " + index.ToString(CultureInfo.InvariantCulture) + " of the stop-list change names no phone number (" + AnswerValue.Quote(raw) + ").");
        });

    /// <summary>What a word of the answer means.</summary>
    public static StopListOutcome OutcomeOf(string word)
    {
        switch (word.Trim().ToLowerInvariant())
        {
            case "add": return StopListOutcome.Added;
            case "delete": return StopListOutcome.Removed;
            case "not_found": return StopListOutcome.NotFound;
            default: return StopListOutcome.Other;
        }
    }

    /// <summary>
    /// One result per requested number, in request order (numbers to add first): the answer's word for it, or
    /// <see cref="StopListOutcome.NotAnswered"/> when the answer does not name it. A number asked twice is matched to
    /// the answer's words in order, and to the last one again when the answer names it only once.
    /// </summary>
    public static List<StopListChange> Match(IReadOnlyList<string> add, IReadOnlyList<string> remove, IReadOnlyList<KeyValuePair<string, string>> answered)
    {
        var byPhone = new Dictionary<string, Queue<string>>(StringComparer.Ordinal);
        var last = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (KeyValuePair<string, string> pair in answered)
        {
            if (!byPhone.TryGetValue(pair.Key, out Queue<string>? words)) byPhone[pair.Key] = words = new Queue<string>();
            words.Enqueue(pair.Value);
        }

        var results = new List<StopListChange>(add.Count + remove.Count);
        foreach (bool adding in new[] { true, false })
        {
            foreach (string phone in adding ? add : remove)
            {
                string? word = null;
                if (byPhone.TryGetValue(phone, out Queue<string>? words) && words.Count > 0) word = last[phone] = words.Dequeue();
                else if (last.TryGetValue(phone, out string? again)) word = again;
                results.Add(word == null
                    ? new StopListChange(phone, adding, StopListOutcome.NotAnswered, string.Empty)
                    : new StopListChange(phone, adding, OutcomeOf(word), word));
            }
        }

        return results;
    }

    private static void WritePhones(XmlWriter writer, string element, IReadOnlyList<string> phones)
    {
        if (phones.Count == 0) return;
        writer.WriteStartElement(element);
        foreach (string phone in phones)
        {
            writer.WriteStartElement("phone");
            writer.WriteAttributeString("phone", phone);
            writer.WriteEndElement();
        }

        writer.WriteEndElement();
    }
}
