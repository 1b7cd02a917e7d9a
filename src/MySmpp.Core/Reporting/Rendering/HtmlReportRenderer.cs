using System;
using System.Collections.Generic;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace MySmpp.Reporting.Rendering;

/// <summary>
/// The report as one self-contained HTML page: KPI tiles, inline SVG charts each followed by its figures as a
/// table, refusals and errors by kind, the failures list and the model as embedded JSON. No script runs, nothing is
/// loaded: the Content-Security-Policy allows only the page's own style sheet (by its hash), and the page names no
/// other resource. Its size depends on the number of buckets (at most 62) and failure rows, not on the input's.
/// </summary>
internal static class HtmlReportRenderer
{
    /// <summary>The id of the embedded JSON (<c>&lt;script type="application/json" id="mysmpp-report"&gt;</c>).</summary>
    public const string DataElementId = "mysmpp-report";

    private const string Style = @"
:root{color-scheme:light}
*{box-sizing:border-box}
body{margin:0;font:15px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,'Helvetica Neue',Arial,sans-serif;color:#1b1b1b;background:#fff}
header,main,footer{max-width:980px;margin:0 auto;padding:0 16px}
h1{font-size:1.6em;margin:24px 0 4px;overflow-wrap:anywhere}
h2{font-size:1.15em;margin:30px 0 8px}
p{margin:6px 0}
.meta,footer{color:#555}
footer{font-size:.85em;margin-top:32px;padding-bottom:24px}
.kpis{display:grid;grid-template-columns:repeat(auto-fill,minmax(140px,1fr));gap:10px;list-style:none;padding:0;margin:16px 0}
.kpi{border:1px solid #d0d0d0;border-left:6px solid #767676;border-radius:6px;padding:8px 12px;break-inside:avoid}
.kpi-label{display:block;font-size:.85em;color:#444}
.kpi-value{display:block;font-size:1.45em;font-weight:600;font-variant-numeric:tabular-nums;overflow-wrap:anywhere}
.kpi-note{display:block;font-size:.8em;color:#555}
.g-delivered{border-left-color:#009E73}.g-read{border-left-color:#0072B2}.g-notDelivered{border-left-color:#D55E00}
.g-expired{border-left-color:#E69F00}.g-open{border-left-color:#56B4E9}.g-error{border-left-color:#CC79A7}
.sw{display:inline-block;width:.8em;height:.8em;margin-right:.35em;vertical-align:-.05em;border:1px solid #0006}
.sw.g-delivered{background:#009E73}.sw.g-read{background:#0072B2}.sw.g-notDelivered{background:#D55E00}
.sw.g-expired{background:#E69F00}.sw.g-open{background:#56B4E9}
svg{display:block;width:100%;height:auto;margin:8px 0}
svg text{font-size:13px;fill:#1b1b1b;font-family:inherit}
table{border-collapse:collapse;width:100%;font-size:.9em;margin:8px 0}
caption{text-align:left;font-weight:600;padding:4px 0}
th,td{border-bottom:1px solid #e3e3e3;padding:4px 6px;text-align:left;vertical-align:top;overflow-wrap:anywhere}
th{background:#f4f4f4}
.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.fixed{table-layout:fixed}
.failures th:nth-child(1){width:12%}.failures th:nth-child(2){width:13%}.failures th:nth-child(3){width:17%}
.failures th:nth-child(4){width:15%}.failures th:nth-child(5){width:11%}
.more{font-style:italic}
@media (max-width:640px){body{font-size:14px}th,td{padding:3px 4px}.n{white-space:normal}}
@media print{body{font-size:10.5pt}header,main,footer{max-width:none}section{break-inside:avoid-page}tr{break-inside:avoid}th{background:none}}
@page{margin:12mm}
";

    private static readonly string StyleHash = "sha256-" + Convert.ToBase64String(Sha256(Encoding.UTF8.GetBytes(Style)));

    /// <summary>The Content-Security-Policy of every page: nothing may be loaded, no script runs, only the page's own style applies.</summary>
    public static string ContentSecurityPolicy { get; } =
        "default-src 'none'; style-src '" + StyleHash + "'; img-src 'none'; font-src 'none'; connect-src 'none'; base-uri 'none'; form-action 'none'";

    public static string Render(SmsDeliveryReport report)
    {
        CultureInfo c = report.Culture;
        var m = new Markup(32 * 1024);
        m.Raw("<!DOCTYPE html>\n");
        m.Open("html", "lang", "en").Line();
        m.Open("head").Line();
        m.Empty("meta", "charset", "utf-8").Line();
        m.Empty("meta", "http-equiv", "Content-Security-Policy", "content", ContentSecurityPolicy).Line();
        m.Empty("meta", "name", "viewport", "content", "width=device-width, initial-scale=1").Line();
        m.Empty("meta", "name", "referrer", "content", "no-referrer").Line();
        m.Element("title", report.Title).Line();
        m.Open("style").Raw(Style).Close("style").Line();
        m.Close("head").Line();
        m.Open("body").Line();

        m.Open("header");
        m.Element("h1", report.Title);
        string period = ReportText.Period(report.Since, report.Until);
        m.Element("p", (period.Length > 0 ? "Period: " + period + " · " : string.Empty) + ReportText.CountLine(report), "class", "meta");
        m.Close("header").Line();

        m.Open("main").Line();
        Kpis(m, report);
        Statuses(m, report);
        if (report.Buckets.Count > 0) Timeline(m, report);
        TimeToDeliver(m, report);
        Tallies(m, report);
        Failures(m, report);
        m.Close("main").Line();

        m.Open("footer");
        m.Element("p", "Times are ISO 8601 as the gateway's clock gave them (send times: the sending computer's). Numbers: "
            + (c.Name.Length == 0 ? "invariant culture" : c.Name) + "."
            + (report.GeneratedAt.HasValue ? " Made " + ReportText.Time(report.GeneratedAt.Value) + " by MySmpp." : " Made by MySmpp."));
        m.Element("p", "The figures are also embedded in this page as JSON (" + ReportJson.Schema + ", element #" + DataElementId + ").");
        m.Close("footer").Line();

        // A data block, never run (the policy allows no script); the JSON writer escapes every '<', so no text can end it.
        m.Open("script", "type", "application/json", "id", DataElementId).Raw(ReportJson.Write(report)).Close("script").Line();
        m.Close("body").Line();
        m.Close("html").Line();
        return m.ToString();
    }

    private static void Kpis(Markup m, SmsDeliveryReport report)
    {
        CultureInfo c = report.Culture;
        m.Open("section", "aria-labelledby", "kpi-heading");
        m.Element("h2", "Summary", "id", "kpi-heading");
        m.Open("ul", "class", "kpis");
        Kpi(m, "total", "Messages", ReportText.Count(report.Total, c), null, null);
        Kpi(m, "delivered", "Delivered", ReportText.Count(report.Delivered, c), "incl. " + ReportText.Count(report.Read, c) + " read", "g-delivered");
        Kpi(m, "deliveryRate", "Delivery rate", ReportText.Percent(report.DeliveryRate, c), "delivered or read", "g-delivered");
        Kpi(m, "notDelivered", "Not delivered", ReportText.Count(report.NotDelivered, c), "final", "g-notDelivered");
        Kpi(m, "expired", "Expired", ReportText.Count(report.Expired, c), "final", "g-expired");
        Kpi(m, "stillOpen", "Still open", ReportText.Count(report.StillOpen, c), "no final report yet", "g-open");
        Kpi(m, "errors", "Errors", ReportText.Count(report.Errors, c), ReportText.Count(report.RefusedAtSend, c) + " refused at send", "g-error");
        Kpi(m, "parts", "Parts", report.Parts.HasValue ? ReportText.Count(report.Parts.Value, c) : "–", null, null);
        Kpi(m, "cost", "Cost", ReportText.Money(report.TotalCost, report.Currency, c), null, null);
        m.Close("ul").Close("section").Line();
    }

    private static void Kpi(Markup m, string key, string label, string value, string? note, string? group)
    {
        m.Open("li", "class", group == null ? "kpi" : "kpi " + group);
        m.Element("span", label, "class", "kpi-label");
        m.Element("span", value, "class", "kpi-value", "data-kpi", key);
        if (note != null) m.Element("span", note, "class", "kpi-note");
        m.Close("li");
    }

    private static void Statuses(Markup m, SmsDeliveryReport report)
    {
        CultureInfo c = report.Culture;
        m.Open("section", "aria-labelledby", "status-heading");
        m.Element("h2", "Where the messages stand", "id", "status-heading");
        SvgCharts.StatusBar(m, report, "chart-status");
        m.Open("table", "aria-describedby", "chart-status");
        m.Element("caption", "Messages by status (the chart's figures)");
        m.Open("thead").Open("tr").Element("th", "Status", "scope", "col").Element("th", "Messages", "scope", "col", "class", "n").Element("th", "Share", "scope", "col", "class", "n").Close("tr").Close("thead");
        m.Open("tbody");
        foreach (StatusGroup group in StatusGroup.All)
        {
            int n = group.CountIn(report);
            m.Open("tr").Open("td").Element("span", string.Empty, "class", "sw g-" + group.Key, "aria-hidden", "true").Text(group.Label).Close("td");
            m.Element("td", ReportText.Count(n, c), "class", "n", "data-status", group.Key);
            m.Element("td", report.Total == 0 ? "–" : ReportText.Percent((double)n / report.Total, c), "class", "n").Close("tr");
        }

        m.Close("tbody").Close("table");
        if (report.UnknownStatuses.Count > 0)
        {
            m.Element("p", "Statuses this version does not know (in Still open): " + TallyLine(report.UnknownStatuses, c) + ".");
        }

        m.Close("section").Line();
    }

    private static void Timeline(Markup m, SmsDeliveryReport report)
    {
        CultureInfo c = report.Culture;
        string per = ReportText.Width(report.BucketWidth);
        m.Open("section", "aria-labelledby", "time-heading");
        m.Element("h2", "Per " + per, "id", "time-heading");
        m.Element("p", "By status time (send time for messages without one). Each bar's figures are in the table below.", "class", "meta");
        SvgCharts.StackedBuckets(m, report, "chart-buckets");
        m.Element("h2", "Delivery rate per " + per, "id", "rate-heading");
        SvgCharts.RateLine(m, report, "chart-rate");
        bool anyCost = false;
        foreach (SmsReportBucket bucket in report.Buckets) anyCost |= bucket.Cost.HasValue;
        if (anyCost)
        {
            m.Element("h2", "Cost per " + per, "id", "cost-heading");
            SvgCharts.CostBars(m, report, "chart-cost");
        }

        m.Open("table", "aria-describedby", "chart-buckets chart-rate" + (anyCost ? " chart-cost" : string.Empty));
        m.Element("caption", "Figures per " + per + " (the charts' data)");
        m.Open("thead").Open("tr").Element("th", per.Substring(0, 1).ToUpperInvariant() + per.Substring(1), "scope", "col").Element("th", "Messages", "scope", "col", "class", "n");
        foreach (StatusGroup group in StatusGroup.All) m.Element("th", group.Label, "scope", "col", "class", "n");
        m.Element("th", "Rate", "scope", "col", "class", "n").Element("th", "Cost", "scope", "col", "class", "n").Close("tr").Close("thead");
        m.Open("tbody");
        foreach (SmsReportBucket bucket in report.Buckets)
        {
            m.Open("tr").Element("td", ReportText.BucketStart(bucket.Start, report.BucketWidth)).Element("td", ReportText.Count(bucket.Total, c), "class", "n");
            foreach (StatusGroup group in StatusGroup.All) m.Element("td", ReportText.Count(group.CountIn(bucket), c), "class", "n");
            m.Element("td", bucket.Total == 0 ? "–" : ReportText.Percent(bucket.DeliveryRate, c), "class", "n")
                .Element("td", ReportText.Money(bucket.Cost, report.Currency, c), "class", "n").Close("tr");
        }

        m.Close("tbody").Close("table").Close("section").Line();
    }

    private static void TimeToDeliver(Markup m, SmsDeliveryReport report)
    {
        if (report.TimeToDeliver is not { } times) return;
        CultureInfo c = report.Culture;
        m.Open("section", "aria-labelledby", "ttd-heading");
        m.Element("h2", "Time to deliver", "id", "ttd-heading");
        m.Open("table");
        m.Element("caption", "From send to delivery, " + ReportText.Count(times.Count, c) + " messages whose send time is known (percentiles within ±"
            + (SmsDeliveryTimes.RelativePrecision * 100).ToString("0.0", c) + "%)");
        m.Open("thead").Open("tr");
        foreach (string head in new[] { "Fastest", "Median", "90%", "95%", "99%", "Slowest" }) m.Element("th", head, "scope", "col", "class", "n");
        m.Close("tr").Close("thead").Open("tbody").Open("tr");
        foreach (TimeSpan value in new[] { times.Min, times.Median, times.P90, times.P95, times.P99, times.Max }) m.Element("td", ReportText.Duration(value), "class", "n");
        m.Close("tr").Close("tbody").Close("table");
        if (report.TimeToDeliverSkipped > 0) m.Element("p", ReportText.Count(report.TimeToDeliverSkipped, c) + " delivered messages had a status time before their send time (different clocks) and are left out.", "class", "meta");
        m.Close("section").Line();
    }

    private static void Tallies(Markup m, SmsDeliveryReport report)
    {
        if (report.RefusalsByReason.Count == 0 && report.ErrorsById.Count == 0) return;
        m.Open("section", "aria-labelledby", "errors-heading");
        m.Element("h2", "Refusals and errors", "id", "errors-heading");
        if (report.RefusalsByReason.Count > 0) Tally(m, "Refused at send, by reason", report.RefusalsByReason, report.Culture);
        if (report.ErrorsById.Count > 0) Tally(m, "Errors, by error id", report.ErrorsById, report.Culture);
        m.Close("section").Line();
    }

    private static void Tally(Markup m, string caption, IReadOnlyList<KeyValuePair<string, int>> tally, CultureInfo c)
    {
        m.Open("table");
        m.Element("caption", caption);
        m.Open("thead").Open("tr").Element("th", "Error id", "scope", "col").Element("th", "Count", "scope", "col", "class", "n").Close("tr").Close("thead").Open("tbody");
        foreach (KeyValuePair<string, int> pair in tally) m.Open("tr").Element("td", pair.Key).Element("td", ReportText.Count(pair.Value, c), "class", "n").Close("tr");
        m.Close("tbody").Close("table");
    }

    private static void Failures(Markup m, SmsDeliveryReport report)
    {
        if (report.Failures.Count == 0 && report.MoreFailures == 0) return;
        CultureInfo c = report.Culture;
        m.Open("section", "aria-labelledby", "failures-heading");
        m.Element("h2", "Failures", "id", "failures-heading");
        if (report.Failures.Count > 0)
        {
            m.Open("table", "class", "fixed failures");
            m.Element("caption", "Not delivered, expired and errors, in the order they came");
            m.Open("thead").Open("tr");
            m.Element("th", "Id", "scope", "col").Element("th", "Phone", "scope", "col").Element("th", "Status or error", "scope", "col")
                .Element("th", "Time", "scope", "col").Element("th", "Cost", "scope", "col", "class", "n").Element("th", "Meaning", "scope", "col");
            m.Close("tr").Close("thead").Open("tbody");
            foreach (SmsReportFailure failure in report.Failures)
            {
                m.Open("tr");
                m.Element("td", failure.Id.HasValue ? failure.Id.Value.ToString(CultureInfo.InvariantCulture) : "–");
                m.Element("td", failure.Phone.Length == 0 ? "–" : failure.Phone);
                m.Element("td", failure.What);
                m.Element("td", failure.Time.HasValue ? ReportText.Time(failure.Time.Value) : "–");
                m.Element("td", ReportText.Money(failure.Cost, report.Currency, c), "class", "n");
                m.Element("td", failure.Meaning);
                m.Close("tr");
            }

            m.Close("tbody").Close("table");
        }

        if (report.MoreFailures > 0) m.Element("p", "and " + ReportText.Count(report.MoreFailures, c) + " more", "class", "more", "data-kpi", "moreFailures");
        m.Close("section").Line();
    }

    private static string TallyLine(IReadOnlyList<KeyValuePair<string, int>> tally, CultureInfo c)
    {
        var text = new StringBuilder();
        foreach (KeyValuePair<string, int> pair in tally)
        {
            if (text.Length > 0) text.Append(", ");
            text.Append(pair.Key).Append(' ').Append(ReportText.Count(pair.Value, c));
        }

        return text.ToString();
    }

    private static byte[] Sha256(byte[] bytes)
    {
        using SHA256 sha = SHA256.Create();
        return sha.ComputeHash(bytes);
    }
}
