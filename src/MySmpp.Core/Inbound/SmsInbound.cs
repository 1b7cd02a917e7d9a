using System;
using System.Globalization;

namespace MySmpp.Inbound;

/// <summary>A message a subscriber sent to the account (<c>incoming.php</c>): a reply, a "STOP", a confirmation.</summary>
public sealed class SmsInbound
{
    /// <summary>Creates a reply.</summary>
    public SmsInbound(long id, DateTime receivedAt, string from, string? to, string? prefix, string text)
    {
        Id = id;
        ReceivedAt = receivedAt;
        From = from ?? throw new ArgumentNullException(nameof(from));
        To = to;
        Prefix = prefix;
        Text = text ?? throw new ArgumentNullException(nameof(text));
    }

    /// <summary>The platform's number for the reply (<c>id_sms</c>).</summary>
    public long Id { get; }

    /// <summary>When the platform received it, in the account's local time (<c>date_receive</c>, Kind Unspecified).</summary>
    public DateTime ReceivedAt { get; }

    /// <summary>The subscriber who wrote (<c>originator</c>): digits, international.</summary>
    public string From { get; }

    /// <summary>The number written to (<c>phone</c>), when the answer gives it.</summary>
    public string? To { get; }

    /// <summary>The start of the text that routed the reply to this account on a shared number (<c>prefix</c>), if any.</summary>
    public string? Prefix { get; }

    /// <summary>The text, as one safe line (control characters and line breaks become spaces; at most 2000 characters).</summary>
    public string Text { get; }

    /// <inheritdoc />
    public override string ToString() => ReceivedAt.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " " + From + ": " + Text;
}
