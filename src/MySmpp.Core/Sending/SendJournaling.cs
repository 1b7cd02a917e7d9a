using System;
using System.Collections.Generic;
using MySmpp.Journal;

namespace MySmpp;

/// <summary>
/// A send operation's side of the write-ahead contract (<see cref="ISendJournal"/>): the run, the intents of each batch
/// before its request leaves, the outcomes as soon as they are known, and for a named job the rows an earlier run
/// reached. Every journal failure is a <see cref="MySmppJournalException"/>, on which the operation sends nothing more.
/// </summary>
internal sealed class SendJournaling : IDisposable
{
    private readonly ISendJournal _journal;
    private readonly SendJournalAccount _account;
    private readonly string? _jobName;
    private readonly Func<DateTimeOffset> _now;
    private readonly object _gate = new object();
    private SendJournalRun? _run;
    private IEnumerator<SendJournalJobEntry>? _jobRows;
    private SendJournalJobEntry? _jobRow;
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
        if (_run != null) return;
        _run = _journal.StartRun(_account, Guid.NewGuid(), _jobName, _now());
        if (_jobName != null)
        {
            _jobRows = _journal.GetJobEntries(_account, _jobName).GetEnumerator();
            _jobRow = _jobRows.MoveNext() ? _jobRows.Current : null;
        }
    }

    /// <summary>
    /// The row an earlier run of the job had at <paramref name="row"/> (1-based), or null. Rows are asked in increasing
    /// order, so the job's entries (sorted by position) are read once, in step with the input: flat memory for any job.
    /// </summary>
    public SendJournalJobEntry? EarlierRow(long row)
    {
        if (_jobRows == null) return null;
        while (_jobRow != null && _jobRow.Position < row)
        {
            _jobRow = _jobRows.MoveNext() ? _jobRows.Current : null;
        }

        if (_jobRow == null || _jobRow.Position != row) return null;

        // Several entries at one position cannot come from this send path; the first (lowest entry id) counts.
        SendJournalJobEntry found = _jobRow;
        while (_jobRow != null && _jobRow.Position == row) _jobRow = _jobRows.MoveNext() ? _jobRows.Current : null;
        return found;
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
        var intents = new List<SendIntent>(recipients.Length);
        var owners = new List<PreparedRecipient>(recipients.Length);
        DateTimeOffset at = _now();
        foreach (PreparedRecipient r in recipients)
        {
            if (r.JournalEntry.HasValue) continue;
            intents.Add(new SendIntent(r.Position + 1, r.Phone, r.ClientId, r.Message, at));
            owners.Add(r);
        }

        if (intents.Count == 0) return;
        IReadOnlyList<long> entries = _journal.RecordIntents(run, intents);
        for (int i = 0; i < owners.Count; i++) owners[i].JournalEntry = entries[i];
    }

    /// <summary>Writes, in one transaction, what became of the batch's journaled recipients.</summary>
    public void RecordOutcomes(PreparedRecipient[] recipients)
    {
        var outcomes = new List<SendJournalOutcome>(recipients.Length);
        DateTimeOffset at = _now();
        foreach (PreparedRecipient r in recipients)
        {
            if (r.JournalEntry is long entry && r.Outcome != null) outcomes.Add(SendJournalOutcome.From(entry, r.Outcome, at));
        }

        if (outcomes.Count > 0) _journal.RecordOutcomes(outcomes);
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
}
