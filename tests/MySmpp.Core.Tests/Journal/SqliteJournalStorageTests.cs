using System.Threading;
using System.Globalization;
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;
using MySmpp.Credentials;
using MySmpp.Errors;
using MySmpp.Journal;
using MySmpp.Journal.Sqlite;
using Xunit;

namespace MySmpp.Core.Tests.Journal;

/// <summary>The SQLite file itself: indexes, errors, files and many writers.</summary>
public sealed class SqliteJournalStorageTests
{
    private static readonly DateTimeOffset Start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static SqliteSendJournal Sqlite(TempJournal temp) => (SqliteSendJournal)temp.Journal;

    [Fact]
    [Trait(TestCategory.Name, TestCategory.Slow)]
    public void A_one_day_Since_over_a_million_entries_is_answered_from_an_index()
    {
        using var temp = new TempJournal();
        temp.Send(1, Start); // the account and a run
        Sqlite(temp).Fold(); // its entry too: the rows below take the ids after it
        // A million entries over a month (one every 2.6 s) in a thousand runs, written in one statement, with the
        // statistics SQLite would gather: the plan is the point, not the speed (bench/ times it).
        using (SqliteConnection connection = Sqlite(temp).OpenConnection())
        {
            JournalSchema.Execute(connection, @"
WITH RECURSIVE n(i) AS (SELECT 2 UNION ALL SELECT i + 1 FROM n WHERE i < 1002)
INSERT INTO run (run_key, run_id, account_id, started_at, process_id) SELECT i, lower(hex(randomblob(16))), 1, 0, 1 FROM n;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000000)
INSERT INTO entry (account_id, run_key, position, client_id, phone, sent_at, channel, transliterate, outcome, id_sms, is_final)
SELECT 1, 2 + i / 1000, i, 1000000 + i, '7900' || (1000000 + i % 100000), " + Start.ToUnixTimeMilliseconds() + @" + i * 2600, 0, 0,
       CASE WHEN i % 50 = 0 THEN 0 ELSE 4 END, 5000000 + i, CASE WHEN i % 3 = 0 THEN 1 ELSE 0 END FROM n;
ANALYZE;");
        }

        var day = new SendJournalQuery { Since = Start.AddDays(10).UtcDateTime, Until = Start.AddDays(11).UtcDateTime };
        IReadOnlyList<string> plan = Sqlite(temp).ExplainQuery(temp.Account, day);
        Assert.Contains(plan, p => p.StartsWith("SEARCH e USING INDEX entry_by_time (account_id=? AND sent_at>? AND sent_at<?)", StringComparison.Ordinal));
        Assert.Contains(plan, p => p.StartsWith("SEARCH r USING INTEGER PRIMARY KEY", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, p => p.StartsWith("SCAN", StringComparison.Ordinal) || p.Contains("TEMP B-TREE", StringComparison.Ordinal));
        Assert.Equal(33231, temp.Journal.Query(temp.Account, day).Count());

        // The same with a status filter and a page after an entry, and the other indexes.
        day.Statuses = new[] { SmsJournalStatus.Pending };
        Assert.DoesNotContain(Sqlite(temp).ExplainQuery(temp.Account, day), p => p.StartsWith("SCAN", StringComparison.Ordinal) || p.Contains("TEMP B-TREE", StringComparison.Ordinal));
        day.After = temp.Journal.Query(temp.Account, new SendJournalQuery { Since = day.Since, Limit = 1 }).Single();
        Assert.DoesNotContain(Sqlite(temp).ExplainQuery(temp.Account, day), p => p.StartsWith("SCAN", StringComparison.Ordinal) || p.Contains("TEMP B-TREE", StringComparison.Ordinal));
        Assert.Contains(Sqlite(temp).ExplainQuery(temp.Account, new SendJournalQuery { Ids = new long[] { 5000010 } }), p => p.Contains("INDEX entry_by_id_sms", StringComparison.Ordinal));
        Assert.Contains(Sqlite(temp).ExplainQuery(temp.Account, new SendJournalQuery { ClientIds = new long[] { 1000010 } }), p => p.Contains("INDEX entry_by_client_id", StringComparison.Ordinal));
        Assert.Contains(Sqlite(temp).ExplainQuery(temp.Account, new SendJournalQuery { Phones = new[] { "79001000010" } }), p => p.Contains("INDEX entry_by_phone", StringComparison.Ordinal));
        Assert.Contains(Sqlite(temp).ExplainQuery(temp.Account, new SendJournalQuery { Statuses = new[] { SmsJournalStatus.Unconfirmed } }), p => p.Contains("INDEX entry_unconfirmed", StringComparison.Ordinal));
        Assert.Equal(20000, temp.Journal.GetUnconfirmed(temp.Account, null).Count() - 1);
    }

    [Fact]
    public void A_writer_held_up_past_the_busy_time_out_gets_MySmpp_JournalLocked_and_writes_nothing()
    {
        using var temp = new TempJournal(busyTimeout: TimeSpan.FromMilliseconds(300));
        SendJournalRun run = temp.Journal.StartRun(temp.Account, Guid.NewGuid(), null, Start);
        using (SqliteConnection other = Sqlite(temp).OpenConnection())
        using (SqliteTransaction hold = other.BeginTransaction(deferred: false))
        {
            var watch = Stopwatch.StartNew();
            var error = Assert.Throws<MySmppJournalException>(() => temp.Journal.RecordIntents(run, new[] { new SendIntent(1, "79001110001", 1, TempJournal.Message(), Start) }));
            Assert.Equal("MySmpp.JournalLocked", error.ErrorId);
            Assert.Equal(SendJournalProblem.Locked, error.Problem);
            Assert.True(error.IsTransient);
            Assert.Contains(temp.FilePath, error.Message, StringComparison.Ordinal);
            Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(250), "It gave up after " + watch.Elapsed + ".");
        }

        Assert.Empty(temp.All());
        temp.Journal.RecordIntents(run, new[] { new SendIntent(1, "79001110001", 1, TempJournal.Message(), Start) });
        Assert.Single(temp.All());
    }

    [Fact]
    public void A_read_only_or_full_journal_refuses_the_intents_with_its_own_error()
    {
        using var temp = new TempJournal();
        SendJournalRun run = temp.Journal.StartRun(temp.Account, Guid.NewGuid(), null, Start);
        // A text of its own per recipient: one shared text is stored once, and would not fill the file.
        var intents = Enumerable.Range(1, 200).Select(i => new SendIntent(i, "79001110001", i, TempJournal.Message(new string('x', 500) + i), Start)).ToList();

        Sqlite(temp).TestPragmas = "PRAGMA query_only = 1;";
        MySmppJournalException readOnly = Assert.Throws<MySmppJournalException>(() => temp.Journal.RecordIntents(run, intents));
        Assert.Equal("MySmpp.JournalReadOnly", readOnly.ErrorId);

        Sqlite(temp).TestPragmas = "PRAGMA query_only = 0; PRAGMA max_page_count = 25;";
        MySmppJournalException full = Assert.Throws<MySmppJournalException>(() => temp.Journal.RecordIntents(run, intents));
        Assert.Equal("MySmpp.JournalFull", full.ErrorId);

        Sqlite(temp).TestPragmas = "PRAGMA max_page_count = 1000000;";
        Assert.Empty(temp.All()); // one transaction: nothing of the refused batches was written
    }

    [Fact]
    public void A_damaged_file_a_newer_schema_and_another_programs_database_are_refused_at_open()
    {
        string folder = Directory.CreateTempSubdirectory("mysmpp-journal-bad-").FullName;
        try
        {
            var factory = new SqliteSendJournalFactory();
            string garbage = Path.Combine(folder, "garbage.db");
            File.WriteAllBytes(garbage, Enumerable.Range(0, 8192).Select(i => (byte)(i * 7)).ToArray());
            Assert.Equal("MySmpp.JournalCorrupt", Assert.Throws<MySmppJournalException>(() => factory.Open(new SendJournalOptions { Path = garbage })).ErrorId);

            string other = Path.Combine(folder, "other.db");
            using (var connection = new SqliteConnection("Data Source=" + other + ";Pooling=False"))
            {
                connection.Open();
                JournalSchema.Execute(connection, "CREATE TABLE customers (name TEXT);");
            }

            MySmppJournalException notJournal = Assert.Throws<MySmppJournalException>(() => factory.Open(new SendJournalOptions { Path = other }));
            Assert.Equal(SendJournalProblem.NotAJournal, notJournal.Problem);
            Assert.Equal("MySmpp.JournalUnavailable", notJournal.ErrorId);

            string newer = Path.Combine(folder, "newer.db");
            factory.Open(new SendJournalOptions { Path = newer }).Dispose();
            SqliteConnection.ClearAllPools();
            using (var connection = new SqliteConnection("Data Source=" + newer + ";Pooling=False"))
            {
                connection.Open();
                JournalSchema.Execute(connection, "PRAGMA user_version = " + (JournalSchema.Version + 1) + ";");
            }

            MySmppJournalException tooNew = Assert.Throws<MySmppJournalException>(() => factory.Open(new SendJournalOptions { Path = newer }));
            Assert.Equal(SendJournalProblem.NewerVersion, tooNew.Problem);
            Assert.Contains("newer MySmpp", tooNew.Message, StringComparison.Ordinal);

            string inFile = Path.Combine(garbage, "journal.db"); // a "folder" that is a file
            Assert.Equal("MySmpp.JournalUnavailable", Assert.Throws<MySmppJournalException>(() => factory.Open(new SendJournalOptions { Path = inFile })).ErrorId);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    [Trait(TestCategory.Name, TestCategory.Slow)]
    public void The_schema_is_versioned_and_a_reopened_journal_keeps_its_accounts()
    {
        using var temp = new TempJournal();
        temp.Send(2, Start);
        using (SqliteConnection connection = Sqlite(temp).OpenConnection())
        using (SqliteCommand command = connection.CreateCommand())
        {
            command.CommandText = "SELECT (SELECT application_id FROM pragma_application_id), (SELECT user_version FROM pragma_user_version), (SELECT journal_mode FROM pragma_journal_mode), (SELECT auto_vacuum FROM pragma_auto_vacuum);";
            using SqliteDataReader reader = command.ExecuteReader();
            reader.Read();
            Assert.Equal(JournalSchema.ApplicationId, reader.GetInt32(0));
            Assert.Equal(JournalSchema.Version, reader.GetInt32(1));
            Assert.Equal("wal", reader.GetString(2));
            Assert.Equal(2, reader.GetInt32(3)); // incremental
        }

        using ISendJournal again = temp.Open();
        using var credential = MySmppCredential.FromToken("tk-reopen-123456");
        Assert.Equal(temp.Journal.GetAccount(credential, new Uri("http://a.test")), again.GetAccount(credential, new Uri("http://a.test"))); // same salt
        Assert.Equal(2, again.Query(temp.Account, new SendJournalQuery()).Count());
    }

    [Fact]
    public void The_folder_and_file_are_made_for_their_owner_only()
    {
        if (OperatingSystem.IsWindows()) return; // Windows: tests/pester/Journal.Tests.ps1 checks the ACLs in the workflow.
        using var temp = new TempJournal();
        temp.Send(1, Start);
        string folder = Path.GetDirectoryName(temp.FilePath)!;
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(folder));
        foreach (string file in new[] { temp.FilePath, temp.FilePath + "-wal", temp.FilePath + "-shm" })
        {
            Assert.True(File.Exists(file), file);
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        }

        // A folder that exists is left alone (it may be shared on purpose); the new file in it is still owner-only.
        string shared = Path.Combine(temp.Folder, "shared");
        Directory.CreateDirectory(shared);
        File.SetUnixFileMode(shared, (UnixFileMode)0x1ED); // 0755
        using ISendJournal inShared = new SqliteSendJournalFactory().Open(new SendJournalOptions { Path = Path.Combine(shared, "j.db") });
        Assert.Equal((UnixFileMode)0x1ED, File.GetUnixFileMode(shared));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(shared, "j.db")));
    }

    [Fact]
    public void The_Windows_DACL_grants_the_current_user_alone_and_a_folder_passes_it_on()
    {
        // The SDDL the Windows code applies (the ACL itself is checked on Windows by tests/pester/Journal.Tests.ps1).
        Assert.Equal("D:P(A;;FA;;;S-1-5-21-1-2-3-1001)", OwnerOnlyFiles.WindowsAcl.Sddl("S-1-5-21-1-2-3-1001", isFolder: false));
        Assert.Equal("D:P(A;OICI;FA;;;S-1-5-21-1-2-3-1001)", OwnerOnlyFiles.WindowsAcl.Sddl("S-1-5-21-1-2-3-1001", isFolder: true));
    }

    [Fact]
    public async Task Many_journal_instances_writing_at_once_lose_nothing_and_never_deadlock()
    {
        using var temp = new TempJournal(busyTimeout: TimeSpan.FromSeconds(60));
        const int Writers = 6;
        const int Batches = 25;
        const int PerBatch = 40;
        IEnumerable<Task> writers = Enumerable.Range(0, Writers).Select(w => Task.Run(() =>
        {
            // One instance per writer, as each runspace's session has its own: each batch is an intent and an outcome transaction.
            using ISendJournal journal = temp.Open(busyTimeout: TimeSpan.FromSeconds(60));
            for (int b = 0; b < Batches; b++)
            {
                var (_, entries) = temp.Send(PerBatch, Start.AddMinutes(b), firstKey: (w * 100000) + (b * PerBatch), journal: journal);
                journal.RecordOutcomes(entries.Select(e => SendJournalOutcome.Accepted(e, e, 1, null, Start)).ToList());
            }
        }));
        Task all = Task.WhenAll(writers);
        Assert.Same(all, await Task.WhenAny(all, Task.Delay(TimeSpan.FromMinutes(3))));
        await all;

        List<SmsJournalEntry> entries = temp.All();
        Assert.Equal(Writers * Batches * PerBatch, entries.Count);
        Assert.Equal(entries.Count, entries.Select(e => e.ClientId).Distinct().Count());
        Assert.All(entries, e => Assert.Equal(SmsJournalStatus.Accepted, e.Status));
        using SqliteConnection connection = Sqlite(temp).OpenConnection();
        using SqliteCommand check = connection.CreateCommand();
        check.CommandText = "PRAGMA integrity_check;";
        Assert.Equal("ok", check.ExecuteScalar());
    }

    [Fact]
    public async Task Batches_of_one_send_written_at_once_each_get_the_entries_of_their_own_intents()
    {
        // One instance, as one send's concurrent batches share it: their intents are grouped into shared transactions,
        // and each call must still get back the entry ids of its own intents, in its own order.
        using var temp = new TempJournal();
        SendJournalRun run = temp.Journal.StartRun(temp.Account, Guid.NewGuid(), null, Start);
        const int Batches = 40;
        const int PerBatch = 25;
        using var go = new ManualResetEventSlim();
        Task<IReadOnlyList<long>>[] calls = Enumerable.Range(0, Batches).Select(b => Task.Run(() =>
        {
            var intents = Enumerable.Range(0, PerBatch)
                .Select(i => new SendIntent((b * PerBatch) + i + 1, "7900" + b.ToString("D3", CultureInfo.InvariantCulture) + i.ToString("D4", CultureInfo.InvariantCulture), 900000 + (b * PerBatch) + i, TempJournal.Message(), Start))
                .ToList();
            go.Wait();
            return temp.Journal.RecordIntents(run, intents);
        })).ToArray();
        go.Set();
        IReadOnlyList<long>[] ids = await Task.WhenAll(calls);

        Dictionary<long, SmsJournalEntry> byEntry = temp.All().ToDictionary(e => e.EntryId);
        Assert.Equal(Batches * PerBatch, byEntry.Count);
        for (int b = 0; b < Batches; b++)
        {
            Assert.Equal(PerBatch, ids[b].Count);
            for (int i = 0; i < PerBatch; i++)
            {
                SmsJournalEntry entry = byEntry[ids[b][i]];
                Assert.Equal(900000 + (b * PerBatch) + i, entry.ClientId);
                Assert.Equal((b * PerBatch) + i + 1, entry.Position);
            }
        }
    }

    [Fact]
    public void Intents_of_a_run_the_journal_does_not_have_are_refused_alone()
    {
        using var temp = new TempJournal();
        var unknown = new SendJournalRun(Guid.NewGuid(), temp.Account, null, Start);
        var intents = new[] { new SendIntent(1, "79001234567", 42, TempJournal.Message(), Start) };
        Assert.Throws<ArgumentException>(() => temp.Journal.RecordIntents(unknown, intents));
        var (_, entries) = temp.Send(3);
        Assert.Equal(3, entries.Count);
        Assert.Equal(3, temp.All().Count);
    }
}
