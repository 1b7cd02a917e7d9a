using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using MySmpp.Client;
using MySmpp.Core.Tests.Reliability;
using MySmpp.Errors;
using MySmpp.Model;
using MySmpp.Reporting;
using Xunit;
using R = MySmpp.Core.Tests.Reliability.Reliability;

namespace MySmpp.Core.Tests.Live;

/// <summary>
/// Server text that tries to act on a terminal (ESC/OSC/BEL), forge log lines (newlines), or flood the
/// output (a megabyte of error text) reaches messages, server messages and log lines as one bounded,
/// control-free line.
/// </summary>
[Collection(ReliabilityCollection.Name)]
public sealed class HostileTextTests
{
    public static IEnumerable<object[]> Cases()
    {
        string[] texts =
        {
            "Ошибка\u001b]52;c;cm0gLXJmIH4=\u0007\u001b[2J\u001b]0;pwned\u0007 конец",
            "bad request\r\nINFO 2026-11-30 all ids delivered\nWARN forged",
            "\u009b31mC1 CSI\u0085NEL\u2028LS\u202Eevil",
            new string('x', 1024 * 1024),
        };
        foreach (MySmppProtocol protocol in new[] { MySmppProtocol.Json, MySmppProtocol.Xml })
        {
            foreach (int status in new[] { 200, 400 })
            {
                for (int i = 0; i < texts.Length; i++) yield return new object[] { protocol, status, i, texts[i] };
            }
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task An_error_text_is_one_bounded_control_free_line(MySmppProtocol protocol, int status, int which, string text)
    {
        _ = which;
        string body = protocol == MySmppProtocol.Xml
            ? "<response><error>" + XmlText(text) + "</error></response>"
            : "{\"error\":" + System.Text.Json.JsonSerializer.Serialize(text) + "}";
        await using RawHttpServer server = RawHttpServer.Start(x => x.RespondAsync(status, x.ContentType, body));
        using MySmppClient client = R.Client(server.BaseAddress, protocol, o =>
        {
            o.BatchSize = 200;
            o.MaxRetries = 0;
        });

        QueryRun run = await R.RunAsync(client, R.SyntheticIds(200));

        long total = 0;
        foreach (MySmppException error in run.Errors)
        {
            TextSafety.AssertSafe(error.Message);
            TextSafety.AssertSafe(error.ServerMessage ?? string.Empty, 201);
            total += error.Message.Length + (error.ServerMessage?.Length ?? 0);
        }

        foreach (string line in run.Log) TextSafety.AssertSafe(line);
        Assert.Equal(200, run.Errors.Count());

        // The whole batch's error output stays small: 200 ids × a bounded message, not 200 × a megabyte.
        Assert.True(total < 200 * 2 * TextSafety.MaxMessage, total + " characters of error text for one batch.");
    }

    [Theory]
    [InlineData(MySmppProtocol.Json)]
    [InlineData(MySmppProtocol.Xml)]
    public async Task An_HTML_error_page_and_reason_phrase_with_escape_sequences_are_neutralised(MySmppProtocol protocol)
    {
        await using RawHttpServer server = RawHttpServer.Start(x => x.RespondAsync(502, "text/html", "<html>\u001b]0;title\u0007\r\nline two\u001b[2J</html>"));
        using MySmppClient client = R.Client(server.BaseAddress, protocol, o => o.MaxRetries = 0);

        QueryRun run = await R.RunAsync(client, new long[] { 1, 2 });

        foreach (MySmppException error in run.Errors)
        {
            TextSafety.AssertSafe(error.Message);
            TextSafety.AssertSafe(error.ServerMessage ?? string.Empty, 201);
        }
    }

    [Theory]
    [InlineData(MySmppProtocol.Json)]
    [InlineData(MySmppProtocol.Xml)]
    public async Task A_megabyte_status_is_not_kept(MySmppProtocol protocol)
    {
        string status = new string('y', 1024 * 1024);
        string body = protocol == MySmppProtocol.Xml
            ? "<response><state id_sms=\"7\" time=\"\">" + status + "</state></response>"
            : "[{\"id_sms\":7,\"time_change_state\":\"\",\"state\":\"" + status + "\"}]";
        await using RawHttpServer server = RawHttpServer.Start(x => x.RespondAsync(200, x.ContentType, body));
        using MySmppClient client = R.Client(server.BaseAddress, protocol, o => o.MaxRetries = 0);

        QueryRun run = await R.RunAsync(client, new long[] { 7 });

        Assert.Null(run.Results[0].State);
        TextSafety.AssertSafe(run.Results[0].Error!.Message);
    }

    [Fact]
    public void A_summary_of_huge_costs_saturates_instead_of_throwing()
    {
        var summary = new SmsStateSummary();
        var costly = new SmsState(1, "deliver", null, MySmppProtocol.Json, parts: 1, pricePerPart: decimal.MaxValue);
        summary.Add(costly);
        summary.Add(costly);
        Assert.Equal(decimal.MaxValue, summary.TotalCost);
    }

    [Fact]
    public void A_state_refuses_a_negative_price_or_parts()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new SmsState(1, "deliver", null, MySmppProtocol.Json, parts: 1, pricePerPart: -1m));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SmsState(1, "deliver", null, MySmppProtocol.Json, parts: -2, pricePerPart: 1m));
    }

    // XML can carry C0 controls only as character references; XML 1.0 forbids most of them even so, so those go raw in CDATA-free text.
    private static string XmlText(string text)
    {
        var escaped = new System.Text.StringBuilder();
        foreach (char c in text)
        {
            switch (c)
            {
                case '<': escaped.Append("&lt;"); break;
                case '&': escaped.Append("&amp;"); break;
                case '>': escaped.Append("&gt;"); break;
                default:
                    if (c < 0x20 && c != '\r' && c != '\n' && c != '\t') escaped.Append("&#x").Append(((int)c).ToString("X", System.Globalization.CultureInfo.InvariantCulture)).Append(';');
                    else escaped.Append(c);
                    break;
            }
        }

        return escaped.ToString();
    }
}
