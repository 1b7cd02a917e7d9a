using System;
using System.Collections.Generic;
using System.Globalization;

namespace MySmpp.Reporting.Rendering;

/// <summary>
/// The report as an e-mail body that classic Outlook (which renders with Word), Outlook on the web, Gmail and
/// mobile clients show alike: nested tables at most 600 px wide, every style inline (with the old <c>bgcolor</c> and
/// <c>width</c> attributes beside it for Word), bars drawn as table cells with widths and background colours and
/// their numbers written next to them. No SVG, no script, no <c>data:</c> URI, no web font, no CSS class, no
/// style sheet: the things clients strip or block.
/// </summary>
internal static class EmailReportRenderer
{
    /// <summary>The body's width in pixels.</summary>
    public const int MaxWidth = 600;

    private const string Font = "font-family:Arial,Helvetica,sans-serif;";
    private const string Muted = "#555555";

    public static string Render(SmsDeliveryReport report)
    {
        var m = new Markup(24 * 1024);
        m.Raw("<!DOCTYPE html>\n");
        m.Open("html", "lang", "en").Open("head");
        m.Empty("meta", "http-equiv", "Content-Type", "content", "text/html; charset=utf-8");
        m.Empty("meta", "name", "viewport", "content", "width=device-width, initial-scale=1");
        m.Element("title", report.Title);
        m.Close("head").Line();
        m.Open("body", "style", "margin:0;padding:0;background-color:#f2f2f2;").Line();
        m.Open("table", "role", "presentation", "width", "100%", "cellpadding", "0", "cellspacing", "0", "border", "0", "bgcolor", "#f2f2f2", "style", "background-color:#f2f2f2;");
        m.Open("tr").Open("td", "align", "center", "style", "padding:12px 6px;");
        m.Open("table", "role", "presentation", "width", MaxWidth.ToString(CultureInfo.InvariantCulture), "cellpadding", "0", "cellspacing", "0", "border", "0", "bgcolor", "#ffffff",
            "style", "width:100%;max-width:" + MaxWidth + "px;background-color:#ffffff;" + Font + "color:#1b1b1b;").Line();

        Row(m, "padding:18px 20px 2px 20px;font-size:21px;font-weight:bold;" + Font, report.Title);
        string period = ReportText.Period(report.Since, report.Until);
        Row(m, "padding:0 20px 10px 20px;font-size:13px;color:" + Muted + ";" + Font,
            (period.Length > 0 ? "Period: " + period + " · " : string.Empty) + ReportText.CountLine(report));

        Kpis(m, report);
        StatusBar(m, report);
        if (report.Buckets.Count > 0) Buckets(m, report);
        TimeToDeliver(m, report);
        Tallies(m, report);
        Failures(m, report);

        Row(m, "padding:14px 20px 18px 20px;font-size:11px;color:" + Muted + ";" + Font,
            "Times are ISO 8601 as the gateway's clock gave them. Made" + (report.GeneratedAt.HasValue ? " " + ReportText.Time(report.GeneratedAt.Value) : string.Empty) + " by MySmpp.");
        m.Close("table").Close("td").Close("tr").Close("table").Line();
        m.Close("body").Close("html").Line();
        return m.ToString();
    }

    private static void Row(Markup m, string style, string text) => m.Open("tr").Element("td", text, "style", style).Close("tr").Line();

    private static void Heading(Markup m, string text) =>
        Row(m, "padding:16px 20px 4px 20px;font-size:16px;font-weight:bold;" + Font, text);

    private static void OpenSection(Markup m) =>
        m.Open("tr").Open("td", "style", "padding:4px 20px;").Open("table", "role", "presentation", "width", "100%", "cellpadding", "0", "cellspacing", "0", "border", "0", "style", "width:100%;" + Font);

    private static void CloseSection(Markup m) => m.Close("table").Close("td").Close("tr").Line();

    private static void Kpis(Markup m, SmsDeliveryReport report)
    {
        CultureInfo c = report.Culture;
        var tiles = new List<string[]>
        {
            new[] { "total", "Messages", ReportText.Count(report.Total, c), "#767676" },
            new[] { "delivered", "Delivered (incl. " + ReportText.Count(report.Read, c) + " read)", ReportText.Count(report.Delivered, c), "#009E73" },
            new[] { "deliveryRate", "Delivery rate", ReportText.Percent(report.DeliveryRate, c), "#009E73" },
            new[] { "notDelivered", "Not delivered", ReportText.Count(report.NotDelivered, c), "#D55E00" },
            new[] { "expired", "Expired", ReportText.Count(report.Expired, c), "#E69F00" },
            new[] { "stillOpen", "Still open", ReportText.Count(report.StillOpen, c), "#56B4E9" },
            new[] { "errors", "Errors (" + ReportText.Count(report.RefusedAtSend, c) + " refused at send)", ReportText.Count(report.Errors, c), "#CC79A7" },
            new[] { "parts", "Parts", report.Parts.HasValue ? ReportText.Count(report.Parts.Value, c) : "–", "#767676" },
            new[] { "cost", "Cost", ReportText.Money(report.TotalCost, report.Currency, c), "#767676" },
        };
        OpenSection(m);
        for (int i = 0; i < tiles.Count; i += 3)
        {
            m.Open("tr");
            for (int j = i; j < i + 3; j++)
            {
                string[] tile = tiles[j];
                m.Open("td", "width", "33%", "valign", "top", "style", "width:33%;padding:4px;");
                m.Open("table", "role", "presentation", "width", "100%", "cellpadding", "0", "cellspacing", "0", "border", "0", "style", "width:100%;border:1px solid #d0d0d0;border-left:5px solid " + tile[3] + ";");
                m.Open("tr").Element("td", tile[1], "style", "padding:6px 8px 0 8px;font-size:12px;color:#444444;" + Font).Close("tr");
                m.Open("tr").Element("td", tile[2], "style", "padding:0 8px 6px 8px;font-size:20px;font-weight:bold;" + Font, "data-kpi", tile[0]).Close("tr");
                m.Close("table").Close("td");
            }

            m.Close("tr");
        }

        CloseSection(m);
    }

    private static void StatusBar(Markup m, SmsDeliveryReport report)
    {
        CultureInfo c = report.Culture;
        Heading(m, "Where the messages stand");
        var counts = new int[StatusGroup.All.Count];
        for (int i = 0; i < counts.Length; i++) counts[i] = StatusGroup.All[i].CountIn(report);
        int[] widths = Widths(counts, report.Total);
        m.Open("tr").Open("td", "style", "padding:4px 20px;");
        m.Open("table", "role", "presentation", "width", "100%", "cellpadding", "0", "cellspacing", "0", "border", "0", "style", "width:100%;").Open("tr");
        bool any = false;
        for (int i = 0; i < counts.Length; i++)
        {
            if (widths[i] == 0) continue;
            any = true;
            Segment(m, widths[i], StatusGroup.All[i].Colour, 18);
        }

        if (!any) Segment(m, 100, "#eeeeee", 18);
        m.Close("tr").Close("table").Close("td").Close("tr").Line();

        OpenSection(m);
        for (int i = 0; i < counts.Length; i++)
        {
            StatusGroup group = StatusGroup.All[i];
            m.Open("tr");
            m.Open("td", "width", "14", "style", "width:14px;padding:3px 0;").Open("table", "role", "presentation", "cellpadding", "0", "cellspacing", "0", "border", "0").Open("tr");
            Segment(m, 0, group.Colour, 12);
            m.Close("tr").Close("table").Close("td");
            m.Element("td", group.Label, "style", "padding:3px 6px;font-size:13px;" + Font);
            m.Element("td", ReportText.Count(counts[i], c), "align", "right", "style", "padding:3px 6px;font-size:13px;text-align:right;" + Font, "data-status", group.Key);
            m.Element("td", report.Total == 0 ? "–" : ReportText.Percent((double)counts[i] / report.Total, c), "align", "right", "style", "padding:3px 6px;font-size:13px;text-align:right;color:" + Muted + ";" + Font);
            m.Close("tr");
        }

        CloseSection(m);
        if (report.UnknownStatuses.Count > 0)
        {
            var names = new System.Text.StringBuilder();
            foreach (KeyValuePair<string, int> pair in report.UnknownStatuses) names.Append(names.Length == 0 ? string.Empty : ", ").Append(pair.Key).Append(' ').Append(ReportText.Count(pair.Value, c));
            Row(m, "padding:2px 20px;font-size:12px;color:" + Muted + ";" + Font, "Statuses this version does not know (in Still open): " + names + ".");
        }
    }

    private static void Buckets(Markup m, SmsDeliveryReport report)
    {
        CultureInfo c = report.Culture;
        string per = ReportText.Width(report.BucketWidth);
        Heading(m, "Per " + per + " (delivered of messages, rate)");
        int max = 0;
        foreach (SmsReportBucket bucket in report.Buckets) max = Math.Max(max, bucket.Total);
        OpenSection(m);
        foreach (SmsReportBucket bucket in report.Buckets)
        {
            m.Open("tr");
            m.Element("td", ReportText.BucketStart(bucket.Start, report.BucketWidth), "width", "112", "style", "width:112px;padding:2px 6px 2px 0;font-size:12px;white-space:nowrap;" + Font);
            m.Open("td", "style", "padding:2px 0;");
            m.Open("table", "role", "presentation", "width", "100%", "cellpadding", "0", "cellspacing", "0", "border", "0", "style", "width:100%;").Open("tr");
            var counts = new int[StatusGroup.All.Count];
            for (int i = 0; i < counts.Length; i++) counts[i] = StatusGroup.All[i].CountIn(bucket);
            int[] widths = Widths(counts, max);
            int used = 0;
            for (int i = 0; i < counts.Length; i++)
            {
                if (widths[i] == 0) continue;
                Segment(m, widths[i], StatusGroup.All[i].Colour, 12);
                used += widths[i];
            }

            if (used < 100) Segment(m, 100 - used, "#ffffff", 12);
            m.Close("tr").Close("table").Close("td");
            m.Element("td", ReportText.Count(bucket.Delivered, c) + "/" + ReportText.Count(bucket.Total, c) + (bucket.Total > 0 ? " · " + ReportText.Percent(bucket.DeliveryRate, c) : string.Empty),
                "width", "130", "align", "right", "style", "width:130px;padding:2px 0 2px 6px;font-size:12px;text-align:right;white-space:nowrap;" + Font);
            m.Close("tr");
        }

        CloseSection(m);
    }

    private static void TimeToDeliver(Markup m, SmsDeliveryReport report)
    {
        if (report.TimeToDeliver is not { } times) return;
        CultureInfo c = report.Culture;
        Heading(m, "Time to deliver (" + ReportText.Count(times.Count, c) + " messages with a known send time)");
        Row(m, "padding:2px 20px;font-size:13px;" + Font, "Median " + ReportText.Duration(times.Median) + " · 90% within " + ReportText.Duration(times.P90)
            + " · 99% within " + ReportText.Duration(times.P99) + " · slowest " + ReportText.Duration(times.Max));
    }

    private static void Tallies(Markup m, SmsDeliveryReport report)
    {
        if (report.RefusalsByReason.Count > 0) Tally(m, "Refused at send, by reason", report.RefusalsByReason, report.Culture);
        if (report.ErrorsById.Count > 0) Tally(m, "Errors, by error id", report.ErrorsById, report.Culture);
    }

    private static void Tally(Markup m, string heading, IReadOnlyList<KeyValuePair<string, int>> tally, CultureInfo c)
    {
        Heading(m, heading);
        OpenSection(m);
        foreach (KeyValuePair<string, int> pair in tally)
        {
            m.Open("tr").Element("td", pair.Key, "style", "padding:3px 6px 3px 0;font-size:13px;border-bottom:1px solid #e3e3e3;overflow-wrap:anywhere;word-wrap:break-word;" + Font)
                .Element("td", ReportText.Count(pair.Value, c), "align", "right", "style", "padding:3px 0;font-size:13px;text-align:right;border-bottom:1px solid #e3e3e3;" + Font).Close("tr");
        }

        CloseSection(m);
    }

    private static void Failures(Markup m, SmsDeliveryReport report)
    {
        if (report.Failures.Count == 0 && report.MoreFailures == 0) return;
        CultureInfo c = report.Culture;
        Heading(m, "Failures");
        OpenSection(m);
        const string head = "padding:4px 6px 4px 0;font-size:12px;font-weight:bold;text-align:left;border-bottom:2px solid #d0d0d0;";
        m.Open("tr").Element("th", "Id / phone", "align", "left", "style", head + Font).Element("th", "Status or error", "align", "left", "style", head + Font)
            .Element("th", "Time / cost", "align", "left", "style", head + Font).Element("th", "Meaning", "align", "left", "style", head + Font).Close("tr");
        const string cell = "padding:4px 6px 4px 0;font-size:12px;vertical-align:top;border-bottom:1px solid #e3e3e3;overflow-wrap:anywhere;word-wrap:break-word;";
        foreach (SmsReportFailure failure in report.Failures)
        {
            m.Open("tr");
            m.Element("td", (failure.Id.HasValue ? failure.Id.Value.ToString(CultureInfo.InvariantCulture) : "–") + (failure.Phone.Length > 0 ? " · " + failure.Phone : string.Empty), "valign", "top", "style", cell + Font);
            m.Element("td", failure.What, "valign", "top", "style", cell + Font);
            m.Element("td", (failure.Time.HasValue ? ReportText.Time(failure.Time.Value) : "–") + (failure.Cost.HasValue ? " · " + ReportText.Money(failure.Cost, report.Currency, c) : string.Empty), "valign", "top", "style", cell + Font);
            m.Element("td", failure.Meaning, "valign", "top", "style", cell + Font);
            m.Close("tr");
        }

        CloseSection(m);
        if (report.MoreFailures > 0) Row(m, "padding:4px 20px;font-size:12px;font-style:italic;" + Font, "and " + ReportText.Count(report.MoreFailures, c) + " more");
    }

    /// <summary>One bar segment: a cell Word draws with its width and colour (a 1-px font keeps it from growing).</summary>
    private static void Segment(Markup m, int percent, string colour, int height)
    {
        string h = height.ToString(CultureInfo.InvariantCulture);
        string style = "background-color:" + colour + ";height:" + h + "px;line-height:" + h + "px;font-size:1px;mso-line-height-rule:exactly;";
        if (percent > 0) m.Open("td", "width", percent.ToString(CultureInfo.InvariantCulture) + "%", "height", h, "bgcolor", colour, "style", "width:" + percent.ToString(CultureInfo.InvariantCulture) + "%;" + style);
        else m.Open("td", "width", h, "height", h, "bgcolor", colour, "style", "width:" + h + "px;" + style);
        m.Raw("&nbsp;").Close("td");
    }

    /// <summary>
    /// Whole-percent widths of <paramref name="counts"/> out of <paramref name="of"/>: every non-zero count gets at
    /// least 1 %, and the widths add up to the exact share rounded (largest remainders first), never above 100.
    /// </summary>
    internal static int[] Widths(int[] counts, int of)
    {
        var widths = new int[counts.Length];
        if (of <= 0) return widths;
        long sum = 0;
        foreach (int n in counts) sum += n;
        int target = (int)Math.Min(100, Math.Round(100.0 * sum / of));
        var remainders = new double[counts.Length];
        int given = 0;
        for (int i = 0; i < counts.Length; i++)
        {
            double exact = 100.0 * counts[i] / of;
            widths[i] = counts[i] > 0 ? Math.Max(1, (int)Math.Floor(exact)) : 0;
            remainders[i] = exact - Math.Floor(exact);
            given += widths[i];
        }

        while (given < target)
        {
            int best = -1;
            for (int i = 0; i < counts.Length; i++)
            {
                if (counts[i] > 0 && (best < 0 || remainders[i] > remainders[best])) best = i;
            }

            if (best < 0) break;
            widths[best]++;
            remainders[best] = -1;
            given++;
        }

        while (given > 100)
        {
            int widest = 0;
            for (int i = 1; i < widths.Length; i++)
            {
                if (widths[i] > widths[widest]) widest = i;
            }

            widths[widest]--;
            given--;
        }

        return widths;
    }
}
