using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using MySmpp.Model;
using MySmpp.Reporting;
using Xunit;

namespace MySmpp.Core.Tests.Reporting;

/// <summary>What each format must and must not contain, read from the text (the browser tests read the rendered pages).</summary>
public sealed class ReportFormatTests
{
    private static string Render(SmsDeliveryReportFormat format, Func<int, string>? text = null, int top = 20) =>
        SmsDeliveryReportRenderer.Render(ReportSamples.Report(text ?? ReportSamples.Plain, top), format);

    [Fact]
    public void Html_is_one_self_contained_page_whose_policy_forbids_every_load_and_allows_only_its_own_style()
    {
        string html = Render(SmsDeliveryReportFormat.Html);
        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
        Assert.Contains("<meta charset=\"utf-8\">", html, StringComparison.Ordinal);

        Match csp = Regex.Match(html, "<meta http-equiv=\"Content-Security-Policy\" content=\"([^\"]*)\">");
        Assert.True(csp.Success, "No Content-Security-Policy meta element.");
        string policy = csp.Groups[1].Value.Replace("&#39;", "'", StringComparison.Ordinal);
        foreach (string directive in new[] { "default-src 'none'", "img-src 'none'", "font-src 'none'", "connect-src 'none'", "base-uri 'none'", "form-action 'none'" })
        {
            Assert.Contains(directive, policy, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("unsafe", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("script-src", policy, StringComparison.Ordinal);

        // The style hash in the policy is the hash of the page's one style element, so the style applies and nothing else can.
        Match style = Regex.Match(html, "<style>(.*?)</style>", RegexOptions.Singleline);
        Assert.Single(Regex.Matches(html, "<style"));
        string hash = "sha256-" + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(style.Groups[1].Value)));
        Assert.Contains("style-src '" + hash + "'", policy, StringComparison.Ordinal);
        Assert.Contains("@media print", style.Groups[1].Value, StringComparison.Ordinal);

        // No external reference of any kind: the only URL is the SVG namespace name, which is never fetched.
        string withoutNamespace = html.Replace("xmlns=\"http://www.w3.org/2000/svg\"", string.Empty, StringComparison.Ordinal);
        Assert.DoesNotMatch("(?i)(https?:|//|url\\(|@import|src=|href=|srcset|<img|<link|<iframe|<object|<embed)", withoutNamespace);

        // One script element, a JSON data block holding the model.
        Assert.Single(Regex.Matches(html, "<script"));
        Match data = Regex.Match(html, "<script type=\"application/json\" id=\"mysmpp-report\">(.*?)</script>", RegexOptions.Singleline);
        Assert.True(data.Success);
        using JsonDocument model = JsonDocument.Parse(data.Groups[1].Value);
        Assert.Equal("mysmpp.delivery-report/1", model.RootElement.GetProperty("schema").GetString());
        Assert.Equal(244, model.RootElement.GetProperty("totals").GetProperty("messages").GetInt32());
        Assert.Equal(14, model.RootElement.GetProperty("totals").GetProperty("errors").GetInt32());

        // Four charts, each with a role, a label and a title, and each followed by the table of its figures.
        MatchCollection charts = Regex.Matches(html, "<svg [^>]*>\\s*<title", RegexOptions.Singleline);
        Assert.Equal(4, charts.Count);
        Assert.Equal(4, Regex.Matches(html, "<svg [^>]*role=\"img\"[^>]*aria-label=\"[^\"]{20,}\"").Count);
        Assert.Contains("aria-describedby=\"chart-status\"", html, StringComparison.Ordinal);
        Assert.Contains("aria-describedby=\"chart-buckets chart-rate chart-cost\"", html, StringComparison.Ordinal);
        Assert.InRange(Encoding.UTF8.GetByteCount(html), 10_000, 80_000);
    }

    [Fact]
    public void Email_uses_tables_and_inline_styles_only_at_most_600_px_wide()
    {
        string mail = Render(SmsDeliveryReportFormat.Email);
        foreach (string banned in new[] { "<svg", "<script", "<style", "<link", "<img", " class=", "data:", "@font-face", "@import", "url(", "http:", "https:", "//", "<div", "display:flex", "display:grid", "position:" })
        {
            Assert.DoesNotContain(banned, mail, StringComparison.OrdinalIgnoreCase);
        }

        Assert.Contains("max-width:600px", mail, StringComparison.Ordinal);
        IEnumerable<int> pixelWidths = Regex.Matches(mail, "width=\"(\\d+)\"").Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture));
        Assert.All(pixelWidths, w => Assert.InRange(w, 1, 600));
        Assert.All(Regex.Matches(mail, "width:(\\d+)px").Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)), w => Assert.InRange(w, 1, 600));

        // Bars are cells with a width and a background colour, their numbers written beside them.
        Assert.Contains("bgcolor=\"#009E73\"", mail, StringComparison.Ordinal);
        Assert.Matches("<td width=\"\\d+%\" height=\"\\d+\" bgcolor=\"#[0-9A-F]{6}\" style=\"width:\\d+%;background-color:#[0-9A-F]{6};", mail);
        Assert.Contains("data-status=\"delivered\"", mail, StringComparison.Ordinal);
        Assert.InRange(Encoding.UTF8.GetByteCount(mail), 5_000, 102_000);
    }

    [Theory]
    [InlineData(new[] { 50, 30, 20 }, 100, new[] { 50, 30, 20 })]
    [InlineData(new[] { 1, 1, 1 }, 3, new[] { 34, 33, 33 })]
    [InlineData(new[] { 999, 1, 0 }, 1000, new[] { 99, 1, 0 })]
    [InlineData(new[] { 3, 0, 0 }, 12, new[] { 25, 0, 0 })]
    [InlineData(new[] { 0, 0, 0 }, 0, new[] { 0, 0, 0 })]
    public void Email_bar_widths_add_up_and_show_every_non_zero_count(int[] counts, int of, int[] expected)
    {
        Assert.Equal(expected, MySmpp.Reporting.Rendering.EmailReportRenderer.Widths(counts, of));
    }

    [Fact]
    public void The_adaptive_card_has_the_fields_a_Teams_Workflows_webhook_needs_and_the_summarys_numbers()
    {
        SmsDeliveryReport report = ReportSamples.Report(ReportSamples.Plain);
        string card = SmsDeliveryReportRenderer.Render(report, SmsDeliveryReportFormat.AdaptiveCard);
        using JsonDocument json = JsonDocument.Parse(card);
        JsonElement root = json.RootElement;
        Assert.Equal("message", root.GetProperty("type").GetString());
        JsonElement attachment = Assert.Single(root.GetProperty("attachments").EnumerateArray());
        Assert.Equal("application/vnd.microsoft.card.adaptive", attachment.GetProperty("contentType").GetString());
        Assert.Equal(JsonValueKind.Null, attachment.GetProperty("contentUrl").ValueKind);
        JsonElement content = attachment.GetProperty("content");
        Assert.Equal("AdaptiveCard", content.GetProperty("type").GetString());
        Assert.Equal("1.4", content.GetProperty("version").GetString());
        Assert.Equal("http://adaptivecards.io/schemas/adaptive-card.json", content.GetProperty("$schema").GetString());
        List<JsonElement> body = content.GetProperty("body").EnumerateArray().ToList();
        Assert.All(body, e => Assert.Contains(e.GetProperty("type").GetString(), new[] { "TextBlock", "FactSet" }));
        Assert.All(body.Where(e => e.GetProperty("type").GetString() == "TextBlock"), e => Assert.Equal(JsonValueKind.String, e.GetProperty("text").ValueKind));

        Dictionary<string, string> kpis = body.First(e => e.GetProperty("type").GetString() == "FactSet").GetProperty("facts").EnumerateArray()
            .ToDictionary(f => f.GetProperty("title").GetString()!, f => f.GetProperty("value").GetString()!);
        Assert.Equal(report.Summary.Total.ToString(CultureInfo.InvariantCulture), kpis["Messages"]);
        Assert.StartsWith((report.Summary.Delivered + report.Summary.Read).ToString(CultureInfo.InvariantCulture) + " ", kpis["Delivered"], StringComparison.Ordinal);
        Assert.Equal((report.Summary.DeliveryRate * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%", kpis["Delivery rate"]);
        Assert.StartsWith(report.Summary.Errors.ToString(CultureInfo.InvariantCulture) + " ", kpis["Errors"], StringComparison.Ordinal);
        Assert.True(Encoding.UTF8.GetByteCount(card) <= MySmpp.Reporting.Rendering.AdaptiveCardRenderer.MaxBytes);
    }

    [Fact]
    public void The_adaptive_card_stays_under_half_of_Teams_28_KB_limit_by_listing_fewer_failures()
    {
        var builder = new DeliveryReportBuilder(top: 100);
        for (int i = 0; i < 300; i++)
        {
            builder.Add(DeliveryRecord.Error(i, "7900123456" + (i % 10), "Ошибка." + new string('Ж', 500) + i, "Ошибка " + new string('Ж', 5000) + i, isSendRefusal: i % 2 == 0));
        }

        SmsDeliveryReport report = builder.Build(new SmsDeliveryReportOptions { Title = new string('Ш', 500) });
        string card = SmsDeliveryReportRenderer.Render(report, SmsDeliveryReportFormat.AdaptiveCard);
        int bytes = Encoding.UTF8.GetByteCount(card);
        Assert.InRange(bytes, MySmpp.Reporting.Rendering.AdaptiveCardRenderer.MaxBytes / 2, MySmpp.Reporting.Rendering.AdaptiveCardRenderer.MaxBytes);
        Assert.True(bytes * 2 <= 28 * 1024, "Even counted as UTF-16 the card fits Teams' 28 KB.");

        using JsonDocument json = JsonDocument.Parse(card);
        List<JsonElement> body = json.RootElement.GetProperty("attachments")[0].GetProperty("content").GetProperty("body").EnumerateArray().ToList();
        int listed = body.Last(e => e.GetProperty("type").GetString() == "FactSet").GetProperty("facts").GetArrayLength();
        Match more = Regex.Match(body[^1].GetProperty("text").GetString()!, "^and (\\d+) more$");
        Assert.True(more.Success);
        Assert.Equal(300, listed + int.Parse(more.Groups[1].Value, CultureInfo.InvariantCulture));
        Assert.InRange(listed, 1, MySmpp.Reporting.Rendering.AdaptiveCardRenderer.MaxFailures);
    }

    [Fact]
    public void Markdown_has_the_summarys_numbers_in_its_first_table()
    {
        SmsDeliveryReport report = ReportSamples.Report(ReportSamples.Plain);
        string markdown = SmsDeliveryReportRenderer.Render(report, SmsDeliveryReportFormat.Markdown);
        string[] lines = markdown.Split('\n');
        int header = Array.FindIndex(lines, l => l.StartsWith("| Messages | Delivered |", StringComparison.Ordinal));
        string[] cells = lines[header + 2].Trim('|', ' ').Split(" | ");
        Assert.Equal(report.Summary.Total.ToString(CultureInfo.InvariantCulture), cells[0]);
        Assert.Equal((report.Summary.Delivered + report.Summary.Read).ToString(CultureInfo.InvariantCulture), cells[1]);
        Assert.Equal((report.Summary.DeliveryRate * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%", cells[2]);
        Assert.Equal(report.Summary.NotDelivered.ToString(CultureInfo.InvariantCulture), cells[3]);
        Assert.Equal(report.Summary.Errors.ToString(CultureInfo.InvariantCulture), cells[6]);
        Assert.Equal(report.Summary.TotalCost!.Value.ToString("N2", CultureInfo.InvariantCulture) + " RUB", cells[8]);
    }

    [Fact]
    public void Numbers_follow_the_culture_asked_for_and_times_stay_ISO()
    {
        var builder = new DeliveryReportBuilder();
        for (int i = 0; i < 1234; i++) builder.Add(new DeliveryRecord(i, null, null, SmsStatus.Delivered, null, ReportSamples.Start, 1, 10.5m));
        SmsDeliveryReport invariant = builder.Build(new SmsDeliveryReportOptions { Currency = "RUB" });
        SmsDeliveryReport german = builder.Build(new SmsDeliveryReportOptions { Currency = "RUB", Culture = CultureInfo.GetCultureInfo("de-DE") });
        string a = SmsDeliveryReportRenderer.Render(invariant, SmsDeliveryReportFormat.Markdown);
        string b = SmsDeliveryReportRenderer.Render(german, SmsDeliveryReportFormat.Markdown);
        Assert.Contains("| 1,234 | 1,234 | 100.0% |", a, StringComparison.Ordinal);
        Assert.Contains("12,957.00 RUB", a, StringComparison.Ordinal);
        Assert.Contains("| 1.234 | 1.234 | 100,0% |", b, StringComparison.Ordinal);
        Assert.Contains("12.957,00 RUB", b, StringComparison.Ordinal);
        Assert.Contains("2021-04-26T06:00", b, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_input_still_makes_every_format()
    {
        SmsDeliveryReport empty = new DeliveryReportBuilder().Build();
        foreach (SmsDeliveryReportFormat format in Enum.GetValues<SmsDeliveryReportFormat>())
        {
            string text = SmsDeliveryReportRenderer.Render(empty, format);
            Assert.Contains("0 messages", text, StringComparison.Ordinal);
        }
    }
}
