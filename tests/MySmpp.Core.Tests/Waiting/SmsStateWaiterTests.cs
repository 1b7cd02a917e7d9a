using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using MySmpp.Client;
using MySmpp.Credentials;
using MySmpp.Emulator;
using MySmpp.Errors;
using MySmpp.Model;
using MySmpp.Waiting;
using Xunit;

namespace MySmpp.Core.Tests.Waiting;

/// <summary>
/// The polling engine against the emulator's simulated clock: demo ids 1001..1010 start as "send"
/// and change 5, 11, …, 59 simulated seconds after the emulator starts (1002, 1006 and 1010 become
/// "deliver", which is not final; the others reach a final status). Each test owns an emulator
/// with a frozen clock, so only the waiter's pauses move time.
/// </summary>
public sealed class SmsStateWaiterTests : IAsyncLifetime
{
    private static readonly long[] DemoIds = Enumerable.Range(1001, 10).Select(i => (long)i).ToArray();
    private EmulatorServer _server = null!;
    private MySmppClient _client = null!;

    public async Task InitializeAsync()
    {
        _server = await EmulatorServer.StartAsync(new EmulatorOptions { TimeScale = 0 });
        _client = new MySmppClient(MySmppCredential.FromPassword("login", "password"), new MySmppSessionOptions { BaseAddress = _server.BaseAddress });
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public void Every_id_settles_once_and_only_open_ids_are_polled()
    {
        var clock = new SimulatedWaitClock(_server.Clock);
        var progress = new List<SmsWaitProgress>();
        var options = new SmsWaitOptions { Until = SmsWaitCondition.Delivered, PollInterval = TimeSpan.FromSeconds(4), Backoff = 1.0, Timeout = TimeSpan.FromMinutes(5), Progress = progress.Add };
        var waiter = new SmsStateWaiter(_client, options, clock);

        List<SmsStateResult> results = waiter.Wait(DemoIds).ToList();

        Assert.Equal(DemoIds.OrderBy(i => i), results.Select(r => r.Id).OrderBy(i => i));
        Assert.All(results, r => Assert.True(SmsStateWaiter.IsSettled(r.State!, SmsWaitCondition.Delivered)));
        // Results come as ids settle: the earliest-settling id first.
        Assert.Equal(1001, results[0].Id);
        // 1001 settles at 5 s: polled at 0, 4 and 8 s, then never again; 1010 settles at 59 s.
        Assert.Equal(3, _server.Stats.TimesQueried(1001));
        Assert.True(_server.Stats.TimesQueried(1010) > _server.Stats.TimesQueried(1001));
        Assert.Equal(_server.Stats.RequestIdCounts.OrderByDescending(n => n), _server.Stats.RequestIdCounts);
        Assert.Equal(10, progress.Last().Settled);
        Assert.Equal(0, progress.Last().Open);
        Assert.Equal(progress.Count, progress.Last().Round);
    }

    [Fact]
    public void Until_delivered_settles_on_delivery()
    {
        var clock = new SimulatedWaitClock(_server.Clock);
        var options = new SmsWaitOptions { Until = SmsWaitCondition.Delivered, PollInterval = TimeSpan.FromSeconds(1), Backoff = 1.0 };
        var waiter = new SmsStateWaiter(_client, options, clock);

        // 1002 becomes "deliver" at 11 s (not final); 1003 becomes "deliver" at 8.5 s and "read" at 17 s.
        List<SmsStateResult> results = waiter.Wait(new long[] { 1002, 1003 }).ToList();

        Assert.All(results, r => Assert.Equal(SmsStatus.Delivered, r.State!.Status));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(17));
    }

    [Fact]
    public void Ids_still_open_at_the_timeout_get_a_wait_timeout_error_with_their_last_state()
    {
        var clock = new SimulatedWaitClock(_server.Clock);
        var options = new SmsWaitOptions { Until = SmsWaitCondition.Final, PollInterval = TimeSpan.FromSeconds(3), Backoff = 1.0, Timeout = TimeSpan.FromSeconds(20) };
        var waiter = new SmsStateWaiter(_client, options, clock);

        List<SmsStateResult> results = waiter.Wait(DemoIds).ToList();

        // Final by 20 s: 1001 (not_deliver at 5 s) and 1003 (read at 17 s); 1002 is only delivered; the rest time out.
        Assert.Equal(new long[] { 1001, 1003 }, results.Where(r => r.IsSuccess).Select(r => r.Id).OrderBy(i => i));
        var timedOut = results.Where(r => !r.IsSuccess).ToList();
        Assert.Equal(8, timedOut.Count);
        Assert.All(timedOut, r =>
        {
            var error = Assert.IsType<MySmppWaitTimeoutException>(r.Error);
            Assert.Equal("MySmpp.WaitTimeout", error.ErrorId);
            Assert.Equal(new[] { r.Id }, error.Ids);
            Assert.Equal(r.Id == 1002 ? SmsStatus.Delivered : SmsStatus.Sent, error.LastState!.Status);
        });
        Assert.Equal(TimeSpan.FromSeconds(20), clock.Elapsed);
    }

    [Fact]
    public void By_default_a_delivered_sms_settles_at_the_first_poll_and_Final_waits_it_out()
    {
        // 82216 is the documents' delivered SMS: settled for people, not final to the letter of the documents.
        var clock = new SimulatedWaitClock(_server.Clock);
        var settled = new SmsStateWaiter(_client, new SmsWaitOptions { Timeout = TimeSpan.FromSeconds(3) }, clock);
        SmsStateResult result = Assert.Single(settled.Wait(new long[] { 82216 }));
        Assert.Equal(SmsStatus.Delivered, result.State!.Status);
        Assert.Equal(TimeSpan.Zero, clock.Elapsed);

        foreach (SmsWaitCondition sameAsSettled in new[] { SmsWaitCondition.Settled, SmsWaitCondition.Delivered })
        {
            Assert.True(SmsStateWaiter.IsSettled(result.State, sameAsSettled));
        }

        var strict = new SmsStateWaiter(_client, new SmsWaitOptions { Until = SmsWaitCondition.Final, Timeout = TimeSpan.FromSeconds(3), PollInterval = TimeSpan.FromSeconds(1) }, clock);
        var error = Assert.IsType<MySmppWaitTimeoutException>(Assert.Single(strict.Wait(new long[] { 82216 })).Error);
        Assert.Equal(SmsStatus.Delivered, error.LastState!.Status);
    }

    [Fact]
    public void Pauses_grow_by_the_backoff_factor_up_to_the_maximum()
    {
        var clock = new SimulatedWaitClock(_server.Clock);
        var options = new SmsWaitOptions { PollInterval = TimeSpan.FromSeconds(1), Backoff = 2.0, MaxPollInterval = TimeSpan.FromSeconds(8), Timeout = TimeSpan.FromSeconds(40) };
        var waiter = new SmsStateWaiter(_client, options, clock);

        _ = waiter.Wait(new long[] { 1010 }).ToList(); // settles at 59 s: times out at 40 s

        Assert.Equal(new double[] { 1, 2, 4, 8, 8, 8, 8, 1 }, clock.Pauses.Select(p => p.TotalSeconds));
    }

    [Fact]
    public void Unknown_ids_fail_at_once_and_duplicates_are_answered_per_occurrence()
    {
        var clock = new SimulatedWaitClock(_server.Clock);
        var waiter = new SmsStateWaiter(_client, new SmsWaitOptions { PollInterval = TimeSpan.FromSeconds(5), Backoff = 1.0 }, clock);

        List<SmsStateResult> results = waiter.Wait(new long[] { 7, 1001, 1001 }).ToList();

        Assert.IsType<MySmppIdNotFoundException>(results.Single(r => r.Id == 7).Error);
        Assert.Equal(2, results.Count(r => r.Id == 1001 && r.IsSuccess));
        Assert.Equal(1, _server.Stats.TimesQueried(7));
    }

    [Fact]
    public void Bad_credentials_end_the_wait_with_an_error_for_every_id()
    {
        using var client = new MySmppClient(MySmppCredential.FromPassword("login", "nope"), new MySmppSessionOptions { BaseAddress = _server.BaseAddress });
        var waiter = new SmsStateWaiter(client, new SmsWaitOptions(), new SimulatedWaitClock(_server.Clock));

        List<SmsStateResult> results = waiter.Wait(DemoIds).ToList();

        Assert.Equal(10, results.Count);
        Assert.All(results, r => Assert.IsType<MySmppAuthenticationException>(r.Error));
    }

    [Fact]
    public void Invalid_options_and_ids_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new SmsStateWaiter(_client, new SmsWaitOptions { PollInterval = TimeSpan.Zero }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SmsStateWaiter(_client, new SmsWaitOptions { Until = (SmsWaitCondition)7 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SmsStateWaiter(_client, new SmsWaitOptions()).Wait(new long[] { 0 }));
    }
}
