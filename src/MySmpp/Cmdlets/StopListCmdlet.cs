using System;
using System.Collections.Generic;
using System.Management.Automation;
using MySmpp.Protocol;
using MySmpp.Sending;
using MySmpp.StopList;

namespace MySmpp.Commands.Cmdlets;

/// <summary>
/// What Add-MySmppStopList and Remove-MySmppStopList share: phones from the pipeline (a reply's <c>From</c> binds too),
/// checked and normalised, confirmed one by one (<c>-WhatIf</c>, <c>-Confirm</c>), sent in batches of the session's
/// BatchSize to <c>stop.php</c>, and one <see cref="StopListChange"/> per phone in input order.
/// </summary>
public abstract class StopListCmdlet : MySmppCmdlet
{
    private readonly List<string> _pending = new List<string>();
    private MySmppSession? _session;

    /// <summary>The phone numbers.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("From", "PhoneNumber", "MobilePhone")]
    [AllowEmptyString]
    public string[] Phone { get; set; } = Array.Empty<string>();

    /// <summary>The session to use instead of the default one.</summary>
    [Parameter]
    public MySmppSession? Session { get; set; }

    /// <summary>True for Add-MySmppStopList, false for Remove-MySmppStopList.</summary>
    internal abstract bool Adding { get; }

    /// <inheritdoc />
    protected override void BeginProcessing() => _session = ResolveSession(Session);

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        foreach (string raw in Phone)
        {
            if (!PhoneNumber.TryNormalize(raw, out string phone, out string problem))
            {
                WriteError(PlatformErrors.Invalid(problem, raw));
                continue;
            }

            string action = Adding
                ? "Add to the stop list (no message will be sent to it)"
                : "Remove from the stop list (messages may be sent to it again)";
            if (!ShouldProcess(phone, action)) continue;
            _pending.Add(phone);
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
        IReadOnlyList<string> phones = _pending.ToArray();
        _pending.Clear();
        IReadOnlyList<string> none = Array.Empty<string>();
        ItemList<StopListChange> changes = RequestAccount(session, stop => session.Client.ChangeStopListAsync(Adding ? phones : none, Adding ? none : phones, LogSink, stop));
        foreach (StopListChange change in changes.Items)
        {
            switch (change.Outcome)
            {
                case StopListOutcome.Added:
                case StopListOutcome.Removed:
                case StopListOutcome.NotFound:
                    WriteObject(change);
                    break;
                case StopListOutcome.NotAnswered:
                    WriteError(PlatformErrors.Unanswered("The gateway's answer does not mention " + change.Phone + ": whether it was " + (Adding ? "added to" : "removed from") + " the stop list is not known (Get-MySmppStopList shows the list).", null, change.Phone));
                    break;
                default:
                    WriteError(PlatformErrors.Unanswered("The gateway answered for " + change.Phone + " with \"" + change.OutcomeText + "\" instead of " + (Adding ? "add" : "delete or not_found") + ".", change.OutcomeText, change.Phone));
                    break;
            }
        }

        foreach (string problem in changes.Problems) WriteError(PlatformErrors.Unreadable(problem, null));
    }
}
