using System;

namespace MySmpp;

/// <summary>
/// One message to one recipient, as the caller describes it. <see cref="SmsSendOperation.Add"/> checks
/// it against the gateway's documented limits (<see cref="SmsMessageRules"/>) before anything is sent.
/// </summary>
public sealed class SmsMessage
{
    /// <summary>The recipient as typed: spaces, dashes, brackets and a leading '+' are removed before sending.</summary>
    public string Phone { get; set; } = string.Empty;

    /// <summary>The SMS text (also the Viber text when <see cref="ViberText"/> is not given).</summary>
    public string? Text { get; set; }

    /// <summary>The SMS sender name (an approved name of the account).</summary>
    public string? Sender { get; set; }

    /// <summary>
    /// The idempotency key (<c>client_id_sms</c>); null lets the operation generate a unique one, which is
    /// reported on the result so a re-run can pass it back.
    /// </summary>
    public long? ClientId { get; set; }

    /// <summary>Send later (<c>time_send</c>, the account's local time).</summary>
    public DateTime? SendAt { get; set; }

    /// <summary>No delivery attempts after this time (<c>validity_period</c>).</summary>
    public DateTime? ValidUntil { get; set; }

    /// <summary>SMS, Viber, or Viber with SMS as the fallback.</summary>
    public SmsChannel Channel { get; set; } = SmsChannel.Sms;

    /// <summary>The Viber sender name.</summary>
    public string? ViberSender { get; set; }

    /// <summary>The Viber text (up to 1000 characters).</summary>
    public string? ViberText { get; set; }

    /// <summary>The Viber button's caption (up to 19 characters).</summary>
    public string? ButtonText { get; set; }

    /// <summary>The Viber button's link.</summary>
    public Uri? ButtonUrl { get; set; }

    /// <summary>The Viber image's link (needs a button).</summary>
    public Uri? ImageUrl { get; set; }

    /// <summary>The campaign name shown in the account's statistics (<c>name_delivery</c>).</summary>
    public string? CampaignName { get; set; }

    /// <summary>Transliterate Cyrillic (<c>translite</c>).</summary>
    public bool Transliterate { get; set; }

    /// <summary>A shallow copy.</summary>
    public SmsMessage Clone() => (SmsMessage)MemberwiseClone();
}
