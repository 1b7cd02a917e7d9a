using System;
using System.Management.Automation;

namespace MySmpp.Commands;

/// <summary>
/// <c>Get-SmsStateSummary</c>: one report object for a set of states: counts per status, delivery rate,
/// total cost. Error records from <c>Get-SmsState ... 2&gt;&amp;1</c> are counted as errors.
/// </summary>
[Cmdlet(VerbsCommon.Get, "SmsStateSummary")]
[OutputType(typeof(SmsStateSummary))]
public sealed class GetSmsStateSummaryCommand : PSCmdlet
{
    private readonly SmsStateSummary _summary = new SmsStateSummary();

    /// <summary>The states to summarise (MySmpp.SmsState), or MySmpp error records to count as errors.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    [AllowEmptyCollection]
    [AllowNull]
    public PSObject[] InputObject { get; set; } = Array.Empty<PSObject>();

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        if (InputObject == null) return;
        foreach (PSObject? item in InputObject)
        {
            switch (item?.BaseObject)
            {
                case null:
                    break;
                case SmsState state:
                    _summary.Add(state);
                    break;
                case ErrorRecord _:
                    _summary.AddError();
                    break;
                case MySmppException _:
                    _summary.AddError();
                    break;
                default:
                    WriteError(new ErrorRecord(
                        new ArgumentException("Get-SmsStateSummary counts MySmpp.SmsState objects (and error records); got " + item.BaseObject.GetType().FullName + ".", nameof(InputObject)),
                        ErrorRecords.UnexpectedInput,
                        ErrorCategory.InvalidType,
                        item));
                    break;
            }
        }
    }

    /// <inheritdoc />
    protected override void EndProcessing() => WriteObject(_summary);
}
