using System;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;

namespace MySmpp.Commands;

/// <summary>
/// <c>Send-Sms</c>: sends one message per recipient (per phone, per pipeline object), batched into few requests with
/// several in flight, and writes one <see cref="SmsSendResult"/> per accepted recipient in input order. Every recipient
/// carries an idempotency key (<c>-ClientId</c> or a generated one), so a lost answer is retried without sending twice
/// and a re-run with the same keys reports AlreadySent instead of sending again.
/// </summary>
[Cmdlet(VerbsCommunications.Send, "Sms", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(SmsSendResult))]
public sealed class SendSmsCommand : MySmppCmdlet
{
    private readonly HashSet<string> _senderChecked = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
    private MySmppSession? _session;
    private SmsSendOperation? _operation;

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

    /// <summary>Send later (the account's local time).</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public DateTime? SendAt { get; set; }

    /// <summary>No delivery attempts after this time.</summary>
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

    /// <summary>The session to use instead of the default one.</summary>
    [Parameter]
    public MySmppSession? Session { get; set; }

    /// <inheritdoc />
    protected override void BeginProcessing()
    {
        _session = ResolveSession(Session);
        try
        {
            _operation = Owns(_session.Client.StartSend(new SmsSendOptions { Log = LogSink }, StopToken));
        }
        catch (ObjectDisposedException)
        {
            ThrowDisconnected(_session);
        }
    }

    // Disconnect-MySmpp (from any runspace) while this command runs: the outcomes already known were written.
    private const string DisconnectedWhileSending = "The MySmpp session was disconnected while Send-Sms was running; run Connect-MySmpp again. "
        + "Recipients not reported above may or may not have been sent: send them again with the same -ClientId, which is safe.";

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        SmsSendOperation operation = _operation!;
        long[] keys = ClientId ?? Array.Empty<long>();
        if (keys.Length != 0 && keys.Length != Phone.Length)
        {
            string message = string.Format(CultureInfo.InvariantCulture, "-ClientId has {0} value(s) for {1} phone number(s); give one key per phone, or none.", keys.Length, Phone.Length);
            WriteError(ErrorRecords.InvalidArgumentError(new ArgumentException(message, nameof(ClientId)), Phone));
            return;
        }

        try
        {
            Stoppable(() =>
            {
                for (int i = 0; i < Phone.Length; i++)
                {
                    SmsMessage message = Describe(Phone[i], keys.Length == 0 ? (long?)null : keys[i]);
                    if (!ShouldProcess(Phone[i], Action(message))) continue;
                    WarnAboutSender(message);
                    operation.Add(message);
                    WriteOutcomes(operation.TakeCompleted());
                }
            });
        }
        catch (ObjectDisposedException)
        {
            ThrowDisconnected(_session!, DisconnectedWhileSending);
        }

        FlushVerbose();
    }

    /// <inheritdoc />
    protected override void EndProcessing()
    {
        SmsSendOperation operation = _operation!;
        try
        {
            Stoppable(() => WriteOutcomes(operation.Finish()));
        }
        catch (ObjectDisposedException)
        {
            ThrowDisconnected(_session!, DisconnectedWhileSending);
        }

        SendStatistics stats = operation.Statistics;
        FlushVerbose();
        WriteVerbose(string.Format(CultureInfo.InvariantCulture, "MySmpp: {0} recipients in {1} batches, {2} requests, {3} retries.", stats.Recipients, stats.Batches, stats.Requests, stats.Retries));
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

    // Once per sender name per command, and only when something is really about to be sent (never under -WhatIf).
    private void WarnAboutSender(SmsMessage message)
    {
        string? sender = message.Channel == SmsChannel.Viber ? null : message.Sender;
        if (string.IsNullOrEmpty(sender) || !_senderChecked.Add(sender!)) return;
        try
        {
            SenderNameList names = SenderNameCache.Get(_session!, _session!.RequestTimeout, LogSink, StopToken);
            if (!names.IsUsable(sender!))
            {
                SenderName? known = null;
                foreach (SenderName name in names.Names)
                {
                    if (string.Equals(name.Name, sender, StringComparison.OrdinalIgnoreCase)) known = name;
                }

                WriteWarning(known == null
                    ? "The sender name '" + sender + "' is not among the account's sender names (Get-MySmppSender); the gateway will likely refuse these messages (MySmpp.SenderNotAllowed)."
                    : "The sender name '" + sender + "' is " + known.State + ", not Approved; the gateway will likely refuse these messages (MySmpp.SenderNotAllowed).");
            }
        }
        catch (Exception ex) when (ex is MySmppException || ex is OperationCanceledException)
        {
            WriteVerbose("MySmpp: could not check the sender name (" + ex.Message + "); sending anyway.");
        }
    }

    private void WriteOutcomes(IEnumerable<SmsSendOutcome> outcomes)
    {
        foreach (SmsSendOutcome outcome in outcomes)
        {
            if (outcome.Result != null)
            {
                WriteObject(outcome.Result);
                continue;
            }

            MySmppException error = outcome.Error!;
            if (error.IsSessionFatal)
            {
                FlushVerbose();
                ThrowTerminatingError(SendErrorRecords.From(error, outcome.Phone));
            }

            WriteError(SendErrorRecords.From(error, outcome.Phone));
        }

        FlushVerbose();
    }
}
