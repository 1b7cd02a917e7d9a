using System;
using System.Collections.Generic;
using System.Globalization;
using System.Xml;
using MySmpp.Credentials;
using MySmpp.Http;
using MySmpp.Protocol;
using MySmpp.Protocol.Xml;

namespace MySmpp.PhoneInfo;

/// <summary>
/// <c>xml/def.php</c> (platform-api.md 7.3): <c>&lt;phones&gt;&lt;phone&gt;…&lt;/phone&gt;…&lt;/phones&gt;</c>, answered per
/// number <c>&lt;phone operator="…" region="…" time_zone="1"&gt;79224850804&lt;/phone&gt;</c>; <c>unknown</c> in a field
/// means the platform does not know it. <c>time_zone</c> is hours from Moscow and must put the number within ±14 hours
/// of UTC.
/// </summary>
internal static class PhoneInfoCodec
{
    public const string Path = "xml/def.php";

    public static void WriteXml(PooledBuffer body, MySmppCredential credential, IReadOnlyList<string> phones)
    {
        using (XmlWriter writer = GatewayXml.CreateWriter(body))
        {
            GatewayXml.WriteRequestStart(writer, credential);
            writer.WriteStartElement("phones");
            foreach (string phone in phones) writer.WriteElementString("phone", phone);
            writer.WriteEndElement();
            writer.WriteEndElement();
            writer.WriteEndDocument();
        }
    }

    public static ParsedAnswer<ItemList<SmsPhoneInfo>> ReadXml(ArraySegment<byte> answer)
    {
        AnswerNode root = AnswerTree.Read(answer, "number-information");
        if (ErrorEnvelope.IsErrorAnswer(root, "number-information", out string? error)) return ParsedAnswer<ItemList<SmsPhoneInfo>>.Error(error!);
        AnswerNode holder = root.Child("phones") ?? root;
        var infos = new List<SmsPhoneInfo>();
        var problems = new List<string>();
        int index = 0;
        foreach (AnswerNode node in holder.Children)
        {
            if (node.Name != "phone") continue;
            index++;
            SmsPhoneInfo? info = Info(node, index, problems);
            if (info != null) infos.Add(info);
        }

        if (error != null && index == 0) return ParsedAnswer<ItemList<SmsPhoneInfo>>.Error(error);
        return ParsedAnswer<ItemList<SmsPhoneInfo>>.Of(new ItemList<SmsPhoneInfo>(infos, problems));
    }

    /// <summary>The answer's information for each requested number, in request order; numbers it does not name are left out.</summary>
    public static List<SmsPhoneInfo> Match(IReadOnlyList<string> phones, IReadOnlyList<SmsPhoneInfo> answered)
    {
        var byPhone = new Dictionary<string, SmsPhoneInfo>(StringComparer.Ordinal);
        foreach (SmsPhoneInfo info in answered)
        {
            if (!byPhone.ContainsKey(info.Phone)) byPhone[info.Phone] = info;
        }

        var results = new List<SmsPhoneInfo>(phones.Count);
        foreach (string phone in phones)
        {
            if (byPhone.TryGetValue(phone, out SmsPhoneInfo? info)) results.Add(info);
        }

        return results;
    }

    private static SmsPhoneInfo? Info(AnswerNode node, int index, List<string> problems)
    {
        string where = "Number " + index.ToString(CultureInfo.InvariantCulture) + " of the answer";
        string? raw = node.Attribute("phone") ?? node.Text;
        if (!AnswerValue.TryPhone(raw, out string phone))
        {
            problems.Add(where + " is not a phone number (" + AnswerValue.Quote(raw) + ").");
            return null;
        }

        string? zone = Known(node.Field("time_zone"));
        decimal? hours = null;
        if (zone != null)
        {
            if (!decimal.TryParse(zone.Replace(',', '.'), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out decimal parsed)
                || Math.Abs(parsed + 3m) > 14m
                || (parsed * 60m) != decimal.Truncate(parsed * 60m))
            {
                problems.Add(where + " (" + phone + ") has a time_zone that is not hours from Moscow (" + AnswerValue.Quote(zone) + ").");
                return null;
            }

            hours = parsed;
        }

        return new SmsPhoneInfo(phone, Name(node.Field("operator")), Name(node.Field("region")), hours);
    }

    // "unknown" (any case) and empty mean the platform does not know.
    private static string? Known(string? value)
    {
        string trimmed = (value ?? string.Empty).Trim();
        return trimmed.Length == 0 || string.Equals(trimmed, "unknown", StringComparison.OrdinalIgnoreCase) ? null : trimmed;
    }

    private static string? Name(string? value)
    {
        string? known = Known(value);
        return known == null ? null : AnswerValue.Line(known, AnswerValue.MaxName);
    }
}
