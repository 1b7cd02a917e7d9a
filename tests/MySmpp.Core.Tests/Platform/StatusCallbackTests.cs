using System;
using System.Linq;
using System.Text;
using MySmpp.Callbacks;
using MySmpp.Errors;
using MySmpp.Model;
using Xunit;

namespace MySmpp.Core.Tests.Platform;

/// <summary>Webhook bodies read by the status query's own readers, and the acknowledgement written back.</summary>
public class StatusCallbackTests
{
    [Fact]
    public void The_documented_json_body_gives_the_same_state_a_json_status_query_gives()
    {
        const string body = "[{\"id_sms\":\"82216\",\"time\":\"2021-04-26 15:15:03\",\"state\":\"deliver\"},{\"id_sms\":\"82217\",\"time\":\"\",\"state\":\"send\"}]";

        StatusCallbackContent content = StatusCallback.Parse(body, "text/json; charset=utf-8");

        Assert.Equal(MySmppProtocol.Json, content.Protocol);
        Assert.Equal(new[] { 82216L, 82217L }, content.Ids);
        SmsState pushed = content.States[0];
        var queried = new SmsState(82216, "deliver", new DateTime(2021, 4, 26, 15, 15, 3), MySmppProtocol.Json);
        Assert.Equal((queried.Id, queried.Status, queried.RawStatus, queried.StatusTime, queried.IsFinal, queried.IsDelivered, queried.Protocol), (pushed.Id, pushed.Status, pushed.RawStatus, pushed.StatusTime, pushed.IsFinal, pushed.IsDelivered, pushed.Protocol));
        Assert.Equal(SmsStatus.Sent, content.States[1].Status);
        Assert.Null(content.States[1].StatusTime);
    }

    [Theory]
    [InlineData("<?xml version=\"1.0\" encoding=\"utf-8\" ?><response><state id_sms=\"82220\" time=\"2021-04-26 15:13:00\" sms=\"deliver\" viber=\"read\">read</state></response>")]
    [InlineData("<?xml version=\"1.0\" encoding=\"utf-8\"?><request><state id_sms=\"82220\" time=\"2021-04-26 15:13:00\" sms=\"deliver\" viber=\"read\">read</state></request>")]
    public void The_xml_body_under_response_or_request_gives_channel_states(string body)
    {
        StatusCallbackContent content = StatusCallback.Parse(body, null, TimeZoneInfo.Utc);

        SmsState state = Assert.Single(content.States);
        Assert.Equal(MySmppProtocol.Xml, content.Protocol);
        Assert.Equal((SmsStatus.Read, SmsStatus.Delivered, SmsStatus.Read), (state.Status, state.SmsStatus, state.ViberStatus));
        Assert.Equal(new DateTimeOffset(2021, 4, 26, 15, 13, 0, TimeSpan.Zero), state.StatusTimeOffset);
        Assert.Equal("Channels", state.GetType().Name); // the shape Get-SmsState gives an XML state
    }

    [Fact]
    public void The_content_type_decides_before_the_first_character()
    {
        Assert.Throws<MySmppProtocolException>(() => StatusCallback.Parse("[{\"id_sms\":1,\"state\":\"send\"}]", "application/xml"));
        Assert.Single(StatusCallback.Parse("\uFEFF \r\n[{\"id_sms\":1,\"time\":\"\",\"state\":\"send\"}]", "text/plain").States);
    }

    [Fact]
    public void A_sentence_where_a_status_goes_is_a_problem_for_that_id_and_is_still_acknowledged()
    {
        const string body = "[{\"id_sms\":\"5\",\"time\":\"\",\"state\":\"Сообщение с таким ID не принималось\"},{\"id_sms\":\"6\",\"time\":\"2021-04-26 15:13:00\",\"state\":\"expired\"}]";

        StatusCallbackContent content = StatusCallback.Parse(body);

        Assert.Equal(6L, Assert.Single(content.States).Id);
        MySmppException problem = Assert.Single(content.Problems);
        Assert.IsType<MySmppIdNotFoundException>(problem);
        Assert.Equal(new[] { 6L, 5L }, content.Ids);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("id_sms=1&state=deliver")]
    [InlineData("{\"error\":\"Неправильный логин или пароль\"}")]
    [InlineData("[{\"id_sms\":1,\"time\":\"2021-04-26\",\"state\":\"deliver\"}]")]
    [InlineData("[{\"time\":\"\",\"state\":\"deliver\"}]")]
    [InlineData("<response><state time=\"\">send</state></response>")]
    [InlineData("<!DOCTYPE r [<!ENTITY e \"x\">]><response><state id_sms=\"1\" time=\"\">&e;</state></response>")]
    [InlineData("<html><body>hello</body></html>")]
    public void Bodies_that_are_not_status_documents_are_protocol_errors(string body)
    {
        MySmppProtocolException error = Assert.Throws<MySmppProtocolException>(() => StatusCallback.Parse(body));
        Assert.DoesNotContain(error.Message, c => char.IsControl(c));
    }

    [Fact]
    public void An_oversized_body_is_refused_before_it_is_read()
    {
        string body = "[" + new string(' ', StatusCallback.MaxBodyBytes) + "]";

        Assert.Contains("more than", Assert.Throws<MySmppProtocolException>(() => StatusCallback.Parse(body)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Ten_thousand_pushed_states_are_read_in_order()
    {
        var body = new StringBuilder("[");
        for (int i = 1; i <= 10_000; i++) body.Append(i == 1 ? string.Empty : ",").Append("{\"id_sms\":\"").Append(i).Append("\",\"time\":\"2021-04-26 15:13:00\",\"state\":\"deliver\",\"extra\":[1,2]}");
        body.Append(']');

        StatusCallbackContent content = StatusCallback.Parse(body.ToString());

        Assert.Equal(Enumerable.Range(1, 10_000).Select(i => (long)i), content.States.Select(s => s.Id));
    }

    [Fact]
    public void The_acknowledgement_lists_each_id_once_in_the_vendors_shapes()
    {
        StatusCallbackAcknowledgement json = StatusCallback.Acknowledge(new[] { 3234L, 3235L, 3234L }, MySmppProtocol.Json);
        StatusCallbackAcknowledgement xml = StatusCallback.Acknowledge(new[] { 3234L, 3235L }, MySmppProtocol.Xml);
        StatusCallbackAcknowledgement none = StatusCallback.Acknowledge(Array.Empty<long>(), MySmppProtocol.Json);

        Assert.Equal("[{\"id_sms\":3234},{\"id_sms\":3235}]", json.Body);
        Assert.Equal(new[] { 3234L, 3235L }, json.Ids);
        Assert.Equal("text/json; charset=utf-8", json.ContentType);
        Assert.Equal("<?xml version=\"1.0\" encoding=\"utf-8\"?><response><id_sms>3234</id_sms><id_sms>3235</id_sms></response>", xml.Body);
        Assert.Equal("text/xml; charset=utf-8", xml.ContentType);
        Assert.Equal("[]", none.ToString());
    }
}
