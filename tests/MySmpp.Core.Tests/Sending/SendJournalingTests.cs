using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;
using MySmpp.Client;
using MySmpp.Core.Tests.Journal;
using MySmpp.Credentials;
using MySmpp.Emulator;
using MySmpp.Errors;
using MySmpp.Journal;
using MySmpp.Model;
using MySmpp.Sending;
using Xunit;

namespace MySmpp.Core.Tests.Sending;

/// <summary>
/// The send path's write-ahead into the real SQLite journal against the emulator (issue 23, items 2, 3 and 6): intents
/// durable before a request leaves, outcomes recorded per batch, a journal that cannot be written stops the send before
/// anything more is sent, a named job reuses its keys, a resend records against the entries it resends.
/// </summary>
public sealed class SendJournalingTests
{
    [Fact]
    public async Task Every_recipient_is_journaled_with_its_key_and_its_outcome_and_the_run_ends()
    {
        await using EmulatorServer server = await Start();
        using var journal = new TempJournal();
        using MySmppClient client = Connect(server, batchSize: 10, maxConcurrency: 2);

        List<SmsSendOutcome> outcomes = Send(client, journal, Messages(25, "7921000"));

        Assert.All(outcomes, o => Assert.Equal(SmsSendFate.Accepted, o.Fate));
        // In input order (in the journal's send order, batches in flight together come in the order their intents were written).
        List<SmsJournalEntry> entries = journal.All().OrderBy(e => e.Position).ToList();
        Assert.Equal(outcomes.Select(o => (o.Phone, o.ClientId, o.Result!.Id)), entries.Select(e => (e.Phone, (long?)e.ClientId, e.Id)));
        Assert.Equal(Enumerable.Range(1, 25).Select(i => (long)i), entries.Select(e => e.Position));
        Assert.All(entries, e => Assert.Equal(SmsJournalStatus.Accepted, e.Status));
        Assert.All(entries, e => Assert.Null(e.Text)); // decided: the text is dropped unless the session keeps texts
        Assert.Single(entries.Select(e => e.RunId).Distinct());
        Assert.Equal(1, journal.Scalar("SELECT count(*) FROM run WHERE ended_at IS NOT NULL"));
    }

    [Fact]
    public async Task The_recipients_of_requests_in_flight_are_already_in_the_journal_with_the_keys_the_gateway_received()
    {
        // The gateway acts on every request and never answers: what it received is exactly what is in flight.
        await using EmulatorServer server = await Start(o => (o.SendFault, o.SendFaultAfter) = (SendFault.StallAfterAccepting, 0));
        using var journal = new TempJournal();
        using MySmppClient client = Connect(server, batchSize: 5, maxConcurrency: 3);
        using SmsSendOperation send = client.StartSend(Options(journal));
        foreach (SmsMessage message in Messages(15, "7922000")) send.Add(message);
        Assert.True(await Reliability.Reliability.EventuallyAsync(() => server.Sending.Received.Count == 15, Reliability.Reliability.HangBound));

        List<SmsJournalEntry> entries = journal.All();
        Assert.Equal(
            server.Sending.Received.Select(r => (r.Phone, r.ClientId)).OrderBy(k => k.ClientId),
            entries.Select(e => (e.Phone, (long?)e.ClientId)).OrderBy(k => k.Item2));
        Assert.All(entries, e => Assert.Equal(SmsJournalStatus.Unconfirmed, e.Status));
        Assert.All(entries, e => Assert.NotNull(e.Text)); // fate unknown: everything needed to send it again is kept
        send.Cancel();
    }

    [Fact]
    public async Task A_journal_that_cannot_be_written_at_the_start_throws_and_nothing_is_sent()
    {
        await using EmulatorServer server = await Start();
        using var journal = new TempJournal(busyTimeout: TimeSpan.FromMilliseconds(200));
        using MySmppClient client = Connect(server);
        using (journal.HoldWriteLock())
        {
            using SmsSendOperation send = client.StartSend(Options(journal));
            MySmppJournalException error = Assert.Throws<MySmppJournalException>(() => send.Add(Messages(1, "7923000").Single()));
            Assert.Equal("MySmpp.JournalLocked", error.ErrorId);
        }

        Assert.Equal(0, server.Sending.SendRequests);
    }

    [Fact]
    public async Task A_journal_that_fails_mid_send_stops_it_and_the_batch_it_could_not_write_never_leaves()
    {
        await using EmulatorServer server = await Start();
        using var journal = new TempJournal(busyTimeout: TimeSpan.FromMilliseconds(200));
        using MySmppClient client = Connect(server, batchSize: 5, maxConcurrency: 1);
        using SmsSendOperation send = client.StartSend(Options(journal));
        var outcomes = new List<SmsSendOutcome>();
        List<SmsMessage> messages = Messages(20, "7924000").ToList();
        foreach (SmsMessage message in messages.Take(5)) send.Add(message);
        outcomes.AddRange(send.TakeCompleted());
        Assert.True(await Reliability.Reliability.EventuallyAsync(() => journal.All().Count(e => e.Status == SmsJournalStatus.Accepted) == 5, Reliability.Reliability.HangBound));

        using (journal.HoldWriteLock())
        {
            foreach (SmsMessage message in messages.Skip(5)) send.Add(message);
            outcomes.AddRange(send.Finish());
        }

        Assert.Equal(20, outcomes.Count);
        Assert.All(outcomes.Take(5), o => Assert.Equal(SmsSendFate.Accepted, o.Fate));
        Assert.All(outcomes.Skip(5), o =>
        {
            Assert.Equal(SmsSendFate.NotSent, o.Fate);
            Assert.Equal("MySmpp.JournalLocked", o.Error!.ErrorId);
        });
        Assert.Equal("MySmpp.JournalLocked", send.StopReason!.ErrorId);
        Assert.Equal(5, server.Sending.Received.Count); // nothing unjournaled left
        Assert.Equal(5, journal.All().Count);
        Assert.Equal(0, journal.Scalar("SELECT count(*) FROM run WHERE ended_at IS NOT NULL")); // an interrupted run
    }

    [Fact]
    public async Task A_job_run_again_reuses_the_keys_of_the_rows_it_reached_and_every_phone_gets_one_message()
    {
        await using EmulatorServer server = await Start();
        using var journal = new TempJournal();
        List<SmsMessage> rows = Messages(60, "7925000").ToList();

        // The first run: one request answered; then the gateway acts on the next three and never answers; the command
        // is cut off with those in flight and the last 20 rows never read.
        using (MySmppClient client = Connect(server, batchSize: 10, maxConcurrency: 3))
        using (SmsSendOperation first = client.StartSend(Options(journal, "nightly")))
        {
            foreach (SmsMessage row in rows.Take(10)) first.Add(row);
            Assert.True(await Reliability.Reliability.EventuallyAsync(() => journal.All().Count(e => e.Status == SmsJournalStatus.Accepted) == 10, Reliability.Reliability.HangBound));
            server.Options.SendFault = SendFault.StallAfterAccepting;
            foreach (SmsMessage row in rows.Skip(10).Take(30)) first.Add(row);
            Assert.True(await Reliability.Reliability.EventuallyAsync(() => server.Sending.Received.Count == 40, Reliability.Reliability.HangBound));
            first.Cancel();
            _ = first.Finish().ToList();
        }

        server.Options.SendFault = SendFault.None;
        List<SmsJournalEntry> before = journal.All().OrderBy(e => e.Position).ToList();
        Assert.Equal(40, before.Count);

        using (MySmppClient client = Connect(server, batchSize: 10, maxConcurrency: 3))
        {
            List<SmsSendOutcome> second = Send(client, journal, rows, "nightly");

            Assert.Equal(60, second.Count);
            Assert.All(second.Take(40), o => Assert.Equal(SmsSendFate.AlreadySent, o.Fate));
            Assert.All(second.Skip(40), o => Assert.Equal(SmsSendFate.Accepted, o.Fate));
            Assert.Equal(before.Select(e => e.ClientId), second.Take(40).Select(o => o.ClientId!.Value));
            Assert.All(second.Take(10), o => Assert.Equal(before.Single(e => e.ClientId == o.ClientId).Id, o.Result!.Id)); // answered the first time: no request
        }

        // The gateway accepted each phone exactly once; only the rows the first run never answered were asked again.
        Assert.All(rows.GroupBy(r => r.Phone), g => Assert.Single(server.Sending.Received, r => r.Phone == g.Key && r.Answer == "send"));
        Assert.Equal(60 + 30, server.Sending.Received.Count);
        List<SmsJournalEntry> after = journal.All();
        Assert.Equal(60, after.Count);
        Assert.All(after, e => Assert.Equal(SmsJournalStatus.Accepted, e.Status));
    }

    [Fact]
    public async Task A_job_row_whose_phone_or_text_changed_is_refused_naming_its_row_and_not_sent()
    {
        await using EmulatorServer server = await Start();
        using var journal = new TempJournal();
        using MySmppClient client = Connect(server, batchSize: 10);
        List<SmsMessage> rows = Messages(3, "7926000").ToList();
        Send(client, journal, rows, "codes");
        long before = server.Sending.Received.Count;

        rows[1].Text = "Another text";
        rows[2].Phone = "79260009999";
        List<SmsSendOutcome> again = Send(client, journal, rows, "codes");

        Assert.Equal(SmsSendFate.AlreadySent, again[0].Fate);
        Assert.All(again.Skip(1), o =>
        {
            Assert.Equal(SmsSendFate.Refused, o.Fate);
            Assert.Equal("MySmpp.JobRowChanged", o.Error!.ErrorId);
        });
        Assert.Contains("Row 2 of job 'codes'", again[1].Error!.Message, StringComparison.Ordinal);
        Assert.Contains("its text", again[1].Error!.Message, StringComparison.Ordinal);
        Assert.Contains("Row 3 of job 'codes' changed since an earlier run reached it: its phone (79260000002 then, 79260009999 now)", again[2].Error!.Message, StringComparison.Ordinal);
        Assert.Equal(before, server.Sending.Received.Count); // nothing sent
    }

    [Fact]
    public async Task Resending_the_unconfirmed_entries_records_against_them_and_sends_only_what_had_not_gone_out()
    {
        // Two requests acted on and never answered, then one the gateway never acts on: unconfirmed entries the gateway
        // has, and ones it never saw.
        await using EmulatorServer server = await Start(o => (o.SendFault, o.SendFaultAfter) = (SendFault.StallAfterAccepting, 0));
        using var journal = new TempJournal();
        using (MySmppClient client = Connect(server, batchSize: 5, maxConcurrency: 3))
        using (SmsSendOperation first = client.StartSend(Options(journal)))
        {
            foreach (SmsMessage row in Messages(10, "7927000")) first.Add(row);
            Assert.True(await Reliability.Reliability.EventuallyAsync(() => server.Sending.Received.Count == 10, Reliability.Reliability.HangBound));
            server.Options.SendFault = SendFault.Stall;
            foreach (SmsMessage row in Messages(5, "7927100")) first.Add(row);
            first.Cancel();
            _ = first.Finish().ToList();
        }

        server.Options.SendFault = SendFault.None;
        List<SmsJournalEntry> unconfirmed = journal.Journal.GetUnconfirmed(journal.Account, null).ToList();
        Assert.Equal(15, unconfirmed.Count);

        List<SmsSendOutcome> resent;
        using (MySmppClient client = Connect(server, batchSize: 5, maxConcurrency: 2))
        using (SmsSendOperation resend = client.StartSend(Options(journal)))
        {
            foreach (SmsJournalEntry entry in unconfirmed) resend.Resend(entry);
            resent = resend.Finish().ToList();
        }

        Assert.Equal(unconfirmed.Select(e => e.ClientId), resent.Select(o => o.ClientId!.Value));
        Assert.All(resent.Take(10), o => Assert.Equal(SmsSendFate.AlreadySent, o.Fate));
        Assert.All(resent.Skip(10), o => Assert.Equal(SmsSendFate.Accepted, o.Fate));
        List<SmsJournalEntry> after = journal.All();
        Assert.Equal(15, after.Count); // no new entry: the outcomes went to the entries resent
        Assert.All(after, e => Assert.Equal(SmsJournalStatus.Accepted, e.Status));
        Assert.Empty(journal.Journal.GetUnconfirmed(journal.Account, null));
        Assert.Equal(15, server.Sending.Accepted);
    }

    [Fact]
    public async Task Recipients_a_stopped_send_did_not_send_are_journaled_with_their_keys_and_a_resend_finishes_them()
    {
        await using EmulatorServer server = await Start(o => o.LatencyMs = 200);
        using var journal = new TempJournal();
        List<SmsSendOutcome> first;
        using (MySmppClient client = Connect(server, batchSize: 4, maxConcurrency: 1))
        using (SmsSendOperation send = client.StartSend(Options(journal)))
        {
            foreach (SmsMessage message in Messages(4, "7928000")) send.Add(message); // one request in flight
            send.Stop(new MySmppStoppedException("stopped by the test"));
            foreach (SmsMessage message in Messages(6, "7928100")) send.Add(message);
            first = send.Finish().ToList();
        }

        Assert.All(first.Skip(4), o => Assert.Equal(SmsSendFate.NotSent, o.Fate));
        // (In send order the recipients not sent may come before the request in flight: its intents are written when it leaves.)
        List<SmsJournalEntry> entries = journal.All().OrderBy(e => e.Position).ToList();
        Assert.Equal(first.Select(o => o.ClientId!.Value), entries.Select(e => e.ClientId));
        Assert.All(entries.Skip(4), e =>
        {
            Assert.Equal(SmsJournalStatus.Unconfirmed, e.Status);
            Assert.Equal("MySmpp.Stopped", e.ErrorId);
        });
        Assert.Equal(0, journal.Scalar("SELECT count(*) FROM run WHERE ended_at IS NOT NULL"));

        using (MySmppClient client = Connect(server))
        using (SmsSendOperation resend = client.StartSend(Options(journal)))
        {
            foreach (SmsJournalEntry entry in journal.Journal.GetUnconfirmed(journal.Account, null).ToList()) resend.Resend(entry);
            Assert.All(resend.Finish(), o => Assert.Equal(SmsSendFate.Accepted, o.Fate));
        }

        Assert.All(journal.All(), e => Assert.Equal(SmsJournalStatus.Accepted, e.Status));
        Assert.Equal(10, server.Sending.Accepted);
    }

    [Fact]
    public async Task A_recipient_not_sent_is_journaled_as_given_even_when_the_caller_changes_its_outcome_first()
    {
        // The outcome of a recipient a stopped send did not send reaches the caller before the journal writes it (unsent
        // recipients are written in batches, the last at Finish): what the caller does to the outcome's input must not
        // change what a resend would send.
        await using EmulatorServer server = await Start(o => o.LatencyMs = 100);
        using var journal = new TempJournal();
        using (MySmppClient client = Connect(server, batchSize: 4, maxConcurrency: 1))
        using (SmsSendOperation send = client.StartSend(Options(journal)))
        {
            foreach (SmsMessage message in Messages(4, "7928200")) send.Add(message); // one request in flight
            send.Stop(new MySmppStoppedException("stopped by the test"));
            foreach (SmsMessage message in Messages(2, "7928300")) send.Add(message); // fewer than a batch: not written yet

            var handed = new List<SmsSendOutcome>();
            var waited = System.Diagnostics.Stopwatch.StartNew();
            while (handed.Count < 6 && waited.Elapsed < TimeSpan.FromSeconds(30))
            {
                handed.AddRange(send.TakeCompleted());
                await Task.Delay(20);
            }

            Assert.Equal(6, handed.Count);
            foreach (SmsSendOutcome o in handed.Skip(4)) o.Input.Text = "changed by the caller";
            Assert.Empty(send.Finish());
        }

        List<SmsJournalEntry> unsent = journal.All().OrderBy(e => e.Position).Skip(4).ToList();
        Assert.Equal(new[] { "Hello 0", "Hello 1" }, unsent.Select(e => e.Text));
        Assert.All(unsent, e => Assert.Equal(SmsJournalStatus.Unconfirmed, e.Status));
    }

    [Fact]
    public async Task With_a_journal_more_batches_are_under_way_but_no_more_requests_are_in_flight_than_MaxConcurrency()
    {
        await using EmulatorServer server = await Start(o => o.LatencyMs = 30);
        using var journal = new TempJournal();
        using var counting = new InFlightCounter(new System.Net.Http.SocketsHttpHandler());
        using MySmppClient client = Connect(server, counting, batchSize: 5, maxConcurrency: 2);
        using SmsSendOperation send = client.StartSend(Options(journal));
        var outcomes = new List<SmsSendOutcome>();
        foreach (SmsMessage message in Messages(60, "7929000"))
        {
            send.Add(message);
            outcomes.AddRange(send.TakeCompleted());

            // While requests are in flight, batches behind them already have their intents in the journal.
            if (counting.InFlight == 2 && journal.All().Count > 10) counting.SawBatchesWaiting = true;
        }

        outcomes.AddRange(send.Finish());
        Assert.All(outcomes, o => Assert.Equal(SmsSendFate.Accepted, o.Fate));
        Assert.Equal(2, counting.Peak);
        Assert.True(counting.SawBatchesWaiting, "no batch was under way behind the requests in flight");
        Assert.All(journal.All(), e => Assert.Equal(SmsJournalStatus.Accepted, e.Status));
        Assert.Equal(12, server.Sending.SendRequests);
    }

    [Fact]
    public async Task Stop_keeps_batches_waiting_for_a_request_slot_from_leaving_and_they_are_journaled_as_not_sent()
    {
        await using EmulatorServer server = await Start(o => o.LatencyMs = 500);
        using var journal = new TempJournal();
        using var counting = new InFlightCounter(new System.Net.Http.SocketsHttpHandler());
        using MySmppClient client = Connect(server, counting, batchSize: 4, maxConcurrency: 1);
        List<SmsSendOutcome> outcomes;
        using (SmsSendOperation send = client.StartSend(Options(journal)))
        {
            // One request in flight, two more batches under way behind it with their intents written (a journaled send
            // keeps three batches under way per request in flight): then the stop.
            foreach (SmsMessage message in Messages(12, "7930000")) send.Add(message);
            Assert.True(await Reliability.Reliability.EventuallyAsync(() => counting.InFlight == 1 && journal.All().Count == 12, Reliability.Reliability.HangBound));
            send.Stop(new MySmppStoppedException("stopped by the test"));
            outcomes = send.Finish().ToList();
        }

        Assert.All(outcomes.Take(4), o => Assert.Equal(SmsSendFate.Accepted, o.Fate));
        Assert.All(outcomes.Skip(4), o => Assert.Equal(SmsSendFate.NotSent, o.Fate));
        Assert.Equal(4, server.Sending.Received.Count);
        List<SmsJournalEntry> entries = journal.All().OrderBy(e => e.Position).ToList();
        Assert.Equal(outcomes.Select(o => o.ClientId!.Value), entries.Select(e => e.ClientId));
        Assert.All(entries.Skip(4), e =>
        {
            Assert.Equal(SmsJournalStatus.Unconfirmed, e.Status);
            Assert.Equal("MySmpp.Stopped", e.ErrorId);
        });
    }

    [Fact]
    public async Task A_locked_account_keeps_batches_waiting_for_a_request_slot_from_leaving()
    {
        await using EmulatorServer server = await Start(o => (o.SendFault, o.SendFaultAfter) = (SendFault.Lock, 7));
        using var journal = new TempJournal();
        using MySmppClient client = Connect(server, batchSize: 5, maxConcurrency: 1);

        List<SmsSendOutcome> outcomes = Send(client, journal, Messages(20, "7931000"));

        Assert.All(outcomes.Take(7), o => Assert.Equal(SmsSendFate.Accepted, o.Fate));
        Assert.All(outcomes.Skip(7).Take(3), o => Assert.Equal("MySmpp.AccountLocked", o.Error!.ErrorId));
        Assert.All(outcomes.Skip(10), o => Assert.Equal(SmsSendFate.NotSent, o.Fate));
        Assert.Equal(2, server.Sending.SendRequests); // nothing sent after the lock was seen
    }

    [Fact]
    public async Task A_journal_that_breaks_in_an_unexpected_way_stops_the_send_without_sending_or_hanging()
    {
        // Not SQLite's failure (a MySmppJournalException) but anything else: the batches waiting on the journal's writer
        // must still learn that their intents were not written.
        await using EmulatorServer server = await Start();
        using var journal = new TempJournal();
        using MySmppClient client = Connect(server, batchSize: 5, maxConcurrency: 2);
        var options = new SmsSendOptions { Journal = new BrokenIntents(journal.Journal), JournalAccount = journal.Account };
        List<SmsSendOutcome> outcomes = await Task.Run(() =>
        {
            using SmsSendOperation send = client.StartSend(options);
            foreach (SmsMessage message in Messages(20, "7932000")) send.Add(message);
            return send.Finish().ToList();
        }).WaitAsync(Reliability.Reliability.HangBound);

        Assert.Equal(20, outcomes.Count);
        Assert.All(outcomes, o =>
        {
            Assert.Equal(SmsSendFate.NotSent, o.Fate);
            Assert.Equal("MySmpp.JournalUnavailable", o.Error!.ErrorId);
        });
        Assert.Equal(0, server.Sending.SendRequests);
    }

    [Fact]
    public async Task A_job_row_refused_as_a_key_collision_is_not_reported_already_sent_when_the_job_runs_again()
    {
        // A gateway with a 32-bit key column: every generated key after the first meets the first one. The first run
        // detects it (MySmpp.ClientIdCollision, "NOT sent"); running the job again must not turn that into a success.
        await using EmulatorServer server = await Start(o => o.ClientIdStorage = ClientIdStorage.Int32);
        using var journal = new TempJournal();
        List<SmsMessage> rows = Messages(2, "7940000").ToList();

        using (MySmppClient client = Connect(server, batchSize: 1, maxConcurrency: 1))
        {
            List<SmsSendOutcome> first = Send(client, journal, rows, "collide");
            Assert.Equal(SmsSendFate.Accepted, first[0].Fate);
            Assert.Equal("MySmpp.ClientIdCollision", first[1].Error!.ErrorId);
        }

        List<SmsSendOutcome> second;
        using (MySmppClient client = Connect(server, batchSize: 1, maxConcurrency: 1))
        {
            second = Send(client, journal, rows, "collide");
        }

        // The second row was never sent by the gateway...
        Assert.DoesNotContain(server.Sending.Received, r => r.Phone == rows[1].Phone && r.Answer == "send");
        Assert.Equal(1, server.Sending.Accepted);

        // ...so neither the command nor the journal may say it was.
        Assert.NotEqual(SmsSendFate.AlreadySent, second[1].Fate);
        Assert.Equal(SmsSendFate.AlreadySent, second[0].Fate);
        SmsJournalEntry entry = journal.All().Single(e => e.Phone == rows[1].Phone);
        Assert.NotEqual(SmsJournalStatus.Accepted, entry.Status);
    }

    [Fact]
    public async Task A_job_whose_earlier_rows_could_not_be_read_at_the_first_recipient_does_not_send_them_again_under_new_keys()
    {
        // Add throws the journal's (transient) error at the first recipient; a caller that tries again must not get a job
        // that forgot its earlier rows.
        await using EmulatorServer server = await Start();
        using var journal = new TempJournal();
        List<SmsMessage> rows = Messages(3, "7941000").ToList();
        FirstRun(server, journal, rows, "nightly", SmsSendFate.Accepted, batchSize: 3);

        var flaky = new JobReadFails(journal.Journal, failingRead: 1);
        List<SmsSendOutcome> second;
        using (MySmppClient client = Connect(server, batchSize: 3, maxConcurrency: 1))
        using (SmsSendOperation send = client.StartSend(new SmsSendOptions { Journal = flaky, JournalAccount = journal.Account, JobName = "nightly" }))
        {
            MySmppJournalException error = Assert.Throws<MySmppJournalException>(() => send.Add(rows[0]));
            Assert.True(error.IsTransient);
            foreach (SmsMessage row in rows) send.Add(row); // the caller tries again
            second = send.Finish().ToList();
        }

        Assert.All(rows, r => Assert.Single(server.Sending.Received, x => x.Phone == r.Phone && x.Answer == "send"));
        Assert.All(second, o => Assert.Equal(SmsSendFate.AlreadySent, o.Fate));
    }

    [Fact]
    public async Task A_job_whose_earlier_rows_cannot_be_read_on_mid_send_stops_and_sends_no_row_twice()
    {
        // The job's reader fails after its first row: the rows whose earlier keys can no longer be read are neither sent
        // nor journaled (a new key could send them twice); every row still comes out, and the next run finishes the job.
        await using EmulatorServer server = await Start();
        using var journal = new TempJournal();
        List<SmsMessage> rows = Messages(4, "7941500").ToList();
        FirstRun(server, journal, rows.Take(3), "weekly", SmsSendFate.Accepted);

        int entries = journal.All().Count;
        var flaky = new JobReadFails(journal.Journal, failingRead: 2);
        List<SmsSendOutcome> second = new List<SmsSendOutcome>();
        using (MySmppClient client = Connect(server, batchSize: 1, maxConcurrency: 1))
        using (SmsSendOperation send = client.StartSend(new SmsSendOptions { Journal = flaky, JournalAccount = journal.Account, JobName = "weekly" }))
        {
            foreach (SmsMessage row in rows) send.Add(row); // never throws past the first recipient
            second.AddRange(send.Finish());
        }

        Assert.Equal(new[] { SmsSendFate.AlreadySent, SmsSendFate.NotSent, SmsSendFate.NotSent, SmsSendFate.NotSent }, second.Select(o => o.Fate));
        Assert.All(second.Skip(1), o => Assert.Equal("MySmpp.JournalLocked", o.Error!.ErrorId));
        Assert.Equal(entries, journal.All().Count); // nothing journaled under a new key

        List<SmsSendOutcome> third;
        using (MySmppClient client = Connect(server, batchSize: 1, maxConcurrency: 1))
        {
            third = Send(client, journal, rows, "weekly");
        }

        Assert.Equal(new[] { SmsSendFate.AlreadySent, SmsSendFate.AlreadySent, SmsSendFate.AlreadySent, SmsSendFate.Accepted }, third.Select(o => o.Fate));
        Assert.All(rows, r => Assert.Single(server.Sending.Received, x => x.Phone == r.Phone && x.Answer == "send"));
    }

    [Fact]
    public async Task A_resent_job_row_refused_before_whose_fate_is_now_unknown_is_not_left_refused_in_the_journal()
    {
        // First run: the gateway refuses the row. Second run of the job: the row is sent again under its key, the gateway
        // accepts it (and charges) but its answer never comes. The journal must not go on saying "refused, final".
        await using EmulatorServer server = await Start(o => (o.SendFault, o.SendFaultAfter) = (SendFault.Refuse, 0));
        using var journal = new TempJournal();
        List<SmsMessage> rows = Messages(1, "7942000").ToList();
        FirstRun(server, journal, rows, "retry-refused", SmsSendFate.Refused);

        server.Options.SendFault = SendFault.StallAfterAccepting;
        using (MySmppClient client = Connect(server, batchSize: 1, maxConcurrency: 1))
        using (SmsSendOperation again = client.StartSend(Options(journal, "retry-refused")))
        {
            again.Add(rows[0]);
            Assert.True(await Reliability.Reliability.EventuallyAsync(() => server.Sending.Accepted == 1, Reliability.Reliability.HangBound));
            again.Cancel();
            Assert.Equal(SmsSendFate.Unconfirmed, again.Finish().Single().Fate);
        }

        SmsJournalEntry entry = journal.All().Single();
        Assert.Equal(1, server.Sending.Accepted); // sent and charged
        Assert.Equal(SmsJournalStatus.Unconfirmed, entry.Status);
        Assert.Single(journal.Journal.GetUnconfirmed(journal.Account, null)); // Resume-SmsSend finds it
    }

    [Fact]
    public async Task A_job_row_refused_before_that_a_stopped_run_never_sent_stays_refused()
    {
        // The job runs again and stops before the row's request leaves: nothing happened to the row, so its entry keeps
        // the gateway's refusal (an unknown fate written over it would say it may have been sent).
        await using EmulatorServer server = await Start(o => (o.SendFault, o.SendFaultAfter) = (SendFault.Refuse, 0));
        using var journal = new TempJournal();
        List<SmsMessage> rows = Messages(1, "7942100").ToList();
        FirstRun(server, journal, rows, "stopped-rerun", SmsSendFate.Refused);

        int requests = server.Sending.Received.Count;
        using (MySmppClient client = Connect(server, batchSize: 1, maxConcurrency: 1))
        using (SmsSendOperation again = client.StartSend(Options(journal, "stopped-rerun")))
        {
            again.Stop(new MySmppStoppedException("stopped by the test"));
            again.Add(rows[0]);
            Assert.Equal(SmsSendFate.NotSent, again.Finish().Single().Fate);
        }

        Assert.Equal(requests, server.Sending.Received.Count);
        SmsJournalEntry entry = Assert.Single(journal.All());
        Assert.Equal(SmsJournalStatus.Refused, entry.Status);
        Assert.Empty(journal.Journal.GetUnconfirmed(journal.Account, null));
    }

    [Fact]
    public async Task A_job_row_refused_before_whose_resend_the_time_limit_kept_from_leaving_stays_refused()
    {
        // Review: the job runs again and its time limit has passed before the row's first request: RequestLoop fails the
        // batch as never sent ("not sent"), but a resend is marked as possibly arrived from the start, so it comes out
        // Unconfirmed, its Unknown answer is recorded, and the journal's "unknown after a refusal" rule turns the
        // gateway's refusal into "may have been sent" for a row no request carried.
        await using EmulatorServer server = await Start(o => (o.SendFault, o.SendFaultAfter) = (SendFault.Refuse, 0));
        using var journal = new TempJournal();
        List<SmsMessage> rows = Messages(1, "7942200").ToList();
        FirstRun(server, journal, rows, "late-rerun", SmsSendFate.Refused);

        int requests = server.Sending.Received.Count;
        List<SmsSendOutcome> second;
        using (MySmppClient client = Reliability.Reliability.Client(server.BaseAddress, MySmppProtocol.Xml, o => (o.BatchSize, o.MaxConcurrency, o.MaxRetries, o.OverallTimeout) = (1, 1, 0, TimeSpan.FromMilliseconds(200))))
        using (SmsSendOperation again = client.StartSend(Options(journal, "late-rerun")))
        {
            System.Threading.Thread.Sleep(400);
            again.Add(rows[0]);
            second = again.Finish().ToList();
        }

        Assert.Equal(requests, server.Sending.Received.Count); // no request left
        Assert.NotEqual(SmsSendFate.Unconfirmed, Assert.Single(second).Fate);
        SmsJournalEntry entry = Assert.Single(journal.All());
        Assert.Equal(SmsJournalStatus.Refused, entry.Status);
        Assert.Empty(journal.Journal.GetUnconfirmed(journal.Account, null));
    }

    // A job's first run, every row of which comes out as expected.
    private static void FirstRun(EmulatorServer server, TempJournal journal, IEnumerable<SmsMessage> rows, string jobName, SmsSendFate expected, int batchSize = 1)
    {
        using MySmppClient client = Connect(server, batchSize: batchSize, maxConcurrency: 1);
        Assert.All(Send(client, journal, rows, jobName), o => Assert.Equal(expected, o.Fate));
    }

    private static SmsSendOptions Options(TempJournal journal, string? jobName = null) =>
        new SmsSendOptions { Journal = journal.Journal, JournalAccount = journal.Account, JobName = jobName };

    private static List<SmsSendOutcome> Send(MySmppClient client, TempJournal journal, IEnumerable<SmsMessage> messages, string? jobName = null)
    {
        using SmsSendOperation send = client.StartSend(Options(journal, jobName));
        var outcomes = new List<SmsSendOutcome>();
        foreach (SmsMessage message in messages)
        {
            send.Add(message);
            outcomes.AddRange(send.TakeCompleted());
        }

        outcomes.AddRange(send.Finish());
        return outcomes;
    }

    private static Task<EmulatorServer> Start(Action<EmulatorOptions>? configure = null) => Reliability.Reliability.StartEmulatorAsync(configure);

    private static MySmppClient Connect(EmulatorServer server, int batchSize = 10, int maxConcurrency = 2) =>
        Reliability.Reliability.Client(server.BaseAddress, MySmppProtocol.Xml, o => (o.BatchSize, o.MaxConcurrency, o.MaxRetries) = (batchSize, maxConcurrency, 0));

    // As above, with every request through counting (which the test owns and disposes).
    private static MySmppClient Connect(EmulatorServer server, InFlightCounter counting, int batchSize, int maxConcurrency) =>
        new MySmppClient(
            MySmppCredential.FromPassword("login", "password"),
            Reliability.Reliability.Options(server.BaseAddress, MySmppProtocol.Xml, o => (o.BatchSize, o.MaxConcurrency, o.MaxRetries) = (batchSize, maxConcurrency, 0)),
            counting,
            disposeHandler: false);

    private static IEnumerable<SmsMessage> Messages(int count, string prefix) =>
        Enumerable.Range(0, count).Select(i => new SmsMessage
        {
            Phone = prefix + i.ToString("D4", CultureInfo.InvariantCulture),
            Text = "Hello " + i.ToString(CultureInfo.InvariantCulture),
            Sender = "MyShop",
        });

    /// <summary>Counts the requests in flight through it and the most at once.</summary>
    private sealed class InFlightCounter : System.Net.Http.DelegatingHandler
    {
        private int _inFlight;
        private int _peak;

        public InFlightCounter(System.Net.Http.HttpMessageHandler inner)
            : base(inner)
        {
        }

        public int InFlight => System.Threading.Volatile.Read(ref _inFlight);

        public int Peak => System.Threading.Volatile.Read(ref _peak);

        public bool SawBatchesWaiting { get; set; }

        protected override async Task<System.Net.Http.HttpResponseMessage> SendAsync(System.Net.Http.HttpRequestMessage request, System.Threading.CancellationToken cancellationToken)
        {
            int now = System.Threading.Interlocked.Increment(ref _inFlight);
            int peak;
            while (now > (peak = Peak) && System.Threading.Interlocked.CompareExchange(ref _peak, now, peak) != peak)
            {
            }

            try
            {
                // Read to the end while counted: the request is in flight until its answer is in.
                System.Net.Http.HttpResponseMessage response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
                await response.Content.LoadIntoBufferAsync().ConfigureAwait(false);
                return response;
            }
            finally
            {
                System.Threading.Interlocked.Decrement(ref _inFlight);
            }
        }
    }

    /// <summary>A journal that does what the real one under it does, except where a test journal below says otherwise.</summary>
    private abstract class JournalDecorator : ISendJournal
    {
        protected JournalDecorator(ISendJournal inner) => Inner = inner;

        public string Path => Inner.Path;

        public bool KeepText => Inner.KeepText;

        protected ISendJournal Inner { get; }

        public SendJournalAccount GetAccount(MySmppCredential credential, Uri gateway) => Inner.GetAccount(credential, gateway);

        public SendJournalRun StartRun(SendJournalAccount account, Guid runId, string? jobName, DateTimeOffset startedAt) => Inner.StartRun(account, runId, jobName, startedAt);

        public void EndRun(SendJournalRun run, DateTimeOffset endedAt) => Inner.EndRun(run, endedAt);

        public virtual IReadOnlyList<long> RecordIntents(SendJournalRun run, IReadOnlyList<SendIntent> intents) => Inner.RecordIntents(run, intents);

        public void RecordOutcomes(IReadOnlyList<SendJournalOutcome> outcomes) => Inner.RecordOutcomes(outcomes);

        public virtual IEnumerable<SendJournalJobEntry> GetJobEntries(SendJournalAccount account, string jobName) => Inner.GetJobEntries(account, jobName);

        public IEnumerable<SmsJournalEntry> GetUnconfirmed(SendJournalAccount account, Guid? runId) => Inner.GetUnconfirmed(account, runId);

        public IEnumerable<SmsJournalEntry> Query(SendJournalAccount account, SendJournalQuery query) => Inner.Query(account, query);

        public void RecordStates(IReadOnlyList<SendJournalStateUpdate> updates) => Inner.RecordStates(updates);

        public long DeleteBefore(SendJournalAccount account, DateTimeOffset before) => Inner.DeleteBefore(account, before);

        public long DropDecidedTexts(SendJournalAccount account) => Inner.DropDecidedTexts(account);

        public string TextFingerprint(string? text, string? viberText) => Inner.TextFingerprint(text, viberText);

        // The real journal belongs to the test's TempJournal.
        public void Dispose()
        {
        }
    }

    /// <summary>A journal whose intents fail with something other than a journal error.</summary>
    private sealed class BrokenIntents : JournalDecorator
    {
        public BrokenIntents(ISendJournal inner)
            : base(inner)
        {
        }

        public override IReadOnlyList<long> RecordIntents(SendJournalRun run, IReadOnlyList<SendIntent> intents) => throw new InvalidOperationException("broken");
    }

    /// <summary>
    /// A journal whose first reading of a job's rows fails at its <c>failingRead</c>-th row read (1: the first), as a locked
    /// or damaged journal would; later readings pass through.
    /// </summary>
    private sealed class JobReadFails : JournalDecorator
    {
        private readonly int _failingRead;
        private int _readings;

        public JobReadFails(ISendJournal inner, int failingRead)
            : base(inner)
        {
            _failingRead = failingRead;
        }

        public override IEnumerable<SendJournalJobEntry> GetJobEntries(SendJournalAccount account, string jobName) =>
            ++_readings == 1 ? FailingAt(Inner.GetJobEntries(account, jobName), _failingRead) : Inner.GetJobEntries(account, jobName);

        // Lazy, as SQLite's reader: the failure comes at the MoveNext that reads the failing row.
        private static IEnumerable<SendJournalJobEntry> FailingAt(IEnumerable<SendJournalJobEntry> rows, int failingRead)
        {
            int reads = 0;
            foreach (SendJournalJobEntry row in rows)
            {
                if (++reads == failingRead) throw new MySmppJournalException("locked (test)", SendJournalProblem.Locked, "test.db");
                yield return row;
            }

            if (++reads == failingRead) throw new MySmppJournalException("locked (test)", SendJournalProblem.Locked, "test.db");
        }
    }
}
