using System;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Markdig;
using MySmpp.Reporting;
using Xunit;

namespace MySmpp.Core.Tests.Reporting;

/// <summary>
/// A hostile status, error text, error id or title (markup, a script end, control characters, Markdown, a megabyte)
/// changes no format's structure: each format is made twice, with plain texts and with hostile ones, and the two
/// must have the same shape. The HTML page and the e-mail are compared as Chromium parses them (ReportBrowserTests).
/// </summary>
public sealed class HostileReportTextTests
{
    private static (string Plain, string Hostile) Both(SmsDeliveryReportFormat format) => (
        SmsDeliveryReportRenderer.Render(ReportSamples.Report(ReportSamples.Plain, title: "A title"), format),
        SmsDeliveryReportRenderer.Render(ReportSamples.Report(ReportSamples.Hostile, title: ReportSamples.HostileTexts[1] + ReportSamples.HostileTexts[3]), format));

    [Fact]
    public void Markdown_parsed_as_GitHub_does_keeps_its_shape()
    {
        (string plain, string hostile) = Both(SmsDeliveryReportFormat.Markdown);
        MarkdownPipeline pipeline = new MarkdownPipelineBuilder().UseAdvancedExtensions().Build();
        string plainHtml = Markdown.ToHtml(plain, pipeline);
        string hostileHtml = Markdown.ToHtml(hostile, pipeline);
        Assert.Equal(Tags(plainHtml), Tags(hostileHtml));
        Assert.DoesNotContain("<script", hostileHtml, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<a ", hostileHtml, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", hostileHtml, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(plain.Split('\n').Length, hostile.Split('\n').Length);
        Assert.True(hostile.Length < plain.Length + 20_000, "The megabyte text was not cut: " + hostile.Length);
        Assert.DoesNotContain('\u001b', hostile);
        Assert.DoesNotContain('\u202E', hostile);
    }

    [Fact]
    public void The_adaptive_card_keeps_its_shape_and_every_text_is_one_bounded_line()
    {
        (string plain, string hostile) = Both(SmsDeliveryReportFormat.AdaptiveCard);
        using JsonDocument a = JsonDocument.Parse(plain);
        using JsonDocument b = JsonDocument.Parse(hostile);
        Assert.Equal(Shape(a.RootElement), Shape(b.RootElement));
        foreach (string text in Strings(b.RootElement))
        {
            Assert.True(text.Length <= 1000, "A card text of " + text.Length + " characters.");
            Assert.DoesNotContain('\n', text);
            Assert.DoesNotContain('\u001b', text);
            Assert.DoesNotContain("](", text, StringComparison.Ordinal);
        }

        Assert.True(Encoding.UTF8.GetByteCount(hostile) <= MySmpp.Reporting.Rendering.AdaptiveCardRenderer.MaxBytes);
    }

    [Fact]
    public void The_html_and_email_texts_carry_no_markup_of_their_own()
    {
        foreach (SmsDeliveryReportFormat format in new[] { SmsDeliveryReportFormat.Html, SmsDeliveryReportFormat.Email })
        {
            (string plain, string hostile) = Both(format);
            Assert.Equal(Tags(plain), Tags(hostile));
            Assert.Equal(Regex.Matches(plain, "<script").Count, Regex.Matches(hostile, "<script").Count);
            Assert.Equal(Regex.Matches(plain, "</script>").Count, Regex.Matches(hostile, "</script>").Count);
            Assert.True(hostile.Length < plain.Length + 40_000, format + ": the megabyte text was not cut: " + hostile.Length);
        }
    }

    // The sequence of tags: text cannot add or remove one without changing it.
    private static string Tags(string html) => string.Join(",", Regex.Matches(html, "</?([a-zA-Z][a-zA-Z0-9]*)").Select(m => m.Value));

    private static string Shape(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => "{" + string.Join(",", element.EnumerateObject().Select(p => p.Name + ":" + Shape(p.Value))) + "}",
        JsonValueKind.Array => "[" + string.Join(",", element.EnumerateArray().Select(Shape)) + "]",
        _ => element.ValueKind.ToString(),
    };

    private static System.Collections.Generic.IEnumerable<string> Strings(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().SelectMany(p => Strings(p.Value)),
        JsonValueKind.Array => element.EnumerateArray().SelectMany(Strings),
        JsonValueKind.String => new[] { element.GetString()! },
        _ => Array.Empty<string>(),
    };
}
