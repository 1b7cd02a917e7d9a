using System;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;
using System.Runtime.CompilerServices;
using MySmpp.Errors;
using MySmpp.Journal;
using MySmpp.Sending;
using MySmpp.Spending;

namespace MySmpp.Commands.Cmdlets;

/// <summary>
/// What the sending cmdlets (<c>Send-Sms</c>, <c>Resume-SmsSend</c>) share: one send operation, written to the session's
/// send journal before each request leaves, and its outcomes written in input order, whatever ends the command.
/// </summary>
/// <remarks>
/// Every recipient the command received is accounted for: each accepted message is written before any terminating
/// error, and when the command ends early (a locked account, a disconnected session, a journal that cannot be written, a
/// refusal under <c>-ErrorAction Stop</c>) the terminating error's <c>TargetObject</c> is the <see cref="SmsSendReport"/>
/// of every recipient, the ones to send again (with their keys) among them. After Ctrl+C, which lets nothing more be
/// written, the report is kept as the session's <c>LastIncompleteSend</c>.
/// </remarks>
public abstract class SendingCmdlet : MySmppCmdlet
{
    private readonly SmsSendReport _report = new SmsSendReport();
    private MySmppSession? _sendingSession;
    private SmsSendOperation? _operation;
    private SendRulePlanner? _rules;

    // Set when a recipient's error stopped the command (-ErrorAction Stop): the error it stopped at.
    private ErrorRecord? _stoppedAt;

    // True when errors stop the command (-ErrorAction Stop, or $ErrorActionPreference = 'Stop').
    private bool _errorsStop;

    // Set just before the command's own terminating error, which PowerShell throws on as PipelineStoppedException.
    private bool _ending;

    internal SendingCmdlet()
    {
    }

    /// <summary>The session the command sends with (set by <see cref="StartSending"/>).</summary>
    internal MySmppSession SendingSession => _sendingSession ?? throw new InvalidOperationException("StartSending was not called.");

    /// <summary>The command's send operation (set by <see cref="StartSending"/>).</summary>
    internal SmsSendOperation Operation => _operation ?? throw new InvalidOperationException("StartSending was not called.");

    /// <summary>
    /// False when no recipient can be asked about or shown (no -WhatIf, no -Confirm, no confirmation at this command's
    /// impact, no -Verbose): ShouldProcess would then say yes and print nothing, at the cost of formatting a resource
    /// string for every one of 10,000 recipients.
    /// </summary>
    internal bool AsksEachRecipient { get; private set; } = true;

    /// <summary>
    /// Resolves the session and starts the send operation, with the session's send journal unless it was connected with
    /// -NoJournal or nothing can be sent (-WhatIf). <paramref name="needsJournal"/> (a job name, a resume) makes a session
    /// without a journal a terminating MySmpp.JournalDisabled error; a journal that cannot be opened is a terminating
    /// error with the journal's ErrorId, before anything is sent.
    /// </summary>
    internal void StartSending(MySmppSession? explicitSession, string? jobName, bool needsJournal, SmsSendRules? rules = null)
    {
        MySmppSession session = ResolveSession(explicitSession);
        _sendingSession = session;
        _errorsStop = ErrorsStop();
        AsksEachRecipient = AsksEachRecipientNow();
        var options = new SmsSendOptions { Log = LogSink };
        if (needsJournal || (session.JournalEnabled && !WhatIfOnly()))
        {
            (ISendJournal journal, SendJournalAccount account) = ResolveJournal(session);
            options.Journal = journal;
            options.JournalAccount = account;
            options.JobName = jobName;
        }

        SmsSendOperation operation = Owns(Stoppable(() => session.Client.StartSend(options, StopToken)));
        _operation = operation;
        if (rules != null && rules.Any) _rules = new SendRulePlanner(session.Client, operation, rules, StopToken);
    }

    /// <summary>Adds one recipient and writes what is already answered (see <see cref="SmsSendOperation.Add"/>).</summary>
    [MethodImpl(Optimization.Aggressive)]
    internal void Add(SmsMessage message) => Take(message, (self, m) =>
    {
        // The sending rules (-MaxTotalCost, -QuietHours) hold recipients a chunk at a time and hand them on planned.
        if (self._rules != null) self._rules.Add(m);
        else self.Operation.Add(m);
    });

    /// <summary>
    /// Counts input rows that are not sent and never reach the operation (declined under -Confirm, a record refused whole),
    /// so that later rows keep their places in the input (<see cref="SmsSendOperation.SkipRows"/>). The sending rules hand
    /// over what they hold first, so the places stay in input order.
    /// </summary>
    internal void SkipRows(int count) => Take(count, (self, n) =>
    {
        self._rules?.Flush();
        self.Operation.SkipRows(n);
    });

    /// <summary>Adds a journal entry to send again and writes what is already answered (see <see cref="SmsSendOperation.Resend"/>).</summary>
    internal void Resend(SmsJournalEntry entry) => Take(entry, (self, e) => self.Operation.Resend(e));

    // A journal that cannot be written at the first recipient ends the command (EndAtJournal); the lambdas capture nothing,
    // so no delegate is allocated per recipient.
    [MethodImpl(Optimization.Aggressive)]
    private void Take<T>(T item, Action<SendingCmdlet, T> add)
    {
        SmsSendOperation operation = Operation;
        try
        {
            add(this, item);
        }
        catch (MySmppJournalException ex)
        {
            EndAtJournal(ex);
        }

        WriteOutcomes(operation.TakeCompleted());
    }

    /// <summary>True once the command is to end early (see <see cref="EndEarly"/>).</summary>
    internal bool IsEnding => _stoppedAt != null || Operation.StopReason != null;

    /// <summary>
    /// Sends what is left, writes every remaining outcome, ends early when the operation stopped, and writes the verbose
    /// summary. The body of EndProcessing.
    /// </summary>
    internal void FinishSending()
    {
        SmsSendOperation operation = Operation;
        Guarded(() =>
        {
            WriteOutcomes(FinishOperation());
            if (IsEnding) EndEarly();
            SendStatistics stats = operation.Statistics;
            FlushVerbose();
            WriteVerbose(string.Format(
                CultureInfo.InvariantCulture,
                "MySmpp: {0}; {1} in {2}, {3}, {4}.",
                _report.Summary,
                Count(stats.Recipients, "recipient"),
                Count(stats.Batches, "batch"),
                Count(stats.Requests, "request"),
                Count(stats.Retries, "retry")));
        });
    }

    /// <summary>
    /// Runs a step of the command; when PowerShell stops the pipeline (Ctrl+C), what could no longer be written is kept
    /// as the session's LastIncompleteSend and named on the host, then the stop goes on.
    /// </summary>
    internal void Guarded(Action step)
    {
        try
        {
            Stoppable(step);
        }
        catch (PipelineStoppedException) when (!_ending)
        {
            KeepAfterStop();
            throw;
        }
    }

    /// <summary>
    /// Drains the operation (requests in flight finish; nothing more is sent), writes the accepted messages, and ends
    /// with one terminating error whose TargetObject is the report of every recipient.
    /// </summary>
    internal void EndEarly()
    {
        SmsSendOperation operation = Operation;
        WriteOutcomes(FinishOperation());
        MySmppException? reason = operation.StopReason;
        _report.StopReason = _stoppedAt?.Exception as MySmppException ?? reason;
        if (_stoppedAt == null && _report.Unresolved.Count == 0)
        {
            // The fatal answer came on the last request: every recipient has its outcome, already written.
            return;
        }

        SendingSession.LastIncompleteSend = _report;
        FlushVerbose();
        _ending = true;
        ThrowTerminatingError(SendErrorRecords.Incomplete(MyInvocation.MyCommand.Name, _stoppedAt, reason, _report));
    }

    /// <inheritdoc />
    protected override string DisconnectedMessage(MySmppDisconnectedException error) =>
        "The MySmpp session was disconnected while " + MyInvocation.MyCommand.Name + " was running; run Connect-MySmpp again. " + _report.Summary + " so far.";

    // A journal that cannot be written at the command's first recipient: nothing was sent; the command ends with its error.
    private void EndAtJournal(MySmppJournalException error)
    {
        FlushVerbose();
        _ending = true;
        ThrowTerminatingError(ErrorRecords.From(error, error.Path ?? SendingSession.JournalPath));
    }

    // Every remaining outcome: the recipients the sending rules still hold go to the operation first (planned, or not sent
    // once it stopped). A journal that cannot be written when they do ends the command, unless it is stopping already.
    private IEnumerable<SmsSendOutcome> FinishOperation(bool stopping = false)
    {
        try
        {
            _rules?.Finish();
        }
        catch (MySmppJournalException ex) when (!stopping)
        {
            EndAtJournal(ex);
        }
        catch (MySmppJournalException)
        {
            // Stopping: the journal's first write failed, so nothing was sent; the stop goes on.
        }

        return Operation.Finish();
    }

    private static string Count(long n, string noun) =>
        n.ToString(CultureInfo.InvariantCulture) + " " + (n == 1 ? noun : noun.EndsWith("ch", StringComparison.Ordinal) ? noun + "es" : noun.EndsWith("y", StringComparison.Ordinal) ? noun.Substring(0, noun.Length - 1) + "ies" : noun + "s");

    private void KeepAfterStop()
    {
        SmsSendOperation operation = Operation;
        operation.Cancel();
        foreach (SmsSendOutcome outcome in FinishOperation(stopping: true)) _report.Add(outcome);
        if (_report.Outcomes.Count == 0) return;
        _report.StopReason = operation.StopReason;
        SendingSession.LastIncompleteSend = _report;
        try
        {
            Host?.UI?.WriteWarningLine(MyInvocation.MyCommand.Name + " was stopped: " + _report.Summary + ". (Get-MySmppSession).LastIncompleteSend lists every recipient; send its Unresolved ones again with their keys.");
        }
        catch (Exception ex) when (ex is PipelineStoppedException || ex is InvalidOperationException || ex is NotImplementedException || ex is System.IO.IOException)
        {
            // A host that cannot write now: the session still holds the report.
        }
    }

    // Every outcome is recorded; accepted ones are written; errors are written (their TargetObject the outcome: phone,
    // text, sender and key, which bind back to Send-Sms) until a written error or a stop ends the command, after which
    // they are only in the report the terminating error carries.
    [MethodImpl(Optimization.Aggressive)]
    private void WriteOutcomes(IEnumerable<SmsSendOutcome> outcomes)
    {
        SmsSendOperation operation = Operation;
        foreach (SmsSendOutcome outcome in outcomes)
        {
            _report.Add(outcome);
            if (outcome.Result != null)
            {
                WriteObject(outcome.Result);
            }
            else if (_stoppedAt == null && !(outcome.IsUnresolved && operation.StopReason != null))
            {
                WriteOrStop(SendErrorRecords.From(outcome.Error!, outcome));
            }
        }

        FlushVerbose();
    }

    /// <summary>
    /// Writes a recipient's error. Under -ErrorAction Stop, WriteError would end the command at once and PowerShell would
    /// let nothing more be written (leaving the accepted recipients of requests in flight unreported). So the first error
    /// is not written: the command stops sending, writes what is known, and ends with that error, carrying the report.
    /// </summary>
    internal void WriteOrStop(ErrorRecord record)
    {
        if (_errorsStop)
        {
            _stoppedAt = record;
            Operation.Stop(new MySmppStoppedException(MyInvocation.MyCommand.Name + " stopped at an error (-ErrorAction Stop) before this recipient was sent."));
            return;
        }

        WriteError(record);
    }

    // -ErrorAction when given, else $ErrorActionPreference as the caller's scope sees it.
    private bool ErrorsStop() => Preference("ErrorAction", "ErrorActionPreference") is ActionPreference action && action == ActionPreference.Stop;

    // -WhatIf or $WhatIfPreference: nothing will be sent, so nothing is journaled.
    private bool WhatIfOnly()
    {
        object? whatIf = Preference("WhatIf", "WhatIfPreference");
        return whatIf is SwitchParameter whatIfSwitch ? whatIfSwitch.IsPresent : whatIf is bool on && on;
    }

    // Whether ShouldProcess could ask, refuse or print anything for a recipient: -WhatIf or $WhatIfPreference, -Confirm,
    // $ConfirmPreference at or below the command's impact (Medium), or -Verbose / $VerbosePreference (the "Performing the
    // operation" line). Anything unreadable counts as yes.
    private bool AsksEachRecipientNow()
    {
        object? whatIf = Preference("WhatIf", "WhatIfPreference");
        if (whatIf is SwitchParameter whatIfSwitch ? whatIfSwitch.IsPresent : !(whatIf is bool off) || off) return true;
        if (MyInvocation.BoundParameters.TryGetValue("Confirm", out object? confirm)) return !(confirm is SwitchParameter confirmSwitch) || confirmSwitch.IsPresent;
        if (!(Preference(null, "ConfirmPreference") is ConfirmImpact level) || (level != ConfirmImpact.None && level <= ConfirmImpact.Medium)) return true;
        object? verbose = Preference("Verbose", "VerbosePreference");
        return verbose is SwitchParameter verboseSwitch ? verboseSwitch.IsPresent : !(verbose is ActionPreference quiet) || quiet != ActionPreference.SilentlyContinue && quiet != ActionPreference.Ignore;
    }

    // A common parameter's value when given, else the preference variable as the caller's scope sees it, unwrapped and
    // converted to its enum when it is text ("Stop").
    private object? Preference(string? parameter, string variable)
    {
        object? value = parameter != null && MyInvocation.BoundParameters.TryGetValue(parameter, out object? bound) ? bound : GetVariableValue(variable);
        if (value is PSObject wrapped) value = wrapped.BaseObject;
        if (value is string text)
        {
            if (variable == "ConfirmPreference" && Enum.TryParse(text, true, out ConfirmImpact impact)) return impact;
            if (variable == "WhatIfPreference" && bool.TryParse(text, out bool flag)) return flag;
            if (Enum.TryParse(text, true, out ActionPreference action)) return action;
        }

        return value;
    }
}
