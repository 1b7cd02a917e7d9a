using System;
using System.Management.Automation;
using MySmpp.Model;

namespace MySmpp.Commands.Cmdlets;

/// <summary>
/// <c>ConvertTo-SmsStateRecord</c>: flattens states for files so that <c>Export-Csv</c> and
/// <c>ConvertTo-Json</c> give ISO 8601 times and invariant-culture numbers in every edition and culture.
/// </summary>
[Cmdlet(VerbsData.ConvertTo, "SmsStateRecord", HelpUri = HelpLinks.Pages + "ConvertTo-SmsStateRecord.md")]
[OutputType(typeof(SmsStateRecord))]
public sealed class ConvertToSmsStateRecordCommand : PSCmdlet
{
    /// <summary>The states to convert.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    public SmsState[] InputObject { get; set; } = Array.Empty<SmsState>();

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        foreach (SmsState state in InputObject)
        {
            if (state != null) WriteObject(new SmsStateRecord(state));
        }
    }
}
