using System;
using MySmpp.Model;
using MySmpp.Sending;

namespace MySmpp.Journal;

/// <summary>
/// One recipient as the send journal holds it: what was sent (written before its request left), what the gateway
/// answered, and the last state <c>Sync-SmsJournal</c> stored. <see cref="Id"/> binds into <c>Get-SmsState</c> and
/// <c>Wait-SmsState</c> by property name. Made by a journal storage (<see cref="ISendJournal"/>); read-only to everyone else.
/// </summary>
public sealed class SmsJournalEntry
{
    /// <summary>The entry's number in its journal (the key <see cref="SendJournalOutcome"/> and <see cref="SendJournalStateUpdate"/> name).</summary>
    public long EntryId { get; internal set; }

    /// <summary>The gateway's message id (<c>id_sms</c>) once accepted; null before, when refused, or when an "already sent" answer did not repeat it.</summary>
    public long? Id { get; internal set; }

    /// <summary>The recipient, normalised (digits only).</summary>
    public string Phone { get; internal set; } = string.Empty;

    /// <summary>The idempotency key (<c>client_id_sms</c>) the recipient was sent with.</summary>
    public long ClientId { get; internal set; }

    /// <summary>When the recipient was written down, right before its request left (this computer's local time).</summary>
    public DateTime SentAt => DateTimeOffset.FromUnixTimeMilliseconds(SentAtUnixMilliseconds).LocalDateTime;

    /// <summary>The same instant as stored, in Unix milliseconds (UTC): the paging key, free of local-time ambiguity.</summary>
    internal long SentAtUnixMilliseconds { get; set; }

    /// <summary>Where the entry stands (never <see cref="SmsJournalStatus.Pending"/> or <see cref="SmsJournalStatus.Final"/>, which are filters).</summary>
    public SmsJournalStatus Status { get; internal set; }

    /// <summary>True when nothing more will change: refused, or a final state (<see cref="SendJournalRules.IsFinal"/>).</summary>
    public bool IsFinal { get; internal set; }

    /// <summary>The server's wall-clock time of the last status change, from the last sync.</summary>
    public DateTime? StatusTime { get; internal set; }

    /// <summary>The last state's status exactly as the gateway sent it (e.g. <c>deliver</c>).</summary>
    public string? RawStatus { get; internal set; }

    /// <summary>Number of parts: the last state's, else the send answer's.</summary>
    public int? Parts { get; internal set; }

    /// <summary>The price of one part, from the last state (JSON flavour).</summary>
    public decimal? PricePerPart { get; internal set; }

    /// <summary><see cref="Parts"/> × <see cref="PricePerPart"/> when both are known, else the price the send answer stated.</summary>
    public decimal? TotalCost { get; internal set; }

    /// <summary>The price the send answer stated (what <see cref="TotalCost"/> falls back to).</summary>
    internal decimal? SendPrice { get; set; }

    /// <summary>True when the gateway answered that a message with this key had already been sent.</summary>
    public bool AlreadySent { get; internal set; }

    /// <summary>Why it was refused or why its fate is unknown: a MySmpp ErrorId (e.g. <c>MySmpp.StopListed</c>, <c>MySmpp.Timeout</c>).</summary>
    public string? ErrorId { get; internal set; }

    /// <summary>The error's message (one line, no secret).</summary>
    public string? ErrorText { get; internal set; }

    /// <summary>When the gateway's answer was written down (local time), if it was.</summary>
    public DateTime? AnsweredAt { get; internal set; }

    /// <summary>When the last state was stored (local time), if one was.</summary>
    public DateTime? SyncedAt { get; internal set; }

    /// <summary>The channel: SMS, Viber, or Viber then SMS.</summary>
    public SmsChannel Channel { get; internal set; }

    /// <summary>The SMS sender name.</summary>
    public string? Sender { get; internal set; }

    /// <summary>The campaign name (<c>name_delivery</c>).</summary>
    public string? CampaignName { get; internal set; }

    /// <summary>
    /// The SMS text; null once the gateway's answer is known, unless the session keeps texts
    /// (<c>Connect-MySmpp -JournalKeepText</c>).
    /// </summary>
    public string? Text { get; internal set; }

    /// <summary>The Viber sender name.</summary>
    public string? ViberSender { get; internal set; }

    /// <summary>The Viber text; dropped with <see cref="Text"/>.</summary>
    public string? ViberText { get; internal set; }

    /// <summary>The Viber button's caption; dropped with <see cref="Text"/>.</summary>
    public string? ButtonText { get; internal set; }

    /// <summary>The Viber button's link; dropped with <see cref="Text"/>.</summary>
    public Uri? ButtonUrl { get; internal set; }

    /// <summary>The Viber image's link; dropped with <see cref="Text"/>.</summary>
    public Uri? ImageUrl { get; internal set; }

    /// <summary>True when Cyrillic was to be transliterated.</summary>
    public bool Transliterate { get; internal set; }

    /// <summary>The scheduled send time (<c>time_send</c>, the account's local time), if any.</summary>
    public DateTime? SendAt { get; internal set; }

    /// <summary>No delivery attempts after this time (<c>validity_period</c>), if set.</summary>
    public DateTime? ValidUntil { get; internal set; }

    /// <summary>The sending command's run id.</summary>
    public Guid RunId { get; internal set; }

    /// <summary>The run's job name (<c>Send-Sms -JobName</c>), if it had one.</summary>
    public string? JobName { get; internal set; }

    /// <summary>The recipient's position in the sending command's input.</summary>
    public long Position { get; internal set; }

    /// <summary>
    /// The message as it was sent, with its key, to send it again (<c>Resume-SmsSend</c>): the gateway's de-duplication turns
    /// what had gone out into "already sent". Null when the texts were dropped (the gateway's answer was known).
    /// </summary>
    public SmsMessage? ToMessage()
    {
        if (Text == null && ViberText == null) return null;
        return new SmsMessage
        {
            Phone = Phone,
            Text = Text,
            Sender = Sender,
            ClientId = ClientId,
            SendAt = SendAt,
            ValidUntil = ValidUntil,
            Channel = Channel,
            ViberSender = ViberSender,
            ViberText = ViberText,
            ButtonText = ButtonText,
            ButtonUrl = ButtonUrl,
            ImageUrl = ImageUrl,
            CampaignName = CampaignName,
            Transliterate = Transliterate,
        };
    }

    /// <summary>A copy of this entry with the state of <paramref name="update"/> (what the journal now holds for it after <see cref="ISendJournal.RecordStates"/>).</summary>
    /// <exception cref="ArgumentException">The update is for another entry.</exception>
    public SmsJournalEntry WithState(SendJournalStateUpdate update)
    {
        if (update == null) throw new ArgumentNullException(nameof(update));
        if (update.EntryId != EntryId) throw new ArgumentException("The update is for entry " + update.EntryId + ", not " + EntryId + ".", nameof(update));
        var copy = (SmsJournalEntry)MemberwiseClone();
        SmsState state = update.State;
        copy.Status = SendJournalRules.StatusOf(AlreadySent ? SendJournalOutcomeKind.AlreadySent : SendJournalOutcomeKind.Accepted, state.Status);
        copy.IsFinal = update.IsFinal;
        copy.RawStatus = state.RawStatus;
        copy.StatusTime = state.StatusTime;
        copy.Parts = state.Parts ?? Parts;
        copy.PricePerPart = state.PricePerPart;
        copy.TotalCost = copy.Parts.HasValue && state.PricePerPart.HasValue ? copy.Parts.Value * state.PricePerPart.Value : SendPrice;
        copy.SyncedAt = update.SyncedAt.LocalDateTime;
        return copy;
    }

    /// <summary>For example <c>79001110001 (key 500001): Delivered as 1000123</c>.</summary>
    public override string ToString() =>
        Phone + " (key " + ClientId.ToString(System.Globalization.CultureInfo.InvariantCulture) + "): " + Status
        + (Id.HasValue ? " as " + Id.Value.ToString(System.Globalization.CultureInfo.InvariantCulture) : string.Empty)
        + (ErrorId != null ? " (" + ErrorId + ")" : string.Empty);
}
