using System;
using System.Threading.Tasks;
using MySmpp.Emulator;
using Xunit;

namespace MySmpp.Core.Tests.Emulator;

public sealed class SimulatedClockTests
{
    private static readonly DateTime Start = new(2021, 4, 26, 15, 20, 0);

    [Fact]
    public void NowIsStartPlusScaledRealTimePlusOffset()
    {
        var real = new ManualTimeProvider();
        var clock = new SimulatedClock(Start, timeScale: 60, real);

        real.Advance(TimeSpan.FromSeconds(2));
        clock.Advance(TimeSpan.FromSeconds(5));

        Assert.Equal(TimeSpan.FromSeconds(125), clock.Elapsed);
        Assert.Equal(Start.AddSeconds(125), clock.Now);
    }

    [Fact]
    public void ZeroScaleFreezesRealTime()
    {
        var real = new ManualTimeProvider();
        var clock = new SimulatedClock(Start, timeScale: 0, real);

        real.Advance(TimeSpan.FromHours(1));

        Assert.Equal(Start, clock.Now);
    }

    [Fact]
    public void ClockNeverRunsBackwards()
    {
        var clock = new SimulatedClock(Start);

        Assert.Throws<ArgumentOutOfRangeException>(() => clock.Advance(TimeSpan.FromSeconds(-1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SimulatedClock(Start, -1));
    }

    [Fact]
    public async Task AdvancingMovesDemoMessageFromSendToFinalStatus()
    {
        await using EmulatorServer server = await EmulatorTestHost.StartAsync();
        string body = """[{"token":"token","id_sms":1001},{"token":"token","id_sms":1003}]""";

        RawReply before = await RawHttp.PostJsonAsync(server, body);
        server.Clock.Advance(TimeSpan.FromSeconds(9));
        RawReply middle = await RawHttp.PostJsonAsync(server, body);
        server.Clock.Advance(TimeSpan.FromSeconds(60));
        RawReply after = await RawHttp.PostJsonAsync(server, body);

        Assert.Equal("""[{"id_sms":1001,"time_change_state":"","state":"send"},{"id_sms":1003,"time_change_state":"","state":"send"}]""", before.Body);
        Assert.Equal("""[{"id_sms":1001,"time_change_state":"2021-04-26 15:20:05","state":"not_deliver"},{"id_sms":1003,"time_change_state":"2021-04-26 15:20:08","state":"deliver"}]""", middle.Body);
        Assert.Equal("""[{"id_sms":1001,"time_change_state":"2021-04-26 15:20:05","state":"not_deliver"},{"id_sms":1003,"time_change_state":"2021-04-26 15:20:17","state":"read"}]""", after.Body);
    }

    [Fact]
    public async Task MessageIsUnknownBeforeItsFirstStep()
    {
        await using EmulatorServer server = await EmulatorTestHost.StartAsync();
        server.Data.AddMessage(EmulatorMessage.Fixed(7001, "deliver", afterSeconds: 30));

        RawReply early = await RawHttp.PostJsonAsync(server, """[{"token":"token","id_sms":7001}]""");
        server.Clock.Advance(TimeSpan.FromSeconds(30));
        RawReply late = await RawHttp.PostJsonAsync(server, """[{"token":"token","id_sms":7001}]""");

        Assert.Equal("[]", early.Body);
        Assert.Equal("""[{"id_sms":7001,"time_change_state":"2021-04-26 15:20:30","state":"deliver"}]""", late.Body);
    }
}
