namespace MySmpp.Journal;

/// <summary>
/// Where a journal entry stands: what the gateway answered to the send, then the last state
/// <c>Sync-SmsJournal</c> stored. <see cref="Pending"/> and <see cref="Final"/> are groups, for filtering only
/// (<c>Get-SmsJournal -Status</c>); an entry's own status is never one of them.
/// </summary>
public enum SmsJournalStatus
{
    /// <summary>
    /// Written down before its request left, and the gateway's answer is not known: still in flight, lost (a crash, a
    /// kill, a connection that failed after the retries), or never sent because its command stopped first (-ErrorAction
    /// Stop, a locked account, a disconnect, Ctrl+C; ErrorId says why). Sending it again with its own key is safe:
    /// <c>Resume-SmsSend</c> does.
    /// </summary>
    Unconfirmed = 0,

    /// <summary>The gateway refused it (<see cref="SmsJournalEntry.ErrorId"/> says why). Final.</summary>
    Refused = 1,

    /// <summary>Accepted by the gateway (or already sent under its key); no state stored yet.</summary>
    Accepted = 2,

    /// <summary>Last state: sent, no status received yet.</summary>
    Sent = 3,

    /// <summary>Last state: delivered. Final for an SMS; a Viber message can still become <see cref="Read"/>.</summary>
    Delivered = 4,

    /// <summary>Last state: sent, but the status was not received.</summary>
    PartlyDelivered = 5,

    /// <summary>Last state: a status this version does not know (see <see cref="SmsJournalEntry.RawStatus"/>).</summary>
    Unknown = 6,

    /// <summary>Last state: not delivered. Final.</summary>
    NotDelivered = 7,

    /// <summary>Last state: expired. Final.</summary>
    Expired = 8,

    /// <summary>Last state: read. Final.</summary>
    Read = 9,

    /// <summary>Filter only: accepted and not final yet, the entries <c>Sync-SmsJournal</c> asks about.</summary>
    Pending = 100,

    /// <summary>Filter only: nothing more will change (refused, or a final state).</summary>
    Final = 101,
}
