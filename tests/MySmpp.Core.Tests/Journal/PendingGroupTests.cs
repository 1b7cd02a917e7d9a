using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;
using MySmpp.Credentials;
using MySmpp.Errors;
using MySmpp.Journal;
using MySmpp.Journal.Sqlite;
using MySmpp.Sending;
using Xunit;

namespace MySmpp.Core.Tests.Journal;

/// <summary>
/// Schema 2's write-ahead form: a group of intents as one pending row, its texts and answers beside it, folded into
/// entries before every read. What the file holds before and after the fold, texts, migration, several instances, damage.
/// </summary>
public sealed class PendingGroupTests
{
    private static readonly DateTimeOffset Noon = new DateTimeOffset(2026, 3, 10, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Before_a_read_a_send_is_one_pending_row_per_call_and_the_read_folds_it_into_whole_entries()
    {
        using var temp = new TempJournal(keepText: true);
        SendJournalRun run = temp.Journal.StartRun(temp.Account, Guid.NewGuid(), "job-7", Noon);
        var full = new SmsMessage
        {
            Text = "Заказ №42 готов",
            Sender = "MyShop",
            CampaignName = "orders",
            Channel = SmsChannel.ViberThenSms,
            ViberSender = "Shop Viber",
            ViberText = "Ваш код: 1234",
            ButtonText = "Открыть",
            ButtonUrl = new Uri("https://shop.test/order?id=42"),
            ImageUrl = new Uri("https://shop.test/i.png"),
            SendAt = new DateTime(2026, 3, 11, 9, 30, 0),
            ValidUntil = new DateTime(2026, 3, 12, 9, 30, 0),
            Transliterate = true,
        };
        var plain = new SmsMessage { Text = "plain", Sender = "Other" };
        IReadOnlyList<long> first = temp.Journal.RecordIntents(run, new[]
        {
            new SendIntent(1, "79001234561", 700001, full, Noon),
            new SendIntent(2, "79001234562", 700002, full.Clone(), Noon.AddSeconds(1)),
            new SendIntent(3, "79001234563", 700003, plain, Noon.AddSeconds(2)),
        });
        IReadOnlyList<long> second = temp.Journal.RecordIntents(run, new[] { new SendIntent(4, "79001234564", 700004, plain, Noon.AddSeconds(3)) });
        temp.Journal.RecordOutcomes(new[]
        {
            SendJournalOutcome.Accepted(first[0], 880001, 2, 1.75m, Noon.AddSeconds(5)),
            SendJournalOutcome.Refused(first[2], "MySmpp.StopListed", "stop list", Noon.AddSeconds(5)),
        });

        // Nothing read yet: two calls, two pending rows; no entry; the answers beside their group.
        Assert.Equal(2, temp.Scalar("SELECT count(*) FROM pending_intents;"));
        Assert.Equal(3, temp.Scalar("SELECT count FROM pending_intents ORDER BY first_entry LIMIT 1;"));
        Assert.Equal(0, temp.Scalar("SELECT count(*) FROM entry;"));
        Assert.Equal(1, temp.Scalar("SELECT count(*) FROM pending_outcomes;"));
        Assert.Equal(new[] { first[0] + 1, first[0] + 2, first[0] + 3 }, new[] { first[1], first[2], second[0] });

        Dictionary<long, SmsJournalEntry> byId = temp.All().ToDictionary(e => e.EntryId);
        Assert.Equal(4, byId.Count);
        Assert.Equal(0, temp.Scalar("SELECT count(*) FROM pending_intents;"));
        Assert.Equal(0, temp.Scalar("SELECT count(*) FROM pending_texts;"));
        Assert.Equal(0, temp.Scalar("SELECT count(*) FROM pending_outcomes;"));
        Assert.Equal(4, temp.Scalar("SELECT count(*) FROM entry;"));

        SmsJournalEntry a = byId[first[0]];
        Assert.Equal((1L, "79001234561", 700001L, Noon.LocalDateTime), (a.Position, a.Phone, a.ClientId, a.SentAt));
        Assert.Equal((full.Text, "MyShop", "orders", SmsChannel.ViberThenSms), (a.Text, a.Sender, a.CampaignName, a.Channel));
        Assert.Equal((full.ViberSender, full.ViberText, full.ButtonText), (a.ViberSender, a.ViberText, a.ButtonText));
        Assert.Equal(full.ButtonUrl.OriginalString, a.ButtonUrl!.OriginalString);
        Assert.Equal(full.ImageUrl.OriginalString, a.ImageUrl!.OriginalString);
        Assert.Equal((full.SendAt, full.ValidUntil, true), (a.SendAt, a.ValidUntil, a.Transliterate));
        Assert.Equal((run.RunId, "job-7"), (a.RunId, a.JobName));
        Assert.Equal((SmsJournalStatus.Accepted, 880001L, 2, 1.75m), (a.Status, a.Id!.Value, a.Parts!.Value, a.SendPrice!.Value));
        Assert.Equal(full.Text, a.Text); // the session keeps texts

        SmsJournalEntry b = byId[first[1]];
        Assert.Equal((2L, "79001234562", 700002L, Noon.AddSeconds(1).LocalDateTime), (b.Position, b.Phone, b.ClientId, b.SentAt));
        Assert.Equal((full.Text, full.ViberText, SmsChannel.ViberThenSms, full.SendAt), (b.Text, b.ViberText, b.Channel, b.SendAt));
        Assert.Equal(SmsJournalStatus.Unconfirmed, b.Status);

        SmsJournalEntry c = byId[first[2]];
        Assert.Equal(("plain", "Other", (string?)null, SmsChannel.Sms, (DateTime?)null, false), (c.Text, c.Sender, c.CampaignName, c.Channel, c.SendAt, c.Transliterate));
        Assert.Equal((SmsJournalStatus.Refused, "MySmpp.StopListed", "stop list", true), (c.Status, c.ErrorId, c.ErrorText, c.IsFinal));
        Assert.Equal((4L, SmsJournalStatus.Unconfirmed), (byId[second[0]].Position, byId[second[0]].Status));

        // The job's rows carry their fingerprints through the fold.
        Assert.Equal(temp.Journal.TextFingerprint(full.Text, full.ViberText), temp.Journal.GetJobEntries(temp.Account, "job-7").First().TextFingerprint);
    }

    [Fact]
    public void Answers_keep_each_price_as_written_when_equal_prices_differ_in_scale()
    {
        // The encoder formats a run of equal prices once: equal bits, so 1.25 and 1.250 (equal values) keep their own text.
        decimal?[] prices = { 1.25m, 1.25m, 1.250m, null, 1.250m, 1.25m, 0m, 0.00m, -3.5m };
        List<SendJournalOutcome> outcomes = prices.Select((p, i) => SendJournalOutcome.Accepted(i + 1, 100 + i, 1, p, Noon)).ToList();

        List<PendingRecords.StoredOutcome> read = PendingRecords.DecodeOutcomes(PendingRecords.EncodeOutcomes(outcomes, 0, outcomes.Count));

        Assert.Equal(new[] { "1.25", "1.25", "1.250", null, "1.250", "1.25", "0", "0.00", "-3.5" }, read.Select(o => o.Price).ToArray());
        Assert.Equal(Enumerable.Range(1, prices.Length).Select(i => (long)i), read.Select(o => o.EntryId));
    }

    [Fact]
    public void Decided_texts_leave_the_file_at_the_answer_before_any_read()
    {
        string text = "Distinct-" + Guid.NewGuid().ToString("N");
        using var temp = new TempJournal();
        var (_, entries) = SendShared(temp, temp.Journal, text, 3);
        Assert.Equal(1, temp.Scalar("SELECT count(*) FROM pending_texts;"));
        temp.Journal.RecordOutcomes(entries.Select((e, i) => SendJournalOutcome.Accepted(e, 1000 + i, 1, null, Noon)).ToList());
        Assert.Equal(0, temp.Scalar("SELECT count(*) FROM pending_texts;"));

        // Closing releases the file (its -wal is checkpointed) without a read: the group is still pending, the text gone.
        temp.Journal.Dispose();
        Assert.Equal(1, temp.Scalar("SELECT count(*) FROM pending_intents;"));
        Assert.DoesNotContain(text, FileBytes(temp.FilePath), StringComparison.Ordinal);
    }

    [Fact]
    public void Texts_a_session_keeps_stay_in_the_file_and_after_the_fold()
    {
        string text = "Kept-" + Guid.NewGuid().ToString("N");
        using var temp = new TempJournal(keepText: true);
        var (_, entries) = SendShared(temp, temp.Journal, text, 3);
        temp.Journal.RecordOutcomes(entries.Select((e, i) => SendJournalOutcome.Accepted(e, 1000 + i, 1, null, Noon)).ToList());
        Assert.Equal(1, temp.Scalar("SELECT count(*) FROM pending_texts;"));
        using (ISendJournal reader = temp.Open())
        {
            // Another session, which does not keep texts, folds: the writing session's choice holds.
            Assert.All(reader.Query(temp.Account, new SendJournalQuery()), e => Assert.Equal(text, e.Text));
        }

        temp.Journal.Dispose();
        Assert.Contains(text, FileBytes(temp.FilePath), StringComparison.Ordinal);
    }

    [Fact]
    public void A_shared_text_stays_while_one_of_its_recipients_has_an_unknown_fate()
    {
        string text = "Shared-" + Guid.NewGuid().ToString("N");
        using var temp = new TempJournal();
        var (_, entries) = SendShared(temp, temp.Journal, text, 3);
        temp.Journal.RecordOutcomes(new[]
        {
            SendJournalOutcome.Accepted(entries[0], 1, 1, null, Noon),
            SendJournalOutcome.Unknown(entries[1], "MySmpp.Timeout", "timed out", Noon),
            SendJournalOutcome.Refused(entries[2], "MySmpp.StopListed", "stop", Noon),
        });
        Assert.Equal(text, Assert.Single(PendingTextsOf(temp))![0]);

        Dictionary<long, SmsJournalEntry> byId = temp.All().ToDictionary(e => e.EntryId);
        Assert.Null(byId[entries[0]].Text);
        Assert.Equal(text, byId[entries[1]].Text); // needed to send it again
        Assert.Null(byId[entries[2]].Text);
    }

    [Fact]
    public void A_personalised_text_goes_as_soon_as_its_own_recipient_is_decided()
    {
        using var temp = new TempJournal();
        SendJournalRun run = temp.Journal.StartRun(temp.Account, Guid.NewGuid(), null, Noon);
        IReadOnlyList<long> entries = temp.Journal.RecordIntents(run, Enumerable.Range(0, 3).Select(i => new SendIntent(i + 1, "7900111000" + i, 100 + i, TempJournal.Message("Personal " + i), Noon)).ToList());
        temp.Journal.RecordOutcomes(new[] { SendJournalOutcome.Accepted(entries[1], 11, 1, null, Noon) });

        List<string?[]?> texts = PendingTextsOf(temp);
        Assert.Equal(3, texts.Count);
        Assert.Equal("Personal 0", texts[0]![0]);
        Assert.Null(texts[1]); // decided: its text went, the others' stay
        Assert.Equal("Personal 2", texts[2]![0]);

        temp.Journal.RecordOutcomes(new[] { SendJournalOutcome.Refused(entries[0], "MySmpp.Bad", "x", Noon), SendJournalOutcome.Accepted(entries[2], 12, 1, null, Noon) });
        Assert.Equal(0, temp.Scalar("SELECT count(*) FROM pending_texts;"));
        Assert.All(temp.All(), e => Assert.Null(e.Text));
    }

    [Fact]
    public void A_schema_1_file_becomes_schema_2_its_entries_read_back_and_new_ids_come_above_them()
    {
        string folder = Directory.CreateTempSubdirectory("mysmpp-journal-v1-").FullName;
        string path = Path.Combine(folder, "journal.db");
        try
        {
            using (var connection = new SqliteConnection("Data Source=" + path + ";Pooling=False"))
            {
                connection.Open();
                JournalSchema.PrepareEmpty(connection);
                JournalSchema.Execute(connection, "PRAGMA journal_mode = WAL;");
                JournalSchema.EnsureVersion(connection, path, 1);
                using var credential = MySmppCredential.FromPassword("acme", "secret-pw-1");
                SendJournalAccount account = SendJournalAccount.Create(credential, new Uri("http://lk.mysmpp.test"), JournalSchema.ReadSecret(connection, JournalSchema.SaltName, path));
                using SqliteCommand command = connection.CreateCommand();
                command.CommandText = @"INSERT INTO account (account_id, gateway, principal) VALUES (1, $gateway, $principal);
INSERT INTO run (run_key, run_id, account_id, job_name, started_at, process_id) VALUES (1, '6d7f9a3e-1111-4222-8333-944445555666', 1, NULL, $at, 1);
INSERT INTO entry (entry_id, account_id, run_key, position, client_id, phone, sent_at, channel, transliterate, text, outcome, id_sms, send_parts)
VALUES (1000, 1, 1, 1, 424242, '79005550001', $at, 0, 0, 'old text', 4, 9001, 1);";
                command.Parameters.AddWithValue("$gateway", account.Gateway);
                command.Parameters.AddWithValue("$principal", account.Principal);
                command.Parameters.AddWithValue("$at", Noon.ToUnixTimeMilliseconds());
                command.ExecuteNonQuery();
                command.Parameters.Clear();
                command.CommandText = "SELECT user_version FROM pragma_user_version;";
                Assert.Equal(1L, command.ExecuteScalar());
            }

            using var temp = new TempJournal(path: path);
            Assert.Equal(JournalSchema.Version, temp.Scalar("SELECT user_version FROM pragma_user_version;"));
            Assert.Equal(3, temp.Scalar("SELECT count(*) FROM sqlite_master WHERE name IN ('pending_intents', 'pending_texts', 'pending_outcomes');"));
            SmsJournalEntry old = Assert.Single(temp.All());
            Assert.Equal((1000L, 424242L, "79005550001", "old text", SmsJournalStatus.Accepted, 9001L), (old.EntryId, old.ClientId, old.Phone, old.Text, old.Status, old.Id!.Value));

            var (_, entries) = temp.Send(2, Noon.AddMinutes(1));
            Assert.Equal(new long[] { 1001, 1002 }, entries);
            Assert.Equal(new long[] { 1000, 1001, 1002 }, temp.All().Select(e => e.EntryId));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Answers_to_a_group_another_instance_folded_land_on_its_entries()
    {
        using var temp = new TempJournal();
        using ISendJournal reader = temp.Open();
        var (_, entries) = SendShared(temp, temp.Journal, "Two-instances", 4);

        // One answer while the group is pending, then another instance reads (folds), then the rest (in place).
        temp.Journal.RecordOutcomes(new[] { SendJournalOutcome.Accepted(entries[0], 501, 1, 0.5m, Noon) });
        List<SmsJournalEntry> folded = reader.Query(temp.Account, new SendJournalQuery()).ToList();
        Assert.Equal(new[] { SmsJournalStatus.Accepted, SmsJournalStatus.Unconfirmed, SmsJournalStatus.Unconfirmed, SmsJournalStatus.Unconfirmed }, folded.Select(e => e.Status));
        Assert.Equal(0, temp.Scalar("SELECT count(*) FROM pending_intents;"));

        temp.Journal.RecordOutcomes(new[]
        {
            SendJournalOutcome.Accepted(entries[1], 502, 1, 0.5m, Noon),
            SendJournalOutcome.Refused(entries[2], "MySmpp.StopListed", "stop", Noon),
            SendJournalOutcome.Unknown(entries[3], "MySmpp.Timeout", "lost", Noon),
        });
        Assert.Equal(0, temp.Scalar("SELECT count(*) FROM pending_outcomes;"));
        List<SmsJournalEntry> all = reader.Query(temp.Account, new SendJournalQuery()).ToList();
        Assert.Equal(entries, all.Select(e => e.EntryId));
        Assert.Equal(new[] { SmsJournalStatus.Accepted, SmsJournalStatus.Accepted, SmsJournalStatus.Refused, SmsJournalStatus.Unconfirmed }, all.Select(e => e.Status));
        Assert.Equal(new long?[] { 501, 502, null, null }, all.Select(e => e.Id));
        Assert.Equal(new[] { null, null, null, "Two-instances" }, all.Select(e => e.Text));
        Assert.Equal(0, ((SqliteSendJournal)temp.Journal).TrackedTextGroups); // the folded group is not tracked any more
    }

    [Fact]
    public async Task Writers_and_a_reader_at_once_give_every_entry_once()
    {
        using var temp = new TempJournal(busyTimeout: TimeSpan.FromSeconds(60));
        const int Writers = 3;
        const int Batches = 15;
        const int PerBatch = 12;
        using var done = new CancellationTokenSource();
        using var reading = new ManualResetEventSlim();
        var seen = new List<int>();
        Task reader = Task.Run(() =>
        {
            using ISendJournal journal = temp.Open(busyTimeout: TimeSpan.FromSeconds(60));
            while (!done.IsCancellationRequested)
            {
                List<SmsJournalEntry> got = journal.Query(temp.Account, new SendJournalQuery()).ToList();
                Assert.Equal(got.Count, got.Select(e => e.EntryId).Distinct().Count());
                Assert.Equal(got.Count, got.Select(e => e.ClientId).Distinct().Count());
                seen.Add(got.Count);
                reading.Set();
            }
        });
        Task[] writers = Enumerable.Range(0, Writers).Select(w => Task.Run(() =>
        {
            using ISendJournal journal = temp.Open(busyTimeout: TimeSpan.FromSeconds(60));
            reading.Wait(TimeSpan.FromSeconds(30));
            for (int b = 0; b < Batches; b++)
            {
                var (_, entries) = temp.Send(PerBatch, Noon.AddMinutes(b), firstKey: (w * 100000) + (b * PerBatch), journal: journal);
                journal.RecordOutcomes(entries.Select(e => SendJournalOutcome.Accepted(e, e, 1, null, Noon)).ToList());
            }
        })).ToArray();
        Task all = Task.WhenAll(writers);
        Assert.Same(all, await Task.WhenAny(all, Task.Delay(TimeSpan.FromMinutes(3))));
        await all;
        done.Cancel();
        await reader;

        List<SmsJournalEntry> entries = temp.All();
        Assert.Equal(Writers * Batches * PerBatch, entries.Count);
        Assert.Equal(entries.Count, entries.Select(e => e.EntryId).Distinct().Count());
        Assert.Equal(entries.Count, entries.Select(e => e.ClientId).Distinct().Count());
        Assert.All(entries, e => Assert.Equal((SmsJournalStatus.Accepted, (long?)e.EntryId, (string?)null), (e.Status, e.Id, e.Text)));
        Assert.True(seen.Count > 1, "the reader read " + seen.Count + " time(s)");
        Assert.Equal(0, temp.Scalar("SELECT (SELECT count(*) FROM pending_intents) + (SELECT count(*) FROM pending_texts) + (SELECT count(*) FROM pending_outcomes);"));
        using SqliteConnection connection = ((SqliteSendJournal)temp.Journal).OpenConnection();
        using SqliteCommand check = connection.CreateCommand();
        check.CommandText = "PRAGMA integrity_check;";
        Assert.Equal("ok", check.ExecuteScalar());
    }

    [Theory]
    [InlineData("UPDATE pending_intents SET recipients = randomblob(64);")]
    [InlineData("UPDATE pending_intents SET recipients = X'FFFFFFFFFFFFFFFFFFFFFFFF';")]
    [InlineData("UPDATE pending_intents SET recipients = 'not a blob';")]
    [InlineData("UPDATE pending_intents SET count = 5000000000;")]
    [InlineData("UPDATE pending_intents SET count = 2000000000;")]
    [InlineData("UPDATE pending_intents SET messages = X'05';")]
    [InlineData("UPDATE pending_texts SET texts = 42;")]
    [InlineData("INSERT INTO pending_outcomes (first_entry, outcomes) SELECT first_entry, X'0109' FROM pending_intents;")]
    [InlineData("INSERT INTO pending_outcomes (first_entry, outcomes) SELECT first_entry, X'01FF000000000000' FROM pending_intents;")]
    // Values the entry is read back as an int, an invariant decimal and a Uri: folded, they would fail every later read
    // with something other than the journal's own error.
    [InlineData("INSERT INTO pending_outcomes (first_entry, outcomes) SELECT first_entry, X'010400000278000000' FROM pending_intents;")] // a price that is no number
    [InlineData("INSERT INTO pending_outcomes (first_entry, outcomes) SELECT first_entry, X'0104000180808080802000000000' FROM pending_intents;")] // parts = 2^40
    [InlineData("UPDATE pending_texts SET texts = X'0261000009687474703A2F2F5B00';")] // a button URL that is no URI
    public void A_damaged_pending_record_makes_the_read_fail_with_JournalCorrupt(string damage)
    {
        using var temp = new TempJournal();
        var (_, entries) = SendShared(temp, temp.Journal, "Damaged", 3);
        using (var connection = new SqliteConnection("Data Source=" + temp.FilePath + ";Pooling=False"))
        {
            connection.Open();
            JournalSchema.Execute(connection, damage);
        }

        MySmppJournalException ex = Assert.Throws<MySmppJournalException>(() => temp.All());
        Assert.Equal("MySmpp.JournalCorrupt", ex.ErrorId);
        Assert.Throws<MySmppJournalException>(() => temp.Journal.GetUnconfirmed(temp.Account, null).ToList());
        Assert.Throws<MySmppJournalException>(() => temp.Journal.GetJobEntries(temp.Account, "job").ToList());
        Assert.Equal(1, temp.Scalar("SELECT count(*) FROM pending_intents;")); // nothing half folded
        Assert.Equal(0, temp.Scalar("SELECT count(*) FROM entry;"));
        Assert.Equal(3, entries.Count);
    }

    [Fact]
    public void An_unconfirmed_entry_read_back_and_resent_ends_accepted_without_its_text()
    {
        using var temp = new TempJournal();
        var (run, entries) = SendShared(temp, temp.Journal, "Resend me", 2);
        temp.Journal.RecordOutcomes(new[] { SendJournalOutcome.Accepted(entries[0], 1, 1, null, Noon), SendJournalOutcome.Unknown(entries[1], "MySmpp.Timeout", "lost", Noon) });

        // Resume-SmsSend, in another session: the unconfirmed entries, then their resends' answers against them.
        using (ISendJournal resume = temp.Open())
        {
            SmsJournalEntry unconfirmed = Assert.Single(resume.GetUnconfirmed(temp.Account, run.RunId));
            Assert.Equal((entries[1], "Resend me"), (unconfirmed.EntryId, unconfirmed.Text));
            resume.RecordOutcomes(new[] { SendJournalOutcome.AlreadySent(unconfirmed.EntryId, 77, 1, null, Noon.AddMinutes(1)) });
        }

        List<SmsJournalEntry> all = temp.All();
        Assert.Equal(new[] { SmsJournalStatus.Accepted, SmsJournalStatus.Accepted }, all.Select(e => e.Status));
        Assert.Equal((true, 77L), (all[1].AlreadySent, all[1].Id!.Value));
        Assert.All(all, e => Assert.Null(e.Text));
        Assert.Empty(temp.Journal.GetUnconfirmed(temp.Account, null));
    }

    [Fact]
    public void An_answer_that_could_not_be_written_does_not_count_when_its_message_is_dropped()
    {
        // The first answer's transaction fails (another process holds the write lock); the second's succeeds. The first
        // recipient is still unconfirmed: the text they share must stay for its resend.
        using var temp = new TempJournal(busyTimeout: TimeSpan.FromMilliseconds(300));
        var (_, entries) = SendShared(temp, temp.Journal, "Still needed", 2);
        using (SqliteConnection locker = temp.HoldWriteLock())
        {
            Assert.Equal("MySmpp.JournalLocked", Assert.Throws<MySmppJournalException>(() => temp.Journal.RecordOutcomes(new[] { SendJournalOutcome.Accepted(entries[0], 1, 1, null, Noon) })).ErrorId);
        }

        temp.Journal.RecordOutcomes(new[] { SendJournalOutcome.Accepted(entries[1], 2, 1, null, Noon) });
        Assert.Equal("Still needed", PendingTextsOf(temp)[0]![0]);
        List<SmsJournalEntry> all = temp.All();
        Assert.Equal((SmsJournalStatus.Unconfirmed, "Still needed"), (all[0].Status, all[0].Text));
        Assert.Equal((SmsJournalStatus.Accepted, (string?)null), (all[1].Status, all[1].Text));
    }

    [Fact]
    public void A_caller_error_in_an_answer_batch_does_not_count_its_other_answers()
    {
        using var temp = new TempJournal();
        var (_, entries) = SendShared(temp, temp.Journal, "Still needed", 2);
        Assert.Throws<ArgumentException>(() => temp.Journal.RecordOutcomes(new[] { SendJournalOutcome.Accepted(entries[0], 1, 1, null, Noon), SendJournalOutcome.Accepted(987654321, 2, 1, null, Noon) }));
        temp.Journal.RecordOutcomes(new[] { SendJournalOutcome.Accepted(entries[1], 2, 1, null, Noon) });
        List<SmsJournalEntry> all = temp.All();
        Assert.Equal((SmsJournalStatus.Unconfirmed, "Still needed"), (all[0].Status, all[0].Text));
    }

    [Fact]
    public void Groups_whose_every_recipient_has_an_answer_are_not_tracked_in_memory()
    {
        // A stopped send journals every recipient it did not send as an intent and an unknown fate: their texts must not
        // pile up in memory until the next read.
        using var temp = new TempJournal();
        var sqlite = (SqliteSendJournal)temp.Journal;
        for (int g = 0; g < 5; g++)
        {
            var (_, entries) = temp.Send(4, Noon, firstKey: 1000 * (g + 1));
            temp.Journal.RecordOutcomes(entries.Select(e => SendJournalOutcome.Unknown(e, "MySmpp.Stopped", "stopped", Noon)).ToList());
        }

        Assert.Equal(0, sqlite.TrackedTextGroups);
        Assert.Equal(5, temp.Scalar("SELECT count(*) FROM pending_texts;"));
        Assert.All(temp.All(), e => Assert.StartsWith("Text ", e.Text, StringComparison.Ordinal));
    }

    [Fact]
    public void Entry_ids_are_never_given_again_after_the_newest_entries_were_deleted()
    {
        // An answer that arrives late for a deleted entry must not land on a newer recipient under a reused id.
        using var temp = new TempJournal();
        var (_, old) = temp.Send(3, Noon);
        Assert.Equal(3, temp.Journal.DeleteBefore(temp.Account, Noon.AddDays(1)));
        var (_, fresh) = temp.Send(2, Noon.AddDays(2));
        Assert.All(fresh, id => Assert.True(id > old.Max(), "entry " + id + " reuses an id"));
        Assert.Throws<ArgumentException>(() => temp.Journal.RecordOutcomes(new[] { SendJournalOutcome.Accepted(old[0], 1, 1, null, Noon) }));
        Assert.All(temp.All(), e => Assert.Equal(SmsJournalStatus.Unconfirmed, e.Status));
    }

    private static (SendJournalRun Run, IReadOnlyList<long> Entries) SendShared(TempJournal temp, ISendJournal journal, string text, int count)
    {
        SendJournalRun run = journal.StartRun(temp.Account, Guid.NewGuid(), null, Noon);
        SmsMessage message = TempJournal.Message(text);
        var intents = Enumerable.Range(0, count).Select(i => new SendIntent(i + 1, "7900222000" + i.ToString(CultureInfo.InvariantCulture), 300 + i, message, Noon.AddMilliseconds(i))).ToList();
        return (run, journal.RecordIntents(run, intents));
    }

    // The text fields of each message of the one pending_texts row.
    private static List<string?[]?> PendingTextsOf(TempJournal temp)
    {
        using var connection = new SqliteConnection("Data Source=" + temp.FilePath + ";Mode=ReadOnly;Pooling=False");
        connection.Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "SELECT texts FROM pending_texts;";
        byte[] blob = Assert.IsType<byte[]>(command.ExecuteScalar());
        return PendingRecords.DecodeTexts(blob).Select(t => Array.TrueForAll(t, f => f == null) ? null : t).ToList<string?[]?>();
    }

    private static string FileBytes(string path) =>
        Encoding.Latin1.GetString(File.ReadAllBytes(path)) + (File.Exists(path + "-wal") ? Encoding.Latin1.GetString(File.ReadAllBytes(path + "-wal")) : string.Empty);
}
