using System;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;
using System.Runtime.CompilerServices;

namespace MySmpp.Commands;

/// <summary>
/// <c>Send-Sms</c>: sends one message per recipient (per phone, per pipeline object), batched into few requests with
/// several in flight, and writes one <see cref="SmsSendResult"/> per accepted recipient in input order. Every recipient
/// carries an idempotency key (<c>-ClientId</c> or a generated one), so a lost answer is retried without sending twice
/// and a re-run with the same keys reports AlreadySent instead of sending again.
/// </summary>
/// <remarks>
/// Whatever ends the command, every recipient it received is accounted for: each accepted message is written before any
/// terminating error, and when the command ends early (a locked account, a disconnected session, a refusal under
/// <c>-ErrorAction Stop</c>) the terminating error's <c>TargetObject</c> is the <see cref="SmsSendReport"/> of every
/// recipient, the ones to send again (with their keys) among them. After Ctrl+C, which lets nothing more be written,
/// the report is kept as the session's <c>LastIncompleteSend</c>.
/// </remarks>
[Cmdlet(VerbsCommunications.Send, "Sms", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, HelpUri = HelpLinks.Pages + "Send-Sms.md")]
[OutputType(typeof(SmsSendResult))]
public sealed class SendSmsCommand : MySmppCmdlet
{
    private readonly HashSet<string> _senderChecked = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
    private readonly SmsSendReport _report = new SmsSendReport();
    private MySmppSession? _session;
    private SmsSendOperation? _operation;
    private SendRulePlanner? _rules;
    private Action? _addRecipients;

    // Set when a recipient's error stopped the command (-ErrorAction Stop): the error it stopped at.
    private ErrorRecord? _stoppedAt;

    // True when errors stop the command (-ErrorAction Stop, or $ErrorActionPreference = 'Stop').
    private bool _errorsStop;

    // Set just before the command's own terminating error, which PowerShell throws on as PipelineStoppedException.
    private bool _ending;

    // False when no recipient can be asked about or shown (no -WhatIf, no -Confirm, no confirmation at this command's
    // impact, no -Verbose): ShouldProcess would then say yes and print nothing, at the cost of formatting a resource
    // string for every one of 10,000 recipients.
    private bool _asksEachRecipient = true;

    /// <summary>The recipients' phone numbers.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("PhoneNumber", "MobilePhone")]
    [AllowEmptyString]
    public string[] Phone { get; set; } = Array.Empty<string>();

    /// <summary>The SMS text.</summary>
    [Parameter(Position = 1, ValueFromPipelineByPropertyName = true)]
    [Alias("Message")]
    public string? Text { get; set; }

    /// <summary>The SMS sender name (an approved name of the account; completes from Get-MySmppSender).</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(SenderNameCompleter))]
    public string? Sender { get; set; }

    /// <summary>Idempotency keys (<c>client_id_sms</c>), one per phone; generated when not given.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("client_id_sms")]
    [ClientIdTransformation]
    public long[]? ClientId { get; set; }

    /// <summary>Send later: a local or UTC time is sent as the same instant in the account's time.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public DateTime? SendAt { get; set; }

    /// <summary>No delivery attempts after this time (converted like <see cref="SendAt"/>).</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public DateTime? ValidUntil { get; set; }

    /// <summary>Sms (default), Viber, or ViberThenSms.</summary>
    [Parameter]
    public SmsChannel Channel { get; set; } = SmsChannel.Sms;

    /// <summary>The Viber sender name (defaults to -Sender).</summary>
    [Parameter]
    public string? ViberSender { get; set; }

    /// <summary>The Viber text (defaults to -Text; up to 1000 characters).</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? ViberText { get; set; }

    /// <summary>The Viber button's caption (up to 19 characters).</summary>
    [Parameter]
    public string? ButtonText { get; set; }

    /// <summary>The Viber button's link.</summary>
    [Parameter]
    public Uri? ButtonUrl { get; set; }

    /// <summary>The Viber image's link (needs a button).</summary>
    [Parameter]
    public Uri? ImageUrl { get; set; }

    /// <summary>The campaign name shown in the account's statistics.</summary>
    [Parameter]
    public string? CampaignName { get; set; }

    /// <summary>Transliterate Cyrillic.</summary>
    [Parameter]
    public SwitchParameter Transliterate { get; set; }

    /// <summary>
    /// The most this command may spend, estimated before each recipient is sent: the recipients that would take it over
    /// are refused (MySmpp.SpendCapExceeded), as are those without a known price (MySmpp.PriceUnknown).
    /// </summary>
    [Parameter]
    [ValidateRange(0.0, double.MaxValue)]
    public decimal? MaxTotalCost { get; set; }

    /// <summary>Quiet hours in each recipient's local time, e.g. 21:00-09:00: a recipient inside them is scheduled for their end.</summary>
    [Parameter]
    public QuietHoursWindow? QuietHours { get; set; }

    /// <summary>The session to use instead of the default one.</summary>
    [Parameter]
    public MySmppSession? Session { get; set; }

    /// <inheritdoc />
    protected override void BeginProcessing()
    {
        MySmppSession session = ResolveSession(Session);
        _session = session;
        _errorsStop = ErrorsStop();
        _asksEachRecipient = AsksEachRecipient();
        _operation = Owns(Stoppable(() => session.Client.StartSend(new SmsSendOptions { Log = LogSink }, StopToken)));
        _rules = new SendRulePlanner(session.Client, _operation, new SmsSendRules { MaxTotalCost = MaxTotalCost, QuietHours = QuietHours, Log = LogSink }, StopToken);
    }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        Guarded(_addRecipients ??= AddRecipients);
    }

    // This record's recipients into the operation, and out what is already answered. A method of its own, compiled
    // optimised at once: a command runs it once per record, so tiered compilation would leave a 10,000-phone loop in
    // unoptimised code for the whole of a runbook's one call.
    [MethodImpl(Optimization.Aggressive)]
    private void AddRecipients()
    {
        SmsSendOperation operation = _operation!;
        long[] keys = ClientId ?? Array.Empty<long>();
        if (keys.Length != 0 && keys.Length != Phone.Length)
        {
            string message = string.Format(CultureInfo.InvariantCulture, "-ClientId has {0} value(s) for {1} phone number(s); give one key per phone, or none. Nothing of this input was sent.", keys.Length, Phone.Length);
            WriteOrStop(ErrorRecords.InvalidArgumentError(new ArgumentException(message, nameof(ClientId)), Phone));
            return;
        }

        // The same text and sender for every phone of this record: what -WhatIf and -Confirm show is made once.
        string? action = _asksEachRecipient && Phone.Length > 0 ? Action(Describe(string.Empty, null)) : null;
        for (int i = 0; i < Phone.Length && !IsEnding(operation); i++)
        {
            SmsMessage message = Describe(Phone[i], keys.Length == 0 ? (long?)null : keys[i]);
            if (action != null && !ShouldProcess(Phone[i], action)) continue;
            WarnAboutSender(message, operation);
            _rules!.Add(message);
            WriteOutcomes(operation.TakeCompleted());
        }

        if (IsEnding(operation)) EndEarly(operation);
        FlushVerbose();
    }

    /// <inheritdoc />
    protected override void EndProcessing()
    {
        SmsSendOperation operation = _operation!;
        Guarded(() =>
        {
            WriteOutcomes(Finish(operation));
            if (IsEnding(operation)) EndEarly(operation);
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

    private static string Count(long n, string noun) =>
        n.ToString(CultureInfo.InvariantCulture) + " " + (n == 1 ? noun : noun.EndsWith("ch", StringComparison.Ordinal) ? noun + "es" : noun.EndsWith("y", StringComparison.Ordinal) ? noun.Substring(0, noun.Length - 1) + "ies" : noun + "s");

    // The recipients the sending rules still hold go to the operation first (planned, or not sent once it stopped).
    private IEnumerable<SmsSendOutcome> Finish(SmsSendOperation operation)
    {
        _rules!.Finish();
        return operation.Finish();
    }

    // The command ends early once a written error asked it to (-ErrorAction Stop) or the operation stopped sending for
    // a reason that holds for every later recipient (a locked account, a disconnected session).
    private bool IsEnding(SmsSendOperation operation) => _stoppedAt != null || operation.StopReason != null;

    // Runs a step of the command; when PowerShell stops the pipeline (Ctrl+C), what could no longer be written is kept
    // as the session's LastIncompleteSend and named on the host, then the stop goes on.
    private void Guarded(Action step)
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

    private void KeepAfterStop()
    {
        SmsSendOperation operation = _operation!;
        operation.Cancel();
        foreach (SmsSendOutcome outcome in Finish(operation)) _report.Add(outcome);
        if (_report.Outcomes.Count == 0) return;
        _report.StopReason = operation.StopReason;
        _session!.LastIncompleteSend = _report;
        try
        {
            Host?.UI?.WriteWarningLine("Send-Sms was stopped: " + _report.Summary + ". (Get-MySmppSession).LastIncompleteSend lists every recipient; send its Unresolved ones again with their keys.");
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
        SmsSendOperation operation = _operation!;
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

    // Under -ErrorAction Stop, WriteError would end the command at once and PowerShell would let nothing more be
    // written (leaving the accepted recipients of requests in flight unreported). So the first error is not written:
    // the command stops sending, writes what is known, and ends with that error, carrying the report.
    private void WriteOrStop(ErrorRecord record)
    {
        if (_errorsStop)
        {
            _stoppedAt = record;
            _operation!.Stop(new MySmppStoppedException("Send-Sms stopped at an error (-ErrorAction Stop) before this recipient was sent."));
            return;
        }

        WriteError(record);
    }

    // -ErrorAction when given, else $ErrorActionPreference as the caller's scope sees it.
    private bool ErrorsStop() => Preference("ErrorAction", "ErrorActionPreference") is ActionPreference action && action == ActionPreference.Stop;

    // Whether ShouldProcess could ask, refuse or print anything for a recipient: -WhatIf or $WhatIfPreference, -Confirm,
    // $ConfirmPreference at or below this command's impact (Medium), or -Verbose / $VerbosePreference (the "Performing the
    // operation" line). Anything unreadable counts as yes.
    private bool AsksEachRecipient()
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

    // Drains the operation (requests in flight finish; nothing more is sent), writes the accepted messages, and ends
    // with one terminating error whose TargetObject is the report of every recipient.
    private void EndEarly(SmsSendOperation operation)
    {
        WriteOutcomes(Finish(operation));
        MySmppException? reason = operation.StopReason;
        _report.StopReason = _stoppedAt?.Exception as MySmppException ?? reason;
        if (_stoppedAt == null && _report.Unresolved.Count == 0)
        {
            // The fatal answer came on the last request: every recipient has its outcome, already written.
            return;
        }

        _session!.LastIncompleteSend = _report;
        FlushVerbose();
        _ending = true;
        ThrowTerminatingError(SendErrorRecords.Incomplete(_stoppedAt, reason, _report));
    }

    /// <inheritdoc />
    protected override string DisconnectedMessage(MySmppDisconnectedException error) =>
        "The MySmpp session was disconnected while Send-Sms was running; run Connect-MySmpp again. " + _report.Summary + " so far.";

    private SmsMessage Describe(string phone, long? clientId) => new SmsMessage
    {
        Phone = phone ?? string.Empty,
        Text = Text,
        Sender = Sender,
        ClientId = clientId,
        SendAt = SendAt,
        ValidUntil = ValidUntil,
        Channel = Channel,
        ViberSender = ViberSender,
        ViberText = ViberText,
        ButtonText = ButtonText,
        ButtonUrl = ButtonUrl,
        ImageUrl = ImageUrl,
        CampaignName = CampaignName,
        Transliterate = Transliterate.IsPresent,
    };

    // What -WhatIf and -Confirm show: the channel, the sender and the start of the text (one line).
    private static string Action(SmsMessage message)
    {
        string text = (message.Channel == SmsChannel.Viber ? message.ViberText ?? message.Text : message.Text) ?? string.Empty;
        string oneLine = text.Replace("\r", " ").Replace("\n", " ");
        string channel = message.Channel == SmsChannel.Sms ? "SMS" : message.Channel == SmsChannel.Viber ? "Viber message" : "Viber message (SMS fallback)";
        string from = string.IsNullOrEmpty(message.Sender) ? string.Empty : " from '" + message.Sender + "'";
        return "Send " + channel + from + ": '" + (oneLine.Length <= 60 ? oneLine : oneLine.Substring(0, 60) + "…") + "'";
    }

    // Once per sender name per command, and only when something is really about to be sent (never under -WhatIf). The
    // check is advisory: one attempt of a few seconds within the command's time limit; a gateway that does not answer it
    // is warned about and the message is sent anyway.
    private void WarnAboutSender(SmsMessage message, SmsSendOperation operation)
    {
        string? sender = message.Channel == SmsChannel.Viber ? null : message.Sender;
        if (string.IsNullOrEmpty(sender) || !_senderChecked.Add(sender!)) return;
        try
        {
            SenderNameList names = SenderNameCache.Get(_session!, operation.TimeLeft, LogSink, StopToken);
            if (!names.IsUsable(sender!))
            {
                SenderName? known = null;
                foreach (SenderName name in names.Names)
                {
                    if (string.Equals(name.Value, sender, StringComparison.OrdinalIgnoreCase)) known = name;
                }

                WriteWarning(known == null
                    ? "The sender name '" + sender + "' is not among the account's sender names (Get-MySmppSender); the gateway will likely refuse these messages (MySmpp.SenderNotAllowed)."
                    : "The sender name '" + sender + "' is " + known.State + ", not Approved; the gateway will likely refuse these messages (MySmpp.SenderNotAllowed).");
            }
        }
        catch (MySmppException ex) when (!(ex is MySmppDisconnectedException))
        {
            WriteWarning("MySmpp: could not check the sender name '" + sender + "' (" + ex.Message + "); sending anyway.");
        }
        catch (OperationCanceledException) when (!StopToken.IsCancellationRequested)
        {
            WriteWarning("MySmpp: could not check the sender name '" + sender + "' in time; sending anyway.");
        }
    }
}
