using System;
using MySmpp.Reporting.Rendering;

namespace MySmpp.Reporting;

/// <summary>The formats a delivery report is written in.</summary>
public enum SmsDeliveryReportFormat
{
    /// <summary>One self-contained HTML page with inline SVG charts; works offline in any browser, loads nothing.</summary>
    Html,

    /// <summary>An HTML e-mail body of tables and inline styles (at most 600 px) that classic Outlook renders.</summary>
    Email,

    /// <summary>The JSON a Microsoft Teams Workflows webhook posts: a message carrying an Adaptive Card.</summary>
    AdaptiveCard,

    /// <summary>GitHub-flavoured Markdown, for CI job summaries and tickets.</summary>
    Markdown,
}

/// <summary>Writes a <see cref="SmsDeliveryReport"/> in a <see cref="SmsDeliveryReportFormat"/>. All formats show the same numbers.</summary>
public static class SmsDeliveryReportRenderer
{
    /// <summary>The report as text in <paramref name="format"/>.</summary>
    public static string Render(SmsDeliveryReport report, SmsDeliveryReportFormat format)
    {
        if (report == null) throw new ArgumentNullException(nameof(report));
        switch (format)
        {
            case SmsDeliveryReportFormat.Html: return HtmlReportRenderer.Render(report);
            case SmsDeliveryReportFormat.Email: return EmailReportRenderer.Render(report);
            case SmsDeliveryReportFormat.AdaptiveCard: return AdaptiveCardRenderer.Render(report);
            case SmsDeliveryReportFormat.Markdown: return MarkdownReportRenderer.Render(report);
            default: throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown report format.");
        }
    }

    /// <summary>The file name extension that fits <paramref name="format"/> (<c>.html</c>, <c>.json</c>, <c>.md</c>).</summary>
    public static string ExtensionOf(SmsDeliveryReportFormat format) => format switch
    {
        SmsDeliveryReportFormat.AdaptiveCard => ".json",
        SmsDeliveryReportFormat.Markdown => ".md",
        _ => ".html",
    };
}
