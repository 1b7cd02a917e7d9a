using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using MySmpp.Client;
using MySmpp.Emulator;
using MySmpp.Errors;
using MySmpp.Model;
using MySmpp.Waiting;
using Xunit;

namespace MySmpp.Core.Tests.Reliability;

/// <summary>
/// What a runbook relies on: a query and a wait end by their deadlines whatever the gateway does (stalls,
/// Retry-After far beyond the deadline, no listener at all); a gateway that refuses everything or is dead
/// costs a bounded number of requests; failures a retry cannot fix are not retried and say what to try;
/// a session disposed under a running query stops it with one error.
/// Margins are generous: the machine running the tests is shared.
/// </summary>
[Collection(ReliabilityCollection.Name)]
public sealed class RunbookSafetyTests
{
    [Fact]
    public async Task A_query_against_a_server_that_never_answers_ends_at_its_OverallTimeout_with_MySmpp_Timeout_for_every_id()
    {
        await using RawHttpServer server = RawHttpServer.Start(exchange => exchange.StallUntilClientClosesAsync());
        var clock = new FakeClientClock();
        using MySmppClient client = Reliability.Client(server.BaseAddress, MySmppProtocol.Json, o =>
            (o.BatchSize, o.MaxConcurrency, o.MaxRetries, o.RequestTimeout, o.Clock) = (50, 2, 4, TimeSpan.FromSeconds(30), clock));
        long[] ids = Reliability.SyntheticIds(300);
        var options = new StateQueryOptions { OverallTimeout = TimeSpan.FromSeconds(2) };

        Task<List<SmsStateResult>> run = Task.Run(() => client.GetStates(ids, options).ToList());
        await clock.DriveAsync(run, () => server.RequestCount >= clock.TimersArmed.Count);
        List<SmsStateResult> results = await run;

        Assert.Equal(TimeSpan.FromSeconds(2), clock.Elapsed); // cut at the deadline, not at RequestTimeout 30 s
        Assert.Equal(ids, results.Select(r => r.Id));
        Assert.All(results, r => Assert.Equal("MySmpp.Timeout", r.Error!.ErrorId));
        Assert.Contains(results, r => r.Error!.Message.Contains("OverallTimeout 2 s", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_wait_against_a_server_that_never_sends_headers_returns_by_its_timeout_with_WaitTimeout()
    {
        await using RawHttpServer server = RawHttpServer.Start(exchange => exchange.StallUntilClientClosesAsync());
        var clock = new FakeClientClock();
        using MySmppClient client = Reliability.Client(server.BaseAddress, MySmppProtocol.Json, o =>
            (o.MaxRetries, o.RequestTimeout, o.RetryMaxDelay, o.Clock) = (4, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(30), clock));
        var waiter = new SmsStateWaiter(client, new SmsWaitOptions { Timeout = TimeSpan.FromSeconds(3), PollInterval = TimeSpan.FromSeconds(1) });

        Task<List<SmsStateResult>> run = Task.Run(() => waiter.Wait(new long[] { 1_000_000, 1_000_007 }).ToList());
        await clock.DriveAsync(run, () => server.RequestCount >= clock.TimersArmed.Count);
        List<SmsStateResult> results = await run;

        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(3) + SmsStateWaiter.DeadlineSlack);
        Assert.All(results, r =>
        {
            var timeout = Assert.IsType<MySmppWaitTimeoutException>(r.Error);
            Assert.Contains("did not settle within 3 s", timeout.Message, StringComparison.Ordinal);
            Assert.Equal("MySmpp.Timeout", Assert.IsAssignableFrom<MySmppException>(timeout.InnerException).ErrorId);
        });
    }

    [Fact]
    public async Task A_wait_against_503_with_Retry_After_beyond_the_deadline_returns_by_its_timeout()
    {
        await using RawHttpServer server = RawHttpServer.Start(exchange =>
            exchange.RespondAsync(503, "text/plain", "busy", ("Retry-After", "30")));
        var clock = new FakeClientClock();
        using MySmppClient client = Reliability.Client(server.BaseAddress, MySmppProtocol.Json, o =>
            (o.MaxRetries, o.RetryMaxDelay, o.Clock) = (4, TimeSpan.FromSeconds(30), clock));
        var waiter = new SmsStateWaiter(client, new SmsWaitOptions { Timeout = TimeSpan.FromSeconds(3), PollInterval = TimeSpan.FromSeconds(1) });

        var results = await Task.Run(() => waiter.Wait(new long[] { 1_000_000 }).ToList()).WaitAsync(Reliability.HangBound);

        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(3) + SmsStateWaiter.DeadlineSlack);
        Assert.DoesNotContain(clock.Delays, d => d >= TimeSpan.FromSeconds(30)); // no retry waited out the Retry-After
        var error = Assert.IsType<MySmppWaitTimeoutException>(Assert.Single(results).Error);
        Assert.Contains("HTTP 503", error.Message, StringComparison.Ordinal); // the last failure is named
        Assert.True(server.RequestCount <= 6, server.RequestCount + " requests"); // none hammered either
    }

    [Theory]
    [InlineData(MySmppProtocol.Json)]
    [InlineData(MySmppProtocol.Xml)]
    public async Task A_server_refusing_everything_as_malformed_costs_few_requests_and_every_id_gets_its_reason(MySmppProtocol protocol)
    {
        await using RawHttpServer server = RawHttpServer.Start(exchange => exchange.Request.IsXml
            ? exchange.RespondAsync(200, exchange.ContentType, "<response><error>Incorrect XML document format</error></response>")
            : exchange.RespondAsync(400, exchange.ContentType, "{\"error\":\"Incorrect JSON document format\"}"));
        using MySmppClient client = Reliability.Client(server.BaseAddress, protocol, o =>
            (o.BatchSize, o.MaxConcurrency, o.MaxRetries) = (200, 4, 4));
        long[] ids = Reliability.SyntheticIds(2000);

        QueryRun run = await Reliability.RunAsync(client, ids);

        Assert.True(server.RequestCount <= 60, server.RequestCount + " requests for 10 batches"); // was 3,990
        Assert.Equal(server.RequestCount, (int)run.Statistics.Requests);
        Assert.All(run.Results, r =>
        {
            var error = Assert.IsType<MySmppProtocolException>(r.Error);
            Assert.True(error.RequestRejected);
            Assert.Contains("document format", error.Message, StringComparison.Ordinal);
            Assert.Contains(r.Id, error.Ids);
        });
        // Whichever stops it first — two single ids refused, or the failure budget — the rest are not split further.
        Assert.Contains(run.Errors, e => e.Message.Contains("Not sent: the gateway refuses even single ids", StringComparison.Ordinal)
            || e.Message.Contains("used up its budget", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_gateway_failing_every_request_costs_at_most_three_requests_per_batch_plus_one_retry_ladder()
    {
        await using EmulatorServer emulator = await Reliability.StartEmulatorAsync(o => (o.FailureRate, o.FailureModes) = (1, FailureModes.ServerError));
        using MySmppClient client = Reliability.Client(emulator.BaseAddress, MySmppProtocol.Json, o =>
            (o.BatchSize, o.MaxConcurrency, o.MaxRetries, o.RetryBaseDelay, o.RetryMaxDelay) = (10, 2, 4, TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(5)));
        long[] ids = Reliability.SyntheticIds(200); // 20 batches: 100 requests with every batch walking its whole retry ladder

        QueryRun run = await Reliability.RunAsync(client, ids);

        // Failed requests: 2 per batch + MaxRetries + 1 + 4 halvings (10 → 5 → 3 → 2 → 1); after that, one attempt per batch.
        long bound = (3 * 20) + 4 + 1 + 4;
        Assert.True(emulator.Stats.Requests <= bound, emulator.Stats.Requests + " requests, bound " + bound);
        Assert.All(run.Results, r => Assert.Contains("HTTP 500", r.Error!.Message, StringComparison.Ordinal));
        Assert.Contains(run.Errors, e => e.Message.Contains("used up its budget", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_dead_gateway_fails_fast_with_every_id_accounted_for()
    {
        Uri dead = ClosedPort();
        using MySmppClient client = Reliability.Client(dead, MySmppProtocol.Json, o =>
            (o.BatchSize, o.MaxConcurrency, o.MaxRetries, o.RetryBaseDelay, o.RetryMaxDelay, o.OverallTimeout, o.Clock) =
            (200, 4, 4, TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(5), new FakeClientClock()));
        long[] ids = Reliability.SyntheticIds(4000);

        QueryRun run = await Reliability.RunAsync(client, ids);

        Assert.True(run.Elapsed < TimeSpan.FromSeconds(8), "took " + run.Elapsed);
        Assert.True(run.Statistics.Requests <= 16, run.Statistics.Requests + " requests"); // the breaker, not 20 batches × 5 attempts
        Assert.All(run.Results, r => Assert.Equal("MySmpp.Transport", r.Error!.ErrorId));
        Assert.Contains(run.Errors, e => e.Message.Contains("Not sent: 8 requests in a row got no answer", StringComparison.Ordinal));

        // Said once, as sentences: not "Connection refused (…) Connection refused Gave up after 5 attempts".
        MySmppException first = run.Errors.First();
        Assert.Equal(1, CountOf(first.Message, "Connection refused"));
        Assert.DoesNotContain(" Gave up", first.Message.Replace(". Gave up", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Https_to_a_plain_http_endpoint_is_not_retried_and_says_to_try_http()
    {
        await using EmulatorServer emulator = await Reliability.StartEmulatorAsync();
        var https = new UriBuilder(emulator.BaseAddress) { Scheme = Uri.UriSchemeHttps }.Uri;
        using MySmppClient client = Reliability.Client(https, MySmppProtocol.Json, o =>
            (o.BatchSize, o.MaxConcurrency, o.MaxRetries, o.RetryBaseDelay, o.RetryMaxDelay) = (10, 1, 4, TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(5)));
        long[] ids = Reliability.SyntheticIds(30);

        QueryRun run = await Reliability.RunAsync(client, ids);

        Assert.Equal(1, run.Statistics.Requests); // not retried, and the later batches are not sent
        Assert.Equal(0, run.Statistics.Retries);
        Assert.True(run.Elapsed < TimeSpan.FromSeconds(5), "took " + run.Elapsed);
        Assert.All(run.Results, r =>
        {
            MySmppException error = r.Error!;
            Assert.False(error.IsTransient);
            Assert.Contains("use http:// instead of https://", error.Message, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void A_name_that_does_not_resolve_is_not_retried_and_names_the_host()
    {
        var ex = new HttpRequestException("Name or service not known (nowhere.invalid:80)", new SocketException((int)SocketError.HostNotFound));

        MySmppTransportException error = ConnectionFailure.From(ex, new Uri("http://nowhere.invalid/json/state.php"), new ArraySegment<long>(new long[] { 5 }));

        Assert.False(error.IsTransient);
        Assert.Contains("The host name 'nowhere.invalid' could not be resolved", error.Message, StringComparison.Ordinal);
        Assert.Equal(new long[] { 5 }, error.Ids);
    }

    /// <summary>
    /// The one deadline test on the real clock (a 200 ms deadline): it proves that <see cref="ClientClock.System"/> really
    /// cuts a request stalled mid-body, which the tests on a <see cref="FakeClientClock"/> take for granted.
    /// </summary>
    [Fact]
    public async Task A_per_query_OverallTimeout_shorter_than_the_sessions_wins()
    {
        await using EmulatorServer emulator = await Reliability.StartEmulatorAsync(o => o.StallMidBody = true);
        using MySmppClient client = Reliability.Client(emulator.BaseAddress, MySmppProtocol.Xml, o =>
            (o.RequestTimeout, o.OverallTimeout) = (TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(60)));

        var watch = Stopwatch.StartNew();
        var results = await Task.Run(() => client.GetStates(new long[] { 1_000_000 }, new StateQueryOptions { OverallTimeout = TimeSpan.FromMilliseconds(200) }).ToList()).WaitAsync(Reliability.HangBound);

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), "took " + watch.Elapsed);
        Assert.Equal("MySmpp.Timeout", Assert.Single(results).Error!.ErrorId);

        // The deadline cut a request stalled mid-body, not one that was never sent (a cold first request can be slow).
        Assert.True(emulator.Stats.StallsInjected >= 1, "no request reached the stalling emulator before the deadline");
    }

    [Fact]
    public async Task Disposing_the_client_under_a_running_query_stops_it_with_one_MySmppDisconnectedException_after_the_answered_ids()
    {
        await using EmulatorServer emulator = await Reliability.StartEmulatorAsync(o => o.LatencyMs = 100);
        var client = Reliability.Client(emulator.BaseAddress, MySmppProtocol.Json, o => (o.BatchSize, o.MaxConcurrency) = (50, 2));
        long[] ids = Reliability.SyntheticIds(5000);
        var seen = new System.Collections.Generic.List<SmsStateResult>();
        using var firstResult = new ManualResetEventSlim();

        Task run = Task.Run(() =>
        {
            foreach (SmsStateResult result in client.GetStates(ids))
            {
                seen.Add(result);
                firstResult.Set();
            }
        });
        Assert.True(firstResult.Wait(Reliability.HangBound));
        client.Dispose(); // Disconnect-MySmpp from another runspace

        var error = await Assert.ThrowsAsync<MySmppDisconnectedException>(() => run.WaitAsync(Reliability.HangBound));
        Assert.Contains("disconnected", error.Message, StringComparison.Ordinal);
        Assert.InRange(seen.Count, 1, ids.Length - 1);
        Assert.All(seen, r => Assert.NotNull(r.State)); // no flood of per-id errors before the stop
        Assert.Equal(ids.Take(seen.Count), seen.Select(r => r.Id));
    }

    [Fact]
    public async Task Disposing_the_client_ends_a_wait_between_polls_at_once()
    {
        await using EmulatorServer emulator = await Reliability.StartEmulatorAsync();
        var client = Reliability.Client(emulator.BaseAddress, MySmppProtocol.Json);
        var polled = new ManualResetEventSlim();
        var waiter = new SmsStateWaiter(client, new SmsWaitOptions
        {
            Timeout = TimeSpan.FromMinutes(5),
            PollInterval = TimeSpan.FromMinutes(1),
            Progress = _ => polled.Set(),
        });

        Task run = Task.Run(() => waiter.Wait(new long[] { 7002, 1001 }).ToList());
        Assert.True(polled.Wait(Reliability.HangBound));
        var watch = Stopwatch.StartNew();
        client.Dispose();

        await Assert.ThrowsAsync<MySmppDisconnectedException>(() => run.WaitAsync(Reliability.HangBound));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), "took " + watch.Elapsed);
    }

    private static Uri ClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return new Uri("http://127.0.0.1:" + port + "/");
    }

    private static int CountOf(string text, string part)
    {
        int count = 0;
        for (int i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + part.Length, StringComparison.Ordinal)) count++;
        return count;
    }
}
