using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using MySmpp.Client;
using MySmpp.Core.Tests.Reliability;
using MySmpp.Credentials;
using MySmpp.Errors;
using MySmpp.Model;
using MySmpp.Sending;
using Xunit;

namespace MySmpp.Core.Tests.Sending;

/// <summary>Servers that echo the sending or balance request back: no error, message or server text may quote the secret.</summary>
public class SendSecretsTests
{
    public enum Echo
    {
        HtmlPage500,
        RefusalTextPerRecipient,
        RequestErrorText,
        Garbage200,
    }

    [Theory]
    [InlineData(Echo.HtmlPage500, false)]
    [InlineData(Echo.RefusalTextPerRecipient, false)]
    [InlineData(Echo.RequestErrorText, false)]
    [InlineData(Echo.Garbage200, false)]
    [InlineData(Echo.HtmlPage500, true)]
    [InlineData(Echo.RefusalTextPerRecipient, true)]
    [InlineData(Echo.RequestErrorText, true)]
    [InlineData(Echo.Garbage200, true)]
    public async Task Secrets_never_appear_when_a_server_echoes_the_send_request(Echo echo, bool token)
    {
        await using RawHttpServer server = RawHttpServer.Start(exchange => Answer(exchange, echo));
        string secret = token ? Reliability.Reliability.Token : Reliability.Reliability.Password;
        using var client = new MySmppClient(
            token ? MySmppCredential.FromToken(secret) : MySmppCredential.FromPassword("login", secret),
            new MySmppSessionOptions { BaseAddress = server.BaseAddress, Protocol = MySmppProtocol.Xml, MaxRetries = 1, RetryBaseDelay = TimeSpan.FromMilliseconds(1), RetryMaxDelay = TimeSpan.FromMilliseconds(5) });
        var log = new List<string>();

        var outcomes = new List<SmsSendOutcome>();
        using (SmsSendOperation operation = client.StartSend(new SmsSendOptions { Log = line => { lock (log) log.Add(line); } }))
        {
            operation.Add(new SmsMessage { Phone = "79001112233", Text = "t", Sender = "MyShop" });
            outcomes.AddRange(operation.Finish());
        }

        MySmppException error = Assert.Single(outcomes).Error!;
        Assert.NotNull(error);
        AssertClean(secret, error.Message, error.ServerMessage, error.ToString());
        lock (log) AssertClean(secret, log.ToArray());

        MySmppException balanceError = await Assert.ThrowsAnyAsync<MySmppException>(() => client.GetBalanceAsync());
        AssertClean(secret, balanceError.Message, balanceError.ServerMessage, balanceError.ToString());
    }

    private static Task Answer(RawExchange exchange, Echo echo)
    {
        string body = exchange.Request.BodyText;
        switch (echo)
        {
            case Echo.HtmlPage500:
                return exchange.RespondAsync(500, "text/html", "<html><body><pre>" + body + "</pre></body></html>");
            case Echo.RefusalTextPerRecipient:
                return exchange.RespondAsync(200, "text/xml", "<response><information number_sms=\"1\">"
                    + System.Security.SecurityElement.Escape("Отправитель не прошел модерацию: " + body) + "</information></response>");
            case Echo.RequestErrorText:
                return exchange.RespondAsync(200, "text/xml", "<response><error>" + System.Security.SecurityElement.Escape("Неправильный формат XML документа " + body) + "</error></response>");
            default:
                return exchange.RespondAsync(200, "text/xml", "\u00FF\u00FE garbage " + body);
        }
    }

    private static void AssertClean(string secret, params string?[] texts)
    {
        foreach (string? text in texts)
        {
            if (text == null) continue;
            Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
            Assert.DoesNotContain(secret.Substring(0, 6), text, StringComparison.Ordinal);
        }
    }
}
