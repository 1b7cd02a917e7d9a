using System;
using System.Management.Automation;

namespace MySmpp.Commands.Cmdlets;

/// <summary>
/// <c>ConvertTo-SmsDeliveryReport</c>: the delivery report of the states, send results and errors piped in, as one
/// string: an HTML page, an e-mail body, a Teams Adaptive Card or Markdown.
/// </summary>
[Cmdlet(VerbsData.ConvertTo, "SmsDeliveryReport", HelpUri = HelpLinks.Pages + "ConvertTo-SmsDeliveryReport.md")]
[OutputType(typeof(string))]
public sealed class ConvertToSmsDeliveryReportCommand : DeliveryReportCommand
{
    /// <summary>The states, send results and error records to report on.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    [AllowEmptyCollection]
    [AllowNull]
    public PSObject[] InputObject { get; set; } = Array.Empty<PSObject>();

    private protected override string CommandName => "ConvertTo-SmsDeliveryReport";

    /// <inheritdoc />
    protected override void ProcessRecord() => Count(InputObject);

    /// <inheritdoc />
    protected override void EndProcessing() => WriteObject(RenderReport());
}
