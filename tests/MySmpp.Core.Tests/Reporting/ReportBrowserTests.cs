using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Threading.Tasks;
using MySmpp.BrowserCheck;
using MySmpp.Model;
using MySmpp.Reporting;
using Xunit;

namespace MySmpp.Core.Tests.Reporting;

/// <summary>One headless Chromium for the browser tests of this class.</summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    private ReportBrowser? _browser;

    public ReportBrowser Browser => _browser ?? throw new InvalidOperationException("The browser did not start.");

    public async Task InitializeAsync() => _browser = await ReportBrowser.LaunchAsync();

    public async Task DisposeAsync()
    {
        if (_browser != null) await _browser.DisposeAsync();
    }
}

/// <summary>
/// The HTML page and the e-mail body opened in a real headless Chromium (the machine's own; build.ps1 installs
/// Debian's when it is missing), as a person would: no console error, no request of any kind, the KPI numbers in the
/// rendered DOM equal to the summary's, no sideways scrolling at 1280 and 600 px, screenshots kept in
/// TestResults/browser. Hostile texts leave the parsed DOM's shape as plain texts do.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Slow)]
public sealed class ReportBrowserTests : IClassFixture<BrowserFixture>
{
    private readonly ReportBrowser _browser;

    public ReportBrowserTests(BrowserFixture fixture) => _browser = fixture.Browser;

    private static string Write(string name, string content)
    {
        string path = Path.Combine(ReportSamples.ArtifactDirectory("browser"), name);
        File.WriteAllText(path, content);
        return path;
    }

    private Task<PageCheck> Open(string name, string content) => _browser.CheckAsync(Write(name, content), ReportSamples.ArtifactDirectory("browser"), Path.GetFileNameWithoutExtension(name));

    [Theory]
    [InlineData(SmsDeliveryReportFormat.Html)]
    [InlineData(SmsDeliveryReportFormat.Email)]
    public async Task The_page_renders_without_errors_or_requests_fits_1280_and_600_px_and_shows_the_summarys_numbers(SmsDeliveryReportFormat format)
    {
        SmsDeliveryReport report = ReportSamples.Report(ReportSamples.Plain);
        PageCheck page = await Open("sample-" + format.ToString().ToLowerInvariant() + ".html", SmsDeliveryReportRenderer.Render(report, format));

        Assert.True(page.ConsoleProblems.Count == 0, string.Join("\n", page.ConsoleProblems));
        Assert.True(page.Requests.Count == 0, string.Join("\n", page.Requests));
        Assert.Equal(0, page.ExternalReferences);
        Assert.Equal(0, page.ExecutableScripts);
        Assert.Equal("Sample report", page.Title);
        AssertKpis(report.Summary, page, "RUB");
        foreach (ViewportCheck viewport in page.Viewports)
        {
            Assert.True(viewport.ScrollWidth <= viewport.ClientWidth, format + " scrolls sideways at " + viewport.Width + " px: " + viewport.ScrollWidth + " > " + viewport.ClientWidth);
            Assert.True(new FileInfo(viewport.Screenshot).Length > 10_000, "No screenshot at " + viewport.Screenshot);
        }

        if (format == SmsDeliveryReportFormat.Html)
        {
            Assert.NotNull(page.EmbeddedJson);
            using var json = System.Text.Json.JsonDocument.Parse(page.EmbeddedJson!);
            Assert.Equal(report.Summary.Total, json.RootElement.GetProperty("totals").GetProperty("messages").GetInt32());
        }
    }

    [Theory]
    [InlineData(SmsDeliveryReportFormat.Html)]
    [InlineData(SmsDeliveryReportFormat.Email)]
    public async Task Hostile_texts_leave_the_parsed_page_as_plain_texts_do(SmsDeliveryReportFormat format)
    {
        string name = format.ToString().ToLowerInvariant();
        PageCheck plain = await Open("plain-" + name + ".html", SmsDeliveryReportRenderer.Render(ReportSamples.Report(ReportSamples.Plain, title: "A title"), format));
        PageCheck hostile = await Open("hostile-" + name + ".html", SmsDeliveryReportRenderer.Render(
            ReportSamples.Report(ReportSamples.Hostile, title: ReportSamples.HostileTexts[1] + ReportSamples.HostileTexts[3]), format));

        Assert.Equal(plain.Skeleton, hostile.Skeleton);
        Assert.Equal(0, hostile.EventHandlerAttributes);
        Assert.Equal(0, hostile.ExecutableScripts);
        Assert.Equal(0, hostile.ExternalReferences);
        Assert.True(hostile.Requests.Count == 0, string.Join("\n", hostile.Requests));
        Assert.True(hostile.ConsoleProblems.Count == 0, string.Join("\n", hostile.ConsoleProblems));
        Assert.InRange(hostile.LongestText, 1, 1_000);
        Assert.StartsWith("</script><img", hostile.Title, StringComparison.Ordinal);
        Assert.Equal(plain.Kpis, hostile.Kpis);
        foreach (ViewportCheck viewport in hostile.Viewports) Assert.True(viewport.ScrollWidth <= viewport.ClientWidth, "Hostile " + format + " scrolls sideways at " + viewport.Width + " px.");
        if (format == SmsDeliveryReportFormat.Html)
        {
            using var json = System.Text.Json.JsonDocument.Parse(hostile.EmbeddedJson!);
            Assert.Equal("mysmpp.delivery-report/1", json.RootElement.GetProperty("schema").GetString());
        }
    }

    [Fact]
    public async Task A_page_of_a_million_messages_over_months_stays_small_and_fits()
    {
        var builder = new DeliveryReportBuilder(DeliveryReportBuilder.MaxTop);
        for (int i = 0; i < 1_000_000; i++)
        {
            builder.Add(new DeliveryRecord(i, "79001234567", null, (SmsStatus)(1 + (i % 6)), null, ReportSamples.Start.AddMinutes(i % 200_000), 1 + (i % 3), 2.15m));
        }

        SmsDeliveryReport report = builder.Build(new SmsDeliveryReportOptions { Currency = "RUB" });
        string html = SmsDeliveryReportRenderer.Render(report, SmsDeliveryReportFormat.Html);
        Assert.True(System.Text.Encoding.UTF8.GetByteCount(html) < 200_000, html.Length + " characters");
        PageCheck page = await Open("million.html", html);
        Assert.Empty(page.ConsoleProblems);
        Assert.Empty(page.Requests);
        AssertKpis(report.Summary, page, "RUB");
        foreach (ViewportCheck viewport in page.Viewports) Assert.True(viewport.ScrollWidth <= viewport.ClientWidth, "Scrolls sideways at " + viewport.Width + " px.");
    }

    // The checks themselves can fail: a page that loads something, logs an error or is too wide is caught.
    [Fact]
    public async Task The_checks_catch_a_request_a_console_error_and_a_wide_page()
    {
        PageCheck bad = await Open("bad-control.html",
            "<!DOCTYPE html><html><head><title>bad</title></head><body><img src=\"http://127.0.0.1:9/x.png\"><script>console.error('boom')</script><div style=\"width:2000px\">wide</div></body></html>");
        Assert.Contains("http://127.0.0.1:9/x.png", bad.Requests);
        Assert.Contains(bad.ConsoleProblems, p => p.Contains("boom", StringComparison.Ordinal));
        Assert.Equal(1, bad.ExecutableScripts);
        Assert.Contains(bad.Viewports, v => v.ScrollWidth > v.ClientWidth);

        // With the report's policy the same load is refused before it leaves, and the browser says so.
        PageCheck blocked = await Open("blocked-control.html",
            "<!DOCTYPE html><html><head><meta http-equiv=\"Content-Security-Policy\" content=\"" + MySmpp.Reporting.Rendering.HtmlReportRenderer.ContentSecurityPolicy
            + "\"><title>x</title></head><body><img src=\"http://127.0.0.1:9/y.png\"></body></html>");
        Assert.Contains(blocked.ConsoleProblems, p => p.Contains("Content Security Policy", StringComparison.Ordinal));
    }

    /// <summary>The KPI texts, read back as numbers, are the summary's.</summary>
    private static void AssertKpis(SmsStateSummary summary, PageCheck page, string currency)
    {
        long Count(string key) => long.Parse(page.Kpis[key], NumberStyles.AllowThousands, CultureInfo.InvariantCulture);
        Assert.Equal(summary.Total, Count("total"));
        Assert.Equal(summary.Delivered + summary.Read, Count("delivered"));
        Assert.Equal(summary.NotDelivered, Count("notDelivered"));
        Assert.Equal(summary.Expired, Count("expired"));
        Assert.Equal(summary.Sent + summary.PartlyDelivered + summary.Unknown, Count("stillOpen"));
        Assert.Equal(summary.Errors, Count("errors"));
        Assert.Equal(Math.Round(summary.DeliveryRate * 100, 1), double.Parse(page.Kpis["deliveryRate"].TrimEnd('%'), CultureInfo.InvariantCulture));
        Assert.Equal(Math.Round(summary.TotalCost!.Value, 2), decimal.Parse(page.Kpis["cost"].Replace(" " + currency, string.Empty, StringComparison.Ordinal), NumberStyles.Number, CultureInfo.InvariantCulture));
        Assert.Equal(summary.Delivered, StatusCount(page.Statuses, "delivered"));
        Assert.Equal(summary.Read, StatusCount(page.Statuses, "read"));
    }

    private static long StatusCount(Dictionary<string, string> values, string key) => long.Parse(values[key], NumberStyles.AllowThousands, CultureInfo.InvariantCulture);
}
