using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using MySmpp.Client;
using MySmpp.Credentials;
using MySmpp.Emulator;
using MySmpp.Errors;
using MySmpp.Model;
using Xunit;
using Xunit.Abstractions;

namespace MySmpp.Core.Tests.Reliability;

/// <summary>
/// A recognisable password and token sent through every error path we can reach — refused and locked
/// accounts, every injected fault, time-outs, cancellation, and servers that echo the request body into
/// error pages, status lines, headers, garbage and JSON/XML error texts — must appear in no exception
/// message or ToString() (inner exceptions included), server message, log line or ToString().
/// </summary>
[Collection(ReliabilityCollection.Name)]
public sealed class SecretsTests
{
    private static readonly long[] Ids = { 1_000_001, 1_000_002 };

    private readonly ITestOutputHelper _output;

    public SecretsTests(ITestOutputHelper output)
    {
        _output = output;
    }

    public static IEnumerable<object[]> Credentials()
    {
        foreach (MySmppProtocol protocol in new[] { MySmppProtocol.Json, MySmppProtocol.Xml })
        {
            yield return new object[] { protocol, false };
            yield return new object[] { protocol, true };
        }
    }

    [Theory]
    [MemberData(nameof(Credentials))]
    public async Task Secrets_never_appear_on_the_emulators_error_paths(MySmppProtocol protocol, bool token)
    {
        var seen = new SecretScanner();
        await using EmulatorServer emulator = await Reliability.StartEmulatorAsync();

        // Refused: the emulator knows neither the secret password for "acme" nor the token.
        await seen.RunAsync("refused", emulator.BaseAddress, protocol, token, o => { });

        // Locked: now it knows them, for a locked account.
        emulator.Data.AddAccount(new EmulatorAccount("acme", Reliability.Password, Reliability.Token, locked: true));
        await seen.RunAsync("locked", emulator.BaseAddress, protocol, token, o => { });
        emulator.Data.AddAccount(new EmulatorAccount("acme", Reliability.Password, Reliability.Token, locked: false));

        foreach (FailureModes mode in new[] { FailureModes.ServerError, FailureModes.ServiceUnavailable, FailureModes.TooManyRequests, FailureModes.HtmlErrorPage, FailureModes.DropConnection, FailureModes.TruncatedBody, FailureModes.Garbage })
        {
            emulator.Options.FailureRate = 1;
            emulator.Options.FailureModes = mode;
            await seen.RunAsync(mode.ToString(), emulator.BaseAddress, protocol, token, o => { });
        }

        emulator.Options.FailureRate = 0;
        emulator.Options.LatencyMs = 1000;
        await seen.RunAsync("timeout", emulator.BaseAddress, protocol, token, o => o.RequestTimeout = TimeSpan.FromMilliseconds(100));
        emulator.Options.LatencyMs = 0;

        // Cancellation while stalled.
        emulator.Options.StallMidBody = true;
        await seen.CancelStalledAsync(emulator.BaseAddress, protocol, token, () => emulator.Stats.StallsInjected > 0);
        emulator.Options.StallMidBody = false;

        // And the happy path, for the ToString()s of states and statistics.
        await seen.RunAsync("answered", emulator.BaseAddress, protocol, token, o => { });

        seen.AssertClean(_output, minimumTexts: 50);
    }

    public enum Echo
    {
        HtmlPage500,
        HtmlPage500CutInTheSecret,
        Garbage200,
        EchoAs200Answer,
        JsonErrorText400,
        XmlErrorText200,
        StatesPlusErrorText,
        ReasonPhrase,
        RedirectLocation,
        StatusLine,
        ElementName,
    }

    public static IEnumerable<object[]> Echoes()
    {
        foreach (Echo echo in Enum.GetValues<Echo>())
        {
            foreach (object[] credential in Credentials()) yield return new object[] { echo, credential[0], credential[1] };
        }
    }

    [Theory]
    [MemberData(nameof(Echoes))]
    public async Task Secrets_never_appear_when_a_server_echoes_the_request(Echo echo, MySmppProtocol protocol, bool token)
    {
        var echoed = new List<string>();
        await using RawHttpServer server = RawHttpServer.Start(exchange =>
        {
            string body = exchange.Request.BodyText;
            string firstLine = body.Replace("\r", " ", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
            string answer;
            switch (echo)
            {
                case Echo.HtmlPage500:
                    answer = "<html><body><h1>500</h1><pre>" + body + "</pre></body></html>";
                    lock (echoed) echoed.Add(answer);
                    return exchange.RespondAsync(500, "text/html", answer);
                case Echo.HtmlPage500CutInTheSecret:
                {
                    // Pad so the 512-byte head the client quotes ends in the middle of the secret (after 7 characters),
                    // with the padding all white space so it collapses and the cut lands inside the 200-character excerpt.
                    string secret = token ? Reliability.Token : Reliability.Password;
                    string prefix = "<p>" + body.Substring(0, body.IndexOf(secret, StringComparison.Ordinal));
                    string pad = new string(' ', Math.Max(0, 512 - 7 - Encoding.UTF8.GetByteCount(prefix)));
                    answer = "<p>" + pad + body.Substring(0, body.IndexOf(secret, StringComparison.Ordinal)) + secret + body.Substring(body.IndexOf(secret, StringComparison.Ordinal) + secret.Length);
                    lock (echoed) echoed.Add(answer);
                    return exchange.RespondAsync(500, "text/html", answer);
                }

                case Echo.Garbage200:
                    answer = "\u00FF\u00FEgarbage " + body;
                    lock (echoed) echoed.Add(answer);
                    return exchange.RespondAsync(200, exchange.ContentType, answer);
                case Echo.EchoAs200Answer:
                    lock (echoed) echoed.Add(body);
                    return exchange.RespondAsync(200, exchange.ContentType, body);
                case Echo.JsonErrorText400:
                    answer = WireAnswers.Error(MySmppProtocol.Json, "Incorrect data in " + body);
                    lock (echoed) echoed.Add(answer);
                    return exchange.RespondAsync(400, "text/json", answer);
                case Echo.XmlErrorText200:
                    answer = WireAnswers.Error(MySmppProtocol.Xml, "Incorrect login or password: " + body);
                    lock (echoed) echoed.Add(answer);
                    return exchange.RespondAsync(exchange.Request.IsXml ? 200 : 400, exchange.Request.IsXml ? "text/xml" : "text/json",
                        exchange.Request.IsXml ? answer : WireAnswers.Error(MySmppProtocol.Json, "Incorrect login or password: " + body));
                case Echo.StatesPlusErrorText:
                    if (exchange.Request.IsXml)
                    {
                        string states = WireAnswers.Xml(exchange.Request.AskedIds());
                        answer = states.Replace("</response>", "<error>" + System.Security.SecurityElement.Escape(body) + "</error></response>", StringComparison.Ordinal);
                    }
                    else
                    {
                        string states = WireAnswers.Json(exchange.Request.AskedIds());
                        answer = states.TrimEnd(']') + ",{\"error\":" + System.Text.Json.JsonSerializer.Serialize(body) + "}]";
                    }

                    lock (echoed) echoed.Add(answer);
                    return exchange.RespondAsync(200, exchange.ContentType, answer);
                case Echo.ReasonPhrase:
                    lock (echoed) echoed.Add(firstLine);
                    return exchange.WriteAsync("HTTP/1.1 503 " + firstLine + "\r\nContent-Length: 0\r\n\r\n");
                case Echo.RedirectLocation:
                {
                    string secret = token ? Reliability.Token : Reliability.Password;
                    string location = "https://elsewhere.example/state.php?echo=" + Uri.EscapeDataString(secret) + "&raw=" + secret;
                    lock (echoed) echoed.Add(location);
                    return exchange.RespondAsync(302, "text/plain", string.Empty, ("Location", location));
                }

                case Echo.StatusLine:
                    lock (echoed) echoed.Add(firstLine);
                    exchange.CloseAfterResponse = true;
                    return exchange.WriteAsync(firstLine + "\r\n\r\n");
                default:
                {
                    // Quoted by the XML reader, shortened to 40 characters: the cut falls inside the secret. A token
                    // can be an element name; the password (with its '!') goes into an attribute the reader quotes.
                    answer = token
                        ? "<" + new string('a', 35) + Reliability.Token + "><state/></" + new string('a', 35) + Reliability.Token + ">"
                        : "<response><state id_sms=\"" + new string('1', 33) + Reliability.Password + "\" time=\"\">send</state></response>";
                    lock (echoed) echoed.Add(answer);
                    return exchange.RespondAsync(200, "text/xml", answer);
                }
            }
        });

        var seen = new SecretScanner();
        await seen.RunAsync(echo.ToString(), server.BaseAddress, protocol, token, o => o.MaxRetries = 1);

        // The echo really carried the secret to the client, so a leak would have been possible.
        string watched = token ? Reliability.Token : Reliability.Password;
        Assert.Contains(echoed, e => e.Contains(watched, StringComparison.Ordinal));
        seen.AssertClean(_output, minimumTexts: 5);
    }

    [Theory]
    [InlineData("lk.mysmpp.ru/?token=tok-SECRET-Qq7")]
    [InlineData("acme:Pa55-Zz9!SECRET-pw@lk.mysmpp.ru")]
    [InlineData("http://acme:Pa55-Zz9!SECRET-pw@lk.mysmpp.ru")]
    [InlineData("http://lk.mysmpp.ru/json/state.php?token=tok-SECRET-Qq7")]
    [InlineData("http://lk.mysmpp.ru/?password=Pa55-Zz9!SECRET-pw")]
    [InlineData("ftp://acme:Pa55-Zz9!SECRET-pw@lk.mysmpp.ru")]
    public void A_secret_pasted_into_the_base_address_is_not_printed_back(string address)
    {
        var seen = new SecretScanner();
        ArgumentException error = Assert.ThrowsAny<ArgumentException>(() => MySmppSessionOptions.ParseBaseAddress(address));
        Assert.Equal("BaseAddress", error.ParamName);
        seen.Add("ParseBaseAddress", error);
        seen.AssertClean(_output, minimumTexts: 1);
    }

    [Fact]
    public void Credentials_clients_and_options_print_no_secret()
    {
        var seen = new SecretScanner();
        using var password = MySmppCredential.FromPassword("acme", Reliability.Password);
        using var token = MySmppCredential.FromToken(Reliability.Token);
        seen.AddText("credential", password.ToString());
        seen.AddText("credential", token.ToString());
        using var client = new MySmppClient(password, new MySmppSessionOptions());
        seen.AddText("client", client.ToString()!);
        seen.AddText("client", client.Account);
        seen.AddText("options", client.Options.ToString()!);
        seen.Add("empty", Assert.ThrowsAny<ArgumentException>(() => MySmppCredential.FromPassword(string.Empty, Reliability.Password)));
        seen.Add("empty", Assert.ThrowsAny<ArgumentException>(() => MySmppCredential.FromPassword("acme", string.Empty)));
        Assert.Equal("login 'acme' (password hidden)", password.ToString());
        Assert.Equal("token (hidden)", token.ToString());
        seen.AssertClean(_output, minimumTexts: 5);
    }

    [Fact]
    public void Redaction_blanks_whole_escaped_and_cut_off_secrets()
    {
        using var credential = MySmppCredential.FromPassword("acme", "p<&>\"ss+wörd-1");
        Assert.Equal("a *** b", credential.Redact("a p<&>\"ss+wörd-1 b"));
        Assert.Equal("a *** b", credential.Redact("a " + System.Security.SecurityElement.Escape("p<&>\"ss+wörd-1") + " b"));
        Assert.Equal("a *** b", credential.Redact("a " + System.Text.Json.JsonEncodedText.Encode("p<&>\"ss+wörd-1") + " b"));
        Assert.Equal("head ***", credential.Redact("head p<&>\"s"));
        Assert.Equal("name '***…'", credential.Redact("name 'p<&>\"ss+w…'"));
        Assert.Equal("nothing here", credential.Redact("nothing here"));
    }

    /// <summary>Collects every text a user could see and checks it for any six-character piece of either secret.</summary>
    private sealed class SecretScanner
    {
        private readonly List<(string Where, string Text)> _texts = new();
        private readonly string[] _secrets = { Reliability.Password, Reliability.Token, Uri.EscapeDataString(Reliability.Password) };

        public async Task RunAsync(string path, Uri baseAddress, MySmppProtocol protocol, bool token, Action<MySmppSessionOptions> configure)
        {
            MySmppCredential credential = token ? MySmppCredential.FromToken(Reliability.Token) : MySmppCredential.FromPassword("acme", Reliability.Password);
            using (credential)
            using (MySmppClient client = Reliability.Client(baseAddress, protocol, o =>
            {
                o.MaxRetries = 1;
                configure(o);
            }, credential))
            {
                QueryRun run = await Reliability.RunAsync(client, Ids);
                foreach (SmsStateResult result in run.Results)
                {
                    AddText(path + " result", result.ToString());
                    if (result.State != null) AddText(path + " state", result.State.ToString());
                    if (result.Error != null) Add(path, result.Error);
                }

                foreach (string line in run.Log) AddText(path + " log", line);
                AddText(path + " statistics", run.Statistics.ToString()!);
                AddText(path + " client", client.Account);

                // ValidateAsync throws the session-level error itself.
                try
                {
                    await client.ValidateAsync().WaitAsync(Reliability.HangBound);
                }
                catch (Exception ex) when (ex is not TimeoutException)
                {
                    Add(path + " validate", ex);
                }
            }
        }

        public async Task CancelStalledAsync(Uri baseAddress, MySmppProtocol protocol, bool token, Func<bool> stalled)
        {
            using MySmppCredential credential = token ? MySmppCredential.FromToken(Reliability.Token) : MySmppCredential.FromPassword("acme", Reliability.Password);
            using MySmppClient client = Reliability.Client(baseAddress, protocol, null, credential);
            using var cancel = new CancellationTokenSource();
            Task<IReadOnlyList<SmsStateResult>> all = client.GetStatesAsync(Ids, null, cancel.Token);
            Assert.True(await Reliability.EventuallyAsync(stalled, Reliability.HangBound));
            cancel.Cancel();
            Exception error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => all.WaitAsync(Reliability.HangBound));
            Add("cancel", error);
        }

        public void Add(string where, Exception error)
        {
            for (Exception? e = error; e != null; e = e.InnerException)
            {
                AddText(where + " message", e.Message);
                AddText(where + " tostring", e.ToString());
                foreach (DictionaryEntry entry in e.Data) AddText(where + " data", entry.Key + "=" + entry.Value);
                if (e is MySmppException m)
                {
                    if (m.ServerMessage != null) AddText(where + " server message", m.ServerMessage);
                    AddText(where + " error id", m.ErrorId);
                }

                if (e is AggregateException aggregate)
                {
                    foreach (Exception inner in aggregate.InnerExceptions) Add(where + " aggregate", inner);
                }
            }
        }

        public void AddText(string where, string text) => _texts.Add((where, text));

        public void AssertClean(ITestOutputHelper output, int minimumTexts)
        {
            var leaks = new List<string>();
            foreach ((string where, string text) in _texts)
            {
                foreach (string secret in _secrets)
                {
                    for (int i = 0; i + 6 <= secret.Length; i++)
                    {
                        string piece = secret.Substring(i, 6);
                        int at = text.IndexOf(piece, StringComparison.Ordinal);
                        if (at >= 0)
                        {
                            leaks.Add(where + ": '" + piece + "' in " + Around(text, at));
                            break;
                        }
                    }
                }
            }

            output.WriteLine(_texts.Count.ToString(CultureInfo.InvariantCulture) + " texts checked; samples:");
            foreach ((string where, string text) in _texts.Where(t => t.Where.EndsWith("message", StringComparison.Ordinal)).Take(12))
            {
                output.WriteLine("  " + where + ": " + (text.Length > 300 ? text.Substring(0, 300) + "…" : text));
            }

            Assert.True(leaks.Count == 0, "secret leaked:" + Environment.NewLine + string.Join(Environment.NewLine, leaks.Distinct().Take(20)));
            Assert.True(_texts.Count >= minimumTexts, "only " + _texts.Count + " texts were checked");
        }

        private static string Around(string text, int at)
        {
            int start = Math.Max(0, at - 80);
            int end = Math.Min(text.Length, at + 40);
            return "…" + text.Substring(start, end - start).Replace("\n", "\\n", StringComparison.Ordinal) + "…";
        }
    }
}
