using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Xml;
using System.Xml.Linq;
using MySmpp.Model;

namespace MySmpp.Core.Tests.Reliability;

/// <summary>
/// An independent reading of an answer (JsonDocument / XDocument, not the codecs under test): what the
/// document literally says about each id. A mutated answer that is still well-formed is the server's
/// word; the client may only hand out, for an id, what the document says about that id.
/// </summary>
internal static class AnswerOracle
{
    /// <summary>A record of the answer as the oracle reads it.</summary>
    internal sealed record Said(long Id, string Status, string Time, string? Sms, string? Viber, long? Parts, decimal? Price, bool Ambiguous);

    /// <summary>The records per id, or null when the document is not well-formed for the oracle (then <paramref name="why"/> says why).</summary>
    public static Dictionary<long, List<Said>>? Read(byte[] body, bool xml, out string? why)
    {
        why = null;
        try
        {
            return xml ? ReadXml(body) : ReadJson(body);
        }
        catch (Exception ex) when (ex is JsonException || ex is XmlException || ex is InvalidOperationException || ex is FormatException
            || ex is OverflowException || ex is ArgumentException || ex is NotSupportedException || ex is IOException)
        {
            why = ex.GetType().Name + ": " + ex.Message;
            return null;
        }
    }

    /// <summary>
    /// For a codec's accepted answer: null when the body is well-formed and every state is exactly what an
    /// unambiguous record of its id says (ids may repeat at this level; the client refuses repeats); otherwise why not.
    /// </summary>
    public static string? JudgeResponse(IReadOnlyList<SmsState> states, byte[] body, bool xml)
    {
        Dictionary<long, List<Said>>? records = Read(body, xml, out string? why);
        if (records == null) return "accepted an answer that is not well-formed (" + why + ")";
        foreach (SmsState state in states)
        {
            string? problem = Judge(state, records, xml, allowRepeats: true);
            if (problem != null) return problem;
        }

        return null;
    }

    /// <summary>Null when <paramref name="state"/> is exactly what one unambiguous record of its id says; otherwise why not.</summary>
    public static string? Judge(SmsState state, Dictionary<long, List<Said>> records, bool xml, bool allowRepeats = false)
    {
        if (!records.TryGetValue(state.Id, out List<Said>? said)) return "the answer says nothing about id " + state.Id + ", yet it got a state";
        if (said.Count > 1 && !allowRepeats) return "the answer reports id " + state.Id + " " + said.Count + " times, yet it got a state";
        string? last = null;
        foreach (Said s in said)
        {
            last = Compare(state, s, xml);
            if (last == null) return null;
        }

        return last;
    }

    private static string? Compare(SmsState state, Said s, bool xml)
    {
        if (s.Ambiguous) return "the record of id " + state.Id + " repeats a field (two values, which one?), yet it was accepted";
        var problems = new List<string>();
        string status = xml ? s.Status.Trim() : s.Status;
        if (xml && status.Length == 0) status = s.Sms != null && s.Viber == null ? s.Sms : s.Viber != null && s.Sms == null ? s.Viber : string.Empty;
        if (state.RawStatus != status) problems.Add("status '" + state.RawStatus + "' vs '" + status + "'");
        string time = state.StatusTime?.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) ?? string.Empty;
        if (time != s.Time.Replace('T', ' ')) problems.Add("time '" + time + "' vs '" + s.Time + "'");
        if (xml)
        {
            if (state.RawSmsStatus != s.Sms) problems.Add("sms");
            if (state.RawViberStatus != s.Viber) problems.Add("viber");
        }
        else
        {
            if (state.Parts != s.Parts) problems.Add("parts " + state.Parts + " vs " + s.Parts);
            if (state.PricePerPart != s.Price) problems.Add("price " + state.PricePerPart + " vs " + s.Price);
        }

        return problems.Count == 0 ? null : "id " + state.Id + ": " + string.Join(", ", problems);
    }

    private static Dictionary<long, List<Said>> ReadJson(byte[] body)
    {
        var result = new Dictionary<long, List<Said>>();
        using JsonDocument document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 1000 });
        if (document.RootElement.ValueKind != JsonValueKind.Array) return result;
        foreach (JsonElement item in document.RootElement.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object) continue;
            var names = new HashSet<string>(StringComparer.Ordinal);
            bool ambiguous = false;
            long? id = null;
            string status = string.Empty, time = string.Empty;
            long? parts = null;
            decimal? price = null;
            foreach (JsonProperty property in item.EnumerateObject())
            {
                if (!names.Add(property.Name)) ambiguous = true;
                JsonElement v = property.Value;
                switch (property.Name)
                {
                    case "id_sms":
                        if (v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out long n)) id = n;
                        else if (v.ValueKind == JsonValueKind.String && long.TryParse(v.GetString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long t)) id = t;
                        break;
                    case "state":
                        status = v.ValueKind == JsonValueKind.String ? v.GetString()! : string.Empty;
                        break;
                    case "time_change_state":
                        time = v.ValueKind == JsonValueKind.String ? v.GetString()! : string.Empty;
                        break;
                    case "num_parts":
                        parts = v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out long p) ? p
                            : v.ValueKind == JsonValueKind.String && long.TryParse(v.GetString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long ps) ? ps : null;
                        break;
                    case "price":
                        price = v.ValueKind == JsonValueKind.Number && v.TryGetDecimal(out decimal d) ? d
                            : v.ValueKind == JsonValueKind.String && decimal.TryParse(v.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out decimal ds) ? ds : null;
                        break;
                }
            }

            if (id.HasValue) Add(result, new Said(id.Value, status, time, null, null, parts, price, ambiguous));
        }

        return result;
    }

    private static Dictionary<long, List<Said>> ReadXml(byte[] body)
    {
        var result = new Dictionary<long, List<Said>>();
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null };
        using var reader = XmlReader.Create(new MemoryStream(body), settings);
        XDocument document = XDocument.Load(reader);
        XElement? root = document.Root;
        if (root == null || root.Name.LocalName != "response") return result;
        foreach (XElement state in root.Elements().Where(e => e.Name.LocalName == "state"))
        {
            string? idText = (string?)state.Attribute("id_sms");
            if (idText == null || !long.TryParse(idText.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out long id)) continue;
            Add(result, new Said(id, state.Value, (string?)state.Attribute("time") ?? string.Empty, (string?)state.Attribute("sms"), (string?)state.Attribute("viber"), null, null, false));
        }

        return result;
    }

    private static void Add(Dictionary<long, List<Said>> result, Said said)
    {
        if (!result.TryGetValue(said.Id, out List<Said>? list)) result[said.Id] = list = new List<Said>();
        list.Add(said);
    }
}
