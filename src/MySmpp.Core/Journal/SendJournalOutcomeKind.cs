namespace MySmpp.Journal;

/// <summary>
/// What the gateway answered for one journaled recipient. The numbers are stored and ordered by how much is known:
/// an outcome never replaces one that knows more (see <see cref="ISendJournal.RecordOutcomes"/>).
/// </summary>
public enum SendJournalOutcomeKind
{
    /// <summary>Only the intent is written: no answer yet (the request is in flight, or the process died).</summary>
    Intent = 0,

    /// <summary>
    /// No answer will come: it was lost for good (time-out, connection failure after the retries, unreadable answer), or
    /// the request never left because the command stopped first (ErrorId and ErrorText say which). Sending it again with
    /// its key is safe either way.
    /// </summary>
    Unknown = 1,

    /// <summary>The gateway refused the recipient.</summary>
    Refused = 2,

    /// <summary>The gateway already had a message under this key and sent nothing new.</summary>
    AlreadySent = 3,

    /// <summary>The gateway accepted the message.</summary>
    Accepted = 4,
}
