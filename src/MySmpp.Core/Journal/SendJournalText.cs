using System;
using System.Security.Cryptography;
using System.Text;

namespace MySmpp.Journal;

/// <summary>
/// The fingerprint of a message's content, kept for the entries of a named job (<c>Send-Sms -JobName</c>) so that a
/// restart can tell whether the row at a position is still the same message after its text was dropped. Every storage
/// computes it here, the same way.
/// </summary>
public static class SendJournalText
{
    /// <summary>
    /// HMAC-SHA256, keyed with the journal's own random key, of the SMS text and the Viber text (each length-prefixed,
    /// so no two pairs collide by concatenation); 16 bytes as 32 hex digits. The key makes the fingerprints of one file
    /// useless for any other, but someone who can read the file can still test guesses of a short text against it, as
    /// against the file's other content; the file is readable by its owner only.
    /// </summary>
    /// <exception cref="ArgumentException">The key has fewer than 16 bytes.</exception>
    public static string Fingerprint(byte[] key, string? text, string? viberText)
    {
        if (key == null) throw new ArgumentNullException(nameof(key));
        if (key.Length < 16) throw new ArgumentException("The key must have at least 16 bytes.", nameof(key));
        var canonical = new StringBuilder();
        Append(canonical, 'T', text);
        Append(canonical, 'V', viberText);
        using (var hmac = new HMACSHA256(key))
        {
            return SendJournalAccount.Hex(hmac.ComputeHash(Encoding.UTF8.GetBytes(canonical.ToString())), 16);
        }
    }

    private static void Append(StringBuilder canonical, char tag, string? value)
    {
        canonical.Append(tag);
        if (value == null)
        {
            canonical.Append('-');
            return;
        }

        canonical.Append(value.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append(':').Append(value);
    }
}
