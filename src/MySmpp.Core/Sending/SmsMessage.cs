using System;

namespace MySmpp.Sending;

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

    /// <summary>
    /// True when every field but the phone and the key is the same (strings compared ordinally): recipients whose
    /// messages agree share one <c>&lt;message&gt;</c> of a request, and two rows of one command with one key are the
    /// same message only when these and their phones agree.
    /// </summary>
    internal bool SameContent(SmsMessage other) =>
        Channel == other.Channel && Transliterate == other.Transliterate && SendAt == other.SendAt && ValidUntil == other.ValidUntil
        && Same(Text, other.Text) && Same(Sender, other.Sender) && Same(ViberSender, other.ViberSender) && Same(ViberText, other.ViberText)
        && Same(ButtonText, other.ButtonText) && Same(CampaignName, other.CampaignName)
        && Same(ButtonUrl?.AbsoluteUri, other.ButtonUrl?.AbsoluteUri) && Same(ImageUrl?.AbsoluteUri, other.ImageUrl?.AbsoluteUri);

    /// <summary>A 64-bit FNV-1a hash of the fields <see cref="SameContent"/> compares, and of <paramref name="phone"/>.</summary>
    internal ulong ContentHash(string phone)
    {
        ulong hash = 14695981039346656037UL;
        Mix(ref hash, phone);
        Mix(ref hash, Text);
        Mix(ref hash, Sender);
        Mix(ref hash, ViberSender);
        Mix(ref hash, ViberText);
        Mix(ref hash, ButtonText);
        Mix(ref hash, CampaignName);
        Mix(ref hash, ButtonUrl?.AbsoluteUri);
        Mix(ref hash, ImageUrl?.AbsoluteUri);
        Mix(ref hash, (ulong)Channel + (Transliterate ? 16UL : 0UL));
        Mix(ref hash, SendAt.HasValue ? (ulong)SendAt.Value.Ticks : ulong.MaxValue);
        Mix(ref hash, ValidUntil.HasValue ? (ulong)ValidUntil.Value.Ticks : ulong.MaxValue);
        return hash;
    }

    private static bool Same(string? a, string? b) => string.Equals(a, b, StringComparison.Ordinal);

    // Each field ends with a marker no character equals, so ("ab", "c") and ("a", "bc") differ; null differs from "".
    private static void Mix(ref ulong hash, string? text)
    {
        if (text == null)
        {
            Mix(ref hash, 0x10001UL);
            return;
        }

        foreach (char c in text) hash = (hash ^ c) * 1099511628211UL;
        Mix(ref hash, 0x10000UL);
    }

    private static void Mix(ref ulong hash, ulong value)
    {
        for (int i = 0; i < 8; i++)
        {
            hash = (hash ^ (value & 0xFF)) * 1099511628211UL;
            value >>= 8;
        }
    }
}
