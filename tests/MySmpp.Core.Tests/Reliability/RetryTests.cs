using System;
using System.Linq;
using System.Threading.Tasks;
using MySmpp.Client;
using MySmpp.Credentials;
using MySmpp.Emulator;
using MySmpp.Errors;
using MySmpp.Model;
using Xunit;

namespace MySmpp.Core.Tests.Reliability;

/// <summary>
/// What is retried (5xx, 429, time-outs, dropped connections, truncated and unreadable bodies), how often
/// (MaxRetries, counted by the emulator), with what backoff, within what budget; what is not retried (API
/// errors); and that a batch given up names its cause on every id and shows each retry in the log.
/// </summary>
[Collection(ReliabilityCollection.Name)]
public sealed class RetryTests
{
    private static readonly long[] Ids = Reliability.SyntheticIds(6);

    [Theory]
    [InlineData(MySmppProtocol.Json, FailureModes.ServerError, typeof(MySmppTransportException), 500)]
    [InlineData(MySmppProtocol.Xml, FailureModes.ServiceUnavailable, typeof(MySmppTransportException), 503)]
    [InlineData(MySmppProtocol.Json, FailureModes.TooManyRequests, typeof(MySmppTransportException), 429)]
    [InlineData(MySmppProtocol.Xml, FailureModes.HtmlErrorPage, typeof(MySmppTransportException), 502)]
    [InlineData(MySmppProtocol.Json, FailureModes.DropConnection, typeof(MySmppTransportException), null)]
    [InlineData(MySmppProtocol.Xml, FailureModes.TruncatedBody, typeof(MySmppTransportException), null)]
    [InlineData(MySmppProtocol.Json, FailureModes.Garbage, typeof(MySmppProtocolException), 200)]
    [InlineData(MySmppProtocol.Xml, FailureModes.Garbage, typeof(MySmppProtocolException), 200)]
    public async Task Transient_failures_are_retried_MaxRetries_times_then_every_id_names_the_cause(MySmppProtocol protocol, FailureModes mode, Type errorType, int? status)
    {
        await using EmulatorServer emulator = await Reliability.StartEmulatorAsync(o => (o.FailureRate, o.FailureModes) = (1, mode));
        using MySmppClient client = Reliability.Client(emulator.BaseAddress, protocol, o =>
            (o.BatchSize, o.MaxRetries, o.RetryMaxDelay) = (50, 3, TimeSpan.FromMilliseconds(20))); // the cap also shortens Retry-After

        QueryRun run = await Reliability.RunAsync(client, Ids);

        Assert.Equal(4, emulator.Stats.Requests);
        Assert.Equal(4, emulator.Stats.FaultsInjectedFor(mode));
        Assert.Equal(4, run.Statistics.Requests);
        Assert.Equal(3, run.Statistics.Retries);
        foreach (SmsStateResult result in run.Results)
        {
            MySmppException error = Assert.IsAssignableFrom<MySmppException>(result.Error);
            Assert.IsType(errorType, error);
            Assert.True(error.IsTransient);
            Assert.Equal(status, error.HttpStatusCode);
            Assert.Equal(Ids, error.Ids); // the caller can re-run exactly these
            Assert.Contains("Gave up after 4 attempts (MaxRetries 3)", error.Message, StringComparison.Ordinal);
        }

        // Each retry is visible (the module writes these lines to -Verbose).
        for (int retry = 1; retry <= 3; retry++)
        {
            Assert.Single(run.Log, line => line.StartsWith("Retry " + retry + " of 3 for 6 ids", StringComparison.Ordinal));
        }

        Assert.Single(run.Log, line => line.StartsWith("Giving up on 6 ids", StringComparison.Ordinal));
        Assert.Equal(4, run.Log.Count(line => line.StartsWith("POST ", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_transient_failure_that_clears_is_invisible_in_the_results()
    {
        await using EmulatorServer emulator = await Reliability.StartEmulatorAsync(o => (o.FailureRate, o.FailureModes) = (1, FailureModes.ServerError));
        using MySmppClient client = Reliability.Client(emulator.BaseAddress, MySmppProtocol.Json, o => (o.BatchSize, o.MaxRetries) = (50, 5));
        string? firstRetry = null;
        var options = new StateQueryOptions
        {
            Detail = true,
            Log = line =>
            {
                if (line.StartsWith("Retry 2", StringComparison.Ordinal))
                {
                    firstRetry ??= line;
                    emulator.Options.FailureRate = 0; // the outage ends during the second retry's wait
                }
            },
        };

        var results = await Task.Run(() => client.GetStates(Ids, options).ToList()).WaitAsync(Reliability.HangBound);

        Assert.NotNull(firstRetry);
        Assert.All(results, r => Assert.Null(WireAnswers.Mismatch(r.State!, MySmppProtocol.Json, detail: true)));
        Assert.Equal(3, emulator.Stats.Requests);
    }

    [Fact]
    public async Task Backoff_grows_exponentially_with_jitter_and_is_capped()
    {
        await using EmulatorServer emulator = await Reliability.StartEmulatorAsync(o => (o.FailureRate, o.FailureModes) = (1, FailureModes.ServerError));
        var clock = new FakeClientClock(jitter: 0);
        using MySmppClient client = Reliability.Client(emulator.BaseAddress, MySmppProtocol.Json, o =>
            (o.BatchSize, o.MaxRetries, o.RetryBaseDelay, o.RetryMaxDelay, o.Clock) = (50, 4, TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(250), clock));

        QueryRun run = await Reliability.RunAsync(client, Ids);

        // Shortest jitter (half the ceiling): 50 + 100 + 125 + 125 ms, the last two capped at 250; waited on the fake clock only.
        Assert.Equal(5, emulator.Stats.Requests);
        Assert.Equal(new double[] { 50, 100, 125, 125 }, clock.Delays.Select(d => d.TotalMilliseconds));
        Assert.Equal(TimeSpan.FromMilliseconds(400), clock.Elapsed);

        var delay = new RetryDelay(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(1), ClientClock.System);
        for (int i = 0; i < 200; i++)
        {
            Assert.InRange(delay.For(0, null).TotalMilliseconds, 50, 100);
            Assert.InRange(delay.For(2, null).TotalMilliseconds, 200, 400);
            Assert.InRange(delay.For(10, null).TotalMilliseconds, 500, 1000); // capped
            Assert.Equal(800, delay.For(0, TimeSpan.FromMilliseconds(800)).TotalMilliseconds); // Retry-After wins when longer
            Assert.Equal(1000, delay.For(0, TimeSpan.FromMinutes(5)).TotalMilliseconds); // ... up to the cap
        }
    }

    [Theory]
    [InlineData(MySmppProtocol.Json)]
    [InlineData(MySmppProtocol.Xml)]
    public async Task Timeouts_are_retried_and_end_as_timeout_errors(MySmppProtocol protocol)
    {
        await using EmulatorServer emulator = await Reliability.StartEmulatorAsync(o => o.LatencyMs = 60_000);
        var clock = new FakeClientClock();
        using MySmppClient client = Reliability.Client(emulator.BaseAddress, protocol, o =>
            (o.BatchSize, o.MaxRetries, o.RequestTimeout, o.Clock) = (50, 2, TimeSpan.FromMilliseconds(150), clock));

        Task<QueryRun> running = Reliability.RunAsync(client, Ids);
        await clock.DriveAsync(running, () => emulator.Stats.Requests >= clock.TimersArmed.Count); // cut each request once the server holds it
        QueryRun run = await running;

        Assert.Equal(3, emulator.Stats.Requests);
        Assert.Equal(new double[] { 150, 150, 150 }, clock.TimersArmed.Select(t => t.TotalMilliseconds)); // each attempt's RequestTimeout, on the session's clock
        Assert.All(run.Results, r => Assert.True(Assert.IsType<MySmppTransportException>(r.Error).IsTimeout));
        Assert.Equal(2, run.Log.Count(line => line.StartsWith("Retry ", StringComparison.Ordinal) && line.Contains("No complete answer", StringComparison.Ordinal)));
        Assert.True(run.Elapsed < TimeSpan.FromSeconds(3), "took " + run.Elapsed);
    }

    [Theory]
    [InlineData(MySmppProtocol.Json, "login", "wrong", typeof(MySmppAuthenticationException))]
    [InlineData(MySmppProtocol.Xml, "login", "wrong", typeof(MySmppAuthenticationException))]
    [InlineData(MySmppProtocol.Json, "locked", "password", typeof(MySmppAccountLockedException))]
    [InlineData(MySmppProtocol.Xml, "locked", "password", typeof(MySmppAccountLockedException))]
    public async Task API_errors_are_not_retried(MySmppProtocol protocol, string login, string password, Type errorType)
    {
        await using EmulatorServer emulator = await Reliability.StartEmulatorAsync();
        using MySmppClient client = Reliability.Client(emulator.BaseAddress, protocol, o => (o.BatchSize, o.MaxRetries) = (50, 4),
            MySmppCredential.FromPassword(login, password));

        QueryRun run = await Reliability.RunAsync(client, Ids);

        Assert.Equal(1, emulator.Stats.Requests);
        Assert.Equal(0, run.Statistics.Retries);
        Assert.All(run.Results, r => Assert.IsType(errorType, r.Error));
        Assert.DoesNotContain(run.Log, line => line.StartsWith("Retry", StringComparison.Ordinal));
    }

    [Fact]
    public async Task After_a_session_fatal_answer_later_batches_are_not_sent_and_name_their_own_ids()
    {
        await using EmulatorServer emulator = await Reliability.StartEmulatorAsync();
        using MySmppClient client = Reliability.Client(emulator.BaseAddress, MySmppProtocol.Json, o => (o.BatchSize, o.MaxConcurrency) = (2, 1),
            MySmppCredential.FromPassword("login", "wrong"));

        QueryRun run = await Reliability.RunAsync(client, Ids);

        Assert.Equal(1, emulator.Stats.Requests);
        foreach (SmsStateResult result in run.Results)
        {
            var error = Assert.IsType<MySmppAuthenticationException>(result.Error);
            Assert.Contains(result.Id, error.Ids);
            Assert.Equal(2, error.Ids.Count);
        }

        Assert.Contains("Not sent", run.Results[5].Error!.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(MySmppProtocol.Json, 400, "{\"error\":\"Incorrect JSON document format\"}")]
    [InlineData(MySmppProtocol.Xml, 200, "<response><error>Incorrect XML document format</error></response>")]
    [InlineData(MySmppProtocol.Json, 400, "{\"error\":\"POST data is missing\"}")]
    public async Task A_format_error_for_a_single_id_is_not_retried(MySmppProtocol protocol, int status, string body)
    {
        await using RawHttpServer server = RawHttpServer.Start(exchange => exchange.RespondAsync(status, exchange.ContentType, body));
        using MySmppClient client = Reliability.Client(server.BaseAddress, protocol, o => o.MaxRetries = 4);

        QueryRun run = await Reliability.RunAsync(client, new[] { Ids[0] });

        var error = Assert.IsType<MySmppProtocolException>(run.Results[0].Error);
        Assert.True(error.RequestRejected);
        Assert.False(error.IsTransient);
        Assert.Equal(1, server.RequestCount);
    }

    [Fact]
    public async Task An_unknown_API_error_text_is_kept_and_not_retried()
    {
        await using RawHttpServer server = RawHttpServer.Start(exchange => exchange.RespondAsync(400, exchange.ContentType, "{\"error\":\"Service is under maintenance\"}"));
        using MySmppClient client = Reliability.Client(server.BaseAddress, MySmppProtocol.Json, o => o.MaxRetries = 4);

        QueryRun run = await Reliability.RunAsync(client, Ids);

        Assert.All(run.Results, r => Assert.Equal("Service is under maintenance", Assert.IsType<MySmppApiException>(r.Error).ServerMessage));
        Assert.Equal(1, server.RequestCount);
    }

    [Theory]
    [InlineData(MySmppProtocol.Json)]
    [InlineData(MySmppProtocol.Xml)]
    public async Task OverallTimeout_bounds_the_whole_query_and_the_rest_get_timeout_errors(MySmppProtocol protocol)
    {
        // Every answer takes 250 ms of the fake clock's time, so four answers fill the 1 s budget and the fourth is cut at it.
        var clock = new FakeClientClock();
        await using RawHttpServer server = RawHttpServer.Start(exchange =>
        {
            clock.Advance(TimeSpan.FromMilliseconds(250));
            return exchange.RespondValidAsync();
        });
        using MySmppClient client = Reliability.Client(server.BaseAddress, protocol, o =>
            (o.BatchSize, o.MaxConcurrency, o.RequestTimeout, o.OverallTimeout, o.Clock) = (5, 1, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(1), clock));
        long[] ids = Reliability.SyntheticIds(50);

        QueryRun run = await Reliability.RunAsync(client, ids);

        Assert.Equal(TimeSpan.FromSeconds(1), clock.Elapsed);
        Assert.Equal(15, run.Results.Count(r => r.State != null)); // three 250 ms batches fit in the budget; the fourth is cut at it
        foreach (SmsStateResult late in run.Results.Where(r => r.State == null))
        {
            var error = Assert.IsType<MySmppTransportException>(late.Error);
            Assert.True(error.IsTimeout);
            Assert.Contains("OverallTimeout", error.Message, StringComparison.Ordinal);
        }

        Assert.Equal(4, server.RequestCount); // nothing is sent once the budget is spent
    }
}
