using System;
using System.Collections.Generic;
using MySmpp.Credentials;
using MySmpp.Errors;

namespace MySmpp.Journal;

/// <summary>
/// The send journal: a durable record of every recipient sent, written before its request leaves (write-ahead), with
/// what the gateway answered and the last state synced. One file serves many runspaces and processes at once.
/// </summary>
/// <remarks>
/// <para><b>The write-ahead contract</b> (what a send path must do, in this order, per batch):</para>
/// <list type="number">
/// <item><see cref="StartRun"/> once per command, before its first batch.</item>
/// <item><see cref="RecordIntents"/> with every recipient of the batch, and only when it returns, hand the batch's request
/// to the network. It is one transaction: when it returns every intent is durable (synchronous=FULL: it survives a killed
/// process and a power cut), and when it throws none is written and nothing of the batch may be sent.</item>
/// <item><see cref="RecordOutcomes"/> with the batch's answers as soon as they are known (one transaction per call;
/// it survives a killed process, and an implementation may let a power cut lose it, as SQLite's does, since losing it is
/// safe). A crash between 2 and 3 leaves the batch's entries <see cref="SmsJournalStatus.Unconfirmed"/>: resending them
/// with their own keys is safe (the gateway answers "already sent" for what had gone out).</item>
/// <item><see cref="EndRun"/> when the command ends normally (a run without an end was interrupted).</item>
/// </list>
/// <para>Every method is thread-safe and may be called from any thread; each read uses its own connection, so a reader
/// that streams (<see cref="Query"/>) never blocks a writer once it reads (a storage that folds first takes the write lock
/// for that, briefly), and writers from several processes queue for the file's lock
/// for up to <see cref="SendJournalOptions.BusyTimeout"/>. Every failure to read or write is a
/// <see cref="MySmppJournalException"/>: a send path that gets one must send nothing more.</para>
/// <para>Enumerables are lazy and stream: dispose them (or enumerate to the end) to release their connection.</para>
/// <para>A storage may keep what the send path writes in a cheaper form until something reads it (the SQLite storage
/// writes a group of intents as one row and folds it into entries at the next read or other write); every read must
/// still see every committed intent and answer.</para>
/// <para><see cref="IDisposable.Dispose"/> releases the file's idle connections (Disconnect-MySmpp calls it). A command
/// still running with this instance when its session is disconnected may go on recording its outcomes: every call opens a
/// connection again.</para>
/// </remarks>
public interface ISendJournal : IDisposable
{
    /// <summary>The journal's location, for messages (a full file path for the SQLite storage).</summary>
    string Path { get; }

    /// <summary>True when texts are kept after the gateway's answer is known (<see cref="SendJournalOptions.KeepText"/>).</summary>
    bool KeepText { get; }

    /// <summary>
    /// The journal account of <paramref name="credential"/> at <paramref name="gateway"/> (<see cref="SendJournalAccount.Create"/>
    /// with this journal's salt). For a token this costs a deliberate 600,000 hash rounds: call it once per session and keep it.
    /// </summary>
    SendJournalAccount GetAccount(MySmppCredential credential, Uri gateway);

    /// <summary>Records the start of a sending command: its run id (a new <see cref="Guid"/>), its job name if any, and when it started.</summary>
    SendJournalRun StartRun(SendJournalAccount account, Guid runId, string? jobName, DateTimeOffset startedAt);

    /// <summary>Records that the run ended normally.</summary>
    void EndRun(SendJournalRun run, DateTimeOffset endedAt);

    /// <summary>
    /// Writes the intents of one batch in one transaction, each as a new <see cref="SmsJournalStatus.Unconfirmed"/> entry,
    /// and returns their entry ids in the order given. Call it before the batch's request leaves; for a named job it also
    /// stores each intent's <see cref="TextFingerprint"/>.
    /// </summary>
    IReadOnlyList<long> RecordIntents(SendJournalRun run, IReadOnlyList<SendIntent> intents);

    /// <summary>
    /// Writes the answers of one batch in one transaction. An outcome never replaces one that knows more (in the order of
    /// <see cref="SendJournalOutcomeKind"/>: an "already sent" after an acceptance keeps the acceptance, an unknown fate
    /// never hides an answer) and never erases a known id, parts or price. Unless <see cref="KeepText"/>, the texts of
    /// every entry whose answer is now known (accepted, already sent, refused) are dropped in the same transaction (a text
    /// that other recipients whose fate is still unknown carry too stays for them).
    /// </summary>
    void RecordOutcomes(IReadOnlyList<SendJournalOutcome> outcomes);

    /// <summary>
    /// The entries of the account's job <paramref name="jobName"/> from every run that had that name, by position (then by
    /// entry): what a restart of <c>Send-Sms -JobName</c> reuses. Streams.
    /// </summary>
    IEnumerable<SendJournalJobEntry> GetJobEntries(SendJournalAccount account, string jobName);

    /// <summary>The account's entries whose fate is unknown (optionally of one run), in send order: what <c>Resume-SmsSend</c> sends again. Streams.</summary>
    IEnumerable<SmsJournalEntry> GetUnconfirmed(SendJournalAccount account, Guid? runId);

    /// <summary>The account's entries that match <paramref name="query"/>, in send order. Streams.</summary>
    IEnumerable<SmsJournalEntry> Query(SendJournalAccount account, SendJournalQuery query);

    /// <summary>Stores states read from the gateway (status, status time, parts, price, final) in one transaction.</summary>
    void RecordStates(IReadOnlyList<SendJournalStateUpdate> updates);

    /// <summary>
    /// Deletes the account's entries sent before <paramref name="before"/> (retention), in short transactions so that senders
    /// are not held up, and returns how many were deleted.
    /// </summary>
    long DeleteBefore(SendJournalAccount account, DateTimeOffset before);

    /// <summary>Drops the texts of the account's entries whose gateway answer is known (what an earlier session that kept texts left); returns how many.</summary>
    long DropDecidedTexts(SendJournalAccount account);

    /// <summary>This journal's fingerprint of a message's texts (<see cref="SendJournalText.Fingerprint"/> with the journal's key).</summary>
    string TextFingerprint(string? text, string? viberText);
}
