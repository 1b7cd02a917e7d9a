using System;
using System.Linq;
using MySmpp.Errors;
using MySmpp.Model;
using MySmpp.Protocol;
using Xunit;

namespace MySmpp.Core.Tests.Codecs;

public class XmlResponseReaderTests
{
    private const string Prolog = "<?xml version=\"1.0\" encoding=\"utf-8\" ?>";

    private static StateResponse Read(string body) => CodecHarness.Read(MySmppProtocol.Xml, body);

    [Fact]
    public void States_with_channels_times_and_empty_time()
    {
        StateResponse response = Read(Prolog + "<response>"
            + "<state id_sms=\"1\" time=\"2021-04-26 15:15:03\" sms=\"deliver\">deliver</state>"
            + "<state id_sms=\"2\" time=\"\" sms=\"send\" viber=\"send\">send</state>"
            + "<state id_sms=\"3\" time=\"2021-04-26 15:16:00\" sms=\"not_deliver\" viber=\"read\">read</state>"
            + "</response>");

        Assert.Equal(new[] { 1L, 2L, 3L }, response.States.Select(s => s.Id));
        Assert.Equal(new DateTime(2021, 4, 26, 15, 15, 3), response.States[0].StatusTime);
        Assert.Null(response.States[1].StatusTime);
        Assert.Equal(SmsStatus.Sent, response.States[1].Status);
        Assert.Equal(SmsStatus.NotDelivered, response.States[2].SmsStatus);
        Assert.Equal(SmsStatus.Read, response.States[2].ViberStatus);
        Assert.Equal(SmsStatus.Read, response.States[2].Status);
        Assert.True(response.States[2].IsFinal);
    }

    [Fact]
    public void Unknown_statuses_map_to_unknown_and_keep_the_raw_string()
    {
        SmsState state = Read("<response><state id_sms=\"9\" time=\"\" viber=\"seen_by_bot\">seen_by_bot</state></response>").States.Single();
        Assert.Equal(SmsStatus.Unknown, state.Status);
        Assert.Equal("seen_by_bot", state.RawStatus);
        Assert.Equal(SmsStatus.Unknown, state.ViberStatus);
        Assert.Equal("seen_by_bot", state.RawViberStatus);
    }

    [Fact]
    public void An_empty_overall_status_takes_the_only_channel_status()
    {
        SmsState state = Read("<response><state id_sms=\"9\" time=\"\" sms=\"expired\"/></response>").States.Single();
        Assert.Equal(SmsStatus.Expired, state.Status);
    }

    [Theory]
    [InlineData("<response><error>Incorrect login or password</error></response>", "Incorrect login or password")]
    [InlineData("<error>Incorrect XML document format</error>", "Incorrect XML document format")]
    [InlineData("<response error=\"POST data is missing\"/>", "POST data is missing")]
    [InlineData("<response><error>Your account is locked</error></response>", "Your account is locked")]
    public void Every_error_shape_is_read(string body, string text)
    {
        StateResponse response = Read(Prolog + body);
        Assert.Equal(text, response.ErrorText);
        Assert.Empty(response.States);
    }

    [Fact]
    public void An_empty_response_is_an_empty_answer()
    {
        Assert.Empty(Read(Prolog + "<response></response>").States);
        Assert.Empty(Read("<response/>").States);
    }

    [Fact]
    public void Unknown_elements_are_skipped()
    {
        StateResponse response = Read("<response><balance>5</balance><state id_sms=\"1\" time=\"\">send</state><x><y/></x></response>");
        Assert.Single(response.States);
    }

    [Theory]
    [InlineData("<!DOCTYPE response [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]><response><state id_sms=\"1\" time=\"\">&xxe;</state></response>")]
    [InlineData("<!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">]><response>&lol2;</response>")]
    [InlineData("<!DOCTYPE response SYSTEM \"http://127.0.0.1:1/evil.dtd\"><response/>")]
    public void Dtds_and_entities_are_refused(string body)
    {
        var error = Assert.Throws<MySmppProtocolException>(() => Read(body));
        Assert.Contains("DTD", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("")]
    [InlineData("<html><body><h1>502 Bad Gateway</h1></body></html>")]
    [InlineData("<response><state id_sms=\"1\" time=\"\">deliver</state>")]
    [InlineData("<response><state id_sms=\"1\" time=\"\">deliver</sta")]
    [InlineData("<response/><response/>")]
    [InlineData("<response><state time=\"\">deliver</state></response>")]
    [InlineData("<response><state id_sms=\"99999999999999999999\" time=\"\">deliver</state></response>")]
    [InlineData("<response><state id_sms=\"-\" time=\"\">deliver</state></response>")]
    [InlineData("<response><state id_sms=\"1\" time=\"2021-13-01 00:00:00\">deliver</state></response>")]
    [InlineData("<response>text</response>")]
    [InlineData("[{\"id_sms\":1}]")]
    public void Broken_answers_are_typed_protocol_errors(string body)
    {
        var error = Assert.Throws<MySmppProtocolException>(() => Read(body));
        Assert.True(error.IsTransient);
    }

    [Fact]
    public void Invalid_utf8_is_refused()
    {
        byte[] body = System.Text.Encoding.UTF8.GetBytes("<response><state id_sms=\"1\" time=\"\">XX</state></response>");
        int at = Array.IndexOf(body, (byte)'X');
        body[at] = 0xFF;
        body[at + 1] = 0xFE;
        Assert.Throws<MySmppProtocolException>(() => CodecHarness.Read(MySmppProtocol.Xml, body));
    }
}
