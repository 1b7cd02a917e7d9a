using System;
using System.IO;
using System.Net;
using System.Threading.Tasks;
using MySmpp.Emulator;
using Xunit;

namespace MySmpp.Core.Tests.Emulator;

public sealed class SeedTests
{
    [Fact]
    public async Task SampleSeedFileLoadsAndServes()
    {
        EmulatorSeed seed = EmulatorSeed.Load(Path.Combine(AppContext.BaseDirectory, "seed.sample.json"));
        await using EmulatorServer server = await EmulatorTestHost.StartAsync(o => o.Seed = seed);

        RawReply alice = await RawHttp.PostJsonAsync(server, """[{"token":"alice-token","id_sms":5003,"detail":1},{"token":"alice-token","id_sms":82216}]""");
        RawReply bob = await RawHttp.PostXmlAsync(server, RawHttp.XmlRequest("<login value=\"bob\"/><password value=\"secret\"/>", "5001"));

        Assert.Equal(
            """[{"id_sms":5003,"time_change_state":"2021-04-26 15:19:00","state":"not_deliver","num_parts":1,"price":10.6000000},"""
            + """{"id_sms":82216,"time_change_state":"2021-04-26 15:15:03","state":"deliver"}]""",
            alice.Body);
        Assert.Contains("<error>Your account is locked</error>", bob.Body, StringComparison.Ordinal);
        Assert.Same(seed, server.Data);
    }

    [Fact]
    public void SeedWithoutDefaultsHasOnlyItsOwnData()
    {
        EmulatorSeed seed = EmulatorSeed.Parse("""
            { "includeDefaults": false,
              "accounts": [ { "login": "u", "password": "p" } ],
              "messages": [ { "id": "42", "steps": [ { "afterSeconds": 5, "state": "read", "viber": "read" }, { "state": "send" } ] } ] }
            """);

        Assert.Equal("u", Assert.Single(seed.Accounts).Login);
        EmulatorMessage message = Assert.Single(seed.Messages);
        Assert.Equal(42, message.Id);
        Assert.Equal(["send", "read"], [message.Steps[0].State, message.Steps[1].State]);
        Assert.Null(message.Steps[1].Sms);
        Assert.Equal("send", message.Steps[0].Sms);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("""{ "accounts": [ { "login": "u" } ] }""")]
    [InlineData("""{ "messages": [ { "id": 1 } ] }""")]
    [InlineData("""{ "messages": [ { "id": 1, "steps": [] } ] }""")]
    [InlineData("""{ "messages": [ { "id": "x", "state": "send" } ] }""")]
    [InlineData("""{ "accounts": 5 }""")]
    public void InvalidSeedsAreRejected(string json)
    {
        Assert.Throws<InvalidDataException>(() => EmulatorSeed.Parse(json));
    }

    [Fact]
    public async Task AccountsAndMessagesCanChangeWhileRunning()
    {
        await using EmulatorServer server = await EmulatorTestHost.StartAsync();
        const string Body = """[{"login":"carol","password":"pw","id_sms":9001}]""";

        RawReply before = await RawHttp.PostJsonAsync(server, Body);
        server.Data.AddAccount(new EmulatorAccount("carol", "pw"));
        server.Data.AddMessage(EmulatorMessage.Fixed(9001, "partly_deliver", parts: 2, price: 1.5m));
        RawReply added = await RawHttp.PostJsonAsync(server, Body);
        server.Data.AddAccount(new EmulatorAccount("carol", "pw", locked: true));
        RawReply locked = await RawHttp.PostJsonAsync(server, Body);

        Assert.Equal(HttpStatusCode.BadRequest, before.Status);
        Assert.Equal("""[{"id_sms":9001,"time_change_state":"2021-04-26 15:20:00","state":"partly_deliver"}]""", added.Body);
        Assert.Equal("""{"error":"Your account is locked"}""", locked.Body);
    }

    [Fact]
    public void TokenBelongsToOneAccount()
    {
        EmulatorSeed seed = EmulatorSeed.CreateDefault();

        Assert.Throws<ArgumentException>(() => seed.AddAccount(new EmulatorAccount("other", "x", "token")));
        seed.AddAccount(new EmulatorAccount("login", "password", "new-token"));
        Assert.Null(seed.FindByToken("token"));
        Assert.Equal("login", seed.FindByToken("new-token")?.Login);
    }
}
