using System;
using MySmpp.Model;
using Xunit;

namespace MySmpp.Core.Tests.Model;

public class SmsStateTests
{
    [Fact]
    public void Total_cost_is_parts_times_price_when_both_are_known()
    {
        Assert.Equal(31.8m, new SmsState(1, "deliver", null, MySmppProtocol.Json, parts: 3, pricePerPart: 10.6m).TotalCost);
        Assert.Null(new SmsState(1, "deliver", null, MySmppProtocol.Json, parts: 3).TotalCost);
        Assert.Null(new SmsState(1, "deliver", null, MySmppProtocol.Json, pricePerPart: 1m).TotalCost);
    }

    [Fact]
    public void Times_are_kept_as_unspecified_wall_clock_time()
    {
        var utc = new DateTime(2021, 4, 26, 15, 15, 3, DateTimeKind.Utc);
        SmsState state = new SmsState(1, "deliver", utc, MySmppProtocol.Json);
        Assert.Equal(DateTimeKind.Unspecified, state.StatusTime!.Value.Kind);
        Assert.Null(state.StatusTimeOffset);
    }

    [Fact]
    public void A_server_time_zone_gives_an_offset()
    {
        TimeZoneInfo moscow = TimeZoneInfo.CreateCustomTimeZone("Test/Moscow", TimeSpan.FromHours(3), "Moscow", "MSK");
        SmsState state = new SmsState(1, "deliver", new DateTime(2021, 4, 26, 15, 15, 3), MySmppProtocol.Json, serverTimeZone: moscow);
        Assert.Equal(new DateTimeOffset(2021, 4, 26, 15, 15, 3, TimeSpan.FromHours(3)), state.StatusTimeOffset);
    }

    [Fact]
    public void ToString_is_one_useful_line()
    {
        var state = new SmsState(82216, "deliver", new DateTime(2021, 4, 26, 15, 15, 3), MySmppProtocol.Json, parts: 1, pricePerPart: 10.6m);
        Assert.Equal("82216 Delivered at 2021-04-26 15:15:03, 1 part, cost 10.6", state.ToString());
        Assert.Equal("7 Unknown (queued)", new SmsState(7, "queued", null, MySmppProtocol.Xml).ToString());
        Assert.Equal("8 Read at 2021-01-01 12:57:46, sms Delivered, viber Read",
            new SmsState(8, "read", new DateTime(2011 + 10, 1, 1, 12, 57, 46), MySmppProtocol.Xml, "deliver", "read").ToString());
    }

    [Theory]
    [InlineData(SmsStatus.Sent, "send")]
    [InlineData(SmsStatus.NotDelivered, "not_deliver")]
    [InlineData(SmsStatus.Expired, "expired")]
    [InlineData(SmsStatus.Delivered, "deliver")]
    [InlineData(SmsStatus.Read, "read")]
    [InlineData(SmsStatus.PartlyDelivered, "partly_deliver")]
    public void Wire_names_round_trip(SmsStatus status, string wire)
    {
        Assert.Equal(wire, SmsStatusWire.ToWire(status));
        Assert.Equal(status, SmsStatusWire.Parse(wire));
    }

    [Fact]
    public void Unknown_has_no_wire_name_and_wire_names_are_case_sensitive()
    {
        Assert.Null(SmsStatusWire.ToWire(SmsStatus.Unknown));
        Assert.Equal(SmsStatus.Unknown, SmsStatusWire.Parse("DELIVER"));
        Assert.Equal(SmsStatus.Unknown, SmsStatusWire.Parse(null));
    }
}
