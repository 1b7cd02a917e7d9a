using System;

namespace MySmpp.Model;

/// <summary>Maps the gateway's status strings to <see cref="SmsStatus"/> and back.</summary>
internal static class SmsStatusWire
{
    // The wire strings are held as constants so that parsed states share them instead of
    // allocating a string per message.
    internal const string Send = "send";
    internal const string NotDeliver = "not_deliver";
    internal const string Expired = "expired";
    internal const string Deliver = "deliver";
    internal const string Read = "read";
    internal const string PartlyDeliver = "partly_deliver";

    /// <summary>Returns the status a wire string stands for, or <see cref="SmsStatus.Unknown"/>.</summary>
    public static SmsStatus Parse(string? wire)
    {
        switch (wire)
        {
            case Send: return SmsStatus.Sent;
            case NotDeliver: return SmsStatus.NotDelivered;
            case Expired: return SmsStatus.Expired;
            case Deliver: return SmsStatus.Delivered;
            case Read: return SmsStatus.Read;
            case PartlyDeliver: return SmsStatus.PartlyDelivered;
            default: return SmsStatus.Unknown;
        }
    }

    /// <summary>Returns the documented wire string of a status, or <c>null</c> for <see cref="SmsStatus.Unknown"/>.</summary>
    public static string? ToWire(SmsStatus status)
    {
        switch (status)
        {
            case SmsStatus.Sent: return Send;
            case SmsStatus.NotDelivered: return NotDeliver;
            case SmsStatus.Expired: return Expired;
            case SmsStatus.Delivered: return Deliver;
            case SmsStatus.Read: return Read;
            case SmsStatus.PartlyDelivered: return PartlyDeliver;
            default: return null;
        }
    }

    /// <summary>
    /// True for the statuses the documents call final (they never change again):
    /// <c>not_deliver</c>, <c>expired</c> and <c>read</c>.
    /// </summary>
    public static bool IsFinal(SmsStatus status) =>
        status == SmsStatus.NotDelivered || status == SmsStatus.Expired || status == SmsStatus.Read;

    /// <summary>True when the message reached the recipient: <c>deliver</c> or <c>read</c>.</summary>
    public static bool IsDelivered(SmsStatus status) =>
        status == SmsStatus.Delivered || status == SmsStatus.Read;

    /// <summary>
    /// Maps UTF-8 wire bytes to the shared constant string when they are a documented status, so the JSON
    /// reader allocates nothing for the common case; also gives the status (<see cref="SmsStatus.Unknown"/>
    /// when null is returned).
    /// </summary>
    internal static string? KnownWireString(ReadOnlySpan<byte> utf8, out SmsStatus status)
    {
        // Dispatch on the length first: each documented status has a length of its own except send/read.
        switch (utf8.Length)
        {
            case 4:
                if (utf8.SequenceEqual("read"u8)) return Known(SmsStatus.Read, Read, out status);
                if (utf8.SequenceEqual("send"u8)) return Known(SmsStatus.Sent, Send, out status);
                break;
            case 7:
                if (utf8.SequenceEqual("deliver"u8)) return Known(SmsStatus.Delivered, Deliver, out status);
                if (utf8.SequenceEqual("expired"u8)) return Known(SmsStatus.Expired, Expired, out status);
                break;
            case 11:
                if (utf8.SequenceEqual("not_deliver"u8)) return Known(SmsStatus.NotDelivered, NotDeliver, out status);
                break;
            case 14:
                if (utf8.SequenceEqual("partly_deliver"u8)) return Known(SmsStatus.PartlyDelivered, PartlyDeliver, out status);
                break;
        }

        status = SmsStatus.Unknown;
        return null;
    }

    /// <summary>The same for characters (the XML reader's attribute values and texts).</summary>
    internal static string? KnownWireString(ReadOnlySpan<char> text, out SmsStatus status)
    {
        switch (text.Length)
        {
            case 4:
                if (text.SequenceEqual(Read.AsSpan())) return Known(SmsStatus.Read, Read, out status);
                if (text.SequenceEqual(Send.AsSpan())) return Known(SmsStatus.Sent, Send, out status);
                break;
            case 7:
                if (text.SequenceEqual(Deliver.AsSpan())) return Known(SmsStatus.Delivered, Deliver, out status);
                if (text.SequenceEqual(Expired.AsSpan())) return Known(SmsStatus.Expired, Expired, out status);
                break;
            case 11:
                if (text.SequenceEqual(NotDeliver.AsSpan())) return Known(SmsStatus.NotDelivered, NotDeliver, out status);
                break;
            case 14:
                if (text.SequenceEqual(PartlyDeliver.AsSpan())) return Known(SmsStatus.PartlyDelivered, PartlyDeliver, out status);
                break;
        }

        status = SmsStatus.Unknown;
        return null;
    }

    private static string Known(SmsStatus known, string wire, out SmsStatus status)
    {
        status = known;
        return wire;
    }
}
