using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;
using MySmpp.Protocol;
using MySmpp.Scheduled;

namespace MySmpp.Commands.Cmdlets;

/// <summary>
/// <c>Remove-SmsScheduled</c>: deletes scheduled messages before they go out (<c>scheduled.php</c>), by id or piped from
/// Get-SmsScheduled or Send-Sms; confirmed per message (ConfirmImpact High), sent in batches of the session's BatchSize,
/// one <see cref="ScheduledDeletion"/> per id in input order.
/// </summary>
[Cmdlet(VerbsCommon.Remove, "SmsScheduled", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, HelpUri = HelpLinks.Pages + "Remove-SmsScheduled.md")]
[OutputType(typeof(ScheduledDeletion))]
public sealed class RemoveSmsScheduledCommand : MySmppCmdlet
{
    private readonly List<long> _pending = new List<long>();
    private MySmppSession? _session;

    /// <summary>The scheduled messages' ids.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("id_sms", "MessageId", "IdSms")]
    [MessageIdTransformation]
    public long[] Id { get; set; } = System.Array.Empty<long>();

    /// <summary>The session to use instead of the default one.</summary>
    [Parameter]
    public MySmppSession? Session { get; set; }

    /// <inheritdoc />
    protected override void BeginProcessing() => _session = ResolveSession(Session);

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        foreach (long id in Id)
        {
            if (!ShouldProcess("scheduled message " + id.ToString(CultureInfo.InvariantCulture), "Delete (it will not be sent)")) continue;
            _pending.Add(id);
            if (_pending.Count >= _session!.BatchSize) Flush();
        }
    }

    /// <inheritdoc />
    protected override void EndProcessing()
    {
        if (_pending.Count > 0) Flush();
    }

    private void Flush()
    {
        MySmppSession session = _session!;
        IReadOnlyList<long> ids = _pending.ToArray();
        _pending.Clear();
        ItemList<ScheduledDeletion> results = RequestAccount(session, stop => session.Client.DeleteScheduledAsync(ids, LogSink, stop));
        foreach (ScheduledDeletion result in results.Items)
        {
            switch (result.Outcome)
            {
                case ScheduledOutcome.Removed:
                case ScheduledOutcome.NotFound:
                    WriteObject(result);
                    break;
                case ScheduledOutcome.NotAnswered:
                    WriteError(PlatformErrors.Unanswered("The gateway's answer does not mention scheduled message " + result.Id.ToString(CultureInfo.InvariantCulture) + ": whether it was deleted is not known (Get-SmsScheduled shows what is left).", null, result.Id));
                    break;
                default:
                    WriteError(PlatformErrors.Unanswered("The gateway answered for scheduled message " + result.Id.ToString(CultureInfo.InvariantCulture) + " with \"" + result.OutcomeText + "\" instead of delete or not_found.", result.OutcomeText, result.Id));
                    break;
            }
        }

        foreach (string problem in results.Problems) WriteError(PlatformErrors.Unreadable(problem, null));
    }
}
