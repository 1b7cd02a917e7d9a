using System;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using MySmpp.Emulator;
using Xunit;

namespace MySmpp.Core.Tests.Emulator;

public sealed class SyntheticMessagesTests
{
    private static readonly string[] DocumentedStatuses = ["send", "not_deliver", "expired", "deliver", "read", "partly_deliver"];

    [Fact]
    public void OutcomesAreDeterministicAndCoverEveryStatus()
    {
        SyntheticMessage[] messages = Enumerable.Range(1_000_000, 2_000).Select(i => SyntheticMessages.For(i)).ToArray();

        Assert.Equal(messages, Enumerable.Range(1_000_000, 2_000).Select(i => SyntheticMessages.For(i)));
        Assert.All(DocumentedStatuses, s => Assert.Contains(messages, m => m.State == s));
        Assert.All(messages, m => Assert.True(m.Sms is not null || m.Viber is not null));
        Assert.All(messages.Where(m => m.State == "send"), m => Assert.Equal("", m.Time));
        Assert.All(messages.Where(m => m.State != "send"), m => DateTime.ParseExact(m.Time, "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture));
        Assert.All(messages, m => Assert.InRange(m.Parts, 1, 4));
        Assert.Contains(messages, m => m.Sms is not null && m.Viber is not null);
    }

    [Fact]
    public async Task ServerAnswersSyntheticIdsAsComputed()
    {
        await using EmulatorServer server = await EmulatorTestHost.StartAsync();
        long[] ids = Enumerable.Range(0, 200).Select(i => 1_500_000_000L + (i * 7919)).ToArray();
        string body = "[" + string.Join(",", ids.Select(id => $$"""{"token":"token","id_sms":{{id}},"detail":1}""")) + "]";

        RawReply reply = await RawHttp.PostJsonAsync(server, body);

        using JsonDocument document = JsonDocument.Parse(reply.Body);
        JsonElement[] answers = document.RootElement.EnumerateArray().ToArray();
        Assert.Equal(ids.Length, answers.Length);
        for (int i = 0; i < ids.Length; i++)
        {
            SyntheticMessage expected = SyntheticMessages.For(ids[i]);
            Assert.Equal(ids[i], answers[i].GetProperty("id_sms").GetInt64());
            Assert.Equal(expected.State, answers[i].GetProperty("state").GetString());
            Assert.Equal(expected.Time, answers[i].GetProperty("time_change_state").GetString());
            Assert.Equal(expected.Parts, answers[i].GetProperty("num_parts").GetInt32());
            Assert.Equal(expected.Price, answers[i].GetProperty("price").GetDecimal());
        }
    }

    [Fact]
    public async Task XmlCarriesSyntheticChannels()
    {
        await using EmulatorServer server = await EmulatorTestHost.StartAsync();
        long id = Enumerable.Range(1_000_000, 1000).Select(i => (long)i).First(i => SyntheticMessages.For(i) is { Sms: not null, Viber: not null });
        SyntheticMessage m = SyntheticMessages.For(id);

        RawReply reply = await RawHttp.PostXmlAsync(server, RawHttp.XmlRequest(RawHttp.Token, id.ToString(CultureInfo.InvariantCulture)));

        var expected = new StringBuilder("<state id_sms=\"").Append(id).Append("\" time=\"").Append(m.Time)
            .Append("\" sms=\"").Append(m.Sms).Append("\" viber=\"").Append(m.Viber).Append("\">").Append(m.State).Append("</state>");
        Assert.Contains(expected.ToString(), reply.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task IdsOutsideTheRangeOrWithRangeOffAreOmitted()
    {
        await using EmulatorServer server = await EmulatorTestHost.StartAsync(o => o.SyntheticIds = new IdRange(2_000_000, 2_000_010));

        RawReply inside = await RawHttp.PostJsonAsync(server, """[{"token":"token","id_sms":2000005},{"token":"token","id_sms":2000011}]""");
        server.Options.SyntheticIds = null;
        RawReply off = await RawHttp.PostJsonAsync(server, """[{"token":"token","id_sms":2000005}]""");

        using JsonDocument document = JsonDocument.Parse(inside.Body);
        Assert.Equal(2000005, Assert.Single(document.RootElement.EnumerateArray().ToArray()).GetProperty("id_sms").GetInt64());
        Assert.Equal("[]", off.Body);
    }
}
