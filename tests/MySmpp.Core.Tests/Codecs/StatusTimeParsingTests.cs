using System;
using System.Globalization;
using System.Linq;
using System.Text;
using MySmpp.Errors;
using MySmpp.Model;
using MySmpp.Protocol;
using Xunit;

namespace MySmpp.Core.Tests.Codecs;

/// <summary>
/// Status times within one answer, in both flavours: the readers reuse the date of the previous time when its
/// <c>yyyy-MM-dd</c> is the same, so every time must still come out exactly, whatever the order of the dates,
/// and a bad time is refused even when its date was just seen.
/// </summary>
public class StatusTimeParsingTests
{
    private static readonly string[] Times =
    [
        "2021-04-26 15:00:07",
        "2021-04-26 23:59:59",
        "2021-04-27 00:00:00",
        "2021-04-26 00:00:00",
        "2021-05-26 00:00:00",
        "2022-05-26 00:00:00",
        "2022-04-26 00:00:00",
        "2022-04-16 00:00:00",
        "2024-02-29 12:30:45",
        "2024-02-29 12:30:46",
        "2023-02-28 12:30:45",
        "0001-01-01 00:00:00",
        "0001-01-01 00:00:01",
        "9999-12-31 23:59:59",
        "2021-04-26T08:09:10",
    ];

    [Theory]
    [InlineData(MySmppProtocol.Json)]
    [InlineData(MySmppProtocol.Xml)]
    public void Every_time_of_an_answer_is_read_exactly_whatever_the_order_of_its_dates(MySmppProtocol protocol)
    {
        StateResponse response = CodecHarness.Read(protocol, Answer(protocol, Times));

        Assert.Equal(
            Times.Select(t => (DateTime?)DateTime.ParseExact(t.Replace('T', ' '), "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)),
            response.States.Select(s => s.StatusTime));
        Assert.All(response.States, s => Assert.Equal(DateTimeKind.Unspecified, s.StatusTime!.Value.Kind));
    }

    [Theory]
    [InlineData(MySmppProtocol.Json, "2021-04-26 24:00:00")]
    [InlineData(MySmppProtocol.Json, "2021-04-26 15:60:00")]
    [InlineData(MySmppProtocol.Json, "2021-04-26 15:00:60")]
    [InlineData(MySmppProtocol.Json, "2021-04-26 1a:00:00")]
    [InlineData(MySmppProtocol.Json, "2021-04-26_15:00:00")]
    [InlineData(MySmppProtocol.Xml, "2021-04-26 24:00:00")]
    [InlineData(MySmppProtocol.Xml, "2021-04-26 15:60:00")]
    [InlineData(MySmppProtocol.Xml, "2021-04-26 15:00:60")]
    public void A_bad_time_is_refused_even_right_after_a_good_time_of_the_same_day(MySmppProtocol protocol, string bad)
    {
        // The good time just before has the bad one's date, so the bad one meets a remembered date.
        string answer = Answer(protocol, ["2021-02-28 15:00:07", bad.Substring(0, 10) + " 15:00:07", bad]);

        var error = Assert.Throws<MySmppProtocolException>(() => CodecHarness.Read(protocol, answer));
        Assert.Contains("time", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(MySmppProtocol.Json)]
    [InlineData(MySmppProtocol.Xml)]
    public void A_day_that_does_not_exist_is_refused_after_the_day_before(MySmppProtocol protocol)
    {
        string answer = Answer(protocol, ["2021-02-28 15:00:07", "2021-02-29 15:00:07"]);

        var error = Assert.Throws<MySmppProtocolException>(() => CodecHarness.Read(protocol, answer));
        Assert.Contains("time", error.Message, StringComparison.Ordinal);
    }

    private static string Answer(MySmppProtocol protocol, string[] times)
    {
        var text = new StringBuilder(protocol == MySmppProtocol.Xml ? "<response>" : "[");
        for (int i = 0; i < times.Length; i++)
        {
            text.Append(protocol == MySmppProtocol.Xml
                ? $"<state id_sms=\"{i + 1}\" time=\"{times[i]}\">deliver</state>"
                : $"{(i > 0 ? "," : string.Empty)}{{\"id_sms\":{i + 1},\"time_change_state\":\"{times[i]}\",\"state\":\"deliver\"}}");
        }

        return text.Append(protocol == MySmppProtocol.Xml ? "</response>" : "]").ToString();
    }
}
