using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace MySmpp.Reporting.Rendering;

/// <summary>
/// The report as GitHub-flavoured Markdown, for CI job summaries (<c>$GITHUB_STEP_SUMMARY</c>, Azure DevOps) and
/// tickets: headings, tables and a text bar per status. Every text from outside goes through
/// <see cref="ReportText.Markdown"/>, so it cannot open a tag, a link or a new cell.
/// </summary>
internal static class MarkdownReportRenderer
{
    public static string Render(SmsDeliveryReport report)
    {
        CultureInfo c = report.Culture;
        var md = new StringBuilder(8 * 1024);
        md.Append("# ").Append(ReportText.Markdown(report.Title)).Append("\n\n");
        string period = ReportText.Period(report.Since, report.Until);
        if (period.Length > 0) md.Append("Period: ").Append(ReportText.Markdown(period)).Append("  \n");
        md.Append(ReportText.CountLine(report)).Append(".\n\n");

        md.Append("| Messages | Delivered | Delivery rate | Not delivered | Expired | Still open | Errors | Parts | Cost |\n");
        md.Append("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        md.Append("| ").Append(ReportText.Count(report.Total, c))
            .Append(" | ").Append(ReportText.Count(report.Delivered, c))
            .Append(" | ").Append(ReportText.Percent(report.DeliveryRate, c))
            .Append(" | ").Append(ReportText.Count(report.NotDelivered, c))
            .Append(" | ").Append(ReportText.Count(report.Expired, c))
            .Append(" | ").Append(ReportText.Count(report.StillOpen, c))
            .Append(" | ").Append(ReportText.Count(report.Errors, c))
            .Append(" | ").Append(report.Parts.HasValue ? ReportText.Count(report.Parts.Value, c) : "–")
            .Append(" | ").Append(ReportText.Markdown(ReportText.Money(report.TotalCost, report.Currency, c))).Append(" |\n\n");
        md.Append("Delivered includes ").Append(ReportText.Count(report.Read, c)).Append(" read; errors include ")
            .Append(ReportText.Count(report.RefusedAtSend, c)).Append(" refused at send.\n\n");

        md.Append("## Statuses\n\n| Status | Messages | Share | |\n| --- | ---: | ---: | --- |\n");
        foreach (StatusGroup group in StatusGroup.All)
        {
            int n = group.CountIn(report);
            double share = report.Total == 0 ? 0 : (double)n / report.Total;
            md.Append("| ").Append(group.Label).Append(" | ").Append(ReportText.Count(n, c)).Append(" | ")
                .Append(report.Total == 0 ? "–" : ReportText.Percent(share, c)).Append(" | `").Append(new string('█', (int)System.Math.Round(share * 20))).Append("` |\n");
        }

        if (report.UnknownStatuses.Count > 0)
        {
            md.Append("\nStatuses this version does not know (in Still open): ");
            AppendTally(md, report.UnknownStatuses, c);
            md.Append(".\n");
        }

        if (report.Buckets.Count > 0)
        {
            string per = ReportText.Width(report.BucketWidth);
            md.Append("\n## Per ").Append(per).Append("\n\n| Start | Messages |");
            foreach (StatusGroup group in StatusGroup.All) md.Append(' ').Append(group.Label).Append(" |");
            md.Append(" Rate | Cost |\n| --- | ---: |");
            foreach (StatusGroup _ in StatusGroup.All) md.Append(" ---: |");
            md.Append(" ---: | ---: |\n");
            foreach (SmsReportBucket bucket in report.Buckets)
            {
                md.Append("| ").Append(ReportText.BucketStart(bucket.Start, report.BucketWidth)).Append(" | ").Append(ReportText.Count(bucket.Total, c)).Append(" |");
                foreach (StatusGroup group in StatusGroup.All) md.Append(' ').Append(ReportText.Count(group.CountIn(bucket), c)).Append(" |");
                md.Append(' ').Append(bucket.Total == 0 ? "–" : ReportText.Percent(bucket.DeliveryRate, c)).Append(" | ")
                    .Append(ReportText.Markdown(ReportText.Money(bucket.Cost, report.Currency, c))).Append(" |\n");
            }
        }

        if (report.TimeToDeliver is { } times)
        {
            md.Append("\n## Time to deliver\n\n").Append(ReportText.Count(times.Count, c)).Append(" messages with a known send time; percentiles within ±")
                .Append((SmsDeliveryTimes.RelativePrecision * 100).ToString("0.0", c)).Append("%.\n\n| Fastest | Median | 90% | 95% | 99% | Slowest |\n| ---: | ---: | ---: | ---: | ---: | ---: |\n| ")
                .Append(ReportText.Duration(times.Min)).Append(" | ").Append(ReportText.Duration(times.Median)).Append(" | ").Append(ReportText.Duration(times.P90)).Append(" | ")
                .Append(ReportText.Duration(times.P95)).Append(" | ").Append(ReportText.Duration(times.P99)).Append(" | ").Append(ReportText.Duration(times.Max)).Append(" |\n");
        }

        if (report.RefusalsByReason.Count > 0 || report.ErrorsById.Count > 0)
        {
            md.Append("\n## Refusals and errors\n\n| Error id | Kind | Count |\n| --- | --- | ---: |\n");
            foreach (KeyValuePair<string, int> pair in report.RefusalsByReason) md.Append("| ").Append(ReportText.Markdown(pair.Key)).Append(" | refused at send | ").Append(ReportText.Count(pair.Value, c)).Append(" |\n");
            foreach (KeyValuePair<string, int> pair in report.ErrorsById) md.Append("| ").Append(ReportText.Markdown(pair.Key)).Append(" | error | ").Append(ReportText.Count(pair.Value, c)).Append(" |\n");
        }

        if (report.Failures.Count > 0 || report.MoreFailures > 0)
        {
            md.Append("\n## Failures\n\n");
            if (report.Failures.Count > 0)
            {
                md.Append("| Id | Phone | Status or error | Time | Cost | Meaning |\n| ---: | --- | --- | --- | ---: | --- |\n");
                foreach (SmsReportFailure f in report.Failures)
                {
                    md.Append("| ").Append(f.Id.HasValue ? f.Id.Value.ToString(CultureInfo.InvariantCulture) : "–")
                        .Append(" | ").Append(f.Phone.Length == 0 ? "–" : ReportText.Markdown(f.Phone))
                        .Append(" | ").Append(ReportText.Markdown(f.What))
                        .Append(" | ").Append(f.Time.HasValue ? ReportText.Time(f.Time.Value) : "–")
                        .Append(" | ").Append(ReportText.Markdown(ReportText.Money(f.Cost, report.Currency, c)))
                        .Append(" | ").Append(ReportText.Markdown(f.Meaning)).Append(" |\n");
                }
            }

            if (report.MoreFailures > 0) md.Append("\nand ").Append(ReportText.Count(report.MoreFailures, c)).Append(" more\n");
        }

        md.Append("\n_Times are ISO 8601 as the gateway's clock gave them")
            .Append(report.GeneratedAt.HasValue ? "; made " + ReportText.Time(report.GeneratedAt.Value) : string.Empty).Append(" by MySmpp._\n");
        return md.ToString();
    }

    private static void AppendTally(StringBuilder md, IReadOnlyList<KeyValuePair<string, int>> tally, CultureInfo c)
    {
        for (int i = 0; i < tally.Count; i++)
        {
            if (i > 0) md.Append(", ");
            md.Append(ReportText.Markdown(tally[i].Key)).Append(' ').Append(ReportText.Count(tally[i].Value, c));
        }
    }
}
