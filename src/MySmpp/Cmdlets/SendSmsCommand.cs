using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Runtime.CompilerServices;
using MySmpp.Account;
using MySmpp.Errors;
using MySmpp.Sending;
using MySmpp.Spending;

namespace MySmpp.Commands.Cmdlets;

/// <summary>
/// <c>Send-Sms</c>: sends one message per recipient (per phone, per pipeline object), batched into few requests with
/// several in flight, and writes one <see cref="SmsSendResult"/> per accepted recipient in input order. Every recipient
/// carries an idempotency key (<c>-ClientId</c> or a generated one), so a lost answer is retried without sending twice
/// and a re-run with the same keys reports AlreadySent instead of sending again.
/// </summary>
/// <remarks>
/// Every recipient is written to the session's send journal before its request leaves (see <see cref="SendingCmdlet"/>
/// for what happens when the command ends early). With <c>-JobName</c> the command is a restartable job: run again after
/// a crash, it reuses the keys of the rows an earlier run reached, so nothing goes out twice.
/// </remarks>
[Cmdlet(VerbsCommunications.Send, "Sms", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, HelpUri = HelpLinks.Pages + "Send-Sms.md")]
[OutputType(typeof(SmsSendResult))]
public sealed class SendSmsCommand : SendingCmdlet
{
    private readonly HashSet<string> _senderChecked = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
    private Action? _addRecipients;

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

    /// <summary>
    /// Makes the command a restartable job of this name (in the session's send journal): run again with the same name after
    /// a crash or a stop, it sends every row an earlier run reached with the key it had, and only the rest with new keys.
    /// </summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ValidateLength(1, 200)]
    public string? JobName { get; set; }

    /// <summary>The session to use instead of the default one.</summary>
    [Parameter]
    public MySmppSession? Session { get; set; }

    /// <inheritdoc />
    protected override void BeginProcessing()
    {
        if (JobName != null && (JobName.Trim().Length == 0 || JobName.Any(char.IsControl)))
        {
            ThrowTerminatingError(ErrorRecords.InvalidArgumentError(new ArgumentException("-JobName: a job name must have a visible character and no control characters.", nameof(JobName)), JobName));
        }

        StartSending(Session, JobName, needsJournal: JobName != null, new SmsSendRules { MaxTotalCost = MaxTotalCost, QuietHours = QuietHours, Log = LogSink });
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
        SmsSendOperation operation = Operation;
        long[] keys = ClientId ?? Array.Empty<long>();
        if (keys.Length != 0 && keys.Length != Phone.Length)
        {
            string message = string.Format(CultureInfo.InvariantCulture, "-ClientId has {0} value(s) for {1} phone number(s); give one key per phone, or none. Nothing of this input was sent.", keys.Length, Phone.Length);
            WriteOrStop(ErrorRecords.InvalidArgumentError(new ArgumentException(message, nameof(ClientId)), Phone));
            SkipRows(Phone.Length);
            return;
        }

        // The same text and sender for every phone of this record: what -WhatIf and -Confirm show is made once.
        string? action = AsksEachRecipient && Phone.Length > 0 ? Action(Describe(string.Empty, null)) : null;
        for (int i = 0; i < Phone.Length && !IsEnding; i++)
        {
            SmsMessage message = Describe(Phone[i], keys.Length == 0 ? (long?)null : keys[i]);
            if (action != null && !ShouldProcess(Phone[i], action))
            {
                SkipRows(1);
                continue;
            }

            WarnAboutSender(message, operation);
            Add(message);
        }

        if (IsEnding) EndEarly();
        FlushVerbose();
    }

    /// <inheritdoc />
    protected override void EndProcessing()
    {
        FinishSending();
    }

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
            SenderNameList names = SenderNameCache.Get(SendingSession, operation.TimeLeft, LogSink, StopToken);
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
