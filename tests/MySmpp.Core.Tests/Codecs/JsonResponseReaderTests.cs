using System;
using System.Linq;
using System.Text;
using MySmpp.Errors;
using MySmpp.Model;
using MySmpp.Protocol;
using Xunit;

namespace MySmpp.Core.Tests.Codecs;

public class JsonResponseReaderTests
{
    private static StateResponse Read(string body) => CodecHarness.Read(MySmppProtocol.Json, body);

    [Theory]
    [InlineData("send", SmsStatus.Sent, false, false)]
    [InlineData("not_deliver", SmsStatus.NotDelivered, true, false)]
    [InlineData("expired", SmsStatus.Expired, true, false)]
    [InlineData("deliver", SmsStatus.Delivered, false, true)]
    [InlineData("read", SmsStatus.Read, true, true)]
    [InlineData("partly_deliver", SmsStatus.PartlyDelivered, false, false)]
    [InlineData("queued_somewhere_new", SmsStatus.Unknown, false, false)]
    public void Every_status_maps_and_keeps_its_raw_string(string wire, SmsStatus status, bool isFinal, bool isDelivered)
    {
        SmsState state = Read("[{\"id_sms\":5,\"time_change_state\":\"2021-04-26 15:15:03\",\"state\":\"" + wire + "\"}]").States.Single();

        Assert.Equal(status, state.Status);
        Assert.Equal(wire, state.RawStatus);
        Assert.Equal(isFinal, state.IsFinal);
        Assert.Equal(isDelivered, state.IsDelivered);
    }

    [Theory]
    [InlineData("\"\"")]
    [InlineData("null")]
    public void Empty_or_null_time_means_no_status_time(string time)
    {
        SmsState state = Read("[{\"id_sms\":5,\"time_change_state\":" + time + ",\"state\":\"send\"}]").States.Single();
        Assert.Null(state.StatusTime);
    }

    [Theory]
    [InlineData("10.6000000", "10.6")]
    [InlineData("\"10.6000000\"", "10.6")]
    [InlineData("2", "2")]
    [InlineData("0.0000001", "0.0000001")]
    public void Price_is_a_decimal_from_a_number_or_a_string(string price, string expected)
    {
        SmsState state = Read("[{\"id_sms\":5,\"time_change_state\":\"\",\"state\":\"deliver\",\"num_parts\":3,\"price\":" + price + "}]").States.Single();

        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), state.PricePerPart);
        Assert.Equal(3 * state.PricePerPart, state.TotalCost);
    }

    [Fact]
    public void Without_detail_there_are_no_parts_price_or_cost()
    {
        SmsState state = Read("[{\"id_sms\":5,\"time_change_state\":\"\",\"state\":\"send\"}]").States.Single();
        Assert.Null(state.Parts);
        Assert.Null(state.PricePerPart);
        Assert.Null(state.TotalCost);
    }

    [Fact]
    public void Ids_may_be_numbers_or_numeric_strings_up_to_64_bits()
    {
        StateResponse response = Read("[{\"id_sms\":\"82216\",\"state\":\"deliver\"},{\"id_sms\":9223372036854775807,\"state\":\"read\"}]");
        Assert.Equal(new[] { 82216L, long.MaxValue }, response.States.Select(s => s.Id));
    }

    [Fact]
    public void Unknown_properties_are_tolerated()
    {
        SmsState state = Read("[{\"id_sms\":5,\"state\":\"read\",\"extra\":{\"a\":[1,2,{\"b\":null}]},\"more\":true}]").States.Single();
        Assert.Equal(SmsStatus.Read, state.Status);
    }

    [Fact]
    public void An_empty_array_is_an_empty_answer()
    {
        StateResponse response = Read("[]");
        Assert.Empty(response.States);
        Assert.Null(response.ErrorText);
    }

    [Theory]
    [InlineData("Incorrect JSON document format")]
    [InlineData("Your account is locked")]
    [InlineData("Incorrect login or password")]
    [InlineData("POST data is missing")]
    public void Every_documented_error_text_is_read(string text)
    {
        StateResponse response = Read("{\"error\": \"" + text + "\"}");
        Assert.Equal(text, response.ErrorText);
        Assert.Empty(response.States);
    }

    [Fact]
    public void An_error_object_inside_the_array_is_read_as_the_error()
    {
        Assert.Equal("Incorrect login or password", Read("[{\"error\":\"Incorrect login or password\"}]").ErrorText);
    }

    [Theory]
    [InlineData("", "malformed")]
    [InlineData("   ", "malformed")]
    [InlineData("<html><body>502 Bad Gateway</body></html>", "malformed")]
    [InlineData("[{\"id_sms\":5,\"state\":\"deliver\"}", "malformed")]
    [InlineData("[{\"id_sms\":5,\"state\":\"deliver\"}] trailing", "malformed")]
    [InlineData("[{\"state\":\"deliver\"}]", "no \"id_sms\"")]
    [InlineData("[{\"id_sms\":5}]", "no \"state\"")]
    [InlineData("[{\"id_sms\":92233720368547758070,\"state\":\"deliver\"}]", "id_sms")]
    [InlineData("[{\"id_sms\":5.5,\"state\":\"deliver\"}]", "id_sms")]
    [InlineData("[{\"id_sms\":\"12a\",\"state\":\"deliver\"}]", "id_sms")]
    [InlineData("[{\"id_sms\":5,\"state\":7}]", "state")]
    [InlineData("[{\"id_sms\":5,\"state\":\"deliver\",\"num_parts\":-1}]", "num_parts")]
    [InlineData("[{\"id_sms\":5,\"state\":\"deliver\",\"num_parts\":99999999999}]", "num_parts")]
    [InlineData("[{\"id_sms\":5,\"state\":\"deliver\",\"price\":1e400}]", "price")]
    [InlineData("[{\"id_sms\":5,\"state\":\"deliver\",\"time_change_state\":\"2021-02-30 10:00:00\"}]", "time_change_state")]
    [InlineData("[{\"id_sms\":5,\"state\":\"deliver\",\"time_change_state\":\"yesterday\"}]", "time_change_state")]
    [InlineData("[1,2,3]", "not an object")]
    [InlineData("{\"ok\":true}", "id_sms")]
    [InlineData("42", "not an array")]
    public void Broken_answers_are_typed_protocol_errors(string body, string mentions)
    {
        var error = Assert.Throws<MySmppProtocolException>(() => Read(body));
        Assert.Contains(mentions, error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.True(error.IsTransient);
        Assert.False(error.RequestRejected);
    }

    [Fact]
    public void Deep_nesting_is_refused()
    {
        string deep = "[{\"id_sms\":5,\"state\":\"deliver\",\"x\":" + new string('[', 5000) + new string(']', 5000) + "}]";
        Assert.Throws<MySmppProtocolException>(() => Read(deep));
    }

    [Fact]
    public void Invalid_utf8_is_refused()
    {
        byte[] body = Encoding.UTF8.GetBytes("[{\"id_sms\":5,\"state\":\"XX\"}]");
        int at = Array.IndexOf(body, (byte)'X');
        body[at] = 0xC3;
        body[at + 1] = 0x28;
        Assert.Throws<MySmppProtocolException>(() => CodecHarness.Read(MySmppProtocol.Json, body));
    }

    [Fact]
    public void Escaped_status_strings_still_map()
    {
        SmsState state = Read("[{\"id_sms\":5,\"state\":\"d\\u0065liver\"}]").States.Single();
        Assert.Equal(SmsStatus.Delivered, state.Status);
    }

    [Theory]
    [InlineData("10.6000000")]
    [InlineData("2.15")]
    [InlineData("0")]
    [InlineData("0.0")]
    [InlineData("0.0000000")]
    [InlineData("100")]
    [InlineData("1.10")]
    [InlineData("9999999999999999999")]
    [InlineData("1844674407370955161.5")]
    [InlineData("0.0000000000000000001")]
    [InlineData("12345678901234567890")]
    [InlineData("1234567890.1234567890123")]
    [InlineData("1e2")]
    [InlineData("1.5E-3")]
    [InlineData("-0")]
    public void Prices_are_read_digit_for_digit_as_the_json_reader_reads_them(string number)
    {
        // The plain-digits path and the reader's own parser must give the same decimal, scale (trailing zeros) included.
        var reader = new System.Text.Json.Utf8JsonReader(Encoding.UTF8.GetBytes(number));
        reader.Read();
        Assert.True(reader.TryGetDecimal(out decimal expected));

        SmsState state = Read("[{\"id_sms\":5,\"state\":\"deliver\",\"num_parts\":1,\"price\":" + number + "}]").States.Single();

        Assert.Equal(decimal.GetBits(expected), decimal.GetBits(state.PricePerPart!.Value));
    }

    [Theory]
    [InlineData("10.6000000", true)]
    [InlineData("0.0", true)]
    [InlineData("0.000000000000000001", true)]
    [InlineData("9999999999999999999", true)]
    [InlineData("99999999999999999999", false)]
    [InlineData("18446744073709551615", false)]
    [InlineData("-0", false)]
    [InlineData("1e2", false)]
    [InlineData("1.5E-3", false)]
    public void Plain_digit_prices_take_the_short_path_and_the_rest_the_readers_parser(string number, bool plain)
    {
        // Up to 19 digits fit an unsigned 64-bit mantissa; longer numbers, signs and exponents go to TryGetDecimal.
        Assert.Equal(plain, Protocol.Json.JsonStateResponseReader.TryPlainDecimal(Encoding.UTF8.GetBytes(number), out _));
    }
}
