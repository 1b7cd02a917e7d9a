using System;
using System.Management.Automation;
using MySmpp.Reporting;

namespace MySmpp.Commands.Cmdlets;

/// <summary>
/// <c>Get-SmsStateSummary</c>: one report object for a set of states: counts per status, delivery rate,
/// total cost. Error records from <c>Get-SmsState ... 2&gt;&amp;1</c> are counted as errors; send results as
/// messages in status Sent. Reads its input through <see cref="DeliveryInput"/>, as the delivery reports do.
/// </summary>
[Cmdlet(VerbsCommon.Get, "SmsStateSummary", HelpUri = HelpLinks.Pages + "Get-SmsStateSummary.md")]
[OutputType(typeof(SmsStateSummary))]
public sealed class GetSmsStateSummaryCommand : PSCmdlet
{
    private readonly SmsStateSummary _summary = new SmsStateSummary();

    /// <summary>The states to summarise (MySmpp.Model.SmsState, MySmpp.Sending.SmsSendResult), or MySmpp error records to count as errors.</summary>
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
            switch (DeliveryInput.Read(item, out DeliveryRecord record))
            {
                case DeliveryInput.Kind.Record:
                    _summary.Add(record);
                    break;
                case DeliveryInput.Kind.Unexpected:
                    WriteError(DeliveryInput.UnexpectedInputError("Get-SmsStateSummary", item!));
                    break;
            }
        }
    }

    /// <inheritdoc />
    protected override void EndProcessing() => WriteObject(_summary);
}
