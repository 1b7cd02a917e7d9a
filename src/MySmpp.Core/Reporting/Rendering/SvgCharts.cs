using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace MySmpp.Reporting.Rendering;

/// <summary>
/// The HTML report's charts, drawn as inline SVG: a 100 % bar of where the messages stand, status bars stacked
/// per time bucket, the delivery rate over time, the cost per bucket. Each has a <c>&lt;title&gt;</c>, an
/// <c>aria-label</c> and a per-element <c>&lt;title&gt;</c> with its numbers, names every colour in a text legend,
/// and is followed in the page by a table with the same figures. Sizes are in a fixed view box that scales to
/// the page's width, so a chart never makes a page scroll sideways.
/// </summary>
internal static class SvgCharts
{
    private const double Width = 900;
    private const double PlotLeft = 56;
    private const double PlotRight = 12;
    private const double PlotTop = 14;

    /// <summary>A 100 % bar of the messages by status group, with a legend giving each group's count and share.</summary>
    public static void StatusBar(Markup m, SmsDeliveryReport report, string id)
    {
        CultureInfo c = report.Culture;
        int total = report.Total;
        string label = "Where the " + ReportText.Count(total, c) + " messages stand: " + Shares(report);
        const double height = 96;
        OpenSvg(m, id, height, label);
        double x = 0;
        foreach (StatusGroup group in StatusGroup.All)
        {
            int n = group.CountIn(report);
            if (n == 0 || total == 0) continue;
            double w = Width * n / total;
            m.Open("rect", "x", Markup.N(x), "y", "0", "width", Markup.N(Math.Max(w, 1)), "height", "34", "fill", group.Colour, "data-group", group.Key)
                .Element("title", group.Label + ": " + ReportText.Count(n, c) + " (" + ReportText.Percent((double)n / total, c) + ")")
                .Close("rect");
            x += w;
        }

        if (total == 0) m.Empty("rect", "x", "0", "y", "0", "width", Markup.N(Width), "height", "34", "fill", "#eeeeee");
        Legend(m, 58, StatusGroup.All, g => g.CountIn(report), total, c);
        m.Close("svg").Line();
    }

    /// <summary>Status bars stacked per bucket, with a count axis, bucket ticks and a legend.</summary>
    public static void StackedBuckets(Markup m, SmsDeliveryReport report, string id)
    {
        CultureInfo c = report.Culture;
        IReadOnlyList<SmsReportBucket> buckets = report.Buckets;
        int max = 0;
        foreach (SmsReportBucket b in buckets) max = Math.Max(max, b.Total);
        double top = CountCeiling(max);
        const double height = 300;
        const double plotHeight = 210;
        string label = "Messages per " + ReportText.Width(report.BucketWidth) + " by status, " + buckets.Count + " bars from "
            + ReportText.BucketStart(buckets[0].Start, report.BucketWidth) + "; the table below gives every figure.";
        OpenSvg(m, id, height, label);
        Axis(m, plotHeight, top, v => ReportText.Count((long)v, c));
        double band = (Width - PlotLeft - PlotRight) / buckets.Count;
        double barWidth = Math.Min(band * 0.8, 64);
        for (int i = 0; i < buckets.Count; i++)
        {
            SmsReportBucket bucket = buckets[i];
            double x = PlotLeft + (band * i) + ((band - barWidth) / 2);
            double y = PlotTop + plotHeight;
            m.Open("g");
            m.Element("title", BucketSentence(bucket, report));
            foreach (StatusGroup group in StatusGroup.All)
            {
                int n = group.CountIn(bucket);
                if (n == 0) continue;
                double h = plotHeight * n / top;
                y -= h;
                m.Empty("rect", "x", Markup.N(x), "y", Markup.N(y), "width", Markup.N(Math.Max(barWidth, 1)), "height", Markup.N(Math.Max(h, 0.5)), "fill", group.Colour);
            }

            m.Close("g");
        }

        Ticks(m, buckets, report.BucketWidth, band, PlotTop + plotHeight + 16);
        Legend(m, PlotTop + plotHeight + 36, StatusGroup.All, null, 0, c);
        m.Close("svg").Line();
    }

    /// <summary>The delivery rate of each bucket that has messages, as a line with labelled points.</summary>
    public static void RateLine(Markup m, SmsDeliveryReport report, string id)
    {
        CultureInfo c = report.Culture;
        IReadOnlyList<SmsReportBucket> buckets = report.Buckets;
        const double height = 230;
        const double plotHeight = 170;
        OpenSvg(m, id, height, "Delivery rate per " + ReportText.Width(report.BucketWidth) + " (delivered or read, of the messages of that "
            + ReportText.Width(report.BucketWidth) + "), 0 to 100 %; the table below gives every figure.");
        Axis(m, plotHeight, 1, v => ReportText.Percent(v, c));
        double band = (Width - PlotLeft - PlotRight) / buckets.Count;
        var points = new StringBuilder();
        for (int i = 0; i < buckets.Count; i++)
        {
            SmsReportBucket bucket = buckets[i];
            if (bucket.Total == 0)
            {
                FlushLine(m, points);
                continue;
            }

            double x = PlotLeft + (band * i) + (band / 2);
            double y = PlotTop + (plotHeight * (1 - bucket.DeliveryRate));
            points.Append(Markup.N(x)).Append(',').Append(Markup.N(y)).Append(' ');
        }

        FlushLine(m, points);
        for (int i = 0; i < buckets.Count; i++)
        {
            SmsReportBucket bucket = buckets[i];
            if (bucket.Total == 0) continue;
            double x = PlotLeft + (band * i) + (band / 2);
            double y = PlotTop + (plotHeight * (1 - bucket.DeliveryRate));
            m.Open("circle", "cx", Markup.N(x), "cy", Markup.N(y), "r", "4", "fill", "#0072B2")
                .Element("title", ReportText.BucketStart(bucket.Start, report.BucketWidth) + ": " + ReportText.Percent(bucket.DeliveryRate, c)
                    + " of " + ReportText.Count(bucket.Total, c) + " delivered")
                .Close("circle");
            if (buckets.Count <= 16) m.Element("text", ReportText.Percent(bucket.DeliveryRate, c), "x", Markup.N(x), "y", Markup.N(y - 9), "text-anchor", "middle");
        }

        Ticks(m, buckets, report.BucketWidth, band, PlotTop + plotHeight + 16);
        m.Close("svg").Line();
    }

    /// <summary>The cost of each bucket's messages as bars.</summary>
    public static void CostBars(Markup m, SmsDeliveryReport report, string id)
    {
        CultureInfo c = report.Culture;
        IReadOnlyList<SmsReportBucket> buckets = report.Buckets;
        decimal max = 0;
        foreach (SmsReportBucket b in buckets) max = Math.Max(max, b.Cost ?? 0);
        double top = NiceCeiling((double)max);
        const double height = 230;
        const double plotHeight = 170;
        OpenSvg(m, id, height, "Cost per " + ReportText.Width(report.BucketWidth)
            + (report.Currency == null ? string.Empty : " in " + report.Currency) + "; the table below gives every figure.");
        Axis(m, plotHeight, top, v => ((decimal)v).ToString("#,0.##", c));
        double band = (Width - PlotLeft - PlotRight) / buckets.Count;
        double barWidth = Math.Min(band * 0.8, 64);
        for (int i = 0; i < buckets.Count; i++)
        {
            SmsReportBucket bucket = buckets[i];
            if (!bucket.Cost.HasValue || bucket.Cost.Value == 0) continue;
            double h = plotHeight * (double)bucket.Cost.Value / top;
            double x = PlotLeft + (band * i) + ((band - barWidth) / 2);
            m.Open("rect", "x", Markup.N(x), "y", Markup.N(PlotTop + plotHeight - h), "width", Markup.N(Math.Max(barWidth, 1)), "height", Markup.N(Math.Max(h, 0.5)), "fill", "#0072B2")
                .Element("title", ReportText.BucketStart(bucket.Start, report.BucketWidth) + ": " + ReportText.Money(bucket.Cost, report.Currency, c))
                .Close("rect");
        }

        Ticks(m, buckets, report.BucketWidth, band, PlotTop + plotHeight + 16);
        m.Close("svg").Line();
    }

    /// <summary>"2021-04-26T15:00: 12 messages, 66.7% delivered — Delivered 7, Read 1, ...".</summary>
    public static string BucketSentence(SmsReportBucket bucket, SmsDeliveryReport report)
    {
        CultureInfo c = report.Culture;
        var text = new StringBuilder();
        text.Append(ReportText.BucketStart(bucket.Start, report.BucketWidth)).Append(": ")
            .Append(ReportText.Count(bucket.Total, c)).Append(bucket.Total == 1 ? " message" : " messages");
        if (bucket.Total > 0) text.Append(", ").Append(ReportText.Percent(bucket.DeliveryRate, c)).Append(" delivered");
        string separator = " — ";
        foreach (StatusGroup group in StatusGroup.All)
        {
            int n = group.CountIn(bucket);
            if (n == 0) continue;
            text.Append(separator).Append(group.Label).Append(' ').Append(ReportText.Count(n, c));
            separator = ", ";
        }

        return text.ToString();
    }

    private static string Shares(SmsDeliveryReport report)
    {
        var text = new StringBuilder();
        foreach (StatusGroup group in StatusGroup.All)
        {
            int n = group.CountIn(report);
            if (text.Length > 0) text.Append(", ");
            text.Append(group.Label).Append(' ').Append(ReportText.Count(n, report.Culture));
            if (report.Total > 0) text.Append(" (").Append(ReportText.Percent((double)n / report.Total, report.Culture)).Append(')');
        }

        return text.ToString();
    }

    private static void OpenSvg(Markup m, string id, double height, string label)
    {
        m.Open("svg", "xmlns", "http://www.w3.org/2000/svg", "viewBox", "0 0 " + Markup.N(Width) + " " + Markup.N(height), "role", "img",
            "aria-label", label, "aria-labelledby", id + "-title", "id", id, "preserveAspectRatio", "xMinYMin meet");
        m.Element("title", label, "id", id + "-title");
    }

    private static void Axis(Markup m, double plotHeight, double top, Func<double, string> format)
    {
        const int lines = 4;
        for (int i = 0; i <= lines; i++)
        {
            double value = top * i / lines;
            double y = PlotTop + plotHeight - (plotHeight * i / lines);
            m.Empty("line", "x1", Markup.N(PlotLeft), "x2", Markup.N(Width - PlotRight), "y1", Markup.N(y), "y2", Markup.N(y), "stroke", i == 0 ? "#767676" : "#dddddd", "stroke-width", "1");
            m.Element("text", format(value), "x", Markup.N(PlotLeft - 6), "y", Markup.N(y + 4), "text-anchor", "end");
        }
    }

    private static void Ticks(Markup m, IReadOnlyList<SmsReportBucket> buckets, TimeSpan width, double band, double y)
    {
        int every = Math.Max(1, (int)Math.Ceiling(buckets.Count / 12.0));
        for (int i = 0; i < buckets.Count; i += every)
        {
            double x = PlotLeft + (band * i) + (band / 2);
            m.Element("text", ReportText.BucketTick(buckets[i].Start, width), "x", Markup.N(x), "y", Markup.N(y), "text-anchor", "middle");
        }
    }

    // Names only fit five to a row; names with their numbers three to a row.
    private static void Legend(Markup m, double top, IReadOnlyList<StatusGroup> groups, Func<StatusGroup, int>? count, int total, CultureInfo c)
    {
        int perRow = count == null ? groups.Count : 3;
        double slot = Width / perRow;
        for (int i = 0; i < groups.Count; i++)
        {
            StatusGroup group = groups[i];
            double x = slot * (i % perRow);
            double y = top + (22 * (i / perRow));
            m.Empty("rect", "x", Markup.N(x), "y", Markup.N(y - 11), "width", "13", "height", "13", "fill", group.Colour, "stroke", "#00000055");
            string text = group.Label;
            if (count != null)
            {
                int n = count(group);
                text += " " + ReportText.Count(n, c) + (total > 0 ? " · " + ReportText.Percent((double)n / total, c) : string.Empty);
            }

            m.Element("text", text, "x", Markup.N(x + 19), "y", Markup.N(y));
        }
    }

    private static void FlushLine(Markup m, StringBuilder points)
    {
        if (points.Length == 0) return;
        m.Empty("polyline", "points", points.ToString().TrimEnd(), "fill", "none", "stroke", "#0072B2", "stroke-width", "2.5");
        points.Clear();
    }

    /// <summary>An axis top for counts whose four grid steps are whole, round numbers (4, 8, 48, 120, 2,000...).</summary>
    internal static double CountCeiling(int max)
    {
        double step = max / 4.0;
        if (step <= 10) return 4 * Math.Max(1, Math.Ceiling(step));
        double power = Math.Pow(10, Math.Floor(Math.Log10(step)));
        foreach (double nice in new[] { 1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10 })
        {
            if (nice * power >= step) return 4 * Math.Ceiling(nice * power);
        }

        return 40 * power;
    }

    /// <summary>The smallest of 1, 2, 2.5, 5 × 10^k at or above <paramref name="value"/> (1 for nothing).</summary>
    internal static double NiceCeiling(double value)
    {
        if (value <= 0) return 1;
        double power = Math.Pow(10, Math.Floor(Math.Log10(value)));
        foreach (double step in new[] { 1, 2, 2.5, 5, 10 })
        {
            if (step * power >= value) return step * power;
        }

        return 10 * power;
    }
}
