using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.Json;
using MySmpp.Errors;

namespace MySmpp.Reporting.Rendering;

/// <summary>
/// The report as the JSON a Microsoft Teams Workflows webhook ("When a Teams webhook request is received" /
/// "Send webhook alerts to a channel") posts: a <c>message</c> with one attachment of content type
/// <c>application/vnd.microsoft.card.adaptive</c> whose content is an Adaptive Card 1.4 (FactSet of the KPIs, the
/// statuses, refusals and errors, the top failures). Workflows take Adaptive Cards only; the retired Office
/// connectors' MessageCard is not used.
/// </summary>
/// <remarks>
/// Teams refuses messages over about 28 KB, and a webhook that is not told the charset may count the body as
/// UTF-16 (twice the bytes). The card is kept under <see cref="MaxBytes"/> UTF-8 bytes, half of that, by listing
/// fewer failures when it would not fit (the rest are counted as "and N more"). Texts from the server are one
/// bounded line each with Markdown's punctuation escaped, since Teams renders Markdown in TextBlocks and facts.
/// </remarks>
internal static class AdaptiveCardRenderer
{
    /// <summary>The card's largest size in UTF-8 bytes.</summary>
    public const int MaxBytes = 14_000;

    /// <summary>Failures a card lists at most, whatever -Top says: a card is a glance, the page has the rest.</summary>
    public const int MaxFailures = 10;

    /// <summary>The longest failure text in a card.</summary>
    private const int MaxMeaning = 100;

    public static string Render(SmsDeliveryReport report)
    {
        for (int listed = Math.Min(MaxFailures, report.Failures.Count); ; listed--)
        {
            byte[] card = Write(report, listed);
            if (card.Length <= MaxBytes || listed == 0) return Encoding.UTF8.GetString(card);
        }
    }

    private static byte[] Write(SmsDeliveryReport report, int listed)
    {
        CultureInfo c = report.Culture;
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("type", "message");
            json.WriteStartArray("attachments");
            json.WriteStartObject();
            json.WriteString("contentType", "application/vnd.microsoft.card.adaptive");
            json.WriteNull("contentUrl");
            json.WriteStartObject("content");
            json.WriteString("$schema", "http://adaptivecards.io/schemas/adaptive-card.json");
            json.WriteString("type", "AdaptiveCard");
            json.WriteString("version", "1.4");
            json.WriteStartObject("msteams");
            json.WriteString("width", "Full");
            json.WriteEndObject();
            json.WriteStartArray("body");

            TextBlock(json, Md(report.Title), bold: true, size: "Medium");
            string period = ReportText.Period(report.Since, report.Until);
            TextBlock(json, (period.Length > 0 ? "Period: " + Md(period) + " · " : string.Empty) + ReportText.CountLine(report), subtle: true);

            FactSet(json, new[]
            {
                Fact("Messages", ReportText.Count(report.Total, c)),
                Fact("Delivered", ReportText.Count(report.Delivered, c) + " (incl. " + ReportText.Count(report.Read, c) + " read)"),
                Fact("Delivery rate", ReportText.Percent(report.DeliveryRate, c)),
                Fact("Not delivered", ReportText.Count(report.NotDelivered, c)),
                Fact("Expired", ReportText.Count(report.Expired, c)),
                Fact("Still open", ReportText.Count(report.StillOpen, c)),
                Fact("Errors", ReportText.Count(report.Errors, c) + " (" + ReportText.Count(report.RefusedAtSend, c) + " refused at send)"),
                Fact("Parts", report.Parts.HasValue ? ReportText.Count(report.Parts.Value, c) : "–"),
                Fact("Cost", Md(ReportText.Money(report.TotalCost, report.Currency, c))),
            });

            TextBlock(json, "Statuses", bold: true);
            var statuses = new List<KeyValuePair<string, string>>();
            foreach (StatusGroup group in StatusGroup.All)
            {
                int n = group.CountIn(report);
                statuses.Add(Fact(group.Label, ReportText.Count(n, c) + (report.Total > 0 ? " (" + ReportText.Percent((double)n / report.Total, c) + ")" : string.Empty)));
            }

            FactSet(json, statuses);

            if (report.RefusalsByReason.Count > 0 || report.ErrorsById.Count > 0)
            {
                TextBlock(json, "Refusals and errors", bold: true);
                var tallies = new List<KeyValuePair<string, string>>();
                foreach (KeyValuePair<string, int> pair in report.RefusalsByReason) tallies.Add(Fact(Md(pair.Key), ReportText.Count(pair.Value, c) + " refused at send"));
                foreach (KeyValuePair<string, int> pair in report.ErrorsById) tallies.Add(Fact(Md(pair.Key), ReportText.Count(pair.Value, c)));
                FactSet(json, tallies);
            }

            if (report.Failures.Count > 0 || report.MoreFailures > 0)
            {
                TextBlock(json, "Top failures", bold: true);
                var failures = new List<KeyValuePair<string, string>>();
                for (int i = 0; i < listed; i++)
                {
                    SmsReportFailure f = report.Failures[i];
                    string title = f.Id.HasValue ? f.Id.Value.ToString(CultureInfo.InvariantCulture) : (f.Phone.Length > 0 ? f.Phone : "–");
                    string value = Md(f.What) + (f.Time.HasValue ? " · " + ReportText.Time(f.Time.Value) : string.Empty)
                        + (f.Id.HasValue && f.Phone.Length > 0 ? " · " + f.Phone : string.Empty)
                        + (f.Meaning.Length > 0 ? " · " + Md(MessageText.SafeLine(f.Meaning, MaxMeaning)) : string.Empty);
                    failures.Add(Fact(Md(title), value));
                }

                if (failures.Count > 0) FactSet(json, failures);
                int more = report.MoreFailures + (report.Failures.Count - listed);
                if (more > 0) TextBlock(json, "and " + ReportText.Count(more, c) + " more", subtle: true);
            }

            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static string Md(string text) => ReportText.Markdown(text);

    private static KeyValuePair<string, string> Fact(string title, string value) => new KeyValuePair<string, string>(title, value);

    private static void TextBlock(Utf8JsonWriter json, string text, bool bold = false, string? size = null, bool subtle = false)
    {
        json.WriteStartObject();
        json.WriteString("type", "TextBlock");
        json.WriteString("text", text);
        json.WriteBoolean("wrap", true);
        if (bold) json.WriteString("weight", "Bolder");
        if (size != null) json.WriteString("size", size);
        if (subtle)
        {
            json.WriteBoolean("isSubtle", true);
            json.WriteString("spacing", "None");
        }

        json.WriteEndObject();
    }

    private static void FactSet(Utf8JsonWriter json, IEnumerable<KeyValuePair<string, string>> facts)
    {
        json.WriteStartObject();
        json.WriteString("type", "FactSet");
        json.WriteStartArray("facts");
        foreach (KeyValuePair<string, string> fact in facts)
        {
            json.WriteStartObject();
            json.WriteString("title", fact.Key);
            json.WriteString("value", fact.Value);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }
}
