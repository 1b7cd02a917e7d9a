using System;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;
using System.Runtime.CompilerServices;
using MySmpp.Client;
using MySmpp.Errors;
using MySmpp.Model;

namespace MySmpp.Commands.Cmdlets;

/// <summary>
/// <c>Get-SmsState</c>: the current state of messages by id. Ids from every pipeline object go into one
/// streaming query (batched, several requests in flight); states come out in input order as soon as
/// they are known, errors per id are non-terminating, a session problem is terminating.
/// </summary>
[Cmdlet(VerbsCommon.Get, "SmsState", HelpUri = HelpLinks.Pages + "Get-SmsState.md")]
[OutputType(typeof(SmsState))]
public sealed class GetSmsStateCommand : MySmppCmdlet
{
    private const int ProgressId = 0x534D5301;
    private StateQuery? _query;
    private ProgressReporter? _progress;
    private long _answered;
    private Action? _addIds;

    /// <summary>The message ids (<c>id_sms</c>).</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("id_sms", "MessageId", "IdSms")]
    [MessageIdTransformation]
    public long[] Id { get; set; } = Array.Empty<long>();

    /// <summary>Ask for parts and price (JSON flavour).</summary>
    [Parameter]
    public SwitchParameter Detail { get; set; }

    /// <summary>
    /// Seconds allowed for this command's query as a whole, when shorter than the session's
    /// (Connect-MySmpp -OperationTimeoutSec); ids not answered by then get MySmpp.Timeout.
    /// </summary>
    [Parameter]
    [ValidateRange(1, 2073600)]
    public int OperationTimeoutSec { get; set; }

    /// <summary>The session to use instead of the default one.</summary>
    [Parameter]
    public MySmppSession? Session { get; set; }

    /// <inheritdoc />
    protected override void BeginProcessing()
    {
        MySmppSession session = ResolveSession(Session);
        WriteVerbose(string.Format(CultureInfo.InvariantCulture, "MySmpp: {0} as {1}; up to {2} ids per request, {3} requests at once.", session.Endpoint, session.Account, session.BatchSize, session.MaxConcurrency));
        _query = Owns(Stoppable(() => session.Client.StartQuery(new StateQueryOptions
        {
            Detail = Detail.IsPresent,
            Log = LogSink,
            OverallTimeout = OperationTimeoutSec > 0 ? TimeSpan.FromSeconds(OperationTimeoutSec) : (TimeSpan?)null,
        }, StopToken)));

        _progress = new ProgressReporter(this, ProgressId, "Get-SmsState", 3L * session.BatchSize, ProgressIsSilenced());
    }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        // A delegate made once: ProcessRecord runs once per piped id, and a lambda here would be one allocation per id.
        Stoppable(_addIds ??= AddIds);

        FlushVerbose();
    }

    // This record's ids into the query, and out what is already answered. Compiled optimised at once: with -Id $ids a
    // command runs it once, so tiered compilation would leave the loop over every id in unoptimised code for the whole of a
    // runbook's one call.
    [MethodImpl(Optimization.Aggressive)]
    private void AddIds()
    {
        StateQuery query = _query!;
        long? total = MyInvocation.ExpectingInput ? (long?)null : Id.Length;
        foreach (long id in Id)
        {
            try
            {
                query.Add(id);
            }
            catch (ArgumentOutOfRangeException ex)
            {
                WriteError(ErrorRecords.InvalidArgumentError(new ArgumentException("-Id: " + ex.Message, nameof(Id), ex), id));
                continue;
            }

            WriteCompleted(query.TakeCompleted(), total);
        }
    }

    /// <inheritdoc />
    protected override void EndProcessing()
    {
        StateQuery query = _query!;
        Stoppable(() => WriteCompleted(query.Finish(), MyInvocation.ExpectingInput ? (long?)null : _answered + query.Pending));

        _progress?.Complete();
        QueryStatistics stats = query.Statistics;
        FlushVerbose();
        WriteVerbose("MySmpp: " + Wording.Count(stats.Ids, "ids") + " in " + Wording.Count(stats.Batches, "batches") + ", " + Wording.Count(stats.Requests, "requests") + ", " + Wording.Count(stats.Retries, "retries") + ".");
    }

    /// <inheritdoc />
    protected override string DisconnectedMessage(MySmppDisconnectedException error) =>
        string.Format(CultureInfo.InvariantCulture, "The MySmpp session was disconnected (Disconnect-MySmpp) while Get-SmsState ran; {0} answered before that, the rest were not. Run Connect-MySmpp again.", Wording.Count(_answered, "id was", "ids were"));

    // Every answered id's state written, in order: the other per-id loop, run a few times per batch, optimised at once too.
    [MethodImpl(Optimization.Aggressive)]
    private void WriteCompleted(IEnumerable<SmsStateResult> results, long? total)
    {
        foreach (SmsStateResult result in results)
        {
            WriteResult(result);
            _answered++;
            _progress!.Report(_answered, total);
        }

        FlushVerbose();
    }
}
