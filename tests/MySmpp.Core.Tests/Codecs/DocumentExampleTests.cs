using System;
using System.Linq;
using System.Text.Json;
using System.Xml.Linq;
using MySmpp.Credentials;
using MySmpp.Errors;
using MySmpp.Model;
using MySmpp.Protocol;
using Xunit;

namespace MySmpp.Core.Tests.Codecs;

/// <summary>The documents' own examples, copied verbatim into TestData.</summary>
public class DocumentExampleTests
{
    [Fact]
    public void Json_response_example_verbatim_is_refused_because_it_is_indented_with_no_break_spaces()
    {
        // The published example is indented with U+00A0, which JSON (RFC 8259) does not allow as
        // white space: a page-rendering artefact. A strict reader refuses it with a typed error.
        string verbatim = CodecHarness.TestData("json-response-example.json");
        Assert.Contains('\u00A0', verbatim);
        Assert.Throws<MySmppProtocolException>(() => CodecHarness.Read(MySmppProtocol.Json, verbatim));
    }

    [Fact]
    public void Json_response_example_reads_as_documented()
    {
        string example = CodecHarness.TestData("json-response-example.json").Replace('\u00A0', ' ');
        StateResponse response = CodecHarness.Read(MySmppProtocol.Json, example);

        SmsState state = Assert.Single(response.States);
        Assert.Null(response.ErrorText);
        Assert.Equal(82216, state.Id);
        Assert.Equal(SmsStatus.Delivered, state.Status);
        Assert.Equal("deliver", state.RawStatus);
        Assert.Equal(new DateTime(2021, 4, 26, 15, 15, 3), state.StatusTime);
        Assert.Equal(DateTimeKind.Unspecified, state.StatusTime!.Value.Kind);
        Assert.Equal(1, state.Parts);
        Assert.Equal(10.6m, state.PricePerPart);
        Assert.Equal(10.6m, state.TotalCost);
        Assert.False(state.IsFinal);
        Assert.True(state.IsDelivered);
        Assert.Null(state.SmsStatus);
        Assert.Equal(MySmppProtocol.Json, state.Protocol);
    }

    [Fact]
    public void Json_error_example_reads_as_an_error_text()
    {
        StateResponse response = CodecHarness.Read(MySmppProtocol.Json, CodecHarness.TestData("json-error-example.json"));

        Assert.Empty(response.States);
        Assert.Equal("Error message", response.ErrorText);
    }

    [Fact]
    public void Json_request_has_the_documented_shape()
    {
        using var credential = MySmppCredential.FromPassword("login", "password");
        using JsonDocument example = JsonDocument.Parse(CodecHarness.TestData("json-request-example.json"));
        using JsonDocument ours = JsonDocument.Parse(CodecHarness.WriteRequest(MySmppProtocol.Json, credential, new long[] { 82216 }, detail: true));

        JsonElement documented = example.RootElement[0];
        JsonElement written = Assert.Single(ours.RootElement.EnumerateArray());
        // Same property names (the example shows token beside login/password; we send one or the other).
        Assert.Equal(
            documented.EnumerateObject().Select(p => p.Name).Where(n => n != "token").OrderBy(n => n, StringComparer.Ordinal),
            written.EnumerateObject().Select(p => p.Name).OrderBy(n => n, StringComparer.Ordinal));
        Assert.Equal("login", written.GetProperty("login").GetString());
        Assert.Equal("password", written.GetProperty("password").GetString());
        Assert.Equal(JsonValueKind.Number, written.GetProperty("id_sms").ValueKind); // spec/README item 4
        Assert.Equal(82216, written.GetProperty("id_sms").GetInt64());
        Assert.Equal(1, written.GetProperty("detail").GetInt32());
    }

    [Fact]
    public void Json_request_with_a_token_sends_the_token_instead_of_login_and_password()
    {
        using var credential = MySmppCredential.FromToken("token");
        using JsonDocument ours = JsonDocument.Parse(CodecHarness.WriteRequest(MySmppProtocol.Json, credential, new long[] { 1, 2 }, detail: false));

        Assert.Equal(2, ours.RootElement.GetArrayLength());
        foreach (JsonElement item in ours.RootElement.EnumerateArray())
        {
            Assert.Equal("token", item.GetProperty("token").GetString());
            Assert.False(item.TryGetProperty("login", out _));
            Assert.False(item.TryGetProperty("password", out _));
            Assert.Equal(0, item.GetProperty("detail").GetInt32());
        }
    }

    [Fact]
    public void Xml_request_has_the_documented_shape()
    {
        using var credential = MySmppCredential.FromPassword("login", "password");
        XDocument example = XDocument.Parse(CodecHarness.TestData("xml-request-example.xml"));
        XDocument ours = XDocument.Parse(CodecHarness.WriteRequest(MySmppProtocol.Xml, credential, new long[] { 1, 2, 3, 4 }, detail: false));

        Assert.Equal(Shape(example.Root!), Shape(ours.Root!));
        Assert.Equal("login", ours.Root!.Element("security")!.Element("login")!.Attribute("value")!.Value);
        Assert.Equal("password", ours.Root!.Element("security")!.Element("password")!.Attribute("value")!.Value);
        Assert.Equal(new[] { "1", "2", "3", "4" }, ours.Root!.Element("get_state")!.Elements("id_sms").Select(e => e.Value));
    }

    [Fact]
    public void Xml_request_with_a_token_carries_token_value()
    {
        using var credential = MySmppCredential.FromToken("token");
        XDocument ours = XDocument.Parse(CodecHarness.WriteRequest(MySmppProtocol.Xml, credential, new long[] { 7 }, detail: false));

        XElement security = ours.Root!.Element("security")!;
        Assert.Equal("token", security.Element("token")!.Attribute("value")!.Value);
        Assert.Null(security.Element("login"));
        Assert.Null(security.Element("password"));
    }

    [Fact]
    public void Xml_response_example_verbatim_is_refused_because_its_ids_are_placeholders()
    {
        // The document's example holds prose where the ids go; a reader that accepted it would
        // invent ids. It must be a typed protocol error.
        var error = Assert.Throws<MySmppProtocolException>(() =>
            CodecHarness.Read(MySmppProtocol.Xml, CodecHarness.TestData("xml-response-example.xml")));
        Assert.Contains("id_sms", error.Message);
    }

    [Fact]
    public void Xml_response_example_with_real_values_reads_every_channel_shape()
    {
        string body = CodecHarness.TestData("xml-response-example.xml")
            .Replace("SMS ID in the system to check the status", "__ID__")
            .Replace("\"Status\"", "\"deliver\"")
            .Replace(">Status<", ">deliver<");
        int n = 0;
        while (body.Contains("__ID__", StringComparison.Ordinal))
        {
            int at = body.IndexOf("__ID__", StringComparison.Ordinal);
            body = body.Substring(0, at) + (++n) + body.Substring(at + 6);
        }

        StateResponse response = CodecHarness.Read(MySmppProtocol.Xml, body);

        Assert.Equal(3, response.States.Count);
        Assert.Equal(SmsStatus.Delivered, response.States[0].SmsStatus);
        Assert.Null(response.States[0].ViberStatus);
        Assert.Equal(SmsStatus.Delivered, response.States[1].SmsStatus);
        Assert.Equal(SmsStatus.Delivered, response.States[1].ViberStatus);
        Assert.Null(response.States[2].SmsStatus);
        Assert.Equal(SmsStatus.Delivered, response.States[2].ViberStatus);
        Assert.All(response.States, s => Assert.Equal(new DateTime(2011, 1, 1, 12, 57, 46), s.StatusTime));
        Assert.All(response.States, s => Assert.Equal(MySmppProtocol.Xml, s.Protocol));
        Assert.All(response.States, s => Assert.Null(s.Parts));
    }

    private static string Shape(XElement element) =>
        element.Name.LocalName + "(" + string.Join(",", element.Attributes().Select(a => "@" + a.Name.LocalName))
        + string.Join(",", element.Elements().Select(Shape).Distinct()) + ")";
}
