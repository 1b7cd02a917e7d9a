using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using MySmpp.Credentials;
using MySmpp.Journal;
using MySmpp.Journal.Sqlite;
using MySmpp.Model;
using MySmpp.Sending;
using Xunit;

namespace MySmpp.Core.Tests.Journal;

public sealed class SqliteJournalTests
{
    private static readonly DateTimeOffset Noon = new DateTimeOffset(2026, 3, 10, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Intents_are_unconfirmed_until_their_outcome_is_written()
    {
        using var temp = new TempJournal();
        var (run, entries) = temp.Send(3, Noon);
        Assert.Equal(3, entries.Count);
        List<SmsJournalEntry> all = temp.All();
        Assert.All(all, e => Assert.Equal(SmsJournalStatus.Unconfirmed, e.Status));
        Assert.Equal(new long[] { 500001, 500002, 500003 }, all.Select(e => e.ClientId));
        Assert.Equal(run.RunId, all[0].RunId);
        Assert.Equal("Text 0", all[0].Text);
        Assert.Equal(Noon.LocalDateTime, all[0].SentAt);
        Assert.Equal(3, temp.Journal.GetUnconfirmed(temp.Account, run.RunId).Count());

        temp.Journal.RecordOutcomes(new[]
        {
            SendJournalOutcome.Accepted(entries[0], 1000001, 2, 2.5m, Noon),
            SendJournalOutcome.Refused(entries[1], "MySmpp.StopListed", "stop list", Noon),
            SendJournalOutcome.Unknown(entries[2], "MySmpp.Timeout", "timed out", Noon),
        });
        all = temp.All();
        Assert.Equal(new[] { SmsJournalStatus.Accepted, SmsJournalStatus.Refused, SmsJournalStatus.Unconfirmed }, all.Select(e => e.Status));
        Assert.Equal(1000001, all[0].Id);
        Assert.Equal(2, all[0].Parts);
        Assert.Equal(2.5m, all[0].TotalCost);
        Assert.Equal("MySmpp.StopListed", all[1].ErrorId);
        Assert.True(all[1].IsFinal);
        Assert.Null(all[0].Text);   // decided: texts dropped
        Assert.Null(all[1].Text);
        Assert.Equal("Text 2", all[2].Text); // fate unknown: kept to send again
        Assert.Equal(entries[2], Assert.Single(temp.Journal.GetUnconfirmed(temp.Account, null)).EntryId);
    }

    [Fact]
    public void Every_field_of_an_intent_comes_back_as_written_empty_and_non_ASCII_texts_included()
    {
        // The intents go through prepared statements bound by hand (UTF-16 texts, an empty text apart, NULLs, numbers).
        using var temp = new TempJournal(keepText: true);
        SendJournalRun run = temp.Journal.StartRun(temp.Account, Guid.NewGuid(), "job-1", Noon);
        var full = new SmsMessage
        {
            Text = "Заказ №42 готов 🎉 \"quoted\" 'single' \\ back",
            Sender = "MyShop",
            CampaignName = string.Empty,
            Channel = SmsChannel.ViberThenSms,
            ViberSender = "Shop Viber",
            ViberText = "Ваш код: 1234",
            ButtonText = "Открыть",
            ButtonUrl = new Uri("https://shop.test/order?id=42&x=ü"),
            ImageUrl = new Uri("https://shop.test/i.png"),
            SendAt = new DateTime(2026, 3, 11, 9, 30, 0),
            ValidUntil = new DateTime(2026, 3, 12, 9, 30, 0),
            Transliterate = true,
        };
        var bare = new SmsMessage { Text = string.Empty };

        // A value is bound again only when it changed: after the bare row, the full row's values again (other instances).
        SmsMessage again = full.Clone();
        again.Text = new string(full.Text.ToCharArray());
        again.Sender = new string(full.Sender.ToCharArray());
        IReadOnlyList<long> ids = temp.Journal.RecordIntents(run, new[]
        {
            new SendIntent(7, "79001234567", 900001, full, Noon),
            new SendIntent(8, "79001234568", 900002, bare, Noon.AddSeconds(1)),
            new SendIntent(9, "79001234569", 900003, again, Noon.AddSeconds(2)),
        });

        SmsJournalEntry a = temp.Journal.Query(temp.Account, new SendJournalQuery()).Single(e => e.EntryId == ids[0]);
        Assert.Equal((7, "79001234567", 900001L, Noon.LocalDateTime), (a.Position, a.Phone, a.ClientId, a.SentAt));
        Assert.Equal(full.Text, a.Text);
        Assert.Equal("MyShop", a.Sender);
        Assert.Equal(string.Empty, a.CampaignName);
        Assert.Equal(SmsChannel.ViberThenSms, a.Channel);
        Assert.Equal((full.ViberSender, full.ViberText, full.ButtonText), (a.ViberSender, a.ViberText, a.ButtonText));
        Assert.Equal(full.ButtonUrl.OriginalString, a.ButtonUrl!.OriginalString);
        Assert.Equal(full.ImageUrl.OriginalString, a.ImageUrl!.OriginalString);
        Assert.Equal((full.SendAt, full.ValidUntil, true), (a.SendAt, a.ValidUntil, a.Transliterate));
        Assert.Equal("job-1", a.JobName);

        SmsJournalEntry b = temp.Journal.Query(temp.Account, new SendJournalQuery()).Single(e => e.EntryId == ids[1]);
        Assert.Equal(string.Empty, b.Text);
        Assert.Null(b.Sender);
        Assert.Null(b.CampaignName);
        Assert.Null(b.ViberText);
        Assert.Null(b.ButtonUrl);
        Assert.Null(b.SendAt);
        Assert.False(b.Transliterate);

        SmsJournalEntry c = temp.Journal.Query(temp.Account, new SendJournalQuery()).Single(e => e.EntryId == ids[2]);
        Assert.Equal((9L, "79001234569", 900003L), (c.Position, c.Phone, c.ClientId));
        Assert.Equal((full.Text, "MyShop", string.Empty, SmsChannel.ViberThenSms, full.ViberText, true), (c.Text, c.Sender, c.CampaignName, c.Channel, c.ViberText, c.Transliterate));
        Assert.Equal((full.SendAt, full.ValidUntil), (c.SendAt, c.ValidUntil));

        // The named job's fingerprints, as the job's restart compares them.
        SendJournalJobEntry[] job = temp.Journal.GetJobEntries(temp.Account, "job-1").ToArray();
        Assert.Equal(temp.Journal.TextFingerprint(full.Text, full.ViberText), job[0].TextFingerprint);
        Assert.Equal(temp.Journal.TextFingerprint(string.Empty, null), job[1].TextFingerprint);
    }

    [Fact]
    public void An_outcome_never_replaces_one_that_knows_more()
    {
        using var temp = new TempJournal(keepText: true);
        var (_, entries) = temp.Send(2, Noon);
        temp.Journal.RecordOutcomes(new[] { SendJournalOutcome.Accepted(entries[0], 1000001, 1, 1.25m, Noon), SendJournalOutcome.Unknown(entries[1], "MySmpp.Transport", "reset", Noon) });
        temp.Journal.RecordOutcomes(new[] { SendJournalOutcome.AlreadySent(entries[0], null, null, null, Noon.AddMinutes(1)), SendJournalOutcome.AlreadySent(entries[1], null, null, null, Noon.AddMinutes(1)) });
        temp.Journal.RecordOutcomes(new[] { SendJournalOutcome.Unknown(entries[0], "MySmpp.Timeout", "lost", Noon.AddMinutes(2)) });
        List<SmsJournalEntry> all = temp.All();
        Assert.Equal(SmsJournalStatus.Accepted, all[0].Status);
        Assert.False(all[0].AlreadySent);
        Assert.Equal(1000001, all[0].Id);
        Assert.Null(all[0].ErrorId);
        Assert.Equal(SmsJournalStatus.Accepted, all[1].Status);
        Assert.True(all[1].AlreadySent);
        Assert.Null(all[1].ErrorId);
        Assert.Equal("Text 0", all[0].Text); // kept: the session keeps texts
    }

    [Fact]
    public void States_are_stored_and_final_follows_the_channel()
    {
        using var temp = new TempJournal();
        var (_, sms) = temp.Send(1, Noon, firstKey: 1);
        var (_, viber) = temp.Send(1, Noon.AddSeconds(1), firstKey: 2, channel: SmsChannel.Viber);
        temp.Journal.RecordOutcomes(new[] { SendJournalOutcome.Accepted(sms[0], 11, 1, null, Noon), SendJournalOutcome.Accepted(viber[0], 12, 1, null, Noon) });
        List<SmsJournalEntry> pending = temp.All(new SendJournalQuery { Statuses = new[] { SmsJournalStatus.Pending } });
        Assert.Equal(2, pending.Count);

        var time = new DateTime(2026, 3, 10, 15, 0, 0);
        temp.Journal.RecordStates(pending.Select(e => new SendJournalStateUpdate(e, new SmsState(e.Id!.Value, "deliver", time, MySmppProtocol.Json, parts: 1, pricePerPart: 1.25m), Noon)).ToList());
        List<SmsJournalEntry> all = temp.All();
        Assert.All(all, e => Assert.Equal(SmsJournalStatus.Delivered, e.Status));
        Assert.True(all[0].IsFinal);  // an SMS never becomes read
        Assert.False(all[1].IsFinal); // a Viber message may
        Assert.Equal(time, all[0].StatusTime);
        Assert.Equal(1.25m, all[0].PricePerPart);
        Assert.Equal(1.25m, all[0].TotalCost);
        Assert.Equal(12, Assert.Single(temp.All(new SendJournalQuery { Statuses = new[] { SmsJournalStatus.Pending } })).Id);
        Assert.Equal(11, Assert.Single(temp.All(new SendJournalQuery { Statuses = new[] { SmsJournalStatus.Final } })).Id);
    }

    [Fact]
    public void Filters_and_keyset_paging_return_entries_in_send_order()
    {
        using var temp = new TempJournal();
        var (run1, e1) = temp.Send(5, Noon, firstKey: 100);
        var (run2, _) = temp.Send(5, Noon.AddDays(1), firstKey: 200);
        temp.Journal.RecordOutcomes(e1.Select((id, i) => SendJournalOutcome.Accepted(id, 9000 + i, 1, null, Noon)).ToList());

        Assert.Equal(5, temp.All(new SendJournalQuery { Since = Noon.AddHours(12).UtcDateTime }).Count);
        Assert.Equal(5, temp.All(new SendJournalQuery { Until = Noon.AddHours(12).LocalDateTime }).Count);
        Assert.Equal(new long[] { 9001, 9003 }, temp.All(new SendJournalQuery { Ids = new long[] { 9003, 9001, 1 } }).Select(e => e.Id!.Value));
        Assert.Equal(202, Assert.Single(temp.All(new SendJournalQuery { ClientIds = new long[] { 202 } })).ClientId);
        Assert.Equal(2, temp.All(new SendJournalQuery { Phones = new[] { "79001110001" } }).Count);
        Assert.Equal(10, temp.All(new SendJournalQuery { CampaignNames = new[] { "codes" } }).Count);
        Assert.Empty(temp.All(new SendJournalQuery { CampaignNames = new[] { "other \"quoted\"" } }));
        Assert.All(temp.All(new SendJournalQuery { RunIds = new[] { run2.RunId } }), e => Assert.Equal(run2.RunId, e.RunId));
        Assert.Equal(5, temp.All(new SendJournalQuery { Statuses = new[] { SmsJournalStatus.Unconfirmed } }).Count);

        var pages = new List<long>();
        SendJournalQuery page = new SendJournalQuery { Limit = 3 };
        while (true)
        {
            List<SmsJournalEntry> got = temp.All(page);
            if (got.Count == 0) break;
            pages.AddRange(got.Select(e => e.ClientId));
            page = new SendJournalQuery { Limit = 3, After = got[^1] };
        }

        Assert.Equal(temp.All().Select(e => e.ClientId), pages);
        Assert.Equal(10, pages.Count);
    }

    [Fact]
    public void Another_account_sees_nothing_of_this_one()
    {
        using var temp = new TempJournal();
        temp.Send(2, Noon);
        using var other = MySmppCredential.FromPassword("other", "pw-2");
        SendJournalAccount account = temp.Journal.GetAccount(other, new Uri("http://lk.mysmpp.test"));
        Assert.Empty(temp.Journal.Query(account, new SendJournalQuery()));
        using var same = MySmppCredential.FromPassword("acme", "pw-2");
        SendJournalAccount elsewhere = temp.Journal.GetAccount(same, new Uri("http://127.0.0.1:5080"));
        Assert.Empty(temp.Journal.Query(elsewhere, new SendJournalQuery()));
    }

    [Fact]
    public void A_named_job_returns_its_rows_by_position_with_a_fingerprint_of_their_text()
    {
        using var temp = new TempJournal();
        var (run, entries) = temp.Send(3, Noon, jobName: "nightly");
        temp.Journal.RecordOutcomes(new[] { SendJournalOutcome.Accepted(entries[0], 77, 1, null, Noon) });
        List<SendJournalJobEntry> rows = temp.Journal.GetJobEntries(temp.Account, "nightly").ToList();
        Assert.Equal(new long[] { 1, 2, 3 }, rows.Select(r => r.Position));
        Assert.Equal(temp.Journal.TextFingerprint("Text 1", null), rows[1].TextFingerprint);
        Assert.NotEqual(temp.Journal.TextFingerprint("Text 1 ", null), rows[1].TextFingerprint);
        Assert.Equal(SendJournalOutcomeKind.Accepted, rows[0].Outcome);
        Assert.Equal(77, rows[0].IdSms);
        Assert.Equal(run.RunId, rows[0].RunId);
        Assert.Empty(temp.Journal.GetJobEntries(temp.Account, "other"));
        Assert.All(temp.All(), e => Assert.Equal("nightly", e.JobName));
    }

    [Fact]
    public void Retention_deletes_old_entries_and_texts_can_be_dropped_later()
    {
        using var keep = new TempJournal(keepText: true);
        var (_, old) = keep.Send(3, Noon.AddDays(-40));
        keep.Send(2, Noon);
        keep.Journal.RecordOutcomes(old.Select(id => SendJournalOutcome.Accepted(id, id + 1000, 1, null, Noon)).ToList());
        Assert.Equal(3, keep.Journal.DeleteBefore(keep.Account, Noon.AddDays(-30)));
        Assert.Equal(2, keep.All().Count);

        var (_, recent) = keep.Send(1, Noon);
        keep.Journal.RecordOutcomes(new[] { SendJournalOutcome.Refused(recent[0], "MySmpp.StopListed", "x", Noon) });
        Assert.Equal("Text 0", keep.All().Single(e => e.EntryId == recent[0]).Text);
        Assert.Equal(1, keep.Journal.DropDecidedTexts(keep.Account));
        Assert.Null(keep.All().Single(e => e.EntryId == recent[0]).Text);
        Assert.Equal(2, keep.All().Count(e => e.Text != null)); // unconfirmed ones keep theirs
    }

    [Fact]
    [Trait(TestCategory.Name, TestCategory.Slow)]
    public void The_file_holds_the_login_but_never_a_token()
    {
        using var temp = new TempJournal();
        const string token = "Tk-UniqueToken-51d0b8e4";
        using (var credential = MySmppCredential.FromToken(token))
        {
            SendJournalAccount account = temp.Journal.GetAccount(credential, new Uri("https://lk.mysmpp.ru"));
            Assert.StartsWith("token:", account.Principal, StringComparison.Ordinal);
            Assert.Equal(38, account.Principal.Length);
            Assert.DoesNotContain(token, account.Display, StringComparison.Ordinal);
            using var again = MySmppCredential.FromToken(token);
            Assert.Equal(account, temp.Journal.GetAccount(again, new Uri("http://lk.mysmpp.ru"))); // same account over http and https
            temp.Journal.StartRun(account, Guid.NewGuid(), null, Noon);
        }

        temp.Journal.StartRun(temp.Account, Guid.NewGuid(), null, Noon);
        temp.Journal.Dispose();
        string bytes = Encoding.Latin1.GetString(File.ReadAllBytes(temp.FilePath)) + (File.Exists(temp.FilePath + "-wal") ? Encoding.Latin1.GetString(File.ReadAllBytes(temp.FilePath + "-wal")) : string.Empty);
        Assert.DoesNotContain(token, bytes, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-pw-1", bytes, StringComparison.Ordinal);
        Assert.Contains("login:acme", bytes, StringComparison.Ordinal);
    }

    [Fact]
    public void The_token_fingerprint_is_PBKDF2_HMAC_SHA256_with_the_journal_salt()
    {
        byte[] salt = Enumerable.Range(0, 16).Select(i => (byte)i).ToArray();
        byte[] password = Encoding.UTF8.GetBytes("токен-Tk");
        byte[] expected = System.Security.Cryptography.Rfc2898DeriveBytes.Pbkdf2(password, salt, 1000, System.Security.Cryptography.HashAlgorithmName.SHA256, 32);
        Assert.Equal(expected, SendJournalAccount.Pbkdf2Sha256(password, salt, 1000));
    }

    [Fact]
    public void Texts_of_a_large_pending_group_do_not_survive_in_the_file_once_decided()
    {
        // Personalised codes: every recipient its own message, so the group's texts blob spans overflow pages.
        string marker = "Code-" + Guid.NewGuid().ToString("N").Substring(0, 12) + "-";
        using var temp = new TempJournal();
        SendJournalRun run = temp.Journal.StartRun(temp.Account, Guid.NewGuid(), null, Noon);
        List<SendIntent> intents = Enumerable.Range(0, 400)
            .Select(i => new SendIntent(i + 1, "7900333" + i.ToString("0000", CultureInfo.InvariantCulture), 7000 + i, TempJournal.Message(marker + i.ToString("0000", CultureInfo.InvariantCulture)), Noon.AddMilliseconds(i)))
            .ToList();
        IReadOnlyList<long> entries = temp.Journal.RecordIntents(run, intents);
        temp.Journal.RecordOutcomes(entries.Select((e, i) => SendJournalOutcome.Accepted(e, 90000 + i, 1, null, Noon)).ToList());
        Assert.Equal(0, temp.Scalar("SELECT count(*) FROM pending_texts;"));

        // Closing checkpoints the -wal into the file and removes it: what is left is the file itself.
        temp.Journal.Dispose();
        Assert.False(File.Exists(temp.FilePath + "-wal"));
        string bytes = Encoding.Latin1.GetString(File.ReadAllBytes(temp.FilePath));
        Assert.DoesNotContain(marker, bytes, StringComparison.Ordinal);
    }

    [Fact]
    public void A_send_whose_run_was_cleared_meanwhile_keeps_its_later_entries_visible_and_resumable()
    {
        // Clear-SmsJournal -Before (Get-Date) in one session while Send-Sms runs in another.
        using var temp = new TempJournal();
        SendJournalRun run = temp.Journal.StartRun(temp.Account, Guid.NewGuid(), null, Noon);
        IReadOnlyList<long> first = temp.Journal.RecordIntents(run, Intents(2, Noon, 100));
        temp.Journal.RecordOutcomes(first.Select((e, i) => SendJournalOutcome.Accepted(e, 500 + i, 1, null, Noon)).ToList());
        using (ISendJournal cleaner = temp.Open())
        {
            Assert.Equal(2, cleaner.DeleteBefore(temp.Account, Noon.AddHours(1)));
        }

        // The send goes on: its next batch, whose requests are lost in a crash.
        IReadOnlyList<long> later = temp.Journal.RecordIntents(run, Intents(3, Noon.AddHours(2), 200));

        List<SmsJournalEntry> all = temp.All();
        Assert.Equal(later.OrderBy(e => e), all.Select(e => e.EntryId).OrderBy(e => e));
        Assert.Equal(3, temp.Journal.GetUnconfirmed(temp.Account, run.RunId).Count());
    }

    [Fact]
    public void A_run_key_given_again_after_a_clear_never_puts_one_accounts_entries_into_another_accounts_job()
    {
        using var temp = new TempJournal();
        SendJournalRun run = temp.Journal.StartRun(temp.Account, Guid.NewGuid(), null, Noon);
        temp.Journal.RecordIntents(run, Intents(1, Noon, 100));
        SendJournalAccount other;
        using (ISendJournal second = temp.Open())
        {
            using (var credential = MySmppCredential.FromPassword("other", "pw-2"))
            {
                other = second.GetAccount(credential, new Uri("http://lk.mysmpp.test"));
            }

            second.DeleteBefore(temp.Account, Noon.AddHours(1));

            // Another account's named job starts and takes the next run key.
            second.StartRun(other, Guid.NewGuid(), "nightly", Noon.AddHours(2));
        }

        // The first account's send goes on under the run it started.
        temp.Journal.RecordIntents(run, Intents(2, Noon.AddHours(3), 300));

        using ISendJournal reader = temp.Open();
        Assert.Empty(reader.GetJobEntries(other, "nightly"));
        Assert.All(reader.Query(temp.Account, new SendJournalQuery()), e => Assert.Equal(run.RunId, e.RunId));
    }

    [Fact]
    public void A_new_journal_file_is_never_readable_by_others_even_for_a_moment()
    {
        if (OperatingSystem.IsWindows()) return;
        string folder = Path.Combine(Path.GetTempPath(), "mysmpp-race-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        File.SetUnixFileMode(folder, (UnixFileMode)0x1ED); // an existing, shared 0755 folder
        var seen = new ConcurrentBag<UnixFileMode>();
        try
        {
            for (int round = 0; round < 200 && seen.IsEmpty; round++)
            {
                string file = Path.Combine(folder, "j" + round.ToString(CultureInfo.InvariantCulture) + ".db");
                using var stop = new ManualResetEventSlim();
                var watcher = new Thread(() =>
                {
                    while (!stop.IsSet && !OperatingSystem.IsWindows())
                    {
                        try
                        {
                            UnixFileMode mode = File.GetUnixFileMode(file);
                            if ((mode & (UnixFileMode)0x3F) != 0) seen.Add(mode);
                        }
                        catch (IOException)
                        {
                        }
                    }
                });
                watcher.Start();
                Thread.Sleep(1);
                OwnerOnlyFiles.CreateFile(file);
                stop.Set();
                watcher.Join();
            }

            Assert.True(seen.IsEmpty, "a new journal file was seen with mode " + (seen.IsEmpty ? string.Empty : Convert.ToString((int)seen.First(), 8)));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Theory]
    [InlineData("DELETE FROM journal_meta WHERE name = 'account_salt';")]
    [InlineData("UPDATE journal_meta SET value = x'00' WHERE name = 'text_key';")]
    public void A_journal_whose_secrets_are_missing_or_short_is_refused_as_damaged(string damage)
    {
        using var temp = new TempJournal();
        temp.Journal.Dispose();
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection("Data Source=" + temp.FilePath + ";Pooling=False"))
        {
            connection.Open();
            JournalSchema.Execute(connection, damage);
        }

        var error = Assert.Throws<MySmpp.Errors.MySmppJournalException>(() => temp.Open().Dispose());
        Assert.Equal(SendJournalProblem.Corrupt, error.Problem);
    }

    [Theory]
    [InlineData("UPDATE entry SET send_price = 'x';")]
    [InlineData("UPDATE entry SET send_parts = 5000000000;")]
    [InlineData("UPDATE entry SET button_url = 'http://[';")]
    [InlineData("UPDATE run SET run_id = 'not a guid';")]
    // Times are read back through new DateTime(ticks) and DateTimeOffset.FromUnixTimeMilliseconds, which throw
    // ArgumentOutOfRangeException for a value out of range.
    [InlineData("UPDATE entry SET outcome_at = 9223372036854775807;")]
    [InlineData("UPDATE entry SET send_at = -1;")]
    [InlineData("UPDATE entry SET status_time = -1;")]
    [InlineData("UPDATE entry SET synced_at = -9223372036854775807;")]
    [InlineData("UPDATE entry SET sent_at = 9223372036854775807;")]
    public void A_damaged_value_in_an_entry_is_JournalCorrupt_on_every_read(string damage)
    {
        using var temp = new TempJournal();
        temp.Send(2, Noon);
        Assert.Equal(2, temp.All().Count); // folded: the entries are rows now
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection("Data Source=" + temp.FilePath + ";Pooling=False"))
        {
            connection.Open();
            JournalSchema.Execute(connection, damage);
        }

        Assert.Equal("MySmpp.JournalCorrupt", Assert.Throws<MySmpp.Errors.MySmppJournalException>(() => temp.All()).ErrorId);
        Assert.Equal("MySmpp.JournalCorrupt", Assert.Throws<MySmpp.Errors.MySmppJournalException>(() => temp.Journal.GetUnconfirmed(temp.Account, null).ToList()).ErrorId);
    }

    [Fact]
    public void Newest_first_reads_the_latest_entries_in_reverse_send_order_and_pages_backwards()
    {
        using var temp = new TempJournal();
        temp.Send(5, Noon);
        List<SmsJournalEntry> latest = temp.All(new SendJournalQuery { NewestFirst = true, Limit = 2 });
        Assert.Equal(new long[] { 500005, 500004 }, latest.Select(e => e.ClientId));
        List<SmsJournalEntry> next = temp.All(new SendJournalQuery { NewestFirst = true, Limit = 2, After = latest[1] });
        Assert.Equal(new long[] { 500003, 500002 }, next.Select(e => e.ClientId));
        Assert.Equal(new long[] { 500001, 500002 }, temp.All(new SendJournalQuery { Limit = 2 }).Select(e => e.ClientId));
    }

    private static List<SendIntent> Intents(int count, DateTimeOffset at, long firstKey) =>
        Enumerable.Range(0, count)
            .Select(i => new SendIntent(i + 1, "7900444" + i.ToString("0000", CultureInfo.InvariantCulture), firstKey + i, TempJournal.Message("Text " + i), at.AddMilliseconds(i)))
            .ToList();
}
