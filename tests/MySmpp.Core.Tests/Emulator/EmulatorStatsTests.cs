using System;
using System.Linq;
using System.Net.Http;
using System.Threading.Tasks;
using MySmpp.Emulator;
using Xunit;

namespace MySmpp.Core.Tests.Emulator;

public sealed class EmulatorStatsTests
{
    [Fact]
    public async Task BaseAddressHasTheBoundPort()
    {
        await using EmulatorServer server = await EmulatorTestHost.StartAsync();

        Assert.Equal("127.0.0.1", server.BaseAddress.Host);
        Assert.NotEqual(0, server.BaseAddress.Port);
        Assert.EndsWith("/", server.BaseAddress.AbsoluteUri, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CountsIdsPerRequestAndPerId()
    {
        await using EmulatorServer server = await EmulatorTestHost.StartAsync();

        await RawHttp.PostXmlAsync(server, RawHttp.XmlRequest(RawHttp.Token, "82216", "82216", "999", "abc"));
        await RawHttp.PostJsonAsync(server, """[{"token":"token","id_sms":82216}]""");
        await RawHttp.PostJsonAsync(server, """[{"token":"wrong","id_sms":82216}]""");

        EmulatorStats stats = server.Stats;
        Assert.Equal(3, stats.Requests);
        Assert.Equal(2, stats.Answered);
        Assert.Equal(1, stats.ApiErrors);
        Assert.Equal(4, stats.IdsQueried);
        Assert.Equal(3, stats.TimesQueried(82216));
        Assert.Equal(1, stats.TimesQueried(999));
        Assert.Equal(0, stats.TimesQueried(82217));
        Assert.Equal(1, stats.LastRequestIdCount);
        Assert.Equal(4, stats.MaxRequestIdCount);
        Assert.Equal([4, 1], stats.RequestIdCounts.ToArray());

        stats.Reset();
        Assert.Equal(0, stats.Requests);
        Assert.Equal(0, stats.TimesQueried(82216));
    }

    [Fact]
    public async Task IdTrackingCanBeTurnedOff()
    {
        await using EmulatorServer server = await EmulatorTestHost.StartAsync(o => o.TrackIdQueries = false);

        await RawHttp.PostJsonAsync(server, """[{"token":"token","id_sms":82216}]""");

        Assert.Equal(1, server.Stats.IdsQueried);
        Assert.Equal(0, server.Stats.TimesQueried(82216));
    }

    [Fact]
    public async Task AnyContentTypeIsAcceptedAndRecorded()
    {
        await using EmulatorServer server = await EmulatorTestHost.StartAsync();

        RawReply reply = await RawHttp.PostJsonAsync(server, """[{"token":"token","id_sms":82216}]""", "application/x-www-form-urlencoded");

        Assert.Equal(System.Net.HttpStatusCode.OK, reply.Status);
        Assert.Equal("application/x-www-form-urlencoded", server.Stats.LastContentType);
    }

    [Fact]
    public async Task OnlyPostIsServed()
    {
        await using EmulatorServer server = await EmulatorTestHost.StartAsync();
        using HttpClient client = RawHttp.ClientFor(server);

        using HttpResponseMessage get = await client.GetAsync(new Uri(RawHttp.JsonPath, UriKind.Relative));

        Assert.Equal(System.Net.HttpStatusCode.MethodNotAllowed, get.StatusCode);
    }
}
