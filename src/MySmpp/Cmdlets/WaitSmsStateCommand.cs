using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Text;
using MySmpp.Errors;
using MySmpp.Model;
using MySmpp.Waiting;

namespace MySmpp.Commands.Cmdlets;

/// <summary>
/// <c>Wait-SmsState</c>: polls until each message settles (by default delivered, read, or finally failed; with
/// <c>-Until Final</c> only the documents' final statuses), asking only about ids still open, with a growing pause
/// between polls. Writes each id's state once, when it settles; at the time-out, a non-terminating MySmpp.WaitTimeout
/// per open id.
/// </summary>
[Cmdlet(VerbsLifecycle.Wait, "SmsState", HelpUri = HelpLinks.Pages + "Wait-SmsState.md")]
[OutputType(typeof(SmsState))]
public sealed class WaitSmsStateCommand : MySmppCmdlet
{
    private const int ProgressId = 0x534D5302;
    private readonly List<long> _ids = new List<long>();
    private MySmppSession? _session;
    private ProgressReporter? _progress;

    /// <summary>The message ids (<c>id_sms</c>).</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("id_sms", "MessageId", "IdSms")]
    [MessageIdTransformation]
    public long[] Id { get; set; } = Array.Empty<long>();

    /// <summary>When a message counts as settled: Settled (default: delivered, read or finally failed) or Final (the documents' final statuses only).</summary>
    [Parameter]
    public SmsWaitCondition Until { get; set; } = SmsWaitCondition.Settled;

    /// <summary>How long to wait in all, in seconds (default 600).</summary>
    [Parameter]
    [ValidateRange(0, 604800)]
    public int TimeoutSec { get; set; } = 600;

    /// <summary>The first pause between polls, in seconds (default 10); later pauses grow by half up to 2 minutes.</summary>
    [Parameter]
    [ValidateRange(1, 3600)]
    public int PollIntervalSec { get; set; } = 10;

    /// <summary>Ask for parts and price (JSON flavour).</summary>
    [Parameter]
    public SwitchParameter Detail { get; set; }

    /// <summary>The session to use instead of the default one.</summary>
    [Parameter]
    public MySmppSession? Session { get; set; }

    /// <inheritdoc />
    protected override void BeginProcessing()
    {
        _session = ResolveSession(Session);
        _progress = new ProgressReporter(this, ProgressId, "Wait-SmsState", 0, ProgressIsSilenced());
    }

    /// <inheritdoc />
    protected override void ProcessRecord() => _ids.AddRange(Id);

    /// <inheritdoc />
    protected override void EndProcessing()
    {
        MySmppSession session = _session!;
        if (_ids.Count == 0) return;

        var options = new SmsWaitOptions
        {
            Until = Until,
            Timeout = TimeSpan.FromSeconds(TimeoutSec),
            PollInterval = TimeSpan.FromSeconds(PollIntervalSec),
            Detail = Detail.IsPresent,
            Log = LogSink,
            Progress = ShowProgress,
        };

        WriteVerbose(string.Format(CultureInfo.InvariantCulture, "MySmpp: waiting for {0} at {1} until each is {2}, at most {3} s, first pause {4} s.", Wording.Count(_ids.Count, "id", "ids"), session.Endpoint, Until == SmsWaitCondition.Final ? "final" : "settled", TimeoutSec, PollIntervalSec));
        SmsStateWaiter waiter;
        try
        {
            waiter = new SmsStateWaiter(session.Client, options);
        }
        catch (ArgumentException ex)
        {
            ThrowTerminatingError(ErrorRecords.InvalidArgumentError(ex, null));
            return;
        }

        Stoppable(() =>
        {
            foreach (SmsStateResult result in waiter.Wait(_ids, StopToken))
            {
                FlushVerbose();
                WriteResult(result);
            }
        });

        FlushVerbose();
        _progress?.Complete();
    }

    /// <inheritdoc />
    protected override string DisconnectedMessage(MySmppDisconnectedException error) => "The MySmpp session was disconnected (Disconnect-MySmpp) while Wait-SmsState waited; run Connect-MySmpp again.";

    private void ShowProgress(SmsWaitProgress progress)
    {
        FlushVerbose();
        var status = new StringBuilder();
        status.AppendFormat(CultureInfo.InvariantCulture, "{0} of {1} settled after {2:0} s (poll {3})", progress.Settled, progress.Total, progress.Elapsed.TotalSeconds, progress.Round);
        foreach (KeyValuePair<SmsStatus, int> count in progress.StatusCounts.OrderByDescending(c => c.Value))
        {
            status.Append(status.Length > 0 ? ", " : string.Empty).Append(count.Key).Append(' ').Append(count.Value.ToString(CultureInfo.InvariantCulture));
        }

        int percent = progress.Total == 0 ? 100 : (int)(100L * progress.Settled / progress.Total);
        _progress?.ReportStatus(status.ToString(), percent, force: true);
    }
}
