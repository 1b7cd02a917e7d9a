using System;
using MySmpp.Errors;

namespace MySmpp.Sending;

/// <summary>The documented limits of a message, checked before sending so a refusal names the field.</summary>
public static class SmsMessageRules
{
    /// <summary>Longest alphanumeric sender name.</summary>
    public const int MaxAlphanumericSender = 11;

    /// <summary>Longest numeric sender name.</summary>
    public const int MaxNumericSender = 15;

    /// <summary>Longest Viber text.</summary>
    public const int MaxViberText = 1000;

    /// <summary>Longest Viber button caption.</summary>
    public const int MaxButtonText = 19;

    /// <summary>
    /// Longest campaign name (<c>name_delivery</c>). The platform documents no limit; this bound keeps one pasted
    /// paragraph from riding along on every request.
    /// </summary>
    public const int MaxCampaignName = 255;

    /// <summary>The punctuation the platform allows in an alphanumeric sender name besides spaces (platform-api.md 7.6).</summary>
    public const string SenderPunctuation = "'?><,.-_=+/\"!@#$%^&*()";

    /// <summary>
    /// Checks a sender name as the platform does (platform-api.md 7.6): up to 11 characters of Latin letters, digits,
    /// spaces and <c>'?&gt;&lt;,.-_=+/"!@#$%^&amp;*()</c>, or up to 15 digits. A name of spaces only is refused.
    /// </summary>
    public static bool IsValidSender(string? sender, out string problem)
    {
        problem = string.Empty;
        if (string.IsNullOrWhiteSpace(sender))
        {
            problem = "The sender name is missing: every SMS needs one of the account's approved sender names.";
            return false;
        }

        bool allDigits = true;
        foreach (char c in sender!)
        {
            bool digit = c >= '0' && c <= '9';
            bool allowed = digit || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == ' ' || SenderPunctuation.IndexOf(c) >= 0;
            if (!allowed)
            {
                problem = "The sender name '" + MessageText.Shorten(sender, 20) + "' may contain only Latin letters, digits, spaces and " + SenderPunctuation + " (it has '" + MessageText.Shorten(c.ToString(), 4) + "').";
                return false;
            }

            allDigits &= digit;
        }

        int max = allDigits ? MaxNumericSender : MaxAlphanumericSender;
        if (sender.Length > max)
        {
            problem = "The sender name '" + MessageText.Shorten(sender, 20) + "' has " + sender.Length + " characters; the gateway allows "
                + MaxAlphanumericSender + " for names with letters and " + MaxNumericSender + " for numbers.";
            return false;
        }

        return true;
    }

    /// <summary>
    /// Checks everything but the phone (see <see cref="PhoneNumber"/>). Returns null when the message may be sent, else
    /// the reason, with the field it is about in <paramref name="field"/> (the reason names it in words, never as a
    /// caller's parameter: a caller adds its own name for the field).
    /// </summary>
    public static string? Check(SmsMessage message, out SmsMessageField field)
    {
        if (message == null) throw new ArgumentNullException(nameof(message));
        (SmsMessageField Field, string Problem)? found = Find(message);
        field = found?.Field ?? SmsMessageField.None;
        return found?.Problem;
    }

    private static (SmsMessageField Field, string Problem)? Find(SmsMessage message)
    {
        bool sms = message.Channel != SmsChannel.Viber;
        bool viber = message.Channel != SmsChannel.Sms;

        // Characters no XML document may carry (a cut emoji's lone surrogate, U+FFFE, a control character) would fail the
        // whole request they ride in; found here, they fail only their own recipient, naming the field.
        var unwritable = Unwritable(SmsMessageField.Text, "the text", message.Text) ?? Unwritable(SmsMessageField.ViberText, "the Viber text", message.ViberText)
            ?? Unwritable(SmsMessageField.ButtonText, "the button's caption", message.ButtonText) ?? Unwritable(SmsMessageField.CampaignName, "the campaign name", message.CampaignName)
            ?? Unwritable(SmsMessageField.Sender, "the sender name", message.Sender) ?? Unwritable(SmsMessageField.ViberSender, "the Viber sender name", message.ViberSender);
        if (unwritable != null) return unwritable;
        if (sms && string.IsNullOrEmpty(message.Text)) return (SmsMessageField.Text, "An SMS needs a text.");
        if (!sms && string.IsNullOrEmpty(message.Text) && string.IsNullOrEmpty(message.ViberText)) return (SmsMessageField.ViberText, "A Viber message needs a text (its Viber text, or the SMS text).");
        if (sms && !IsValidSender(message.Sender, out string problem)) return (SmsMessageField.Sender, problem);
        if (message.ClientId.HasValue && message.ClientId.Value <= 0) return (SmsMessageField.ClientId, "The client id (client_id_sms) must be a positive integer.");
        if (message.SendAt.HasValue && message.ValidUntil.HasValue && message.ValidUntil.Value <= message.SendAt.Value) return (SmsMessageField.ValidUntil, "The end of validity must be after the scheduled time.");
        if (message.CampaignName != null && message.CampaignName.Length > MaxCampaignName) return (SmsMessageField.CampaignName, "The campaign name has " + message.CampaignName.Length + " characters; at most " + MaxCampaignName + " are sent.");
        if (viber)
        {
            if (string.IsNullOrEmpty(message.ViberSender) && string.IsNullOrEmpty(message.Sender)) return (SmsMessageField.ViberSender, "A Viber message needs a sender name.");
            if (!string.IsNullOrEmpty(message.ViberSender) && !IsValidSender(message.ViberSender, out string viberProblem)) return (SmsMessageField.ViberSender, viberProblem);
            if (!sms && string.IsNullOrEmpty(message.ViberSender) && !IsValidSender(message.Sender, out string fallbackProblem)) return (SmsMessageField.Sender, fallbackProblem);
            string viberText = message.ViberText ?? message.Text ?? string.Empty;
            if (viberText.Length > MaxViberText) return (SmsMessageField.ViberText, "The Viber text has " + viberText.Length + " characters; Viber allows " + MaxViberText + ".");
            if (message.ButtonText != null && message.ButtonText.Length > MaxButtonText) return (SmsMessageField.ButtonText, "The button's caption has " + message.ButtonText.Length + " characters; Viber allows " + MaxButtonText + ".");
            if ((message.ButtonText == null) != (message.ButtonUrl == null)) return (message.ButtonText == null ? SmsMessageField.ButtonText : SmsMessageField.ButtonUrl, "A Viber button needs both its caption and its link.");
            if (message.ImageUrl != null && message.ButtonText == null) return (SmsMessageField.ImageUrl, "Viber shows an image only with a button (a caption and a link).");
            if (!IsWebLink(message.ButtonUrl)) return (SmsMessageField.ButtonUrl, "The button's link must be an absolute http or https address.");
            if (!IsWebLink(message.ImageUrl)) return (SmsMessageField.ImageUrl, "The image's address must be an absolute http or https address.");
        }
        else if (message.ViberText != null || message.ViberSender != null || message.ButtonText != null || message.ButtonUrl != null || message.ImageUrl != null)
        {
            return (SmsMessageField.Channel, "The Viber fields need the channel Viber or ViberThenSms.");
        }

        return null;
    }

    /// <summary>
    /// Why <paramref name="value"/> cannot be written into the request, or null: a character XML forbids (controls other
    /// than line breaks and tabs, U+FFFE, U+FFFF) or half of a surrogate pair, named by its position and code point.
    /// </summary>
    private static (SmsMessageField Field, string Problem)? Unwritable(SmsMessageField field, string name, string? value)
    {
        if (string.IsNullOrEmpty(value)) return null;
        for (int i = 0; i < value!.Length; i++)
        {
            char c = value[i];
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
                continue;
            }

            string? what = char.IsSurrogate(c) ? "half of a surrogate pair (a cut emoji?)"
                : c == '\n' || c == '\r' || c == '\t' ? null
                : char.IsControl(c) ? "a control character"
                : c == '\uFFFE' || c == '\uFFFF' ? "a non-character"
                : null;
            if (what != null)
            {
                return (field, "Character " + (i + 1) + " of " + name + " is " + what + " (U+" + ((int)c).ToString("X4", System.Globalization.CultureInfo.InvariantCulture) + "), which a request cannot carry.");
            }
        }

        return null;
    }

    private static bool IsWebLink(Uri? uri) =>
        uri == null || (uri.IsAbsoluteUri && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps));
}
