using System.Net;
using System.Threading.Tasks;
using MySmpp.Emulator;
using Xunit;

namespace MySmpp.Core.Tests.Emulator;

public sealed class ErrorTextTests
{
    [Theory]
    [InlineData("""[{"login":"login","password":"wrong","id_sms":82216}]""", "Incorrect login or password")]
    [InlineData("""[{"token":"wrong","id_sms":82216}]""", "Incorrect login or password")]
    [InlineData("""[{"id_sms":82216}]""", "Incorrect login or password")]
    [InlineData("""[{"login":"locked","password":"password","id_sms":82216}]""", "Your account is locked")]
    [InlineData("""[{"token":"locked-token","id_sms":82216}]""", "Your account is locked")]
    [InlineData("", "POST data is missing")]
    [InlineData("""[{"login":"login",""", "Incorrect JSON document format")]
    [InlineData("""{"login":"login","password":"password","id_sms":82216}""", "Incorrect JSON document format")]
    [InlineData("""[1,2]""", "Incorrect JSON document format")]
    [InlineData("""[] []""", "Incorrect JSON document format")]
    [InlineData("<request/>", "Incorrect JSON document format")]
    public async Task JsonErrorsAreHttp400WithDocumentedText(string body, string text)
    {
        await using EmulatorServer server = await EmulatorTestHost.StartAsync();

        RawReply reply = await RawHttp.PostJsonAsync(server, body);

        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.Equal("text/json; charset=utf-8", reply.ContentType);
        Assert.Equal("{\"error\":\"" + text + "\"}", reply.Body);
        Assert.Equal(1, server.Stats.ApiErrors);
        Assert.Equal(0, server.Stats.Answered);
    }

    [Theory]
    [InlineData("<login value=\"login\"/><password value=\"wrong\"/>", "Incorrect login or password")]
    [InlineData("<token value=\"wrong\"/>", "Incorrect login or password")]
    [InlineData("", "Incorrect login or password")]
    [InlineData("<login value=\"locked\"/><password value=\"password\"/>", "Your account is locked")]
    [InlineData("<token value=\"locked-token\"/>", "Your account is locked")]
    public async Task XmlCredentialErrorsAreHttp200WithErrorElement(string security, string text)
    {
        await using EmulatorServer server = await EmulatorTestHost.StartAsync();

        RawReply reply = await RawHttp.PostXmlAsync(server, RawHttp.XmlRequest(security, "82216"));

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Equal("<?xml version=\"1.0\" encoding=\"utf-8\"?><response><error>" + text + "</error></response>", reply.Body);
    }

    [Fact]
    public async Task XmlEmptyBodyIsPostDataMissing()
    {
        await using EmulatorServer server = await EmulatorTestHost.StartAsync();

        RawReply reply = await RawHttp.PostXmlAsync(server, "");

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Equal("<?xml version=\"1.0\" encoding=\"utf-8\"?><response><error>POST data is missing</error></response>", reply.Body);
    }
}
