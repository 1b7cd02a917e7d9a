using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Text;
using Microsoft.Data.Sqlite;
using MySmpp.Credentials;
using MySmpp.Errors;
using MySmpp.Model;
using MySmpp.Sending;

namespace MySmpp.Journal.Sqlite;

/// <summary>
/// The send journal in one SQLite file (WAL, synchronous=FULL, a busy time-out). Every read takes a pooled connection of
/// its own, so the journal is thread-safe and readers never block writers; the writes of this instance go, one at a time,
/// through one writer's connection kept open with its statements prepared (<see cref="Writer"/>); every write is one
/// <c>BEGIN IMMEDIATE</c> transaction, so writers of several runspaces and processes queue for the file's lock instead of
/// deadlocking.
/// </summary>
internal sealed class SqliteSendJournal : ISendJournal
{
    // A list filter goes in as one JSON array parameter (json_each), whatever its length.
    private const string EntryColumns = @"e.entry_id, e.id_sms, e.phone, e.client_id, e.sent_at, e.outcome, e.is_final, e.status, e.raw_status, e.status_time,
e.send_parts, e.send_price, e.state_parts, e.state_price, e.error_id, e.error_text, e.outcome_at, e.synced_at, e.channel, e.sender, e.campaign,
e.text, e.viber_sender, e.viber_text, e.button_text, e.button_url, e.image_url, e.transliterate, e.send_at, e.valid_until, r.run_id, r.job_name, e.position";

    private const int DeleteChunk = 5000;

    // Entries folded per transaction at most (a group is never split): other writers wait no longer than that takes.
    private const int FoldChunk = 5000;

    private readonly string _connectionString;
    private readonly TimeSpan _busyTimeout;
    private readonly byte[] _salt;
    private readonly byte[] _textKey;
    private readonly object _gate = new object();
    private readonly object _writeGate = new object();
    private readonly List<WaitingIntents> _waitingIntents = new List<WaitingIntents>();
    private readonly Dictionary<SendJournalAccount, long> _accounts = new Dictionary<SendJournalAccount, long>();
    private readonly Dictionary<Guid, RunKey> _runs = new Dictionary<Guid, RunKey>();

    // The texts of the groups this instance wrote that some recipient may still need (under _writeGate), by first entry.
    private readonly Dictionary<long, PendingTexts> _pendingTexts = new Dictionary<long, PendingTexts>();

    // The writer's connection, open between writes (under _writeGate); null until the first write, after a failed one,
    // and after Dispose.
    private Writer? _writer;
    private bool _disposed;
    private string? _testPragmas;

    private SqliteSendJournal(string path, SendJournalOptions options, string connectionString, byte[] salt, byte[] textKey)
    {
        Path = path;
        KeepText = options.KeepText;
        _busyTimeout = options.BusyTimeout;
        _connectionString = connectionString;
        _salt = salt;
        _textKey = textKey;
    }

    /// <inheritdoc />
    public string Path { get; }

    /// <summary>
    /// Statements run on every connection after the journal's own settings: tests use it to make SQLite itself refuse
    /// (PRAGMA query_only: read-only; PRAGMA max_page_count: full) without a read-only or full disk.
    /// </summary>
    internal string? TestPragmas
    {
        get => _testPragmas;
        set
        {
            // The writer's connection ran the earlier ones: the next write opens another.
            lock (_writeGate)
            {
                _testPragmas = value;
                DropWriter();
            }
        }
    }

    /// <inheritdoc />
    public bool KeepText { get; }

    /// <summary>How many groups this instance still tracks the texts of (tests prove the count stays bounded).</summary>
    internal int TrackedTextGroups
    {
        get
        {
            lock (_writeGate) return _pendingTexts.Count;
        }
    }

    /// <summary>Opens (creating and migrating when needed) the journal described by <paramref name="options"/>.</summary>
    internal static SqliteSendJournal Open(SendJournalOptions options)
    {
        SqliteRuntime.EnsureInitialized();
        string path;
        try
        {
            path = System.IO.Path.GetFullPath(options.Path);
        }
        catch (Exception ex) when (ex is ArgumentException || SqliteErrors.IsFileSystem(ex))
        {
            throw new MySmppJournalException("The send journal's path '" + options.Path + "' is not a valid file path (" + ex.Message + ").", SendJournalProblem.Unavailable, options.Path, ex);
        }

        try
        {
            string? folder = System.IO.Path.GetDirectoryName(path);
            if (!string.IsNullOrEmpty(folder)) OwnerOnlyFiles.EnsureFolder(folder);
            OwnerOnlyFiles.CreateFile(path);
        }
        catch (Exception ex) when (SqliteErrors.IsFileSystem(ex) || ex is System.ComponentModel.Win32Exception || ex is PlatformNotSupportedException)
        {
            throw SqliteErrors.FromFileSystem(ex, path, "created");
        }

        string connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWrite,
            Cache = SqliteCacheMode.Private,
            Pooling = true,

            // Microsoft.Data.Sqlite's own retry on SQLITE_BUSY comes after SQLite's busy handler (PRAGMA busy_timeout below)
            // has already waited the whole time-out: one more second, not a second time-out.
            DefaultTimeout = 1,
        }.ToString();

        try
        {
            using (var connection = new SqliteConnection(connectionString))
            {
                connection.Open();
                Configure(connection, options.BusyTimeout);
                JournalSchema.PrepareEmpty(connection);
                using (SqliteCommand wal = connection.CreateCommand())
                {
                    wal.CommandText = "PRAGMA journal_mode = WAL;";
                    string? mode = wal.ExecuteScalar() as string;
                    if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
                    {
                        throw new MySmppJournalException("The send journal " + path + " cannot use write-ahead logging (journal mode '" + mode + "'); the folder must allow its -wal and -shm files.", SendJournalProblem.Unavailable, path);
                    }
                }

                JournalSchema.Ensure(connection, path);
                byte[] salt = JournalSchema.ReadSecret(connection, JournalSchema.SaltName, path);
                byte[] textKey = JournalSchema.ReadSecret(connection, JournalSchema.TextKeyName, path);
                return new SqliteSendJournal(path, options, connectionString, salt, textKey);
            }
        }
        catch (SqliteException ex)
        {
            throw SqliteErrors.From(ex, path, "opening it");
        }
    }

    /// <inheritdoc />
    public SendJournalAccount GetAccount(MySmppCredential credential, Uri gateway) => SendJournalAccount.Create(credential, gateway, _salt);

    /// <inheritdoc />
    public string TextFingerprint(string? text, string? viberText) => SendJournalText.Fingerprint(_textKey, text, viberText);

    /// <inheritdoc />
    public SendJournalRun StartRun(SendJournalAccount account, Guid runId, string? jobName, DateTimeOffset startedAt)
    {
        if (account == null) throw new ArgumentNullException(nameof(account));
        if (jobName != null && jobName.Trim().Length == 0) throw new ArgumentException("A job name must not be blank.", nameof(jobName));
        long runKey = 0;
        long accountId = 0;

        // Not durable on its own (no fsync before the first request): the run matters only with its intents, and the first
        // intents' durable commit syncs the write-ahead log with this row in it (its frames come first). Any failure to
        // write still stops the command here, before anything is sent.
        Write("starting a run", writer =>
        {
            SqliteConnection connection = writer.Connection;
            accountId = AccountId(connection, account, create: true)!.Value;
            using (SqliteCommand command = connection.CreateCommand())
            {
                command.CommandText = "INSERT INTO run (run_id, account_id, job_name, started_at, process_id) VALUES ($run_id, $account, $job, $at, $pid) RETURNING run_key;";
                command.Parameters.AddWithValue("$run_id", runId.ToString("D"));
                command.Parameters.AddWithValue("$account", accountId);
                command.Parameters.AddWithValue("$job", (object?)jobName ?? DBNull.Value);
                command.Parameters.AddWithValue("$at", startedAt.ToUnixTimeMilliseconds());
                command.Parameters.AddWithValue("$pid", CurrentProcessId());
                runKey = (long)command.ExecuteScalar()!;
            }
        }, durable: false);

        lock (_gate) _runs[runId] = new RunKey(runKey, accountId, jobName);
        return new SendJournalRun(runId, account, jobName, startedAt);
    }

    /// <inheritdoc />
    public void EndRun(SendJournalRun run, DateTimeOffset endedAt)
    {
        if (run == null) throw new ArgumentNullException(nameof(run));

        // Not durable on its own: a power cut that loses it leaves the run looking interrupted, which is safe (its entries
        // say what happened to each recipient); an fsync here would also flush every answer written since the last intents.
        Write("ending a run", writer =>
        {
            SqliteConnection connection = writer.Connection;
            using (SqliteCommand command = connection.CreateCommand())
            {
                command.CommandText = "UPDATE run SET ended_at = $at WHERE run_id = $run_id;";
                command.Parameters.AddWithValue("$at", endedAt.ToUnixTimeMilliseconds());
                command.Parameters.AddWithValue("$run_id", run.RunId.ToString("D"));
                command.ExecuteNonQuery();
            }
        }, durable: false);
    }

    /// <inheritdoc />
    public IReadOnlyList<long> RecordIntents(SendJournalRun run, IReadOnlyList<SendIntent> intents)
    {
        if (run == null) throw new ArgumentNullException(nameof(run));
        if (intents == null) throw new ArgumentNullException(nameof(intents));
        for (int i = 0; i < intents.Count; i++)
        {
            if (intents[i] == null) throw new ArgumentException("Intent " + i + " is null.", nameof(intents));
        }

        if (intents.Count == 0) return Array.Empty<long>();

        // Group commit: the batches of a send reach here from several threads at once, and each transaction costs an fsync.
        // Each call queues its intents; whoever holds the writer's lock next writes every queued call's intents in one
        // transaction, so a call returns once a transaction that holds its intents has committed.
        var mine = new WaitingIntents(run, intents);
        lock (_waitingIntents) _waitingIntents.Add(mine);
        lock (_writeGate)
        {
            if (!mine.Done) WriteWaitingIntents();
        }

        if (mine.Failure != null)
        {
            // Each caller gets its own exception object (one thrown from several threads would share its stack trace).
            if (mine.Failure is MySmppJournalException failure) throw new MySmppJournalException(failure.Message, failure.Problem, failure.Path, failure);
            throw new ArgumentException(mine.Failure.Message, nameof(run), mine.Failure);
        }

        return mine.Ids;
    }

    // Under the writer's lock: every queued call's intents in one transaction, each call one pending group. A call whose
    // run is unknown fails alone.
    private void WriteWaitingIntents()
    {
        WaitingIntents[] group;
        lock (_waitingIntents)
        {
            group = _waitingIntents.ToArray();
            _waitingIntents.Clear();
        }

        var texts = new List<PendingTexts>();
        try
        {
            Write("writing the intents of a batch", writer =>
            {
                texts.Clear();
                foreach (WaitingIntents waiting in group)
                {
                    try
                    {
                        InsertIntents(writer, waiting, texts);
                    }
                    catch (ArgumentException ex)
                    {
                        waiting.Failure = ex;
                    }
                }
            });

            // Committed: from now on their answers may drop their texts.
            foreach (PendingTexts pending in texts) _pendingTexts[pending.FirstEntry] = pending;
        }
        catch (MySmppJournalException ex)
        {
            foreach (WaitingIntents waiting in group) waiting.Failure ??= ex;
        }
        finally
        {
            foreach (WaitingIntents waiting in group) waiting.Done = true;
        }
    }

    // One call's intents as one pending group (PendingRecords): one row, whatever the number of recipients; the entries
    // are made from it by the fold. Their ids are reserved now: above every entry and every pending group of the file
    // (this runs under the file's write lock, so no other writer reserves the same).
    private void InsertIntents(Writer writer, WaitingIntents waiting, List<PendingTexts> texts)
    {
        IReadOnlyList<SendIntent> intents = waiting.Intents;
        RunKey key = RunKeyOf(writer.Connection, waiting.Run.RunId);
        PendingRecords.EncodedGroup group = PendingRecords.Encode(intents, m => key.JobName == null ? null : TextFingerprint(m.Text, m.ViberText));
        long first = writer.NextEntryId();
        JournalStatement insert = writer.InsertGroup;
        insert.Bind(1, first);
        insert.Bind(2, intents.Count);
        insert.Bind(3, key.AccountId);
        insert.Bind(4, key.Key);
        insert.Bind(5, KeepText ? 1 : 0);
        insert.Bind(6, group.Recipients);
        insert.Bind(7, group.Messages);
        insert.Execute();
        if (group.HasTexts)
        {
            JournalStatement insertTexts = writer.InsertTexts;
            insertTexts.Bind(1, first);
            insertTexts.Bind(2, PendingRecords.EncodeTexts(group.Texts));
            insertTexts.Execute();
            if (!KeepText) texts.Add(new PendingTexts(first, group));
        }

        for (int i = 0; i < intents.Count; i++) waiting.Ids[i] = first + i;
    }

    /// <inheritdoc />
    public void RecordOutcomes(IReadOnlyList<SendJournalOutcome> outcomes)
    {
        if (outcomes == null) throw new ArgumentNullException(nameof(outcomes));
        for (int i = 0; i < outcomes.Count; i++)
        {
            SendJournalOutcome outcome = outcomes[i] ?? throw new ArgumentException("Outcome " + i + " is null.", nameof(outcomes));
            if (outcome.Kind == SendJournalOutcomeKind.Intent) throw new ArgumentException("Outcome " + i + " is an intent; intents are written with RecordIntents.", nameof(outcomes));
        }

        if (outcomes.Count == 0) return;

        // The trackers this call changes, as they were before it: a transaction that fails puts them back, so that an
        // answer not written never counts towards dropping a text another recipient still needs.
        var before = new Dictionary<long, PendingTexts>();
        lock (_writeGate)
        {
            try
            {
                Write("writing the answers of a batch", writer =>
                {
                    int i = 0;
                    while (i < outcomes.Count)
                    {
                        i = RecordOutcomesFrom(writer, outcomes, i, before);
                    }
                }, durable: false);
            }
            catch (Exception)
            {
                foreach (KeyValuePair<long, PendingTexts> tracker in before) _pendingTexts[tracker.Key] = tracker.Value;
                throw;
            }
        }
    }

    // Records the answers from outcomes[start] on that go together: the run of them in one pending group (one row beside
    // the group, and the texts no one needs any more dropped from it), or the one answer to an entry already folded
    // (updated in place). Returns where the next run starts.
    private int RecordOutcomesFrom(Writer writer, IReadOnlyList<SendJournalOutcome> outcomes, int start, Dictionary<long, PendingTexts> before)
    {
        long entry = outcomes[start].EntryId;
        JournalStatement find = writer.FindGroup;
        find.Bind(1, entry);
        if (!find.ReadRow(out long first, out long count) || entry >= first + count)
        {
            // Folded already (here or by another instance or process): its group's tracker, if this instance has one,
            // has nothing left to drop.
            ForgetTrackerOf(entry);
            if (ApplyOutcome(writer.RecordOutcome, Stored(outcomes[start]), dropTexts: !KeepText) != 1)
            {
                throw new ArgumentException("The journal has no entry " + entry + " (outcome " + start + ").", nameof(outcomes));
            }

            return start + 1;
        }

        int end = start + 1;
        while (end < outcomes.Count && outcomes[end].EntryId >= first && outcomes[end].EntryId < first + count) end++;
        JournalStatement insert = writer.InsertOutcomes;
        insert.Bind(1, first);
        insert.Bind(2, PendingRecords.EncodeOutcomes(outcomes, start, end));
        insert.Execute();

        if (_pendingTexts.TryGetValue(first, out PendingTexts? texts))
        {
            if (!before.ContainsKey(first)) before[first] = texts.Clone();
            bool dropped = false;
            for (int i = start; i < end; i++)
            {
                dropped |= texts.Answer(outcomes[i].EntryId, outcomes[i].Kind >= SendJournalOutcomeKind.Refused);
            }

            if (dropped)
            {
                JournalStatement store = texts.AllDropped ? writer.DeleteTexts : writer.UpdateTexts;
                store.Bind(1, first);
                if (!texts.AllDropped) store.Bind(2, texts.Encode());
                store.Execute();
            }

            if (texts.AllAnswered || texts.AllDropped) _pendingTexts.Remove(first);
        }

        return end;
    }

    // Under the writer's lock: lets go of the tracker of the group that holds the entry, a group no longer pending.
    private void ForgetTrackerOf(long entry)
    {
        if (_pendingTexts.Count == 0) return;
        long? found = null;
        foreach (PendingTexts texts in _pendingTexts.Values)
        {
            if (texts.Holds(entry))
            {
                found = texts.FirstEntry;
                break;
            }
        }

        if (found.HasValue) _pendingTexts.Remove(found.Value);
    }

    // ?1 kind, ?2 id_sms, ?3 parts, ?4 price, ?5 error_id, ?6 error_text, ?7 at, ?8 entry_id, ?9 drop texts; the rows changed.
    private static int ApplyOutcome(JournalStatement update, PendingRecords.StoredOutcome outcome, bool dropTexts)
    {
        update.Bind(1, outcome.Kind);
        update.Bind(2, outcome.IdSms);
        update.Bind(3, outcome.Parts);
        update.Bind(4, outcome.Price);
        update.Bind(5, outcome.ErrorId);
        update.Bind(6, outcome.ErrorText);
        update.Bind(7, outcome.At);
        update.Bind(8, outcome.EntryId);
        update.Bind(9, dropTexts ? 1 : 0);
        return update.Execute();
    }

    private static PendingRecords.StoredOutcome Stored(SendJournalOutcome o) =>
        new PendingRecords.StoredOutcome(o.EntryId, (long)o.Kind, o.IdSms, o.Parts, DecimalText(o.Price), o.ErrorId, o.ErrorText, o.At.ToUnixTimeMilliseconds());

    /// <inheritdoc />
    public void RecordStates(IReadOnlyList<SendJournalStateUpdate> updates)
    {
        if (updates == null) throw new ArgumentNullException(nameof(updates));
        if (updates.Count == 0) return;
        Fold();
        Write("storing synced states", writer =>
        {
            JournalStatement store = writer.RecordState;
            for (int i = 0; i < updates.Count; i++)
            {
                SendJournalStateUpdate update = updates[i] ?? throw new ArgumentException("Update " + i + " is null.", nameof(updates));
                SmsState state = update.State;
                store.Bind(1, (long)state.Status);
                store.Bind(2, state.RawStatus);
                store.Bind(3, state.StatusTime.HasValue ? state.StatusTime.Value.Ticks : (long?)null);
                store.Bind(4, state.Parts);
                store.Bind(5, DecimalText(state.PricePerPart));
                store.Bind(6, update.SyncedAt.ToUnixTimeMilliseconds());
                store.Bind(7, update.IsFinal ? 1 : 0);
                store.Bind(8, update.EntryId);
                store.Execute();
            }
        }, durable: false);
    }

    /// <inheritdoc />
    public IEnumerable<SendJournalJobEntry> GetJobEntries(SendJournalAccount account, string jobName)
    {
        if (account == null) throw new ArgumentNullException(nameof(account));
        if (string.IsNullOrEmpty(jobName)) throw new ArgumentException("The job name must not be empty.", nameof(jobName));
        long? accountId = AccountIdOrNull(account);
        if (accountId == null) return Array.Empty<SendJournalJobEntry>();
        return new JournalRows<SendJournalJobEntry>(
            this,
            command =>
            {
                command.CommandText = @"SELECT e.entry_id, r.run_id, e.position, e.phone, e.client_id, e.text_fingerprint, e.outcome, e.id_sms, e.send_parts, e.send_price, e.error_id
FROM run r JOIN entry e ON e.run_key = r.run_key
WHERE r.account_id = $account AND r.job_name = $job AND e.account_id = $account
ORDER BY e.position, e.entry_id;";
                command.Parameters.AddWithValue("$account", accountId.Value);
                command.Parameters.AddWithValue("$job", jobName);
            },
            r => new SendJournalJobEntry(
                r.GetInt64(0),
                Guid.Parse(r.GetString(1)),
                r.GetInt64(2),
                r.GetString(3),
                r.GetInt64(4),
                r.IsDBNull(5) ? null : r.GetString(5),
                (SendJournalOutcomeKind)r.GetInt32(6),
                r.IsDBNull(7) ? (long?)null : r.GetInt64(7),
                r.IsDBNull(8) ? (int?)null : r.GetInt32(8),
                ReadDecimal(r, 9),
                r.IsDBNull(10) ? null : r.GetString(10)),
            "reading a job's entries");
    }

    /// <inheritdoc />
    public IEnumerable<SmsJournalEntry> GetUnconfirmed(SendJournalAccount account, Guid? runId) =>
        Query(account, new SendJournalQuery { Statuses = new[] { SmsJournalStatus.Unconfirmed }, RunIds = runId.HasValue ? new[] { runId.Value } : null });

    /// <inheritdoc />
    public IEnumerable<SmsJournalEntry> Query(SendJournalAccount account, SendJournalQuery query)
    {
        if (account == null) throw new ArgumentNullException(nameof(account));
        if (query == null) throw new ArgumentNullException(nameof(query));
        long? accountId = AccountIdOrNull(account);
        if (accountId == null) return Array.Empty<SmsJournalEntry>();
        SendJournalQuery q = query.Clone();
        return new JournalRows<SmsJournalEntry>(this, command => BuildQuery(command, accountId.Value, q), ReadEntry, "reading entries");
    }

    /// <summary>The SQL of <see cref="Query"/> (also what the query-plan test explains).</summary>
    internal static void BuildQuery(SqliteCommand command, long accountId, SendJournalQuery q)
    {
        // CROSS JOIN is SQLite's way of fixing the join order: entries are always the outer loop, read through the index
        // the filters pick, and their run is a primary-key lookup, whatever the statistics say about the run table.
        var sql = new StringBuilder("SELECT " + EntryColumns + "\nFROM entry e CROSS JOIN run r ON r.run_key = e.run_key\nWHERE e.account_id = $account");
        command.Parameters.AddWithValue("$account", accountId);
        if (q.Since.HasValue)
        {
            sql.Append(" AND e.sent_at >= $since");
            command.Parameters.AddWithValue("$since", UnixMilliseconds(q.Since.Value));
        }

        if (q.Until.HasValue)
        {
            sql.Append(" AND e.sent_at < $until");
            command.Parameters.AddWithValue("$until", UnixMilliseconds(q.Until.Value));
        }

        ListFilter(sql, command, "e.id_sms", "$ids", q.Ids);
        ListFilter(sql, command, "e.client_id", "$client_ids", q.ClientIds);
        ListFilter(sql, command, "e.phone", "$phones", q.Phones);
        ListFilter(sql, command, "e.campaign", "$campaigns", q.CampaignNames);
        if (q.RunIds != null)
        {
            ListFilter(sql, command, "r.run_id", "$runs", q.RunIds.Select(r => r.ToString("D")).ToList());
        }

        if (q.Statuses != null && q.Statuses.Count > 0)
        {
            sql.Append(" AND (").Append(string.Join(" OR ", q.Statuses.Distinct().Select(StatusCondition))).Append(')');
        }

        if (q.After != null)
        {
            // Keyset paging in the order read: a row value comparison the time index answers.
            sql.Append(q.NewestFirst ? " AND (e.sent_at, e.entry_id) < ($after_at, $after_id)" : " AND (e.sent_at, e.entry_id) > ($after_at, $after_id)");
            command.Parameters.AddWithValue("$after_at", q.After.SentAtUnixMilliseconds);
            command.Parameters.AddWithValue("$after_id", q.After.EntryId);
        }

        sql.Append(q.NewestFirst ? "\nORDER BY e.sent_at DESC, e.entry_id DESC" : "\nORDER BY e.sent_at, e.entry_id");
        if (q.Limit.HasValue)
        {
            sql.Append(" LIMIT $limit");
            command.Parameters.AddWithValue("$limit", Math.Max(0, q.Limit.Value));
        }

        command.CommandText = sql.Append(';').ToString();
    }

    /// <inheritdoc />
    public long DeleteBefore(SendJournalAccount account, DateTimeOffset before)
    {
        if (account == null) throw new ArgumentNullException(nameof(account));
        long? accountId = AccountIdOrNull(account);
        if (accountId == null) return 0;
        Fold();
        long total = 0;
        long cutoff = before.ToUnixTimeMilliseconds();
        while (true)
        {
            int deleted = 0;
            Write("deleting old entries", writer =>
            {
                SqliteConnection connection = writer.Connection;
                using (SqliteCommand command = connection.CreateCommand())
                {
                    // The highest entry id given so far outlives the entries: new groups take ids above it, so an answer
                    // that arrives late for a deleted entry never lands on a newer recipient under the same id.
                    command.CommandText = @"INSERT INTO journal_meta (name, value) SELECT '" + JournalSchema.EntryHighWaterName + @"', m FROM (SELECT max(entry_id) AS m FROM entry) WHERE m IS NOT NULL
  ON CONFLICT (name) DO UPDATE SET value = max(value, excluded.value);";
                    command.ExecuteNonQuery();
                    command.CommandText = @"DELETE FROM entry WHERE entry_id IN (SELECT entry_id FROM entry WHERE account_id = $account AND sent_at < $before LIMIT " + DeleteChunk + ");";
                    command.Parameters.AddWithValue("$account", accountId.Value);
                    command.Parameters.AddWithValue("$before", cutoff);
                    deleted = command.ExecuteNonQuery();
                }
            });
            total += deleted;
            if (deleted < DeleteChunk) break;
        }

        // A run goes with its last entry only once it ended. One still going (or cut off: a run that never ended) may be
        // sending right now in another session or process: deleted, its next intents would fail on the foreign key, or
        // (SQLite giving its key to the next run started, another account's maybe) land under another run.
        Write("deleting old runs", writer =>
        {
            SqliteConnection connection = writer.Connection;
            using (SqliteCommand command = connection.CreateCommand())
            {
                command.CommandText = @"DELETE FROM run WHERE account_id = $account AND started_at < $before AND ended_at IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM entry WHERE entry.run_key = run.run_key)
  AND NOT EXISTS (SELECT 1 FROM pending_intents p WHERE p.run_key = run.run_key);";
                command.Parameters.AddWithValue("$account", accountId.Value);
                command.Parameters.AddWithValue("$before", cutoff);
                command.ExecuteNonQuery();
            }
        });
        lock (_gate) _runs.Clear();
        GiveBackFreePages();
        return total;
    }

    /// <inheritdoc />
    public long DropDecidedTexts(SendJournalAccount account)
    {
        if (account == null) throw new ArgumentNullException(nameof(account));
        long? accountId = AccountIdOrNull(account);
        if (accountId == null) return 0;
        Fold();
        long total = 0;
        while (true)
        {
            int dropped = 0;
            Write("dropping texts", writer =>
            {
                SqliteConnection connection = writer.Connection;
                using (SqliteCommand command = connection.CreateCommand())
                {
                    command.CommandText = @"UPDATE entry SET text = NULL, viber_text = NULL, button_text = NULL, button_url = NULL, image_url = NULL
WHERE entry_id IN (SELECT entry_id FROM entry WHERE account_id = $account AND outcome >= 2
  AND (text IS NOT NULL OR viber_text IS NOT NULL OR button_text IS NOT NULL OR button_url IS NOT NULL OR image_url IS NOT NULL) LIMIT " + DeleteChunk + ");";
                    command.Parameters.AddWithValue("$account", accountId.Value);
                    dropped = command.ExecuteNonQuery();
                }
            });
            total += dropped;
            if (dropped < DeleteChunk) break;
        }

        return total;
    }

    /// <summary>
    /// Releases the file: the writer's connection and the idle pooled connections close (the -wal and -shm files go with
    /// the last one). A command still running when its session was disconnected may go on writing: each of its writes then
    /// opens a connection and closes it again.
    /// </summary>
    public void Dispose()
    {
        lock (_writeGate)
        {
            _disposed = true;
            DropWriter();
        }

        using (var connection = new SqliteConnection(_connectionString))
        {
            SqliteConnection.ClearPool(connection);
        }
    }

    /// <summary>An open connection with the journal's settings; the caller disposes it.</summary>
    internal SqliteConnection OpenConnection()
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            connection.Open();
            Configure(connection, _busyTimeout);
            string? pragmas = TestPragmas;
            if (pragmas != null) JournalSchema.Execute(connection, pragmas);
            return connection;
        }
        catch (SqliteException ex)
        {
            connection.Dispose();
            throw SqliteErrors.From(ex, Path, "opening a connection");
        }
    }

    /// <summary>The query plan SQLite picks for <paramref name="query"/> (tests and the benchmark prove the indexes with it).</summary>
    internal IReadOnlyList<string> ExplainQuery(SendJournalAccount account, SendJournalQuery query)
    {
        long accountId = AccountIdOrNull(account) ?? 0;
        using (SqliteConnection connection = OpenConnection())
        using (SqliteCommand command = connection.CreateCommand())
        {
            BuildQuery(command, accountId, query);
            command.CommandText = "EXPLAIN QUERY PLAN " + command.CommandText;
            var plan = new List<string>();
            using (SqliteDataReader reader = command.ExecuteReader())
            {
                while (reader.Read()) plan.Add(reader.GetString(3));
            }

            return plan;
        }
    }

    private static void Configure(SqliteConnection connection, TimeSpan busyTimeout)
    {
        // synchronous=FULL: a committed intent survives a power cut, not only a killed process (write-ahead means durable).
        // secure_delete=ON: dropped texts and deleted entries are overwritten, on freed pages too. FAST leaves freed pages as
        // they were: a group's texts blob spans overflow pages, which kept every personalised text of the group in the file
        // after its drop (SqliteJournalTests.Texts_of_a_large_pending_group_do_not_survive_in_the_file_once_decided).
        JournalSchema.Execute(connection, "PRAGMA busy_timeout = " + (long)busyTimeout.TotalMilliseconds + "; PRAGMA synchronous = FULL; PRAGMA secure_delete = ON;");
    }

    // durable: false for what may be lost in a power cut (not in a killed process: the operating system has it) because
    // losing it is safe by design: an answer not recorded leaves its entry unconfirmed, and resending under its key is
    // safe; a synced state is synced again. The commit then skips its fsync; the next durable commit syncs it anyway.
    private void Write(string doing, Action<Writer> work, bool durable = true)
    {
        // One writer of this process at a time, queued here: SQLite's busy handler (which writers of other processes still
        // meet) waits by sleeping in steps of up to 100 ms, far longer than a batch's write, so the send's concurrent
        // batches would otherwise spend their time asleep.
        lock (_writeGate)
        {
            Writer writer = _writer ?? OpenWriter();
            _writer = writer;
            bool failed = true;
            try
            {
                writer.Synchronous(full: durable);

                // BEGIN IMMEDIATE: the write lock is taken (waiting up to the busy time-out) before anything is read, so
                // two writers never both hold a read snapshot and then deadlock upgrading it.
                using (SqliteTransaction transaction = writer.Connection.BeginTransaction(deferred: false))
                {
                    work(writer);
                    transaction.Commit();
                }

                failed = false;
            }
            catch (SqliteException ex)
            {
                throw SqliteErrors.From(ex, Path, doing);
            }
            finally
            {
                // A failed write leaves nothing behind (the next one opens a new connection, as a write always did before
                // this kept one); after Dispose nothing is kept open.
                if (failed || _disposed) DropWriter();
            }
        }
    }

    // Under the writer's lock.
    private Writer OpenWriter()
    {
        SqliteConnection connection = OpenConnection();
        try
        {
            return new Writer(connection);
        }
        catch (SqliteException ex)
        {
            connection.Dispose();
            throw SqliteErrors.From(ex, Path, "opening a connection");
        }
    }

    // Under the writer's lock.
    private void DropWriter()
    {
        Writer? writer = _writer;
        _writer = null;
        writer?.Dispose();
    }

    /// <summary>
    /// Folds the send path's pending groups (<see cref="PendingRecords"/>) into entries: each group's recipients become
    /// entries under the ids reserved for them, its answers are applied in the order they were written (as
    /// <see cref="RecordOutcomes"/> applies an answer to an entry), and the group's rows go, in the same transaction, so a
    /// fold cut short leaves the group pending and whole. Every read and every write other than the send path's folds
    /// first: what they see and change are entries. Several instances and processes may fold at once; each group is folded
    /// by whoever takes the write lock first.
    /// </summary>
    internal void Fold()
    {
        if (!HasPending()) return;
        bool more = true;
        var folded = new List<long>();
        while (more)
        {
            lock (_writeGate)
            {
                folded.Clear();
                Write("folding sent recipients into entries", writer => more = FoldSome(writer, folded), durable: false);

                // Committed: the texts of these groups are entries' texts now, dropped with their answers.
                foreach (long first in folded) _pendingTexts.Remove(first);
            }
        }
    }

    private bool HasPending()
    {
        using (SqliteConnection connection = OpenConnection())
        using (SqliteCommand command = connection.CreateCommand())
        {
            command.CommandText = "SELECT EXISTS (SELECT 1 FROM pending_intents);";
            try
            {
                return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture) != 0;
            }
            catch (SqliteException ex)
            {
                throw SqliteErrors.From(ex, Path, "reading pending intents");
            }
        }
    }

    // Under the write lock: folds the oldest groups, about FoldChunk entries, adding their first entries to folded; true
    // when more are left.
    private bool FoldSome(Writer writer, List<long> folded)
    {
        var groups = new List<PendingGroupRow>();
        bool more = false;
        int entries = 0;
        using (SqliteCommand command = writer.Connection.CreateCommand())
        {
            command.CommandText = @"SELECT i.first_entry, i.count, i.account_id, i.run_key, i.keep_text, i.recipients, i.messages, t.texts
FROM pending_intents i LEFT JOIN pending_texts t ON t.first_entry = i.first_entry ORDER BY i.first_entry;";
            using (SqliteDataReader reader = command.ExecuteReader())
            {
                while (reader.Read())
                {
                    if (entries >= FoldChunk)
                    {
                        more = true;
                        break;
                    }

                    long count = reader.GetInt64(1);
                    if (count < 1 || count > int.MaxValue) throw Damaged("a pending group has " + count.ToString(CultureInfo.InvariantCulture) + " recipients.", null);
                    var row = new PendingGroupRow(reader.GetInt64(0), (int)count, reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4) != 0, Blob(reader, 5), Blob(reader, 6), reader.IsDBNull(7) ? null : Blob(reader, 7));
                    groups.Add(row);
                    entries += row.Count;
                }
            }
        }

        foreach (PendingGroupRow group in groups)
        {
            FoldGroup(writer, group);
            folded.Add(group.FirstEntry);
        }

        return more;
    }

    private void FoldGroup(Writer writer, PendingGroupRow group)
    {
        List<PendingRecords.Recipient> recipients = Decoded(() => PendingRecords.DecodeRecipients(group.Recipients, group.Count));
        List<PendingRecords.Message> messages = Decoded(() => PendingRecords.DecodeMessages(group.Messages));
        List<string?[]>? texts = group.Texts == null ? null : Decoded(() => PendingRecords.DecodeTexts(group.Texts));

        JournalStatement insert = writer.InsertEntry;
        insert.Bind(1, group.AccountId);
        insert.Bind(2, group.RunKey);
        for (int i = 0; i < recipients.Count; i++)
        {
            PendingRecords.Recipient r = recipients[i];
            if (r.Message < 0 || r.Message >= messages.Count) throw Damaged("a recipient refers to no message.", null);
            PendingRecords.Message m = messages[r.Message];
            string?[]? t = texts != null && r.Message < texts.Count ? texts[r.Message] : null;
            insert.Bind(3, r.Position);
            insert.Bind(4, r.ClientId);
            insert.Bind(5, r.Phone);
            insert.Bind(6, r.SentAt);
            insert.Bind(7, m.Channel);
            insert.Bind(8, m.Sender);
            insert.Bind(9, m.Campaign);
            insert.Bind(10, m.SendAt);
            insert.Bind(11, m.ValidUntil);
            insert.Bind(12, m.Transliterate ? 1 : 0);
            insert.Bind(13, t?[0]);
            insert.Bind(14, m.ViberSender);
            insert.Bind(15, t?[1]);
            insert.Bind(16, t?[2]);
            insert.Bind(17, t?[3]);
            insert.Bind(18, t?[4]);
            insert.Bind(19, m.TextFingerprint);
            insert.Bind(20, group.FirstEntry + i);
            insert.Execute();
        }

        using (SqliteCommand command = writer.Connection.CreateCommand())
        {
            command.CommandText = "SELECT outcomes FROM pending_outcomes WHERE first_entry = $first ORDER BY seq;";
            command.Parameters.AddWithValue("$first", group.FirstEntry);
            var stored = new List<byte[]>();
            using (SqliteDataReader reader = command.ExecuteReader())
            {
                while (reader.Read()) stored.Add(Blob(reader, 0));
            }

            foreach (byte[] blob in stored)
            {
                List<PendingRecords.StoredOutcome> outcomes = Decoded(() => PendingRecords.DecodeOutcomes(blob));

                // The session that wrote the group chose whether its texts are kept.
                foreach (PendingRecords.StoredOutcome outcome in outcomes)
                {
                    if (outcome.EntryId < group.FirstEntry || outcome.EntryId - group.FirstEntry >= group.Count) throw Damaged("an answer is for an entry not of its group.", null);
                    ApplyOutcome(writer.RecordOutcome, outcome, dropTexts: !group.KeepText);
                }
            }

            command.Parameters.Clear();
            command.CommandText = "DELETE FROM pending_outcomes WHERE first_entry = $first; DELETE FROM pending_texts WHERE first_entry = $first; DELETE FROM pending_intents WHERE first_entry = $first;";
            command.Parameters.AddWithValue("$first", group.FirstEntry);
            command.ExecuteNonQuery();
        }
    }

    // A pending record decoded; what its decoder throws on bytes it cannot read is damage.
    private T Decoded<T>(Func<T> decode)
    {
        try
        {
            return decode();
        }
        catch (Exception ex) when (ex is InvalidOperationException || ex is OverflowException || ex is ArgumentException)
        {
            throw Damaged(ex.Message, ex);
        }
    }

    // A pending record's blob column; another type there (written by something else than this storage) is damage.
    private byte[] Blob(SqliteDataReader reader, int ordinal) =>
        reader.GetValue(ordinal) as byte[] ?? throw Damaged("a pending record holds a value of another type where its data belongs.", null);

    private MySmppJournalException Damaged(string what, Exception? inner) =>
        new MySmppJournalException("The send journal " + Path + " is damaged: " + what + " Use another file, or restore this one from a backup.", SendJournalProblem.Corrupt, Path, inner);

    private void GiveBackFreePages()
    {
        try
        {
            using (SqliteConnection connection = OpenConnection())
            {
                JournalSchema.Execute(connection, "PRAGMA incremental_vacuum;");
            }
        }
        catch (SqliteException ex)
        {
            throw SqliteErrors.From(ex, Path, "giving free pages back");
        }
    }

    private long? AccountIdOrNull(SendJournalAccount account)
    {
        lock (_gate)
        {
            if (_accounts.TryGetValue(account, out long cached)) return cached;
        }

        using (SqliteConnection connection = OpenConnection())
        {
            try
            {
                return AccountId(connection, account, create: false);
            }
            catch (SqliteException ex)
            {
                throw SqliteErrors.From(ex, Path, "reading accounts");
            }
        }
    }

    private long? AccountId(SqliteConnection connection, SendJournalAccount account, bool create)
    {
        lock (_gate)
        {
            if (_accounts.TryGetValue(account, out long cached)) return cached;
        }

        using (SqliteCommand command = connection.CreateCommand())
        {
            if (create)
            {
                command.CommandText = "INSERT INTO account (gateway, principal) VALUES ($gateway, $principal) ON CONFLICT (gateway, principal) DO NOTHING;";
                command.Parameters.AddWithValue("$gateway", account.Gateway);
                command.Parameters.AddWithValue("$principal", account.Principal);
                command.ExecuteNonQuery();
                command.Parameters.Clear();
            }

            command.CommandText = "SELECT account_id FROM account WHERE gateway = $gateway AND principal = $principal;";
            command.Parameters.AddWithValue("$gateway", account.Gateway);
            command.Parameters.AddWithValue("$principal", account.Principal);
            object? found = command.ExecuteScalar();
            if (found == null || found is DBNull) return null;
            long id = (long)found;
            lock (_gate) _accounts[account] = id;
            return id;
        }
    }

    private RunKey RunKeyOf(SqliteConnection connection, Guid runId)
    {
        lock (_gate)
        {
            if (_runs.TryGetValue(runId, out RunKey cached)) return cached;
        }

        using (SqliteCommand command = connection.CreateCommand())
        {
            command.CommandText = "SELECT run_key, account_id, job_name FROM run WHERE run_id = $run_id;";
            command.Parameters.AddWithValue("$run_id", runId.ToString("D"));
            using (SqliteDataReader reader = command.ExecuteReader())
            {
                if (!reader.Read()) throw new ArgumentException("The journal has no run " + runId.ToString("D") + "; start it with StartRun.", nameof(runId));
                var key = new RunKey(reader.GetInt64(0), reader.GetInt64(1), reader.IsDBNull(2) ? null : reader.GetString(2));
                lock (_gate) _runs[runId] = key;
                return key;
            }
        }
    }

    private static string StatusCondition(SmsJournalStatus status)
    {
        switch (status)
        {
            case SmsJournalStatus.Unconfirmed: return "e.outcome <= 1";
            case SmsJournalStatus.Refused: return "e.outcome = 2";
            case SmsJournalStatus.Accepted: return "(e.outcome >= 3 AND e.status IS NULL)";
            case SmsJournalStatus.Pending: return "(e.outcome >= 3 AND e.is_final = 0)";
            case SmsJournalStatus.Final: return "e.is_final = 1";
            case SmsJournalStatus.Sent: return StateCondition(SmsStatus.Sent);
            case SmsJournalStatus.Delivered: return StateCondition(SmsStatus.Delivered);
            case SmsJournalStatus.PartlyDelivered: return StateCondition(SmsStatus.PartlyDelivered);
            case SmsJournalStatus.Unknown: return StateCondition(SmsStatus.Unknown);
            case SmsJournalStatus.NotDelivered: return StateCondition(SmsStatus.NotDelivered);
            case SmsJournalStatus.Expired: return StateCondition(SmsStatus.Expired);
            case SmsJournalStatus.Read: return StateCondition(SmsStatus.Read);
            default: throw new ArgumentOutOfRangeException(nameof(status), status, "Not a journal status.");
        }
    }

    private static string StateCondition(SmsStatus status) => "(e.outcome >= 3 AND e.status = " + ((int)status).ToString(CultureInfo.InvariantCulture) + ")";

    private static void ListFilter<T>(StringBuilder sql, SqliteCommand command, string column, string parameter, IReadOnlyCollection<T>? values)
    {
        if (values == null) return;
        var json = new StringBuilder("[");
        foreach (T value in values)
        {
            if (json.Length > 1) json.Append(',');
            if (value is string text) AppendJsonString(json, text);
            else json.Append(Convert.ToString(value, CultureInfo.InvariantCulture));
        }

        json.Append(']');
        sql.Append(" AND ").Append(column).Append(" IN (SELECT value FROM json_each(").Append(parameter).Append("))");
        command.Parameters.AddWithValue(parameter, json.ToString());
    }

    private static void AppendJsonString(StringBuilder json, string text)
    {
        json.Append('"');
        foreach (char c in text)
        {
            if (c == '"' || c == '\\') json.Append('\\').Append(c);
            else if (c < ' ') json.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
            else json.Append(c);
        }

        json.Append('"');
    }

    private static SmsJournalEntry ReadEntry(SqliteDataReader r)
    {
        var outcome = (SendJournalOutcomeKind)r.GetInt32(5);
        SmsStatus? status = r.IsDBNull(7) ? (SmsStatus?)null : (SmsStatus)r.GetInt32(7);
        int? sendParts = r.IsDBNull(10) ? (int?)null : r.GetInt32(10);
        decimal? sendPrice = ReadDecimal(r, 11);
        int? stateParts = r.IsDBNull(12) ? (int?)null : r.GetInt32(12);
        decimal? statePrice = ReadDecimal(r, 13);
        int? parts = stateParts ?? sendParts;
        return new SmsJournalEntry
        {
            EntryId = r.GetInt64(0),
            Id = r.IsDBNull(1) ? (long?)null : r.GetInt64(1),
            Phone = r.GetString(2),
            ClientId = r.GetInt64(3),
            // SentAt is computed when read: a time out of range must fail here, inside the reader, as damage.
            SentAtUnixMilliseconds = DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(4)).ToUnixTimeMilliseconds(),
            Status = SendJournalRules.StatusOf(outcome, outcome >= SendJournalOutcomeKind.AlreadySent ? status : null),
            AlreadySent = outcome == SendJournalOutcomeKind.AlreadySent,
            IsFinal = r.GetInt32(6) != 0,
            RawStatus = r.IsDBNull(8) ? null : r.GetString(8),
            StatusTime = r.IsDBNull(9) ? (DateTime?)null : new DateTime(r.GetInt64(9), DateTimeKind.Unspecified),
            Parts = parts,
            PricePerPart = statePrice,
            SendPrice = sendPrice,
            TotalCost = parts.HasValue && statePrice.HasValue ? parts.Value * statePrice.Value : sendPrice,
            ErrorId = r.IsDBNull(14) ? null : r.GetString(14),
            ErrorText = r.IsDBNull(15) ? null : r.GetString(15),
            AnsweredAt = r.IsDBNull(16) ? (DateTime?)null : LocalTime(r.GetInt64(16)),
            SyncedAt = r.IsDBNull(17) ? (DateTime?)null : LocalTime(r.GetInt64(17)),
            Channel = (SmsChannel)r.GetInt32(18),
            Sender = r.IsDBNull(19) ? null : r.GetString(19),
            CampaignName = r.IsDBNull(20) ? null : r.GetString(20),
            Text = r.IsDBNull(21) ? null : r.GetString(21),
            ViberSender = r.IsDBNull(22) ? null : r.GetString(22),
            ViberText = r.IsDBNull(23) ? null : r.GetString(23),
            ButtonText = r.IsDBNull(24) ? null : r.GetString(24),
            ButtonUrl = r.IsDBNull(25) ? null : new Uri(r.GetString(25), UriKind.RelativeOrAbsolute),
            ImageUrl = r.IsDBNull(26) ? null : new Uri(r.GetString(26), UriKind.RelativeOrAbsolute),
            Transliterate = r.GetInt32(27) != 0,
            SendAt = r.IsDBNull(28) ? (DateTime?)null : new DateTime(r.GetInt64(28), DateTimeKind.Unspecified),
            ValidUntil = r.IsDBNull(29) ? (DateTime?)null : new DateTime(r.GetInt64(29), DateTimeKind.Unspecified),
            RunId = Guid.Parse(r.GetString(30)),
            JobName = r.IsDBNull(31) ? null : r.GetString(31),
            Position = r.GetInt64(32),
        };
    }

    private static decimal? ReadDecimal(SqliteDataReader r, int ordinal) =>
        r.IsDBNull(ordinal) ? (decimal?)null : decimal.Parse(r.GetString(ordinal), NumberStyles.Number, CultureInfo.InvariantCulture);

    private static string? DecimalText(decimal? value) => value.HasValue ? value.Value.ToString(CultureInfo.InvariantCulture) : null;

    private static DateTime LocalTime(long unixMilliseconds) => DateTimeOffset.FromUnixTimeMilliseconds(unixMilliseconds).LocalDateTime;

    /// <summary>A filter time as Unix milliseconds (<see cref="SendJournalRules.FilterTimeToUtc"/>).</summary>
    private static long UnixMilliseconds(DateTime time) => new DateTimeOffset(SendJournalRules.FilterTimeToUtc(time)).ToUnixTimeMilliseconds();

    private static int CurrentProcessId()
    {
        using (Process process = Process.GetCurrentProcess()) return process.Id;
    }

    /// <summary>
    /// The connection this instance writes through, kept open between writes (one at a time, under the writer's lock):
    /// configured once, its page cache kept warm, its synchronous setting changed only when a write needs the other one,
    /// and the statements run per recipient prepared once.
    /// </summary>
    private sealed class Writer : IDisposable
    {
        private JournalStatement? _insertEntry;
        private JournalStatement? _insertGroup;
        private JournalStatement? _insertTexts;
        private JournalStatement? _updateTexts;
        private JournalStatement? _deleteTexts;
        private JournalStatement? _insertOutcomes;
        private JournalStatement? _findGroup;
        private JournalStatement? _recordOutcome;
        private JournalStatement? _recordState;

        // OpenConnection sets synchronous=FULL.
        private bool _full = true;

        public Writer(SqliteConnection connection)
        {
            Connection = connection;
        }

        public SqliteConnection Connection { get; }

        // ?1..?19 the entry's fields, ?20 its id (reserved when its group was written).
        public JournalStatement InsertEntry => _insertEntry ??= new JournalStatement(Connection, @"INSERT INTO entry (account_id, run_key, position, client_id, phone, sent_at, channel,
 sender, campaign, send_at, valid_until, transliterate, text, viber_sender, viber_text, button_text, button_url, image_url, text_fingerprint, entry_id)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20);");

        public JournalStatement InsertGroup => _insertGroup ??= new JournalStatement(Connection, @"INSERT INTO pending_intents (first_entry, count, account_id, run_key, keep_text, recipients, messages)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7);");

        public JournalStatement InsertTexts => _insertTexts ??= new JournalStatement(Connection, "INSERT INTO pending_texts (first_entry, texts) VALUES (?1, ?2);");

        public JournalStatement UpdateTexts => _updateTexts ??= new JournalStatement(Connection, "UPDATE pending_texts SET texts = ?2 WHERE first_entry = ?1;");

        public JournalStatement DeleteTexts => _deleteTexts ??= new JournalStatement(Connection, "DELETE FROM pending_texts WHERE first_entry = ?1;");

        public JournalStatement InsertOutcomes => _insertOutcomes ??= new JournalStatement(Connection, "INSERT INTO pending_outcomes (first_entry, outcomes) VALUES (?1, ?2);");

        // The pending group that may hold entry ?1: the last one starting at or before it (a rowid search).
        public JournalStatement FindGroup => _findGroup ??= new JournalStatement(Connection, "SELECT first_entry, count FROM pending_intents WHERE first_entry <= ?1 ORDER BY first_entry DESC LIMIT 1;");

        /// <summary>
        /// The first id of a new group: above every entry, every pending group (a search of each rowid) and every entry
        /// deleted (the high-water mark DeleteBefore keeps).
        /// </summary>
        public long NextEntryId()
        {
            using (SqliteCommand command = Connection.CreateCommand())
            {
                command.CommandText = @"SELECT max(coalesce((SELECT max(entry_id) FROM entry), 0),
  coalesce((SELECT first_entry + count - 1 FROM pending_intents ORDER BY first_entry DESC LIMIT 1), 0),
  coalesce((SELECT value FROM journal_meta WHERE name = '" + JournalSchema.EntryHighWaterName + @"'), 0)) + 1;";
                return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
            }
        }

        // ?1 kind, ?2 id_sms, ?3 parts, ?4 price, ?5 error_id, ?6 error_text, ?7 at, ?8 entry_id, ?9 drop texts.
        // Every expression reads the row's old values; "wins" (?1 >= outcome, or an unknown fate after a refusal) means "this
        // answer knows at least as much". An unknown fate after a refusal comes only from sending the entry again (a job's
        // row refused before): that request may have been accepted, so the entry is unconfirmed again, never "refused,
        // final" for a message the gateway may have sent. The texts go when the answer now known is a decision (refused,
        // already sent, accepted) and texts are not kept.
        public JournalStatement RecordOutcome => _recordOutcome ??= new JournalStatement(Connection, @"UPDATE entry SET
  id_sms      = CASE WHEN ?1 >= outcome THEN coalesce(?2, id_sms) ELSE coalesce(id_sms, ?2) END,
  send_parts  = CASE WHEN ?1 >= outcome THEN coalesce(?3, send_parts) ELSE coalesce(send_parts, ?3) END,
  send_price  = CASE WHEN ?1 >= outcome THEN coalesce(?4, send_price) ELSE coalesce(send_price, ?4) END,
  error_id    = CASE WHEN ?1 >= outcome OR (?1 = 1 AND outcome = 2) THEN ?5 ELSE error_id END,
  error_text  = CASE WHEN ?1 >= outcome OR (?1 = 1 AND outcome = 2) THEN ?6 ELSE error_text END,
  outcome_at  = CASE WHEN ?1 >= outcome OR (?1 = 1 AND outcome = 2) THEN ?7 ELSE outcome_at END,
  is_final    = CASE WHEN ?1 = 1 AND outcome = 2 THEN 0 WHEN max(outcome, ?1) = 2 THEN 1 WHEN ?1 > outcome AND ?1 >= 3 THEN 0 ELSE is_final END,
  text        = CASE WHEN ?9 AND max(outcome, ?1) >= 2 THEN NULL ELSE text END,
  viber_text  = CASE WHEN ?9 AND max(outcome, ?1) >= 2 THEN NULL ELSE viber_text END,
  button_text = CASE WHEN ?9 AND max(outcome, ?1) >= 2 THEN NULL ELSE button_text END,
  button_url  = CASE WHEN ?9 AND max(outcome, ?1) >= 2 THEN NULL ELSE button_url END,
  image_url   = CASE WHEN ?9 AND max(outcome, ?1) >= 2 THEN NULL ELSE image_url END,
  outcome     = CASE WHEN ?1 = 1 AND outcome = 2 THEN 1 ELSE max(outcome, ?1) END
WHERE entry_id = ?8;");

        // ?1 status, ?2 raw status, ?3 status time, ?4 parts, ?5 price, ?6 synced at, ?7 final, ?8 entry_id.
        public JournalStatement RecordState => _recordState ??= new JournalStatement(Connection, @"UPDATE entry SET status = ?1, raw_status = ?2, status_time = ?3,
  state_parts = ?4, state_price = ?5, synced_at = ?6, is_final = ?7 WHERE entry_id = ?8 AND outcome >= 3;");

        /// <summary>synchronous=FULL (an fsync per commit) or NORMAL, for the next transaction.</summary>
        public void Synchronous(bool full)
        {
            if (_full == full) return;
            JournalSchema.Execute(Connection, full ? "PRAGMA synchronous = FULL;" : "PRAGMA synchronous = NORMAL;");
            _full = full;
        }

        public void Dispose()
        {
            // The statements first: a connection goes back to the pool with nothing of ours prepared on it.
            _insertEntry?.Dispose();
            _insertGroup?.Dispose();
            _insertTexts?.Dispose();
            _updateTexts?.Dispose();
            _deleteTexts?.Dispose();
            _insertOutcomes?.Dispose();
            _findGroup?.Dispose();
            _recordOutcome?.Dispose();
            _recordState?.Dispose();
            Connection.Dispose();
        }
    }

    private readonly struct RunKey
    {
        public RunKey(long key, long accountId, string? jobName)
        {
            Key = key;
            AccountId = accountId;
            JobName = jobName;
        }

        public long Key { get; }

        public long AccountId { get; }

        public string? JobName { get; }
    }

    /// <summary>One row of <c>pending_intents</c> (and its texts) as the fold reads it.</summary>
    private sealed class PendingGroupRow
    {
        public PendingGroupRow(long firstEntry, int count, long accountId, long runKey, bool keepText, byte[] recipients, byte[] messages, byte[]? texts)
        {
            FirstEntry = firstEntry;
            Count = count;
            AccountId = accountId;
            RunKey = runKey;
            KeepText = keepText;
            Recipients = recipients;
            Messages = messages;
            Texts = texts;
        }

        public long FirstEntry { get; }

        public int Count { get; }

        public long AccountId { get; }

        public long RunKey { get; }

        public bool KeepText { get; }

        public byte[] Recipients { get; }

        public byte[] Messages { get; }

        public byte[]? Texts { get; }
    }

    /// <summary>One <see cref="RecordIntents"/> call waiting for a transaction to hold its intents.</summary>
    private sealed class WaitingIntents
    {
        public WaitingIntents(SendJournalRun run, IReadOnlyList<SendIntent> intents)
        {
            Run = run;
            Intents = intents;
            Ids = new long[intents.Count];
        }

        public SendJournalRun Run { get; }

        public IReadOnlyList<SendIntent> Intents { get; }

        public long[] Ids { get; }

        // Written and read under the writer's lock only.
        public bool Done { get; set; }

        public Exception? Failure { get; set; }
    }
}
