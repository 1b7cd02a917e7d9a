using System;
using System.Management.Automation;
using MySmpp.Texts;

namespace MySmpp.Commands.Cmdlets;

/// <summary>
/// <c>Measure-SmsText</c>: how a text travels as SMS, without sending it: GSM-7 or UCS-2, its length in septets or
/// UCS-2 units (extension characters count two septets), and the parts it takes (160 or 70 in one part, 153 or 67 per
/// part of a longer text). Works offline; it takes no session because it asks the gateway nothing.
/// </summary>
[Cmdlet(VerbsDiagnostic.Measure, "SmsText", HelpUri = HelpLinks.Pages + "Measure-SmsText.md")]
[OutputType(typeof(SmsTextInfo))]
public sealed class MeasureSmsTextCommand : PSCmdlet
{
    /// <summary>The texts.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("Message")]
    [AllowEmptyString]
    [AllowNull]
    public string?[] Text { get; set; } = Array.Empty<string>();

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        foreach (string? text in Text) WriteObject(SmsTextMeasure.Measure(text));
    }
}
