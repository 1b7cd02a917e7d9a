using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using MySmpp.Errors;
using MySmpp.Journal;

namespace MySmpp.Sending;

/// <summary>
/// A send operation's side of the write-ahead contract (<see cref="ISendJournal"/>): the run, the intents of each batch
/// before its request leaves, the outcomes as soon as they are known, and for a named job the rows an earlier run
/// reached. Every journal failure is a <see cref="MySmppJournalException"/>, on which the operation sends nothing more.
/// </summary>
/// <remarks>
/// The batches' writes (<see cref="WriteIntentsAsync"/>, <see cref="WriteOutcomesAsync"/>) are queued and written by one
/// writer at a time, on the thread pool, in groups: every batch's intents queued by then in one transaction (one call of
/// <see cref="ISendJournal.RecordIntents"/>, durable, one fsync), then every batch's answers queued by then in another.
/// A batch waits for its group without holding a thread. The journal's writes are serial anyway (one file, one writer),
/// so a group costs one transaction where its batches cost one each, and the send's threads never queue for the
/// journal's lock.
/// </remarks>
internal sealed class SendJournaling : IDisposable
{
    private readonly ISendJournal _journal;
    private readonly SendJournalAccount _account;
    private readonly string? _jobName;
    private readonly Func<DateTimeOffset> _now;
    private readonly object _gate = new object();

    // The batches' writes waiting for the writer (under _queueGate), and whether a writer is on its way.
    private readonly object _queueGate = new object();
    private List<QueuedWrite> _queue = new List<QueuedWrite>();
    private bool _writing;
    private SendJournalRun? _run;
    private IEnumerator<SendJournalJobEntry>? _jobRows;
    private SendJournalJobEntry? _jobRow;

    // Set once reading the job's rows failed after the first (every later row then fails the same way).
    private MySmppJournalException? _jobRowsFailure;
    private bool _disposed;

    public SendJournaling(ISendJournal journal, SendJournalAccount account, string? jobName, Func<DateTimeOffset> now)
    {
        _journal = journal;
        _account = account;
        _jobName = jobName;
        _now = now;
    }

    /// <summary>The named job this command continues or starts, if any.</summary>
    public string? JobName => _jobName;

    /// <summary>The journal's file, for messages.</summary>
    public string Path => _journal.Path;

    /// <summary>
    /// Writes the run (the first write of the command, so a journal that cannot be written stops it before anything is
    /// sent) and, for a named job, opens the earlier runs' rows. Idempotent.
    /// </summary>
    public void Begin()
    {
        if (_run != null && (_jobName == null || _jobRows != null)) return;
        _run ??= _journal.StartRun(_account, Guid.NewGuid(), _jobName, _now());
        if (_jobName != null)
        {
            // The job's reader counts as open only once its first read succeeded: a failure here (a locked journal, which
            // is transient) must leave Begin to be tried again, never a job that believes it has no earlier rows (every
            // row would then go out again under a new key).
            IEnumerator<SendJournalJobEntry> rows = _journal.GetJobEntries(_account, _jobName).GetEnumerator();
            try
            {
                _jobRow = rows.MoveNext() ? rows.Current : null;
            }
            catch
            {
                rows.Dispose();
                throw;
            }

            _jobRows = rows;
        }
    }

    /// <summary>
    /// The row an earlier run of the job had at <paramref name="row"/> (1-based), or null. Rows are asked in increasing
    /// order, so the job's entries (sorted by position) are read once, in step with the input: flat memory for any job.
    /// </summary>
    /// <exception cref="MySmppJournalException">
    /// The job's rows could not be read on (for this row, and for every row asked after it): whether the row had a key
    /// from an earlier run is unknown.
    /// </exception>
    public SendJournalJobEntry? EarlierRow(long row)
    {
        if (_jobRows == null) return null;
        if (_jobRowsFailure != null) throw _jobRowsFailure;
        while (_jobRow != null && _jobRow.Position < row) NextJobRow();
        if (_jobRow == null || _jobRow.Position != row) return null;

        // Several entries at one position cannot come from this send path; the first (lowest entry id) counts. A failure
        // to read past them is the next row's: this one is known.
        SendJournalJobEntry found = _jobRow;
        try
        {
            while (_jobRow != null && _jobRow.Position == row) NextJobRow();
        }
        catch (MySmppJournalException)
        {
        }

        return found;
    }

    private void NextJobRow()
    {
        try
        {
            _jobRow = _jobRows!.MoveNext() ? _jobRows.Current : null;
        }
        catch (MySmppJournalException ex)
        {
            _jobRowsFailure = ex;
            _jobRow = null;
            throw;
        }
    }

    /// <summary>The fingerprint a job row's texts are compared by.</summary>
    public string TextFingerprint(SmsMessage message) => _journal.TextFingerprint(message.Text, message.ViberText);

    /// <summary>
    /// Writes, in one transaction, the intents of the recipients that have no entry yet (a resent entry has its own)
    /// and gives each its entry. Only when this returns may their request leave.
    /// </summary>
    public void RecordIntents(PreparedRecipient[] recipients)
    {
        SendJournalRun run = _run ?? throw new InvalidOperationException("Begin was not called.");
        (List<SendIntent> intents, List<PreparedRecipient> owners) = NewIntents(recipients);

        if (intents.Count == 0) return;
        IReadOnlyList<long> entries = _journal.RecordIntents(run, intents);
        for (int i = 0; i < owners.Count; i++) owners[i].JournalEntry = entries[i];
    }

    // The intents of the recipients that have no entry yet (a resent entry has its own), each with the recipient it is for.
    private (List<SendIntent> Intents, List<PreparedRecipient> Owners) NewIntents(PreparedRecipient[] recipients)
    {
        var intents = new List<SendIntent>(recipients.Length);
        var owners = new List<PreparedRecipient>(recipients.Length);
        DateTimeOffset at = _now();
        foreach (PreparedRecipient r in recipients)
        {
            if (r.JournalEntry.HasValue) continue;
            intents.Add(SendIntent.WithOwnMessage(r.Position + 1, r.Phone, r.ClientId, r.Message, at));
            owners.Add(r);
        }

        return (intents, owners);
    }

    /// <summary>Writes, in one transaction, what became of the batch's journaled recipients.</summary>
    public void RecordOutcomes(PreparedRecipient[] recipients)
    {
        List<SendJournalOutcome> outcomes = OutcomesToRecord(recipients);

        if (outcomes.Count > 0) _journal.RecordOutcomes(outcomes);
    }

    /// <summary>
    /// Queues the intents of the batch's recipients that have no entry yet for the next group; the task ends once a
    /// committed transaction holds them (each recipient then has its entry), with null, or with the journal's failure,
    /// when none of them was written. Only after a null may their request leave. Never faults.
    /// </summary>
    public Task<MySmppJournalException?> WriteIntentsAsync(PreparedRecipient[] recipients)
    {
        SendJournalRun run = _run ?? throw new InvalidOperationException("Begin was not called.");
        (List<SendIntent> intents, List<PreparedRecipient> owners) = NewIntents(recipients);

        if (intents.Count == 0) return NoFailure;
        return Queue(new QueuedWrite(run, intents, owners));
    }

    /// <summary>
    /// Queues what became of the batch's journaled recipients for the next group; the task ends once a committed
    /// transaction holds it, with null, or with the journal's failure. Never faults.
    /// </summary>
    public Task<MySmppJournalException?> WriteOutcomesAsync(PreparedRecipient[] recipients)
    {
        List<SendJournalOutcome> outcomes = OutcomesToRecord(recipients);

        if (outcomes.Count == 0) return NoFailure;
        return Queue(new QueuedWrite(outcomes));
    }

    // What became of the recipients that have an entry. A resent entry (an earlier command journaled it) whose request did
    // not leave this time gets nothing: nothing happened to it, and its entry keeps the last answer the gateway gave (a
    // refusal stays a refusal, where an unknown fate written over it would read "may have been sent").
    private List<SendJournalOutcome> OutcomesToRecord(PreparedRecipient[] recipients)
    {
        var outcomes = new List<SendJournalOutcome>(recipients.Length);
        DateTimeOffset at = _now();
        foreach (PreparedRecipient r in recipients)
        {
            if (r.JournalEntry is not long entry || r.Outcome == null) continue;
            if (r.IsResend && r.Outcome.Fate == SmsSendFate.NotSent) continue;
            outcomes.Add(SendJournalOutcome.From(entry, r.Outcome, at));
        }

        return outcomes;
    }

    /// <summary>Marks the run as ended normally (a run without an end was interrupted).</summary>
    public void End()
    {
        if (_run != null) _journal.EndRun(_run, _now());
    }

    /// <summary>Closes the job's reader.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
        }

        _jobRows?.Dispose();
    }

    private static Task<MySmppJournalException?> NoFailure { get; } = Task.FromResult<MySmppJournalException?>(null);

    private Task<MySmppJournalException?> Queue(QueuedWrite write)
    {
        bool start;
        lock (_queueGate)
        {
            _queue.Add(write);
            start = !_writing;
            _writing = true;
        }

        // One writer at a time, on the pool: it writes what is queued, group after group, until nothing is.
        if (start) ThreadPool.QueueUserWorkItem(_ => WriteQueued());
        return write.Done.Task;
    }

    private void WriteQueued()
    {
        while (true)
        {
            List<QueuedWrite> group;
            lock (_queueGate)
            {
                if (_queue.Count == 0)
                {
                    _writing = false;
                    return;
                }

                group = _queue;
                _queue = new List<QueuedWrite>();
            }

            try
            {
                // The intents first: requests wait for them. Answers of this group follow in their own transaction (they
                // need no fsync of their own; the next intents' commit syncs them anyway).
                WriteIntents(group);
                WriteOutcomes(group);
            }
            catch (Exception ex)
            {
                // A bug of ours (the journal's own failures are caught per call): on a pool thread it would end the
                // process, and the batches waiting on this group would wait forever. They learn it, and stop the send.
                MySmppJournalException failure = Failure(ex);
                foreach (QueuedWrite write in group) write.Done.TrySetResult(failure);
            }
        }
    }

    private void WriteIntents(List<QueuedWrite> group)
    {
        var all = new List<SendIntent>();
        SendJournalRun? run = null;
        foreach (QueuedWrite write in group)
        {
            if (write.Intents == null) continue;
            run = write.Run;
            all.AddRange(write.Intents);
        }

        if (run == null) return;
        MySmppJournalException? failure = null;
        IReadOnlyList<long>? entries = null;
        try
        {
            entries = _journal.RecordIntents(run, all);
        }
        catch (Exception ex)
        {
            failure = Failure(ex);
        }

        if (entries != null && entries.Count != all.Count)
        {
            failure = Failure(new InvalidOperationException("The journal returned " + entries.Count + " entries for " + all.Count + " intents."));
            entries = null;
        }

        int next = 0;
        foreach (QueuedWrite write in group)
        {
            if (write.Intents == null) continue;
            if (entries != null)
            {
                List<PreparedRecipient> owners = write.Owners!;
                for (int i = 0; i < owners.Count; i++) owners[i].JournalEntry = entries[next++];
            }

            write.Done.TrySetResult(failure);
        }
    }

    private void WriteOutcomes(List<QueuedWrite> group)
    {
        var all = new List<SendJournalOutcome>();
        foreach (QueuedWrite write in group)
        {
            if (write.Outcomes != null) all.AddRange(write.Outcomes);
        }

        if (all.Count == 0) return;
        MySmppJournalException? failure = null;
        try
        {
            _journal.RecordOutcomes(all);
        }
        catch (Exception ex)
        {
            failure = Failure(ex);
        }

        foreach (QueuedWrite write in group)
        {
            if (write.Outcomes != null) write.Done.TrySetResult(failure);
        }
    }

    // The writer runs on the pool, with batches waiting on it: whatever it meets, each of them must learn it.
    private MySmppJournalException Failure(Exception ex) =>
        ex as MySmppJournalException ?? new MySmppJournalException("The send journal " + _journal.Path + " could not be written (" + ex.GetType().Name + ": " + ex.Message + ").", SendJournalProblem.Unavailable, _journal.Path, ex);

    /// <summary>One batch's intents or answers, waiting for the writer.</summary>
    private sealed class QueuedWrite
    {
        public QueuedWrite(SendJournalRun run, List<SendIntent> intents, List<PreparedRecipient> owners)
        {
            Run = run;
            Intents = intents;
            Owners = owners;
        }

        public QueuedWrite(List<SendJournalOutcome> outcomes)
        {
            Outcomes = outcomes;
        }

        public SendJournalRun? Run { get; }

        public List<SendIntent>? Intents { get; }

        public List<PreparedRecipient>? Owners { get; }

        public List<SendJournalOutcome>? Outcomes { get; }

        // Completed off the writer's thread: the batch's own work never runs on it.
        public TaskCompletionSource<MySmppJournalException?> Done { get; } = new TaskCompletionSource<MySmppJournalException?>(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
