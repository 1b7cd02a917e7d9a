using System.Net;
using System.Threading.Tasks;
using MySmpp.Emulator;
using Xunit;

namespace MySmpp.Core.Tests.Emulator;

public sealed class XmlEndpointTests
{
    private const string Declaration = "<?xml version=\"1.0\" encoding=\"utf-8\"?>";

    [Fact]
    public async Task LoginPasswordRequestReturnsDocumentedShape()
    {
        await using EmulatorServer server = await EmulatorTestHost.StartAsync();

        RawReply reply = await RawHttp.PostXmlAsync(server, RawHttp.XmlRequest(RawHttp.LoginPassword, "82216", "82220", "82223"));

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Equal("text/xml; charset=utf-8", reply.ContentType);
        Assert.Equal(
            Declaration + "<response>"
            + "<state id_sms=\"82216\" time=\"2021-04-26 15:15:03\" sms=\"deliver\">deliver</state>"
            + "<state id_sms=\"82220\" time=\"2021-04-26 15:13:00\" sms=\"deliver\" viber=\"read\">read</state>"
            + "<state id_sms=\"82223\" time=\"2021-04-26 15:16:00\" viber=\"deliver\">deliver</state>"
            + "</response>",
            reply.Body);
    }

    [Fact]
    public async Task TokenRequestIsAccepted()
    {
        await using EmulatorServer server = await EmulatorTestHost.StartAsync();

        RawReply reply = await RawHttp.PostXmlAsync(server, RawHttp.XmlRequest(RawHttp.Token, "82216"));

        Assert.Equal(Declaration + "<response><state id_sms=\"82216\" time=\"2021-04-26 15:15:03\" sms=\"deliver\">deliver</state></response>", reply.Body);
    }

    [Fact]
    public async Task SendHasEmptyTimeAttribute()
    {
        await using EmulatorServer server = await EmulatorTestHost.StartAsync();

        RawReply reply = await RawHttp.PostXmlAsync(server, RawHttp.XmlRequest(RawHttp.Token, "82217"));

        Assert.Equal(Declaration + "<response><state id_sms=\"82217\" time=\"\" sms=\"send\">send</state></response>", reply.Body);
    }

    [Fact]
    public async Task UnknownAndNonNumericIdsAreOmittedDuplicatesRepeated()
    {
        await using EmulatorServer server = await EmulatorTestHost.StartAsync();

        RawReply reply = await RawHttp.PostXmlAsync(server, RawHttp.XmlRequest(RawHttp.Token, "82218", "999", "IDSMS in system", " 82218 ", ""));

        string one = "<state id_sms=\"82218\" time=\"2021-04-26 15:11:00\" sms=\"not_deliver\">not_deliver</state>";
        Assert.Equal(Declaration + "<response>" + one + one + "</response>", reply.Body);
    }

    [Fact]
    public async Task NoKnownIdsGivesEmptyResponse()
    {
        await using EmulatorServer server = await EmulatorTestHost.StartAsync();

        RawReply reply = await RawHttp.PostXmlAsync(server, RawHttp.XmlRequest(RawHttp.Token, "999"));

        Assert.Equal(Declaration + "<response></response>", reply.Body);
    }

    [Theory]
    [InlineData("<!DOCTYPE request [<!ENTITY x \"82216\">]><request><security><token value=\"token\"/></security><get_state><id_sms>&x;</id_sms></get_state></request>")]
    [InlineData("<answer/>")]
    [InlineData("<request><security><token value=\"token\"/></security>")]
    [InlineData("<request>text<get_state/></request>")]
    [InlineData("<request/><request/>")]
    public async Task MalformedDocumentsAreRejected(string body)
    {
        await using EmulatorServer server = await EmulatorTestHost.StartAsync();

        RawReply reply = await RawHttp.PostXmlAsync(server, body);

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Equal(Declaration + "<response><error>Incorrect XML document format</error></response>", reply.Body);
    }
}
