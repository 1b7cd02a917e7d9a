using System;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;
using MySmpp.Client;
using MySmpp.Errors;
using MySmpp.Journal;
using MySmpp.Model;

namespace MySmpp.Commands.Cmdlets;

/// <summary>
/// <c>Sync-SmsJournal</c>: asks the gateway for the states of journal entries that are accepted and not final yet, through
/// the same status path as Get-SmsState (batched, several requests in flight, retries), and stores status, status time,
/// parts and price. Entries come from the pipeline (Get-SmsJournal ... | Sync-SmsJournal) or, without input, from the
/// journal itself (optionally -Since). Works in chunks: memory stays flat however many entries there are, each chunk's
/// states are stored in one transaction, and with -PassThru every entry comes out, refreshed, in input order.
/// </summary>
[Cmdlet(VerbsData.Sync, "SmsJournal", HelpUri = HelpLinks.Pages + "Sync-SmsJournal.md")]
[OutputType(typeof(SmsJournalEntry))]
public sealed class SyncSmsJournalCommand : MySmppCmdlet
{
    private const int MinimumChunk = 1000;
    private readonly List<SmsJournalEntry> _chunk = new List<SmsJournalEntry>();
    private MySmppSession? _session;
    private ISendJournal? _journal;
    private SendJournalAccount? _account;
    private int _chunkSize;
    private bool _hadInput;
    private long _asked;
    private long _stored;
    private long _final;

    /// <summary>Journal entries to refresh (from Get-SmsJournal); without input, the session's pending entries.</summary>
    [Parameter(ValueFromPipeline = true)]
    public SmsJournalEntry[]? InputObject { get; set; }

    /// <summary>Without pipeline input: only entries sent at or after this time.</summary>
    [Parameter(Position = 0)]
    public DateTime? Since { get; set; }

    /// <summary>Write every entry (refreshed when a state was stored) to the pipeline.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <summary>The session to use instead of the default one.</summary>
    [Parameter]
    public MySmppSession? Session { get; set; }

    /// <inheritdoc />
    protected override void BeginProcessing()
    {
        _session = ResolveSession(Session);
        (_journal, _account) = ResolveJournal(_session);

        // Enough ids to keep every request of the session in flight twice over between two chunk boundaries.
        _chunkSize = Math.Max(MinimumChunk, 2 * _session.BatchSize * _session.MaxConcurrency);
        WriteVerbose("Send journal: " + _journal.Path + ", account " + _account + "; states are asked in chunks of up to " + _chunkSize.ToString(CultureInfo.InvariantCulture) + " entries.");
    }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        if (InputObject == null) return;
        _hadInput = true;
        foreach (SmsJournalEntry entry in InputObject)
        {
            if (entry == null) continue;
            _chunk.Add(entry);
            if (_chunk.Count >= _chunkSize) SyncChunk();
        }
    }

    /// <inheritdoc />
    protected override void EndProcessing()
    {
        if (!_hadInput) SyncJournal();
        else if (_chunk.Count > 0) SyncChunk();
        WriteVerbose(string.Format(CultureInfo.InvariantCulture, "Sync-SmsJournal: {0} states asked, {1} stored, {2} final.", _asked, _stored, _final));
    }

    /// <inheritdoc />
    protected override string DisconnectedMessage(MySmppDisconnectedException error) =>
        "The MySmpp session was disconnected (Disconnect-MySmpp) while Sync-SmsJournal ran; the states stored before that stand. Run Connect-MySmpp again.";

    // No input: the account's pending entries, a page at a time (keyset paging: no read stays open while states are stored).
    private void SyncJournal()
    {
        var query = new SendJournalQuery { Since = Since, Statuses = new[] { SmsJournalStatus.Pending }, Limit = _chunkSize };
        while (true)
        {
            try
            {
                foreach (SmsJournalEntry entry in _journal!.Query(_account!, query)) _chunk.Add(entry);
            }
            catch (MySmppJournalException ex)
            {
                ThrowTerminatingError(ErrorRecords.From(ex, _journal!.Path));
            }

            if (_chunk.Count == 0) return;
            query = query.Clone();
            query.After = _chunk[_chunk.Count - 1];
            bool last = _chunk.Count < _chunkSize;
            SyncChunk();
            if (last) return;
        }
    }

    // One chunk: its pending entries' ids into one streaming query, their states stored in one transaction, then (with
    // -PassThru) every entry of the chunk out in order.
    private void SyncChunk()
    {
        MySmppSession session = _session!;
        var asked = new Queue<SmsJournalEntry>();
        var updates = new List<SendJournalStateUpdate>();
        var refreshed = new Dictionary<long, SendJournalStateUpdate>();
        DateTimeOffset now = DateTimeOffset.Now;
        Stoppable(() =>
        {
            using (StateQuery query = session.Client.StartQuery(new StateQueryOptions { Detail = true, Log = LogSink }, StopToken))
            {
                foreach (SmsJournalEntry entry in _chunk)
                {
                    if (!NeedsState(entry)) continue;
                    query.Add(entry.Id!.Value);
                    asked.Enqueue(entry);
                    Take(query.TakeCompleted(), asked, updates, refreshed, now);
                }

                Take(query.Finish(), asked, updates, refreshed, now);
            }
        });

        try
        {
            _journal!.RecordStates(updates);
        }
        catch (MySmppJournalException ex)
        {
            ThrowTerminatingError(ErrorRecords.From(ex, _journal!.Path));
        }

        _stored += updates.Count;
        FlushVerbose();
        if (PassThru)
        {
            foreach (SmsJournalEntry entry in _chunk)
            {
                WriteObject(refreshed.TryGetValue(entry.EntryId, out SendJournalStateUpdate? update) ? entry.WithState(update) : entry);
            }
        }

        _chunk.Clear();
    }

    private void Take(IEnumerable<SmsStateResult> results, Queue<SmsJournalEntry> asked, List<SendJournalStateUpdate> updates, Dictionary<long, SendJournalStateUpdate> refreshed, DateTimeOffset now)
    {
        foreach (SmsStateResult result in results)
        {
            SmsJournalEntry entry = asked.Dequeue();
            _asked++;
            if (result.State != null)
            {
                var update = new SendJournalStateUpdate(entry, result.State, now);
                updates.Add(update);
                refreshed[entry.EntryId] = update;
                if (update.IsFinal) _final++;
                continue;
            }

            MySmppException error = result.Error!;
            if (error.IsSessionFatal)
            {
                // Store what this chunk already learnt before stopping; the session's error is the one to report.
                try
                {
                    _journal!.RecordStates(updates);
                }
                catch (MySmppJournalException)
                {
                }

                FlushVerbose();
                ThrowTerminatingError(ErrorRecords.From(error, result.Id));
            }

            WriteError(ErrorRecords.From(error, result.Id));
        }
    }

    // Accepted with an id, and not final: what a state can still change. A Refused or Unconfirmed entry has no id to ask about.
    private static bool NeedsState(SmsJournalEntry entry) =>
        entry.Id.HasValue && !entry.IsFinal && entry.Status != SmsJournalStatus.Unconfirmed && entry.Status != SmsJournalStatus.Refused;
}
