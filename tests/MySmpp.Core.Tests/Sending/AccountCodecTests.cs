using System;
using System.Text;
using MySmpp.Account;
using MySmpp.Errors;
using Xunit;

namespace MySmpp.Core.Tests.Sending;

/// <summary>Balance and sender names in both documented shapes (platform-api.md sections 3 and 4), order not assumed.</summary>
public class AccountCodecTests
{
    [Fact]
    public void The_documented_xml_balance_is_read()
    {
        const string xml = "<response>\n  <money currency=\"RUR\">150.50</money>\n  <sms area=\"МТС\" price=\"1.1\" type_sms=\"sms\" type_text=\"Рекламные\">136</sms>\n  <sms area=\"Russia\" type_sms=\"viber\">Unlim</sms>\n</response>";

        MySmppBalance balance = BalanceCodec.ReadXml(Bytes(xml)).Value!;

        Assert.Equal(150.50m, balance.Money);
        Assert.Equal("RUR", balance.Currency);
        Assert.Equal(2, balance.Directions.Count);
        Assert.Equal("sms", balance.Directions[0].Kind);
        Assert.Equal("МТС", balance.Directions[0].Area);
        Assert.Equal(1.1m, balance.Directions[0].Price);
        Assert.Equal("Рекламные", balance.Directions[0].TextType);
        Assert.Equal(136, balance.Directions[0].MessagesLeft);
        Assert.True(balance.Directions[1].Unlimited);
        Assert.Null(balance.Directions[1].MessagesLeft);
    }

    [Fact]
    public void A_hostile_currency_becomes_one_short_safe_line_in_both_shapes()
    {
        string json = "{\"money\":\"1.00\",\"currency\":\"RUR\\u001b]0;owned\\u0007\\u001b[2J\\nInjected " + new string('x', 100_000) + "\"}";
        string xml = "<response><money currency=\"RUR&#x9b;2J&#x202e;&#10;Injected line\">1.00</money></response>";

        foreach (MySmppBalance balance in new[] { BalanceCodec.ReadJson(Bytes(json)).Value!, BalanceCodec.ReadXml(Bytes(xml)).Value! })
        {
            Assert.StartsWith("RUR", balance.Currency, StringComparison.Ordinal);
            Assert.True(balance.Currency!.Length <= 17, balance.Currency);
            Assert.DoesNotContain(balance.Currency, c => char.IsControl(c) || c == '\u202e');
        }
    }

    [Fact]
    public void Money_after_the_sms_elements_is_read_too()
    {
        const string xml = "<response><sms area=\"Tele2\" type_sms=\"sms\">Безлимит</sms><money currency=\"RUB\">19023.9</money></response>";

        MySmppBalance balance = BalanceCodec.ReadXml(Bytes(xml)).Value!;

        Assert.Equal(19023.9m, balance.Money);
        Assert.Equal("RUB", balance.Currency);
        Assert.True(Assert.Single(balance.Directions).Unlimited);
    }

    [Fact]
    public void The_documented_json_balance_is_read()
    {
        const string json = "{\"money\":\"19023.9\",\"currency\":\"RUR\",\"information\":[{\"type_sms\":\"sms\",\"area\":\"Tele2\",\"num_sms\":\"72029\"}]}";

        MySmppBalance balance = BalanceCodec.ReadJson(Bytes(json)).Value!;

        Assert.Equal(19023.9m, balance.Money);
        Assert.Equal("RUR", balance.Currency);
        MySmppBalanceDirection direction = Assert.Single(balance.Directions);
        Assert.Equal("Tele2", direction.Area);
        Assert.Equal(72029, direction.MessagesLeft);
    }

    [Fact]
    public void Json_balance_in_another_order_with_numbers_and_the_sms_field_name_is_read()
    {
        const string json = "{\"information\":[{\"sms\":5,\"area\":\"MTS\",\"type_sms\":\"viber\",\"price\":0.9}],\"currency\":\"RUB\",\"money\":12.5}";

        MySmppBalance balance = BalanceCodec.ReadJson(Bytes(json)).Value!;

        Assert.Equal(12.5m, balance.Money);
        MySmppBalanceDirection direction = Assert.Single(balance.Directions);
        Assert.Equal("viber", direction.Kind);
        Assert.Equal(5, direction.MessagesLeft);
        Assert.Equal(0.9m, direction.Price);
    }

    [Theory]
    [InlineData("{\"error\":\"Неправильный логин или пароль\"}", false)]
    [InlineData("<response><error>Неправильный логин или пароль</error></response>", true)]
    public void Balance_errors_come_back_as_their_text(string body, bool xml)
    {
        var parsed = xml ? BalanceCodec.ReadXml(Bytes(body)) : BalanceCodec.ReadJson(Bytes(body));
        Assert.Equal("Неправильный логин или пароль", parsed.ErrorText);
    }

    [Theory]
    [InlineData("{}", false)]
    [InlineData("[1]", false)]
    [InlineData("<response/>", true)]
    [InlineData("<response><money>lots</money></response>", true)]
    public void Balance_answers_without_a_balance_are_unreadable(string body, bool xml)
    {
        Assert.Throws<MySmppProtocolException>(() => xml ? BalanceCodec.ReadXml(Bytes(body)) : BalanceCodec.ReadJson(Bytes(body)));
    }

    [Fact]
    public void The_documented_sender_list_is_read()
    {
        const string xml = "<response>\n  <any_originator>FALSE</any_originator>\n  <list_originator>\n    <originator state=\"completed\">MyShop</originator>\n    <originator state=\"order\">NewName</originator>\n  </list_originator>\n</response>";

        SenderNameList list = SenderNameCodec.ReadXml(Bytes(xml)).Value!;

        Assert.False(list.AnyNameAllowed);
        Assert.Equal(2, list.Names.Count);
        Assert.Equal("MyShop", list.Names[0].Name);
        Assert.Equal(SenderNameState.Approved, list.Names[0].State);
        Assert.Equal(SenderNameState.Registering, list.Names[1].State);
        Assert.True(list.IsUsable("myshop"));
        Assert.False(list.IsUsable("NewName"));
        Assert.False(list.IsUsable("Other"));
    }

    [Fact]
    public void Sender_list_before_the_flag_and_rejected_names_are_read()
    {
        const string xml = "<response><list_originator><originator state=\"rejected\">Spammer</originator><originator state=\"completed\">A</originator></list_originator><any_originator>FALSE</any_originator></response>";

        SenderNameList list = SenderNameCodec.ReadXml(Bytes(xml)).Value!;

        Assert.Equal(SenderNameState.Rejected, list.Names[0].State);
        Assert.Equal(SenderNameState.Approved, list.Names[1].State);
        Assert.Equal(2, list.Names.Count);
    }

    [Fact]
    public void Any_name_allowed_needs_no_list()
    {
        SenderNameList list = SenderNameCodec.ReadXml(Bytes("<response><any_originator>TRUE</any_originator></response>")).Value!;

        Assert.True(list.AnyNameAllowed);
        Assert.Empty(list.Names);
        Assert.True(list.IsUsable("Anything"));
    }

    private static ArraySegment<byte> Bytes(string text) => new ArraySegment<byte>(Encoding.UTF8.GetBytes(text));
}
