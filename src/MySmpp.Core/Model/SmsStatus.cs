namespace MySmpp.Model;

/// <summary>The state of a message (or of one of its channels) as reported by the gateway.</summary>
/// <remarks>
/// The wire strings are kept in <see cref="SmsState.RawStatus"/>; a wire string this version does not
/// know maps to <see cref="Unknown"/> rather than failing, so a new server status never breaks a runbook.
/// </remarks>
public enum SmsStatus
{
    /// <summary>A status string this version does not know; see <see cref="SmsState.RawStatus"/>.</summary>
    Unknown = 0,

    /// <summary><c>send</c>: sent, no status received yet (the status time is empty).</summary>
    Sent = 1,

    /// <summary><c>not_deliver</c>: not delivered. Final.</summary>
    NotDelivered = 2,

    /// <summary><c>expired</c>: the subscriber was unreachable for every attempt. Final.</summary>
    Expired = 3,

    /// <summary><c>deliver</c>: delivered. Not final: a Viber message can still become <see cref="Read"/>.</summary>
    Delivered = 4,

    /// <summary><c>read</c>: read by the recipient. Final.</summary>
    Read = 5,

    /// <summary><c>partly_deliver</c>: sent, but the status was not received.</summary>
    PartlyDelivered = 6,
}
