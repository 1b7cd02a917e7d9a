using System;
using System.Globalization;
using System.Management.Automation;
using MySmpp.Reporting;

namespace MySmpp.Commands.Cmdlets;

/// <summary>
/// What ConvertTo-SmsDeliveryReport and Export-SmsDeliveryReport share: the labels and format parameters, and the
/// counting of the pipeline into a <see cref="DeliveryReportBuilder"/> as each object arrives (nothing is kept but
/// the builder's bounded tallies, so a million states take the memory ten do).
/// </summary>
public abstract class DeliveryReportCommand : PSCmdlet
{
    private DeliveryReportBuilder? _builder;

    /// <summary>Html (default), Email, AdaptiveCard or Markdown.</summary>
    [Parameter]
    public SmsDeliveryReportFormat Format { get; set; } = SmsDeliveryReportFormat.Html;

    /// <summary>The report's heading.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string Title { get; set; } = SmsDeliveryReportOptions.DefaultTitle;

    /// <summary>The start of the period the report covers, shown as a label.</summary>
    [Parameter]
    public DateTime Since { get; set; }

    /// <summary>The end of the period the report covers, shown as a label.</summary>
    [Parameter]
    public DateTime Until { get; set; }

    /// <summary>How many failures the report lists (0 to 100); the rest are counted as "and N more".</summary>
    [Parameter]
    [ValidateRange(0, DeliveryReportBuilder.MaxTop)]
    public int Top { get; set; } = 20;

    /// <summary>The currency written after costs, e.g. RUB.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Currency { get; set; }

    /// <summary>The culture numbers are written in (times are always ISO 8601); the invariant culture by default.</summary>
    [Parameter]
    [ValidateNotNull]
    public CultureInfo Culture { get; set; } = CultureInfo.InvariantCulture;

    /// <summary>The command's name, for its error messages.</summary>
    private protected abstract string CommandName { get; }

    /// <inheritdoc />
    protected override void BeginProcessing() => _builder = new DeliveryReportBuilder(Top);

    /// <summary>Counts the objects of one pipeline input.</summary>
    private protected void Count(PSObject[]? items)
    {
        if (items == null) return;
        foreach (PSObject? item in items)
        {
            switch (DeliveryInput.Read(item, out DeliveryRecord record))
            {
                case DeliveryInput.Kind.Record:
                    _builder!.Add(record);
                    break;
                case DeliveryInput.Kind.Unexpected:
                    WriteError(DeliveryInput.UnexpectedInputError(CommandName, item!));
                    break;
            }
        }
    }

    /// <summary>The report of everything counted, in <see cref="Format"/>.</summary>
    private protected string RenderReport()
    {
        var options = new SmsDeliveryReportOptions
        {
            Title = Title,
            Since = MyInvocation.BoundParameters.ContainsKey(nameof(Since)) ? Since : (DateTime?)null,
            Until = MyInvocation.BoundParameters.ContainsKey(nameof(Until)) ? Until : (DateTime?)null,
            Currency = Currency,
            Culture = Culture,
            GeneratedAt = DateTimeOffset.Now,
        };
        return SmsDeliveryReportRenderer.Render(_builder!.Build(options), Format);
    }
}
