namespace MySmpp.Waiting;

/// <summary>When a waited-for message counts as settled.</summary>
public enum SmsWaitCondition
{
    /// <summary>
    /// The default: settled when it arrived (Delivered, or Read) or finally failed (NotDelivered, Expired). What people
    /// mean by "done": a delivered SMS settles at once.
    /// </summary>
    Settled = 0,

    /// <summary>
    /// The documents' strict meaning: settled only when its status is final (NotDelivered, Expired, Read). Delivered is
    /// not final, because a Viber message can still become Read, so a delivered SMS (never read) waits until the time-out.
    /// </summary>
    Final = 1,

    /// <summary>The same as <see cref="Settled"/>: delivered or read, or finally failed (the name of the condition in scripts written before <see cref="Settled"/>).</summary>
    Delivered = 2,
}
