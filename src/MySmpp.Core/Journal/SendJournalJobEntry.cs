using System;

namespace MySmpp.Journal;

/// <summary>
/// One row a named job (<c>Send-Sms -JobName</c>) reached in an earlier run, as <see cref="ISendJournal.GetJobEntries"/>
/// returns it: enough to reuse its key and to tell whether the input row at its position is still the same message.
/// </summary>
public sealed class SendJournalJobEntry
{
    /// <summary>Creates a job entry as a storage returns it.</summary>
    public SendJournalJobEntry(long entryId, Guid runId, long position, string phone, long clientId, string? textFingerprint, SendJournalOutcomeKind outcome, long? idSms, int? parts, decimal? price)
        : this(entryId, runId, position, phone, clientId, textFingerprint, outcome, idSms, parts, price, null)
    {
    }

    /// <summary>Creates a job entry as a storage returns it, with the ErrorId of its answer.</summary>
    public SendJournalJobEntry(long entryId, Guid runId, long position, string phone, long clientId, string? textFingerprint, SendJournalOutcomeKind outcome, long? idSms, int? parts, decimal? price, string? errorId)
    {
        ErrorId = errorId;
        EntryId = entryId;
        RunId = runId;
        Position = position;
        Phone = phone ?? throw new ArgumentNullException(nameof(phone));
        ClientId = clientId;
        TextFingerprint = textFingerprint;
        Outcome = outcome;
        IdSms = idSms;
        Parts = parts;
        Price = price;
    }

    /// <summary>The entry (record the resend's outcome against it).</summary>
    public long EntryId { get; }

    /// <summary>The run that wrote the intent.</summary>
    public Guid RunId { get; }

    /// <summary>The input position.</summary>
    public long Position { get; }

    /// <summary>The normalised phone.</summary>
    public string Phone { get; }

    /// <summary>The key the row went out with: reuse it.</summary>
    public long ClientId { get; }

    /// <summary>
    /// <see cref="ISendJournal.TextFingerprint"/> of the row's SMS and Viber texts, written with the intent (job runs only);
    /// compare with the fingerprint of the input row at the same position.
    /// </summary>
    public string? TextFingerprint { get; }

    /// <summary>What the gateway answered (Intent or Unknown: fate unknown).</summary>
    public SendJournalOutcomeKind Outcome { get; }

    /// <summary>The gateway's id, when known.</summary>
    public long? IdSms { get; }

    /// <summary>Parts, when known.</summary>
    public int? Parts { get; }

    /// <summary>The send answer's price, when known.</summary>
    public decimal? Price { get; }

    /// <summary>
    /// The ErrorId of the answer recorded (a refusal's, or the failure that left the fate unknown), when the storage keeps
    /// it: a row refused as <c>MySmpp.ClientIdCollision</c> has a key the gateway takes for another message's.
    /// </summary>
    public string? ErrorId { get; }
}
