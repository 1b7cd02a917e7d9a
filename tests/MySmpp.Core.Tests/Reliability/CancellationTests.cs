using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MySmpp.Client;
using MySmpp.Core.Tests.Proxy;
using MySmpp.Emulator;
using MySmpp.Model;
using MySmpp.TestProxy;
using Xunit;

namespace MySmpp.Core.Tests.Reliability;

/// <summary>
/// Cancelling while the emulator hangs mid-body (StallMidBody): Finish() throws OperationCanceledException
/// within a second, and every connection is closed (seen by a relay between client and emulator).
/// </summary>
[Collection(ReliabilityCollection.Name)]
public sealed class CancellationTests
{
    private static readonly long[] Ids = Reliability.SyntheticIds(10);

    public enum How
    {
        Token,
        Cancel,
    }

    [Theory]
    [InlineData(MySmppProtocol.Json, How.Token)]
    [InlineData(MySmppProtocol.Xml, How.Token)]
    [InlineData(MySmppProtocol.Json, How.Cancel)]
    [InlineData(MySmppProtocol.Xml, How.Cancel)]
    public async Task Finish_throws_OperationCanceled_within_a_second_while_the_server_stalls_mid_body(MySmppProtocol protocol, How how)
    {
        await using EmulatorServer emulator = await Reliability.StartEmulatorAsync(o => o.StallMidBody = true);
        await using LoopbackForwardProxy relay = StartRelay(emulator);
        using MySmppClient client = ClientVia(relay, emulator, protocol, o =>
            (o.BatchSize, o.MaxConcurrency, o.RequestTimeout, o.MaxRetries) = (5, 2, TimeSpan.FromMinutes(5), 0));
        using var cancel = new CancellationTokenSource();
        using StateQuery query = client.StartQuery(new StateQueryOptions(), cancel.Token);

        BlockingRun finish = BlockingRun.Start(() =>
        {
            foreach (long id in Ids) query.Add(id);
            _ = query.Finish().ToList();
        });

        // Ready when both batches are stalled half-way through their answers.
        Assert.True(await Reliability.EventuallyAsync(() => emulator.Stats.StallsInjected == 2, Reliability.HangBound), "the emulator never stalled");
        Assert.Equal(2, relay.OpenConnections);
        Assert.False(finish.IsCompleted);

        long cancelled = Stopwatch.GetTimestamp();
        if (how == How.Token) cancel.Cancel(); else query.Cancel();
        await finish.Completion.WaitAsync(Reliability.HangBound);
        Assert.IsAssignableFrom<OperationCanceledException>(finish.Error);
        Assert.True(finish.EndedAfter(cancelled) < TimeSpan.FromSeconds(1), "Finish() took " + finish.EndedAfter(cancelled).TotalMilliseconds + " ms after the cancellation");

        // The in-flight requests were aborted: their connections are closed, nothing is left behind.
        Assert.True(await relay.WaitForOpenConnectionsAsync(0, TimeSpan.FromSeconds(2)), relay.OpenConnections + " connection(s) still open 2 s after the cancellation");
        Assert.Equal(2, emulator.Stats.Requests);
        Assert.Throws<InvalidOperationException>(() => query.Add(Ids[0]));
    }

    [Theory]
    [InlineData(MySmppProtocol.Json)]
    [InlineData(MySmppProtocol.Xml)]
    public async Task Disposing_a_stalled_query_aborts_its_requests(MySmppProtocol protocol)
    {
        await using EmulatorServer emulator = await Reliability.StartEmulatorAsync(o => o.StallMidBody = true);
        await using LoopbackForwardProxy relay = StartRelay(emulator);
        using MySmppClient client = ClientVia(relay, emulator, protocol, o =>
            (o.BatchSize, o.MaxConcurrency, o.RequestTimeout, o.MaxRetries) = (5, 2, TimeSpan.FromMinutes(5), 0));

        StateQuery query = client.StartQuery();
        foreach (long id in Ids) query.Add(id); // two full batches go out at once
        Assert.True(await Reliability.EventuallyAsync(() => emulator.Stats.StallsInjected == 2, Reliability.HangBound));

        var watch = Stopwatch.StartNew();
        query.Dispose();
        Assert.True(await relay.WaitForOpenConnectionsAsync(0, TimeSpan.FromSeconds(2)), "a stalled request survived Dispose()");
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2));
    }

    [Theory]
    [InlineData(MySmppProtocol.Json)]
    [InlineData(MySmppProtocol.Xml)]
    public async Task GetStatesAsync_honours_its_token_while_the_server_stalls(MySmppProtocol protocol)
    {
        await using EmulatorServer emulator = await Reliability.StartEmulatorAsync(o => o.StallMidBody = true);
        await using LoopbackForwardProxy relay = StartRelay(emulator);
        using MySmppClient client = ClientVia(relay, emulator, protocol, o =>
            (o.BatchSize, o.RequestTimeout, o.MaxRetries) = (50, TimeSpan.FromMinutes(5), 0));
        using var cancel = new CancellationTokenSource();

        Task<IReadOnlyList<SmsStateResult>> all = client.GetStatesAsync(Ids, null, cancel.Token);
        long ended = 0;
        _ = all.ContinueWith(_ => Interlocked.Exchange(ref ended, Stopwatch.GetTimestamp()), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        Assert.True(await Reliability.EventuallyAsync(() => emulator.Stats.StallsInjected == 1, Reliability.HangBound));

        long cancelled = Stopwatch.GetTimestamp();
        cancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => all.WaitAsync(Reliability.HangBound));
        double ms = (Interlocked.Read(ref ended) - cancelled) * 1000.0 / Stopwatch.Frequency;
        Assert.True(ms < 1000, "took " + ms + " ms");
        Assert.True(await relay.WaitForOpenConnectionsAsync(0, TimeSpan.FromSeconds(2)));
    }

    [Fact]
    public async Task A_query_cancelled_before_any_answer_sends_nothing_more()
    {
        await using EmulatorServer emulator = await Reliability.StartEmulatorAsync();
        using MySmppClient client = Reliability.Client(emulator.BaseAddress, MySmppProtocol.Json);
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();

        using StateQuery query = client.StartQuery(null, cancel.Token);
        Assert.ThrowsAny<OperationCanceledException>(() => query.Add(Ids[0]));
        Assert.Equal(0, emulator.Stats.Requests);
    }

    // Every request goes through a forward proxy that sees when the client closes its connection (the emulator's
    // Kestrel cannot be looked inside).
    private static LoopbackForwardProxy StartRelay(EmulatorServer emulator) => ProxyTests.StartProxy(emulator, credential: null);

    private static MySmppClient ClientVia(LoopbackForwardProxy relay, EmulatorServer emulator, MySmppProtocol protocol, Action<MySmppSessionOptions> configure) =>
        Reliability.Client(new Uri(ProxyTests.Gateway(emulator)), protocol, o =>
        {
            o.Proxy = MySmppProxy.Through(relay.Address);
            configure(o);
        });
}
