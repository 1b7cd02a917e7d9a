using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MySmpp.Account;
using MySmpp.Client;
using MySmpp.Emulator;
using MySmpp.Errors;
using MySmpp.Model;
using MySmpp.Sending;
using Xunit;

namespace MySmpp.Core.Tests.Reliability;

/// <summary>
/// Sending and the account queries obey the same runbook rules as status queries: the session's
/// OperationTimeout bounds the whole command (retries included), and a disconnect stops a running send.
/// Margins are generous: the machine running the tests is shared.
/// </summary>
[Collection(ReliabilityCollection.Name)]
public sealed class SendRunbookSafetyTests
{
    /// <summary>
    /// The send deadline on the real clock (200 ms): proves that <see cref="MySmpp.Client.ClientClock.System"/>
    /// cuts requests in flight, which the balance test on a <see cref="FakeClientClock"/> takes for granted.
    /// </summary>
    [Fact]
    public async Task A_send_against_a_stalled_gateway_ends_at_the_sessions_OverallTimeout_with_MySmpp_Timeout_and_each_key()
    {
        await using RawHttpServer server = RawHttpServer.Start(exchange => exchange.StallUntilClientClosesAsync());
        using MySmppClient client = Reliability.Client(server.BaseAddress, MySmppProtocol.Xml, o =>
            (o.BatchSize, o.MaxConcurrency, o.MaxRetries, o.RequestTimeout, o.OverallTimeout) = (2, 2, 4, TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(200)));

        var watch = Stopwatch.StartNew();
        List<SmsSendOutcome> outcomes = await Task.Run(() =>
        {
            using SmsSendOperation send = client.StartSend();
            for (int i = 0; i < 10; i++) send.Add(new SmsMessage { Phone = "7900111000" + i, Text = "hi", Sender = "MyShop" });
            return send.Finish().ToList();
        }).WaitAsync(Reliability.HangBound);

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(7), "took " + watch.Elapsed);
        Assert.Equal(10, outcomes.Count);
        Assert.All(outcomes, o => Assert.Equal("MySmpp.Timeout", o.Error!.ErrorId));
        Assert.All(outcomes, o => Assert.Contains("client_id_sms " + o.ClientId, o.Error!.Message, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_send_on_a_fake_clock_is_cut_by_the_deadline_and_not_by_the_request_timeout()
    {
        await using RawHttpServer server = RawHttpServer.Start(exchange => exchange.StallUntilClientClosesAsync());
        var clock = new FakeClientClock();
        using MySmppClient client = Reliability.Client(server.BaseAddress, MySmppProtocol.Xml, o =>
            (o.BatchSize, o.MaxConcurrency, o.MaxRetries, o.RequestTimeout, o.OverallTimeout, o.Clock) = (2, 2, 4, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(2), clock));

        Task<List<SmsSendOutcome>> run = Task.Run(() =>
        {
            using SmsSendOperation send = client.StartSend();
            for (int i = 0; i < 10; i++) send.Add(new SmsMessage { Phone = "7900111000" + i, Text = "hi", Sender = "MyShop" });
            return send.Finish().ToList();
        });
        await clock.DriveAsync(run, () => server.RequestCount >= 2); // both concurrent requests are stalled
        List<SmsSendOutcome> outcomes = await run;

        // Each of the two requests in flight is armed with what is left of the deadline (2 s), not its own 30 s, on the
        // session's clock; nothing waits longer than the deadline.
        Assert.Equal(new[] { TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2) }, clock.TimersArmed);
        Assert.Equal(TimeSpan.FromSeconds(2), clock.Elapsed);
        Assert.Equal(10, outcomes.Count);
        Assert.All(outcomes, o => Assert.Equal("MySmpp.Timeout", o.Error!.ErrorId));
        Assert.All(outcomes, o => Assert.Contains("OverallTimeout", o.Error!.Message, StringComparison.Ordinal));
        Assert.Equal(4, outcomes.Count(o => o.Fate == SmsSendFate.Unconfirmed)); // the two requests in flight, two recipients each
        Assert.Equal(6, outcomes.Count(o => o.Fate == SmsSendFate.NotSent));
    }

    [Fact]
    public async Task A_balance_query_against_a_stalled_gateway_ends_at_the_sessions_OverallTimeout()
    {
        await using RawHttpServer server = RawHttpServer.Start(exchange => exchange.StallUntilClientClosesAsync());
        var clock = new FakeClientClock();
        using MySmppClient client = Reliability.Client(server.BaseAddress, MySmppProtocol.Json, o =>
            (o.MaxRetries, o.RequestTimeout, o.OverallTimeout, o.Clock) = (4, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(2), clock));

        Task<MySmppBalance> run = client.GetBalanceAsync();
        await clock.DriveAsync(run.ContinueWith(_ => { }, TaskScheduler.Default), () => server.RequestCount >= 1);
        var error = await Assert.ThrowsAsync<MySmppTransportException>(() => run);

        Assert.Equal(TimeSpan.FromSeconds(2), clock.Elapsed);
        Assert.Equal("MySmpp.Timeout", error.ErrorId);
        Assert.Contains("OverallTimeout", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Disposing_the_client_under_a_running_send_accounts_for_every_recipient_and_a_rerun_with_their_keys_sends_none_twice()
    {
        await using EmulatorServer emulator = await Reliability.StartEmulatorAsync(o => o.LatencyMs = 300);
        var client = Reliability.Client(emulator.BaseAddress, MySmppProtocol.Xml, o => (o.BatchSize, o.MaxConcurrency) = (2, 2));
        var seen = new List<SmsSendOutcome>();
        using var started = new ManualResetEventSlim();
        string[] phones = Enumerable.Range(0, 100).Select(i => "790011100" + i.ToString("00", System.Globalization.CultureInfo.InvariantCulture)).ToArray();

        Task run = Task.Run(() =>
        {
            using SmsSendOperation send = client.StartSend();
            foreach (string phone in phones)
            {
                send.Add(new SmsMessage { Phone = phone, Text = "hi", Sender = "MyShop" });
                seen.AddRange(send.TakeCompleted());
                if (seen.Count > 0) started.Set();
            }

            seen.AddRange(send.Finish());
        });
        Assert.True(started.Wait(Reliability.HangBound)); // the first answer is in, later requests are in flight
        client.Dispose(); // Disconnect-MySmpp from another runspace
        await run.WaitAsync(Reliability.HangBound);

        // Every recipient comes out once, in order: accepted, or unresolved because of the disconnect (those added after it
        // at once, without a request), with its key.
        Assert.Equal(phones, seen.Select(o => o.Phone));
        Assert.InRange(seen.Count(o => o.Result != null), 2, 98);
        Assert.Contains(seen, o => o.Fate == SmsSendFate.Accepted);
        Assert.Contains(seen, o => o.IsUnresolved);
        Assert.All(seen.Where(o => o.Result == null), o =>
        {
            Assert.True(o.IsUnresolved, o.ToString());
            Assert.Equal("MySmpp.NotConnected", o.Error!.ErrorId);
            Assert.Contains("client_id_sms " + o.ClientId, o.Error.Message, StringComparison.Ordinal);
        });

        // Sending the unresolved ones again with their keys completes the job, each phone getting one message.
        using MySmppClient again = Reliability.Client(emulator.BaseAddress, MySmppProtocol.Xml, o => o.BatchSize = 7);
        using (SmsSendOperation rerun = again.StartSend())
        {
            foreach (SmsSendOutcome o in seen.Where(o => o.IsUnresolved)) rerun.Add(new SmsMessage { Phone = o.Phone, Text = "hi", Sender = "MyShop", ClientId = o.ClientId });
            Assert.All(rerun.Finish().ToList(), o => Assert.NotNull(o.Result));
        }

        Assert.Equal(100, emulator.Sending.Accepted);
        Assert.Equal(100, emulator.Data.Messages.Count(m => m.Id >= EmulatorSending.FirstMessageId));
    }
}
