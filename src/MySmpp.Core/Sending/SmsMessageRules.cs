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
            problem = "The sender name is missing: every SMS needs one of the account's approved sender names (Get-MySmppSender lists them; Tab after -Sender completes them).";
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
    /// Checks everything but the phone (see <see cref="PhoneNumber"/>). Returns null when the message may be sent,
    /// else the reason, naming the parameter.
    /// </summary>
    public static string? Check(SmsMessage message)
    {
        if (message == null) throw new ArgumentNullException(nameof(message));
        bool sms = message.Channel != SmsChannel.Viber;
        bool viber = message.Channel != SmsChannel.Sms;

        // Characters no XML document may carry (a cut emoji's lone surrogate, U+FFFE, a control character) would fail the
        // whole request they ride in; found here, they fail only their own recipient, naming the field.
        string? unwritable = Unwritable("-Text", message.Text) ?? Unwritable("-ViberText", message.ViberText) ?? Unwritable("-ButtonText", message.ButtonText)
            ?? Unwritable("-CampaignName", message.CampaignName) ?? Unwritable("-Sender", message.Sender) ?? Unwritable("-ViberSender", message.ViberSender);
        if (unwritable != null) return unwritable;
        if (sms && string.IsNullOrEmpty(message.Text)) return "-Text: an SMS needs a text.";
        if (!sms && string.IsNullOrEmpty(message.Text) && string.IsNullOrEmpty(message.ViberText)) return "-ViberText: a Viber message needs a text (-ViberText or -Text).";
        if (sms && !IsValidSender(message.Sender, out string problem)) return "-Sender: " + problem;
        if (message.ClientId.HasValue && message.ClientId.Value <= 0) return "The client id (client_id_sms) must be a positive integer.";
        if (message.SendAt.HasValue && message.ValidUntil.HasValue && message.ValidUntil.Value <= message.SendAt.Value) return "-ValidUntil: the end of validity must be after -SendAt.";
        if (message.CampaignName != null && message.CampaignName.Length > MaxCampaignName) return "-CampaignName: " + message.CampaignName.Length + " characters; at most " + MaxCampaignName + " are sent.";
        if (viber)
        {
            if (string.IsNullOrEmpty(message.ViberSender) && string.IsNullOrEmpty(message.Sender)) return "-ViberSender: a Viber message needs a sender name.";
            if (!string.IsNullOrEmpty(message.ViberSender) && !IsValidSender(message.ViberSender, out string viberProblem)) return "-ViberSender: " + viberProblem;
            if (!sms && string.IsNullOrEmpty(message.ViberSender) && !IsValidSender(message.Sender, out string fallbackProblem)) return "-Sender: " + fallbackProblem;
            string viberText = message.ViberText ?? message.Text ?? string.Empty;
            if (viberText.Length > MaxViberText) return "-ViberText: " + viberText.Length + " characters; Viber allows " + MaxViberText + ".";
            if (message.ButtonText != null && message.ButtonText.Length > MaxButtonText) return "-ButtonText: " + message.ButtonText.Length + " characters; Viber allows " + MaxButtonText + ".";
            if ((message.ButtonText == null) != (message.ButtonUrl == null)) return "-ButtonText and -ButtonUrl go together.";
            if (message.ImageUrl != null && message.ButtonText == null) return "-ImageUrl: Viber shows an image only with a button (-ButtonText and -ButtonUrl).";
            if (!IsWebLink(message.ButtonUrl)) return "-ButtonUrl: an absolute http or https address is needed.";
            if (!IsWebLink(message.ImageUrl)) return "-ImageUrl: an absolute http or https address is needed.";
        }
        else if (message.ViberText != null || message.ViberSender != null || message.ButtonText != null || message.ButtonUrl != null || message.ImageUrl != null)
        {
            return "-Channel: the Viber parameters need -Channel Viber or ViberThenSms.";
        }

        return null;
    }

    /// <summary>
    /// Why <paramref name="value"/> cannot be written into the request, or null: a character XML forbids (controls other
    /// than line breaks and tabs, U+FFFE, U+FFFF) or half of a surrogate pair, named by its position and code point.
    /// </summary>
    private static string? Unwritable(string field, string? value)
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
                return field + ": character " + (i + 1) + " is " + what + " (U+" + ((int)c).ToString("X4", System.Globalization.CultureInfo.InvariantCulture) + "), which a request cannot carry.";
            }
        }

        return null;
    }

    private static bool IsWebLink(Uri? uri) =>
        uri == null || (uri.IsAbsoluteUri && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps));
}
