using System.Linq;
using System.Net;
using System.Threading.Tasks;
using MySmpp.Emulator;
using Xunit;

namespace MySmpp.Core.Tests.Emulator;

public sealed class BatchLimitTests
{
    [Fact]
    public async Task MoreIdsThanMaxBatchSizeGet413()
    {
        await using EmulatorServer server = await EmulatorTestHost.StartAsync(o => o.MaxBatchSize = 3);

        RawReply tooMany = await RawHttp.PostXmlAsync(server, RawHttp.XmlRequest(RawHttp.Token, "82216", "82217", "82218", "82219"));
        RawReply enough = await RawHttp.PostXmlAsync(server, RawHttp.XmlRequest(RawHttp.Token, "82216", "82217", "82218"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooMany.Status);
        Assert.Equal("Request Entity Too Large", tooMany.Body);
        Assert.Equal(HttpStatusCode.OK, enough.Status);
        Assert.Equal(1, server.Stats.RejectedTooLarge);
        Assert.Equal(3, server.Stats.MaxRequestIdCount);
    }

    [Fact]
    public async Task JsonBatchLimitCountsObjects()
    {
        await using EmulatorServer server = await EmulatorTestHost.StartAsync(o => o.MaxBatchSize = 1);

        RawReply reply = await RawHttp.PostJsonAsync(server, """[{"token":"token","id_sms":82216},{"token":"token","id_sms":82217}]""");

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, reply.Status);
        Assert.Equal("Request Entity Too Large", reply.Body);
    }

    [Fact]
    public async Task BodyOverMaxRequestBodyBytesGets413()
    {
        await using EmulatorServer server = await EmulatorTestHost.StartAsync(o => o.MaxRequestBodyBytes = 1024);
        string ids = string.Join(",", Enumerable.Range(0, 100).Select(_ => """{"token":"token","id_sms":82216}"""));

        RawReply reply = await RawHttp.PostJsonAsync(server, "[" + ids + "]");

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, reply.Status);
        Assert.Equal(1, server.Stats.RejectedTooLarge);
    }

    [Fact]
    public async Task LimitCanChangeWhileRunning()
    {
        await using EmulatorServer server = await EmulatorTestHost.StartAsync();
        string body = RawHttp.XmlRequest(RawHttp.Token, "82216", "82217");

        Assert.Equal(HttpStatusCode.OK, (await RawHttp.PostXmlAsync(server, body)).Status);
        server.Options.MaxBatchSize = 1;
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await RawHttp.PostXmlAsync(server, body)).Status);
        server.Options.MaxBatchSize = 0;
        Assert.Equal(HttpStatusCode.OK, (await RawHttp.PostXmlAsync(server, body)).Status);
    }
}
