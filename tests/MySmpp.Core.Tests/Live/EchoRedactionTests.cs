using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Security;
using System.Threading.Tasks;
using MySmpp.Client;
using MySmpp.Core.Tests.Reliability;
using MySmpp.Credentials;
using MySmpp.Errors;
using MySmpp.Model;
using Xunit;
using R = MySmpp.Core.Tests.Reliability.Reliability;

namespace MySmpp.Core.Tests.Live;

/// <summary>
/// A server that echoes the secret back, in any encoding and cut anywhere, must not get a run of 6 or more
/// consecutive characters of it (in any of those encodings) into any text the client produces: messages,
/// ToString(), server messages, log lines.
/// </summary>
[Collection(ReliabilityCollection.Name)]
[Trait(TestCategory.Name, TestCategory.Slow)]
public sealed class EchoRedactionTests
{
    // Characters every encoding treats differently: quote, apostrophe, slash, tilde, space, plus, ampersand, angle brackets.
    private const string Password = "Pa'ss \"w/o~rd& <x> 7+Q";
    private const string Token = "tk~A/b'c\"d e+f&g<h>i9";

    public enum Encoding
    {
        Raw,
        XmlEntities,
        XmlRawApostrophe,
        XmlNumeric,
        HtmlDoubleEscaped,
        JsonUnicode,
        JsonEscapedSlash,
        FormEncoded,
        PercentUpper,
        PercentLower,
    }

    public enum Cut
    {
        None,
        Dots,
        Truncated,
        Ellipsis,
    }

    public enum Container
    {
        JsonError400,
        JsonError200,
        XmlError200,
        HtmlPage500,
        StateText,
    }

    private static readonly Func<string, string>[] Encoders =
    {
        s => s,
        s => SecurityElement.Escape(s)!,
        s => s.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal),
        s => string.Concat(s.Select(c => char.IsLetterOrDigit(c) ? c.ToString() : "&#" + ((int)c).ToString(CultureInfo.InvariantCulture) + ";")),
        s => SecurityElement.Escape(SecurityElement.Escape(s))!,
        s => string.Concat(s.Select(c => char.IsLetterOrDigit(c) ? c.ToString() : "\\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture))),
        s => s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("/", "\\/", StringComparison.Ordinal),
        s => WebUtility.UrlEncode(s)!,
        s => string.Concat(s.Select(c => char.IsLetterOrDigit(c) ? c.ToString() : "%" + ((int)c).ToString("X2", CultureInfo.InvariantCulture))),
        s => string.Concat(s.Select(c => char.IsLetterOrDigit(c) ? c.ToString() : "%" + ((int)c).ToString("x2", CultureInfo.InvariantCulture))),
    };

    public static IEnumerable<object[]> Echoes()
    {
        foreach (Encoding encoding in Enum.GetValues<Encoding>())
        {
            foreach (Cut cut in Enum.GetValues<Cut>())
            {
                foreach (Container container in Enum.GetValues<Container>())
                {
                    yield return new object[] { encoding, cut, container };
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Echoes))]
    public async Task No_six_characters_of_a_secret_survive_an_echo(Encoding encoding, Cut cut, Container container)
    {
        foreach (bool token in new[] { false, true })
        {
            string secret = token ? Token : Password;
            string echo = Encoders[(int)encoding](secret);
            echo = cut switch
            {
                Cut.Dots => echo.Substring(0, echo.Length * 2 / 3) + "...",
                Cut.Truncated => echo.Substring(0, echo.Length * 2 / 3) + " [truncated]",
                Cut.Ellipsis => echo.Substring(0, echo.Length * 2 / 3) + "…",
                _ => echo,
            };

            var texts = new List<string>();
            foreach (MySmppProtocol protocol in new[] { MySmppProtocol.Json, MySmppProtocol.Xml })
            {
                await using RawHttpServer server = RawHttpServer.Start(x => Respond(x, container, "Incorrect data: password=" + echo + " end"));
                using MySmppCredential credential = token ? MySmppCredential.FromToken(secret) : MySmppCredential.FromPassword("acme", secret);
                using MySmppClient client = R.Client(server.BaseAddress, protocol, o => o.MaxRetries = 0, credential);
                QueryRun run = await R.RunAsync(client, new long[] { 1_000_001, 1_000_002 });
                foreach (SmsStateResult result in run.Results)
                {
                    texts.Add(result.ToString()!);
                    for (Exception? e = result.Error; e != null; e = e.InnerException)
                    {
                        texts.Add(e.Message);
                        texts.Add(e.ToString());
                        if (e is MySmppException m && m.ServerMessage != null) texts.Add(m.ServerMessage);
                    }
                }

                texts.AddRange(run.Log);
            }

            AssertNoRunOfSecret(secret, texts);
        }
    }

    /// <summary>No 6-character window of <paramref name="secret"/>, in any of the encodings, in any text.</summary>
    internal static void AssertNoRunOfSecret(string secret, IEnumerable<string> texts)
    {
        var windows = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i + 6 <= secret.Length; i++)
        {
            string window = secret.Substring(i, 6);
            foreach (Func<string, string> encode in Encoders) windows.Add(encode(window));
        }

        foreach (string text in texts)
        {
            foreach (string window in windows)
            {
                Assert.False(text.Contains(window, StringComparison.Ordinal), "'" + window + "' of the secret survives in: " + text);
            }
        }
    }

    private static Task Respond(RawExchange x, Container container, string text) => container switch
    {
        Container.JsonError400 => x.RespondAsync(400, "text/json; charset=utf-8", "{\"error\":" + System.Text.Json.JsonSerializer.Serialize(text) + "}"),
        Container.JsonError200 => x.RespondAsync(200, "text/json; charset=utf-8", "{\"error\":" + System.Text.Json.JsonSerializer.Serialize(text) + "}"),
        Container.XmlError200 => x.RespondAsync(200, "text/xml; charset=utf-8", "<response><error>" + SecurityElement.Escape(text) + "</error></response>"),
        Container.HtmlPage500 => x.RespondAsync(500, "text/html", "<html><body><pre>" + text + "</pre></body></html>"),
        _ => x.RespondAsync(200, x.ContentType, x.Request.IsXml
            ? "<response><state id_sms=\"1000001\" time=\"\">" + SecurityElement.Escape(text) + "</state></response>"
            : "[{\"id_sms\":1000001,\"time_change_state\":\"\",\"state\":" + System.Text.Json.JsonSerializer.Serialize(text) + "}]"),
    };
}
