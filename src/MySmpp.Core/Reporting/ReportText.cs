using System;
using System.Globalization;
using System.Text;
using MySmpp.Errors;

namespace MySmpp.Reporting;

/// <summary>
/// How every report format writes text and numbers: labels as one bounded safe line (<see cref="MessageText"/>),
/// escaping per format, ISO 8601 times, numbers in the report's culture. One place, so the formats agree.
/// </summary>
internal static class ReportText
{
    /// <summary>The longest label (an error id, a raw status) a report shows.</summary>
    public const int MaxLabelLength = 80;

    private const string IsoTime = "yyyy-MM-dd'T'HH:mm:ss";

    /// <summary>A label as reports show it: one safe line of at most <see cref="MaxLabelLength"/> characters, "(none)" when empty.</summary>
    public static string Label(string? text)
    {
        string line = MessageText.SafeLine(text, MaxLabelLength);
        return line.Length == 0 ? "(none)" : line;
    }

    /// <summary>Text for HTML content and attribute values: the five significant characters as entities.</summary>
    public static string Html(string? text)
    {
        if (string.IsNullOrEmpty(text)) return string.Empty;
        var escaped = new StringBuilder(text!.Length + 16);
        foreach (char c in text)
        {
            switch (c)
            {
                case '&': escaped.Append("&amp;"); break;
                case '<': escaped.Append("&lt;"); break;
                case '>': escaped.Append("&gt;"); break;
                case '"': escaped.Append("&quot;"); break;
                case '\'': escaped.Append("&#39;"); break;
                default: escaped.Append(c); break;
            }
        }

        return escaped.ToString();
    }

    /// <summary>
    /// Text for a Markdown table cell or line (GitHub, GitLab, Azure DevOps, Teams): HTML's significant characters
    /// as entities, so no tag or link can form, and Markdown's punctuation behind a backslash, so no emphasis,
    /// link, code span, heading or cell break can either.
    /// </summary>
    public static string Markdown(string? text)
    {
        if (string.IsNullOrEmpty(text)) return string.Empty;
        var escaped = new StringBuilder(text!.Length + 16);
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            switch (c)
            {
                case '&': escaped.Append("&amp;"); break;
                case '<': escaped.Append("&lt;"); break;
                case '>': escaped.Append("&gt;"); break;
                case '\\': case '`': case '*': case '_': case '{': case '}': case '[': case ']': case '(': case ')':
                case '#': case '+': case '-': case '!': case '|': case '~':
                    escaped.Append('\\').Append(c);
                    break;
                case ':':
                    // "scheme:" is how an autolink starts (http://..., mailto:...); a backslash keeps it text.
                    escaped.Append(i + 1 < text.Length && text[i + 1] == '/' ? "\\:" : ":");
                    break;
                default: escaped.Append(c); break;
            }
        }

        return escaped.ToString();
    }

    /// <summary>A time in ISO 8601 (<c>2021-04-26T15:15:03</c>), whatever the culture.</summary>
    public static string Time(DateTime time) => time.ToString(IsoTime, CultureInfo.InvariantCulture);

    /// <summary>A time with its offset in ISO 8601.</summary>
    public static string Time(DateTimeOffset time) => time.ToString(IsoTime + "zzz", CultureInfo.InvariantCulture);

    /// <summary>A bucket's start: <c>2021-04-26T15:00</c> for hours, <c>2021-04-26</c> for days.</summary>
    public static string BucketStart(DateTime start, TimeSpan width) =>
        start.ToString(width < TimeSpan.FromDays(1) ? "yyyy-MM-dd'T'HH:mm" : "yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>A bucket's short axis label: <c>15:00</c> for hours, <c>04-26</c> for days.</summary>
    public static string BucketTick(DateTime start, TimeSpan width) =>
        start.ToString(width < TimeSpan.FromDays(1) ? "HH:mm" : "MM-dd", CultureInfo.InvariantCulture);

    /// <summary>"hour", "day" or "N days".</summary>
    public static string Width(TimeSpan width)
    {
        if (width == TimeSpan.FromHours(1)) return "hour";
        if (width == TimeSpan.FromDays(1)) return "day";
        return ((long)width.TotalDays).ToString(CultureInfo.InvariantCulture) + " days";
    }

    /// <summary>A count with the culture's digit grouping (<c>1,000,000</c> invariant).</summary>
    public static string Count(long value, CultureInfo culture) => value.ToString("N0", culture);

    /// <summary>"1 message", "20 messages": a count and its noun.</summary>
    public static string Counted(long value, string one, string many, CultureInfo culture) => Count(value, culture) + " " + (value == 1 ? one : many);

    /// <summary>The line under a report's title: "20 messages, 1 error".</summary>
    public static string CountLine(SmsDeliveryReport report) =>
        Counted(report.Total, "message", "messages", report.Culture) + ", " + Counted(report.Errors, "error", "errors", report.Culture)
        + (report.Undated > 0 ? ", " + Count(report.Undated, report.Culture) + " without a time" : string.Empty);

    /// <summary>A share of 0 to 1 as a percentage with one decimal (<c>66.7%</c>).</summary>
    public static string Percent(double share, CultureInfo culture) => (share * 100).ToString("0.0", culture) + "%";

    /// <summary>A cost with two decimals and the currency, if any (<c>34.30 RUB</c>).</summary>
    public static string Money(decimal value, string? currency, CultureInfo culture) =>
        value.ToString("N2", culture) + (currency == null ? string.Empty : " " + currency);

    /// <summary>A cost, or "–" when unknown.</summary>
    public static string Money(decimal? value, string? currency, CultureInfo culture) =>
        value.HasValue ? Money(value.Value, currency, culture) : "–";

    /// <summary>A duration in words a reader takes in at once: <c>45 s</c>, <c>3 min 05 s</c>, <c>2 h 10 min</c>, <c>4 d 3 h</c>.</summary>
    public static string Duration(TimeSpan time)
    {
        CultureInfo c = CultureInfo.InvariantCulture;
        if (time < TimeSpan.FromMinutes(1)) return Math.Round(time.TotalSeconds).ToString("0", c) + " s";
        if (time < TimeSpan.FromHours(1)) return time.Minutes.ToString(c) + " min " + time.Seconds.ToString("00", c) + " s";
        if (time < TimeSpan.FromDays(1)) return time.Hours.ToString(c) + " h " + time.Minutes.ToString("00", c) + " min";
        return ((long)time.TotalDays).ToString(c) + " d " + time.Hours.ToString(c) + " h";
    }

    /// <summary>The period line: "2021-04-26T00:00:00 – 2021-04-27T00:00:00", one side, or empty.</summary>
    public static string Period(DateTime? since, DateTime? until)
    {
        if (since.HasValue && until.HasValue) return Time(since.Value) + " – " + Time(until.Value);
        if (since.HasValue) return "since " + Time(since.Value);
        if (until.HasValue) return "until " + Time(until.Value);
        return string.Empty;
    }
}
