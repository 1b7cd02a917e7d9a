using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Security;
using System.Text;
using System.Threading.Tasks;
using MySmpp.Client;
using MySmpp.Core.Tests.Reliability;
using MySmpp.Credentials;
using MySmpp.Errors;
using MySmpp.Model;
using MySmpp.Sending;
using Xunit;

namespace MySmpp.Core.Tests.Live;

/// <summary>
/// A proxy (or a server behind it) that echoes the request's <c>Proxy-Authorization</c> header, cut at any position: no
/// run of 6 characters of the proxy's password, of its Basic token, or of the gateway's password may reach a message,
/// from a status query, a send or a balance request. The whole-token match this replaces ran after the 200-character
/// cut and let the visible part of a cut token through (18 of 51 positions).
/// </summary>
[Collection(ReliabilityCollection.Name)]
[Trait(TestCategory.Name, TestCategory.Slow)]
public sealed class ProxyTokenCutTests
{
    private const string ProxyUser = "CORP\\svc-sms";
    private const string ProxyPassword = "Prx-9d!Kq27mZ";
    private const string GatewayPassword = "Gw-Pass-8x4N";

    public static IEnumerable<object[]> Paths() => new[] { new object[] { "state" }, new object[] { "send" }, new object[] { "balance" } };

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task No_cut_of_an_echoed_Basic_token_leaves_six_of_its_characters_in_any_message(string path)
    {
        string token = Convert.ToBase64String(Encoding.UTF8.GetBytes(ProxyUser + ":" + ProxyPassword));
        string header = "Proxy-Authorization: Basic " + token;
        string[] secrets = { token, ProxyPassword, GatewayPassword, Convert.ToBase64String(Encoding.UTF8.GetBytes("svc-sms:" + ProxyPassword)) };
        var leaks = new List<string>();

        // The echo's end falls at every position of the header, and the header at three places of a 200-character window.
        foreach (int lead in new[] { 0, 120, 180 })
        {
            for (int cut = 0; cut <= header.Length; cut++)
            {
                string echo = new string('x', lead) + header.Substring(0, cut);
                string seen = await ErrorTextsAsync(path, echo);
                foreach (string secret in secrets)
                {
                    string? run = LongestRun(seen, secret);
                    if (run != null) leaks.Add(string.Format(CultureInfo.InvariantCulture, "lead {0}, cut {1}: '{2}' of {3}", lead, cut, run, secret));
                }
            }
        }

        Assert.Empty(leaks);
    }

    // Every text the error of one request to a server answering 502 with the echo carries.
    private static async Task<string> ErrorTextsAsync(string path, string echo)
    {
        await using RawHttpServer server = RawHttpServer.Start(exchange => exchange.RespondAsync(502, "text/plain", echo));
        using var proxyPassword = Secure(ProxyPassword);

        // The session names the proxy (so it knows the proxy's secrets), while the handler goes straight to the server.
        using MySmppProxy proxy = MySmppProxy.Through(new Uri("http://proxy.example.com:8080"), ProxyUser, proxyPassword);
        MySmppSessionOptions options = Reliability.Reliability.Options(server.BaseAddress, MySmppProtocol.Xml, o => (o.MaxRetries, o.Proxy) = (0, proxy));
        using var client = new MySmppClient(MySmppCredential.FromPassword("login", GatewayPassword), options, new HttpClientHandler { UseProxy = false }, disposeHandler: true);
        MySmppException error;
        switch (path)
        {
            case "state":
                error = client.GetStates(new long[] { 1 }).Single().Error!;
                break;
            case "send":
                using (SmsSendOperation send = client.StartSend())
                {
                    send.Add(new SmsMessage { Phone = "79001112233", Text = "t", Sender = "MyShop" });
                    error = send.Finish().Single().Error!;
                }

                break;
            default:
                error = await Assert.ThrowsAnyAsync<MySmppException>(() => client.GetBalanceAsync());
                break;
        }

        return error.Message + "\n" + error.ServerMessage + "\n" + error;
    }

    // The longest run of 6 or more consecutive characters of the secret in the text, or null.
    private static string? LongestRun(string text, string secret)
    {
        for (int length = secret.Length; length >= 6; length--)
        {
            for (int start = 0; start + length <= secret.Length; start++)
            {
                string run = secret.Substring(start, length);
                if (text.Contains(run, StringComparison.Ordinal)) return run;
            }
        }

        return null;
    }

    private static SecureString Secure(string text)
    {
        var secure = new SecureString();
        foreach (char c in text) secure.AppendChar(c);
        return secure;
    }
}
