using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using MySmpp.Emulator;
using Xunit;

namespace MySmpp.Core.Tests.Emulator;

public sealed class FaultInjectionTests
{
    private const string Body = """[{"token":"token","id_sms":82216,"detail":1}]""";

    [Theory]
    [InlineData(FailureModes.ServerError, HttpStatusCode.InternalServerError)]
    [InlineData(FailureModes.ServiceUnavailable, HttpStatusCode.ServiceUnavailable)]
    [InlineData(FailureModes.TooManyRequests, HttpStatusCode.TooManyRequests)]
    [InlineData(FailureModes.HtmlErrorPage, HttpStatusCode.BadGateway)]
    [InlineData(FailureModes.Garbage, HttpStatusCode.OK)]
    public async Task StatusCodeModesAreObservable(FailureModes mode, HttpStatusCode expected)
    {
        await using EmulatorServer server = await EmulatorTestHost.StartAsync(o => (o.FailureRate, o.FailureModes) = (1, mode));

        RawReply reply = await RawHttp.PostJsonAsync(server, Body);

        Assert.Equal(expected, reply.Status);
        switch (mode)
        {
            case FailureModes.ServiceUnavailable:
                Assert.Equal(TimeSpan.FromSeconds(1), reply.Headers.RetryAfter?.Delta);
                break;
            case FailureModes.TooManyRequests:
                Assert.Contains(reply.Headers.RetryAfter?.Delta, new TimeSpan?[] { TimeSpan.Zero, TimeSpan.FromSeconds(1) });
                break;
            case FailureModes.HtmlErrorPage:
                Assert.StartsWith("text/html", reply.ContentType, StringComparison.Ordinal);
                Assert.Contains("<h1>502 Bad Gateway</h1>", reply.Body, StringComparison.Ordinal);
                break;
            case FailureModes.Garbage:
                Assert.True(reply.Bytes.Length >= 64);
                Assert.True(reply.Bytes[0] >= 0x80, "garbage must not start like JSON or XML");
                break;
        }

        Assert.Equal(1, server.Stats.FaultsInjectedFor(mode));
        Assert.Equal(1, server.Stats.FaultsInjected);
        Assert.Equal(0, server.Stats.Answered);
    }

    [Fact]
    public async Task DropConnectionFailsTheRequest()
    {
        await using EmulatorServer server = await EmulatorTestHost.StartAsync(o => (o.FailureRate, o.FailureModes) = (1, FailureModes.DropConnection));

        await Assert.ThrowsAsync<HttpRequestException>(() => RawHttp.PostJsonAsync(server, Body));
        Assert.Equal(1, server.Stats.FaultsInjectedFor(FailureModes.DropConnection));
    }

    [Fact]
    public async Task TruncatedBodyDeclaresFullLengthButSendsHalf()
    {
        await using EmulatorServer server = await EmulatorTestHost.StartAsync(o => (o.FailureRate, o.FailureModes) = (1, FailureModes.TruncatedBody));
        using HttpClient client = RawHttp.ClientFor(server);
        using HttpRequestMessage request = RawHttp.Request(RawHttp.JsonPath, Body, "text/json");

        using HttpResponseMessage response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(111, response.Content.Headers.ContentLength);
        await using Stream stream = await response.Content.ReadAsStreamAsync();
        var received = new MemoryStream();
        Exception? error = await Record.ExceptionAsync(() => stream.CopyToAsync(received));

        Assert.IsAssignableFrom<IOException>(error);
        Assert.Equal(55, received.Length);
        Assert.Equal(1, server.Stats.FaultsInjectedFor(FailureModes.TruncatedBody));
    }

    [Fact]
    public async Task StallMidBodyWaitsUntilClientGivesUp()
    {
        await using EmulatorServer server = await EmulatorTestHost.StartAsync(o => o.StallMidBody = true);
        using HttpClient client = RawHttp.ClientFor(server);
        using HttpRequestMessage request = RawHttp.Request(RawHttp.JsonPath, Body, "text/json");

        using HttpResponseMessage response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        await using Stream stream = await response.Content.ReadAsStreamAsync();
        byte[] buffer = new byte[1024];
        int first = await stream.ReadAtLeastAsync(buffer, 1);
        using var giveUp = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        Assert.True(first > 0);
        Assert.Equal((byte)'[', buffer[0]);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await stream.ReadAtLeastAsync(buffer, buffer.Length, cancellationToken: giveUp.Token));
        Assert.Equal(1, server.Stats.StallsInjected);
    }

    [Fact]
    public async Task DisposingEndsStalledRequests()
    {
        EmulatorServer server = await EmulatorTestHost.StartAsync(o => o.StallMidBody = true);
        using HttpClient client = RawHttp.ClientFor(server);
        using HttpRequestMessage request = RawHttp.Request(RawHttp.JsonPath, Body, "text/json");
        using HttpResponseMessage response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);

        var watch = Stopwatch.StartNew();
        await server.DisposeAsync();

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(4), $"dispose took {watch.Elapsed}");
    }

    [Fact]
    public async Task FailureRateCanBeToggledWhileRunning()
    {
        await using EmulatorServer server = await EmulatorTestHost.StartAsync(o => o.FailureModes = FailureModes.ServerError);

        RawReply before = await RawHttp.PostJsonAsync(server, Body);
        server.Options.FailureRate = 1;
        RawReply during = await RawHttp.PostJsonAsync(server, Body);
        server.Options.FailureRate = 0;
        RawReply after = await RawHttp.PostJsonAsync(server, Body);

        Assert.Equal(HttpStatusCode.OK, before.Status);
        Assert.Equal(HttpStatusCode.InternalServerError, during.Status);
        Assert.Equal(HttpStatusCode.OK, after.Status);
    }

    [Fact]
    public async Task SameFaultSeedGivesSameSequence()
    {
        static async Task<string> RunAsync()
        {
            await using EmulatorServer server = await EmulatorTestHost.StartAsync(o =>
                (o.FailureRate, o.FailureModes, o.FaultSeed) = (0.5, FailureModes.ServerError | FailureModes.ServiceUnavailable | FailureModes.TooManyRequests, 42));
            var statuses = new int[20];
            for (int i = 0; i < statuses.Length; i++)
            {
                statuses[i] = (int)(await RawHttp.PostJsonAsync(server, Body)).Status;
            }

            return string.Join(",", statuses);
        }

        string first = await RunAsync();
        string second = await RunAsync();

        Assert.Equal(first, second);
        Assert.Contains("200", first, StringComparison.Ordinal);
        Assert.True(first.Split(',').Distinct().Count() >= 3, first);
    }

    [Fact]
    public async Task LatencyDelaysTheAnswer()
    {
        await using EmulatorServer server = await EmulatorTestHost.StartAsync(o => o.LatencyMs = 200);

        var watch = Stopwatch.StartNew();
        RawReply reply = await RawHttp.PostJsonAsync(server, Body);

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(190), $"took {watch.Elapsed}");
    }
}
