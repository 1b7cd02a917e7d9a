using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Threading.Tasks;
using MySmpp.Account;
using MySmpp.Client;
using MySmpp.Core.Tests.Reliability;
using MySmpp.Emulator;
using MySmpp.Model;
using MySmpp.Sending;
using Xunit;

namespace MySmpp.Core.Tests.Model;

/// <summary>
/// Every record a user may export (sender names, balance directions, send results) carries server text only as a
/// spreadsheet-safe cell: a value a spreadsheet would run as a formula (= + - @) is written behind an apostrophe.
/// </summary>
public sealed class SpreadsheetSafetyTests
{
    private static readonly string[] Formulas = { "=HYPERLINK(\"http://evil\",\"x\")", "+cmd|' /C calc'!A0", "@SUM(1+1)", "-2+3", "\t=1+1" };

    [Fact]
    public async Task Sender_names_from_a_hostile_gateway_are_safe_cells_and_keep_their_value()
    {
        await using EmulatorServer server = await Reliability.Reliability.StartEmulatorAsync();
        foreach (string formula in Formulas) server.Sending.Senders.Add(new KeyValuePair<string, string>(formula, "=completed"));
        using MySmppClient client = Reliability.Reliability.Client(server.BaseAddress, MySmppProtocol.Xml);

        SenderNameList names = await client.GetSenderNamesAsync();

        Assert.All(names.Names, n => AssertSafe(n));
        Assert.Contains(names.Names, n => n.Name == "'=HYPERLINK(\"http://evil\",\"x\")" && n.Value == "=HYPERLINK(\"http://evil\",\"x\")");
        Assert.Contains(names.Names, n => n.Name == "MyShop" && n.Value == "MyShop");
    }

    [Theory]
    [InlineData(MySmppProtocol.Xml)]
    [InlineData(MySmppProtocol.Json)]
    public async Task Balance_directions_from_a_hostile_gateway_are_safe_cells(MySmppProtocol protocol)
    {
        string xml = "<response><money currency=\"=1+1\">10</money>"
            + string.Concat(Formulas.Select(f => "<sms area=\"" + System.Security.SecurityElement.Escape(f) + "\" type_sms=\"" + System.Security.SecurityElement.Escape(f) + "\" type_text=\"" + System.Security.SecurityElement.Escape(f) + "\">" + System.Security.SecurityElement.Escape(f) + "</sms>"))
            + "</response>";
        string json = "{\"money\":\"10\",\"currency\":\"=1+1\",\"information\":["
            + string.Join(",", Formulas.Select(f => "{\"type_sms\":" + Quote(f) + ",\"area\":" + Quote(f) + ",\"num_sms\":" + Quote(f) + "}")) + "]}";
        await using RawHttpServer server = RawHttpServer.Start(exchange => exchange.RespondAsync(200, protocol == MySmppProtocol.Xml ? "text/xml" : "application/json", protocol == MySmppProtocol.Xml ? xml : json));
        using MySmppClient client = Reliability.Reliability.Client(server.BaseAddress, protocol);

        MySmppBalance balance = await client.GetBalanceAsync();

        AssertSafe(balance);
        Assert.Equal(Formulas.Length, balance.Directions.Count);
        Assert.All(balance.Directions, d => AssertSafe(d));
    }

    [Fact]
    public void A_send_result_carries_no_server_text()
    {
        // Its strings are the normalised phone only: digits, which no spreadsheet runs.
        Assert.Equal(new[] { nameof(SmsSendResult.Phone) }, typeof(SmsSendResult).GetProperties().Where(p => p.PropertyType == typeof(string)).Select(p => p.Name));
    }

    [Theory]
    [InlineData("=1+1", "'=1+1")]
    [InlineData("+7", "'+7")]
    [InlineData("-x", "'-x")]
    [InlineData("@a", "'@a")]
    [InlineData("\t=1", "'=1")]
    [InlineData("\r\n+1", "'+1")]
    [InlineData("MyShop", "MyShop")]
    [InlineData("a=b", "a=b")]
    public void A_cell_is_one_line_behind_an_apostrophe_when_a_spreadsheet_would_run_it(string value, string cell)
    {
        Assert.Equal(cell, SpreadsheetText.Cell(value));
    }

    // Every string property of the object is a safe cell.
    private static void AssertSafe(object record)
    {
        foreach (PropertyInfo property in record.GetType().GetProperties().Where(p => p.PropertyType == typeof(string)))
        {
            string? value = (string?)property.GetValue(record);
            Assert.False(SpreadsheetText.LooksLikeFormula(value), record.GetType().Name + "." + property.Name + " = " + value);
        }
    }

    private static string Quote(string text) => System.Text.Json.JsonSerializer.Serialize(text);
}
