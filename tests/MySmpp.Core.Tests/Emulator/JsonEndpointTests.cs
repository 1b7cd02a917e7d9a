using System.Net;
using System.Threading.Tasks;
using MySmpp.Emulator;
using Xunit;

namespace MySmpp.Core.Tests.Emulator;

public sealed class JsonEndpointTests
{
    [Fact]
    public async Task DocumentedExampleReturnsDocumentedShape()
    {
        await using EmulatorServer server = await EmulatorTestHost.StartAsync();

        RawReply reply = await RawHttp.PostJsonAsync(server, """
            [
                {
                    "login": "login",
                    "password": "password",
                    "token":"token",
                    "id_sms": "82216",
                    "detail" : 1
                }
            ]
            """);

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Equal("text/json; charset=utf-8", reply.ContentType);
        Assert.Equal("""[{"id_sms":82216,"time_change_state":"2021-04-26 15:15:03","state":"deliver","num_parts":1,"price":10.6000000}]""", reply.Body);
    }

    [Fact]
    public async Task DetailZeroOmitsPartsAndPrice()
    {
        await using EmulatorServer server = await EmulatorTestHost.StartAsync();

        RawReply reply = await RawHttp.PostJsonAsync(server, """[{"login":"login","password":"password","id_sms":82216,"detail":0},{"token":"token","id_sms":82219,"detail":1}]""");

        Assert.Equal(
            """[{"id_sms":82216,"time_change_state":"2021-04-26 15:15:03","state":"deliver"},{"id_sms":82219,"time_change_state":"2021-04-26 15:12:00","state":"expired","num_parts":2,"price":10.6000000}]""",
            reply.Body);
    }

    [Fact]
    public async Task SendHasEmptyTime()
    {
        await using EmulatorServer server = await EmulatorTestHost.StartAsync();

        RawReply reply = await RawHttp.PostJsonAsync(server, """[{"token":"token","id_sms":82217}]""");

        Assert.Equal("""[{"id_sms":82217,"time_change_state":"","state":"send"}]""", reply.Body);
    }

    [Fact]
    public async Task NumericStringAndNumberIdsAreEquivalent()
    {
        await using EmulatorServer server = await EmulatorTestHost.StartAsync();

        RawReply asString = await RawHttp.PostJsonAsync(server, """[{"token":"token","id_sms":"82218"}]""");
        RawReply asNumber = await RawHttp.PostJsonAsync(server, """[{"token":"token","id_sms":82218}]""");

        Assert.Equal("""[{"id_sms":82218,"time_change_state":"2021-04-26 15:11:00","state":"not_deliver"}]""", asString.Body);
        Assert.Equal(asString.Body, asNumber.Body);
    }

    [Fact]
    public async Task UnknownAndNonNumericIdsAreOmittedAndOrderIsKept()
    {
        await using EmulatorServer server = await EmulatorTestHost.StartAsync();

        RawReply reply = await RawHttp.PostJsonAsync(server, """
            [{"token":"token","id_sms":82221},{"token":"token","id_sms":999},{"token":"token","id_sms":"abc"},
             {"token":"token","id_sms":1.5},{"token":"token"},{"token":"token","id_sms":82222},{"token":"token","id_sms":82221}]
            """);

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Equal(
            """[{"id_sms":82221,"time_change_state":"2021-04-26 15:14:00","state":"partly_deliver"},"""
            + """{"id_sms":82222,"time_change_state":"2021-04-26 15:15:00","state":"queued"},"""
            + """{"id_sms":82221,"time_change_state":"2021-04-26 15:14:00","state":"partly_deliver"}]""",
            reply.Body);
    }

    [Fact]
    public async Task EveryObjectIsAuthenticated()
    {
        await using EmulatorServer server = await EmulatorTestHost.StartAsync();

        RawReply reply = await RawHttp.PostJsonAsync(server, """[{"token":"token","id_sms":82216},{"login":"login","password":"wrong","id_sms":82216}]""");

        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.Equal("""{"error":"Incorrect login or password"}""", reply.Body);
    }

    [Fact]
    public async Task EmptyArrayGetsEmptyAnswer()
    {
        await using EmulatorServer server = await EmulatorTestHost.StartAsync();

        RawReply reply = await RawHttp.PostJsonAsync(server, "[]");

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Equal("[]", reply.Body);
    }
}
