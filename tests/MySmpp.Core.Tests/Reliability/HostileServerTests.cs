using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using MySmpp.Client;
using MySmpp.Errors;
using MySmpp.Model;
using Xunit;

namespace MySmpp.Core.Tests.Reliability;

/// <summary>
/// The nastiest servers, played by a raw socket server: each case ends in the documented typed error for
/// every id (or the right states), never an unhandled exception, a hang, or a state given to the wrong id.
/// </summary>
[Collection(ReliabilityCollection.Name)]
public sealed class HostileServerTests
{
    private static readonly long[] Ids = { 1_000_001, 1_000_002, 1_000_003 };

    // ---- a server that hangs mid-body -------------------------------------------------------------

    [Theory]
    [InlineData(MySmppProtocol.Json)]
    [InlineData(MySmppProtocol.Xml)]
    public async Task A_cancelled_token_stops_a_query_stalled_mid_body_within_a_second_and_closes_the_connection(MySmppProtocol protocol)
    {
        var stalled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using RawHttpServer server = RawHttpServer.Start(async exchange =>
        {
            byte[] answer = Encoding.UTF8.GetBytes(exchange.ValidAnswer());
            await exchange.WriteAsync(RawExchange.Head(200, exchange.ContentType, answer.Length));
            await exchange.WriteAsync(answer.AsSpan(0, answer.Length / 2).ToArray());
            stalled.TrySetResult();
            await exchange.StallUntilClientClosesAsync();
        });
        using MySmppClient client = Reliability.Client(server.BaseAddress, protocol, o => (o.RequestTimeout, o.MaxRetries) = (TimeSpan.FromSeconds(60), 0));
        using var cancel = new CancellationTokenSource();

        BlockingRun finish = BlockingRun.Start(() =>
        {
            using StateQuery query = client.StartQuery(new StateQueryOptions(), cancel.Token);
            foreach (long id in Ids) query.Add(id);
            _ = query.Finish().Count();
        });
        await stalled.Task.WaitAsync(Reliability.HangBound);
        Assert.Equal(1, server.OpenConnections);

        long cancelled = Stopwatch.GetTimestamp();
        cancel.Cancel();
        await finish.Completion.WaitAsync(Reliability.HangBound);
        Assert.IsAssignableFrom<OperationCanceledException>(finish.Error);
        Assert.True(finish.EndedAfter(cancelled) < TimeSpan.FromSeconds(1), "Finish() took " + finish.EndedAfter(cancelled) + " to honour the cancellation");

        // Nothing left behind: the client closed its socket, and the server saw it.
        Assert.True(await server.WaitUntilAsync(s => s.OpenConnections == 0, TimeSpan.FromSeconds(2)), "the stalled connection was not closed");
        Assert.Equal(1, server.RequestCount);
    }

    [Theory]
    [InlineData(MySmppProtocol.Json)]
    [InlineData(MySmppProtocol.Xml)]
    public async Task A_per_request_timeout_gives_every_id_a_timeout_error_and_is_retried(MySmppProtocol protocol)
    {
        await using RawHttpServer server = RawHttpServer.Start(async exchange =>
        {
            byte[] answer = Encoding.UTF8.GetBytes(exchange.ValidAnswer());
            await exchange.WriteAsync(RawExchange.Head(200, exchange.ContentType, answer.Length));
            await exchange.WriteAsync(answer.AsSpan(0, answer.Length / 2).ToArray());
            await exchange.StallUntilClientClosesAsync();
        });
        using MySmppClient client = Reliability.Client(server.BaseAddress, protocol, o => (o.RequestTimeout, o.MaxRetries) = (TimeSpan.FromMilliseconds(300), 1));

        QueryRun run = await Reliability.RunAsync(client, Ids);

        foreach (SmsStateResult result in run.Results)
        {
            var error = Assert.IsType<MySmppTransportException>(result.Error);
            Assert.True(error.IsTimeout);
            Assert.Equal("MySmpp.Timeout", error.ErrorId);
            Assert.Contains("RequestTimeout", error.Message, StringComparison.Ordinal);
            Assert.Contains("Gave up after 2 attempts", error.Message, StringComparison.Ordinal);
            Assert.Contains(result.Id, error.Ids);
        }

        Assert.Equal(2, server.RequestCount);
        Assert.True(run.Elapsed < TimeSpan.FromSeconds(5), "took " + run.Elapsed);
        Assert.True(await server.WaitUntilAsync(s => s.OpenConnections == 0, TimeSpan.FromSeconds(2)), "a timed-out connection was left open");
    }

    // ---- answers that must end in one typed error for every id ---------------------------------------

    /// <summary>
    /// A hostile answer, what the client is set to, and what every id must get: an error of <see cref="Error"/> whose
    /// message holds <see cref="MessagePart"/>, after <see cref="Requests"/> requests (when given), transient or not
    /// (when given), the connection closed after it (when <see cref="ClosesConnection"/>), and whatever else
    /// <see cref="Check"/> asks of the run.
    /// </summary>
    internal sealed record HostileCase(
        MySmppProtocol Protocol,
        Func<RawExchange, Task> Answer,
        Type Error,
        string? MessagePart = null,
        Action<MySmppSessionOptions>? Configure = null,
        int? Requests = null,
        bool? Transient = null,
        bool ClosesConnection = false,
        Action<QueryRun>? Check = null);

    // 64 MiB of NULs after a '[': a few tens of KB on the wire, under the limit the client is given.
    private static readonly byte[] CompressionBomb = GzipOfZeros(64);

    private static readonly Dictionary<string, HostileCase> Cases = BuildCases();

    public static IEnumerable<object[]> CaseNames() => Cases.Keys.Select(name => new object[] { name });

    [Theory]
    [MemberData(nameof(CaseNames))]
    public async Task A_hostile_answer_ends_in_its_typed_error_for_every_id(string name)
    {
        HostileCase hostile = Cases[name];
        await using RawHttpServer server = RawHttpServer.Start(hostile.Answer);
        using MySmppClient client = Reliability.Client(server.BaseAddress, hostile.Protocol, hostile.Configure);

        QueryRun run = await Reliability.RunAsync(client, Ids);

        foreach (SmsStateResult result in run.Results)
        {
            Assert.Null(result.State);
            Assert.IsType(hostile.Error, result.Error);
            Assert.Contains(result.Id, result.Error!.Ids);
            if (hostile.MessagePart != null) Assert.Contains(hostile.MessagePart, result.Error.Message, StringComparison.Ordinal);
        }

        if (hostile.Requests.HasValue) Assert.Equal(hostile.Requests.Value, server.RequestCount);
        if (hostile.Transient.HasValue) Assert.Equal(hostile.Transient.Value, run.Results[0].Error!.IsTransient);
        if (hostile.ClosesConnection) Assert.True(await server.WaitUntilAsync(s => s.OpenConnections == 0, TimeSpan.FromSeconds(2)), name + ": the connection was left open");
        hostile.Check?.Invoke(run);
    }

    private static Dictionary<string, HostileCase> BuildCases()
    {
        var cases = new Dictionary<string, HostileCase>(StringComparer.Ordinal);
        MySmppProtocol[] both = { MySmppProtocol.Json, MySmppProtocol.Xml };
        Action<MySmppSessionOptions> noRetry = o => o.MaxRetries = 0;

        foreach (MySmppProtocol p in both)
        {
            // Oversized: a declared length over the limit is refused before reading (and not retried); a compression bomb
            // (64 MiB of NULs, tens of KB on the wire) is cut after decompression.
            cases["declared length over MaxResponseBytes, " + p] = new HostileCase(p, async exchange =>
            {
                await exchange.WriteAsync(RawExchange.Head(200, exchange.ContentType, 50L * 1024 * 1024));
                await exchange.WriteAsync(new string(' ', 1024));
                await exchange.StallUntilClientClosesAsync();
            }, typeof(MySmppProtocolException), "MaxResponseBytes", o => o.MaxResponseBytes = 64 * 1024, Requests: 1, Transient: false, ClosesConnection: true);
            cases["compression bomb, " + p] = new HostileCase(p, exchange => exchange.RespondAsync(200, exchange.ContentType, CompressionBomb, ("Content-Encoding", "gzip")),
                typeof(MySmppProtocolException), Configure: o => (o.MaxResponseBytes, o.MaxRetries) = (256 * 1024, 0), Check: _ => Assert.True(CompressionBomb.Length < 256 * 1024, "the bomb is " + CompressionBomb.Length + " bytes on the wire"));

            // Not the API's answer: a web server's page (retried: a proxy's page may pass), broken UTF-8, a stranger's id
            // (the whole answer discarded and retried), a reset connection (retried).
            cases["HTML page with 200, " + p] = new HostileCase(p,
                exchange => exchange.RespondAsync(200, "text/html; charset=utf-8", "<!DOCTYPE html>\n<html><head><title>Welcome</title></head><body><h1>It works!</h1></body></html>"),
                typeof(MySmppProtocolException), "HTML page", o => o.MaxRetries = 1, Requests: 2, Check: run =>
                {
                    MySmppException error = run.Results[0].Error!;
                    Assert.Contains("text/html", error.Message, StringComparison.Ordinal);
                    Assert.Contains("It works!", error.ServerMessage, StringComparison.Ordinal);
                    Assert.Equal(200, error.HttpStatusCode);
                });
            cases["invalid UTF-8 in a state, " + p] = new HostileCase(p, exchange =>
            {
                byte[] valid = Encoding.UTF8.GetBytes(exchange.ValidAnswer());
                string text = Encoding.UTF8.GetString(valid);
                int at = text.IndexOf(exchange.Request.IsXml ? "\">" : "\"state\":\"", StringComparison.Ordinal) + (exchange.Request.IsXml ? 2 : 9);
                return exchange.RespondAsync(200, exchange.ContentType, valid.Take(at).Concat(new byte[] { 0xC3, 0x28, 0xFF }).Concat(valid.Skip(at)).ToArray());
            }, typeof(MySmppProtocolException), Configure: noRetry);
            cases["an answer about an id not asked for, " + p] = new HostileCase(p, exchange =>
            {
                long[] asked = exchange.Request.AskedIds();
                return exchange.RespondAsync(200, exchange.ContentType, WireAnswers.For(exchange.Request.Protocol, asked.Take(asked.Length - 1).Append(1_999_999_999L).ToArray()));
            }, typeof(MySmppProtocolException), "not asked for", o => o.MaxRetries = 2, Requests: 3);
            cases["connection reset, " + p] = new HostileCase(p, exchange =>
            {
                exchange.Reset();
                return Task.CompletedTask;
            }, typeof(MySmppTransportException), "Gave up after 3 attempts", o => o.MaxRetries = 2, Requests: 3, Transient: true);
        }

        foreach ((MySmppProtocol p, string contentType) in new[] { (MySmppProtocol.Json, "image/png"), (MySmppProtocol.Xml, "application/octet-stream"), (MySmppProtocol.Json, "application/pdf") })
        {
            cases["a valid body as " + contentType + ", " + p] = new HostileCase(p, exchange => exchange.RespondAsync(200, contentType, exchange.ValidAnswer()),
                typeof(MySmppProtocolException), contentType, Requests: 1);
        }

        cases["the other flavour's answer"] = new HostileCase(MySmppProtocol.Json,
            exchange => exchange.RespondAsync(200, "text/xml; charset=utf-8", WireAnswers.Xml(exchange.Request.AskedIds())), typeof(MySmppProtocolException), "JSON", noRetry);
        cases["billion laughs"] = new HostileCase(MySmppProtocol.Xml, exchange => exchange.RespondAsync(200, "text/xml", BillionLaughs()), typeof(MySmppProtocolException), Configure: noRetry,
            Check: run => Assert.True(run.Elapsed < TimeSpan.FromSeconds(5), "took " + run.Elapsed));
        cases["JSON nested 100,000 deep"] = new HostileCase(MySmppProtocol.Json,
            exchange => exchange.RespondAsync(200, "text/json", new string('[', 100_000) + new string(']', 100_000)), typeof(MySmppProtocolException), Configure: noRetry);

        // Numbers out of range and impossible times are protocol errors, never states.
        string[] json =
        {
            "[{\"id_sms\":99999999999999999999,\"time_change_state\":\"\",\"state\":\"send\"}]",
            "[{\"id_sms\":1000001,\"time_change_state\":\"\",\"state\":\"send\",\"num_parts\":-1,\"price\":1}]",
            "[{\"id_sms\":1000001,\"time_change_state\":\"\",\"state\":\"send\",\"num_parts\":2147483648,\"price\":1}]",
            "[{\"id_sms\":1000001,\"time_change_state\":\"\",\"state\":\"send\",\"num_parts\":1,\"price\":1e999}]",
            "[{\"id_sms\":1000001,\"time_change_state\":\"2021-02-30 25:61:00\",\"state\":\"read\"}]",
        };
        string[] xml =
        {
            "<response><state id_sms=\"99999999999999999999\" time=\"\">send</state></response>",
            "<response><state id_sms=\"-1000001\" time=\"\">send</state></response>",
            "<response><state id_sms=\"1000001\" time=\"9999-99-99 99:99:99\">send</state></response>",
        };
        foreach ((MySmppProtocol p, string body) in json.Select(b => (MySmppProtocol.Json, b)).Concat(xml.Select(b => (MySmppProtocol.Xml, b))))
        {
            cases["out of range: " + body] = new HostileCase(p, exchange => exchange.RespondAsync(200, exchange.ContentType, body), typeof(MySmppProtocolException), Configure: noRetry);
        }

        // Transport: not HTTP at all; redirects, reported with the new address (without its user info or query), never
        // followed (a redirected POST turns into a GET) nor retried.
        cases["a garbage status line"] = new HostileCase(MySmppProtocol.Json, async exchange =>
        {
            await exchange.WriteAsync("SMTP ready\r\n\r\n");
            exchange.Close();
        }, typeof(MySmppTransportException), Configure: noRetry);
        foreach ((MySmppProtocol p, int status) in new[] { (MySmppProtocol.Json, 301), (MySmppProtocol.Xml, 302), (MySmppProtocol.Json, 307) })
        {
            cases["redirect " + status + ", " + p] = new HostileCase(p,
                exchange => exchange.RespondAsync(status, "text/html", "<a href=\"https://elsewhere.example/\">moved</a>", ("Location", "https://elsewhere.example/json/state.php")),
                typeof(MySmppTransportException), "https://elsewhere.example/json/state.php", Requests: 1, Transient: false, Check: run => Assert.Equal(status, run.Results[0].Error!.HttpStatusCode));
        }

        cases["redirect to an address with user info and a query"] = new HostileCase(MySmppProtocol.Json,
            exchange => exchange.RespondAsync(302, "text/html", string.Empty, ("Location", "https://someone:hunter2@elsewhere.example:8443/json/state.php?token=abc")),
            typeof(MySmppTransportException), "'https://elsewhere.example:8443/json/state.php'", Check: run =>
            {
                string message = run.Results[0].Error!.Message;
                Assert.DoesNotContain("hunter2", message, StringComparison.Ordinal);
                Assert.DoesNotContain("someone", message, StringComparison.Ordinal);
                Assert.DoesNotContain("token=abc", message, StringComparison.Ordinal);
            });
        return cases;
    }

    private static byte[] GzipOfZeros(int mebibytes)
    {
        using var packed = new MemoryStream();
        using (var gzip = new GZipStream(packed, CompressionLevel.Optimal, leaveOpen: true))
        {
            byte[] zeros = new byte[1024 * 1024];
            gzip.Write("["u8);
            for (int i = 0; i < mebibytes; i++) gzip.Write(zeros);
        }

        return packed.ToArray();
    }

    private static string BillionLaughs()
    {
        var dtd = new StringBuilder("<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">");
        for (int i = 1; i <= 9; i++) dtd.Append("<!ENTITY lol").Append(i).Append(" \"").Append(string.Concat(Enumerable.Repeat("&lol" + (i == 1 ? string.Empty : (i - 1).ToString(System.Globalization.CultureInfo.InvariantCulture)) + ";", 10))).Append("\">");
        return dtd.Append("]><response><state id_sms=\"1000001\" time=\"\">&lol9;</state></response>").ToString();
    }

    // ---- oversized answers ------------------------------------------------------------------------

    [Theory]
    [InlineData(MySmppProtocol.Json, true)]
    [InlineData(MySmppProtocol.Xml, true)]
    [InlineData(MySmppProtocol.Json, false)]
    [InlineData(MySmppProtocol.Xml, false)]
    public async Task An_endless_body_is_cut_at_MaxResponseBytes(MySmppProtocol protocol, bool chunked)
    {
        long written = 0;
        await using RawHttpServer server = RawHttpServer.Start(async exchange =>
        {
            // Chunked, or no length at all (read to close): either way the body never ends by itself.
            await exchange.WriteAsync(chunked
                ? RawExchange.Head(200, exchange.ContentType, null, ("Transfer-Encoding", "chunked"))
                : RawExchange.Head(200, exchange.ContentType, null, ("Connection", "close")));
            string start = exchange.Request.IsXml ? "<response>" : "[";
            string filler = new string(' ', 8192 - start.Length);
            byte[] first = Encoding.ASCII.GetBytes(chunked ? "2000\r\n" + start + filler + "\r\n" : start + filler);
            byte[] chunk = Encoding.ASCII.GetBytes(chunked ? "2000\r\n" + new string(' ', 8192) + "\r\n" : new string(' ', 8192));
            try
            {
                await exchange.WriteAsync(first);
                for (int i = 0; i < 20_000; i++)
                {
                    await exchange.WriteAsync(chunk);
                    Interlocked.Add(ref written, 8192);
                }
            }
            catch (IOException)
            {
                // The client hung up: what we want.
            }

            exchange.Close();
        });
        using MySmppClient client = Reliability.Client(server.BaseAddress, protocol, o => o.MaxResponseBytes = 64 * 1024);

        QueryRun run = await Reliability.RunAsync(client, Ids);

        AllFailWith<MySmppProtocolException>(run, "MaxResponseBytes");
        Assert.Equal(1, server.RequestCount);
        Assert.True(await server.WaitUntilAsync(s => s.OpenConnections == 0, TimeSpan.FromSeconds(5)));
        Assert.True(Interlocked.Read(ref written) < 20_000L * 8192, "the client read the endless body to its end");
    }

    // ---- not the API's answer ---------------------------------------------------------------------

    [Theory]
    [InlineData(MySmppProtocol.Json, "text/html; charset=UTF-8")]
    [InlineData(MySmppProtocol.Xml, "text/html; charset=UTF-8")]
    [InlineData(MySmppProtocol.Json, "application/json")]
    [InlineData(MySmppProtocol.Xml, "application/xml")]
    [InlineData(MySmppProtocol.Json, null)]
    public async Task A_valid_answer_under_a_sloppy_text_content_type_is_still_read(MySmppProtocol protocol, string? contentType)
    {
        // PHP answers text/html unless told otherwise; the body decides.
        await using RawHttpServer server = RawHttpServer.Start(exchange => exchange.RespondAsync(200, contentType, exchange.ValidAnswer()));
        using MySmppClient client = Reliability.Client(server.BaseAddress, protocol);

        QueryRun run = await Reliability.RunAsync(client, Ids);

        foreach (SmsStateResult result in run.Results) Assert.Null(WireAnswers.Mismatch(result.State!, protocol, detail: true));
    }

    // ---- hostile XML ------------------------------------------------------------------------------

    [Fact]
    public async Task An_external_entity_is_never_fetched_and_the_answer_is_refused()
    {
        int fetches = 0;
        RawHttpServer? self = null;
        await using RawHttpServer server = RawHttpServer.Start(exchange =>
        {
            if (exchange.Request.Method != "POST")
            {
                Interlocked.Increment(ref fetches);
                return exchange.RespondAsync(200, "text/plain", "deliver");
            }

            string target = self!.BaseAddress + "xxe";
            return exchange.RespondAsync(200, "text/xml", "<?xml version=\"1.0\"?><!DOCTYPE response [<!ENTITY xxe SYSTEM \"" + target + "\"><!ENTITY local SYSTEM \"file:///etc/hostname\">]>"
                + "<response><state id_sms=\"1000001\" time=\"\">&xxe;&local;</state></response>");
        });
        self = server;
        using MySmppClient client = Reliability.Client(server.BaseAddress, MySmppProtocol.Xml, o => o.MaxRetries = 0);

        QueryRun run = await Reliability.RunAsync(client, Ids);

        AllFailWith<MySmppProtocolException>(run, null);
        Assert.Equal(0, Volatile.Read(ref fetches));
        Assert.All(server.Requests, r => Assert.Equal("POST", r.Method));
    }

    // ---- broken content -----------------------------------------------------------------------------

    [Theory]
    [InlineData(MySmppProtocol.Json)]
    [InlineData(MySmppProtocol.Xml)]
    public async Task A_truncated_answer_of_correct_length_is_a_protocol_error_and_a_cut_connection_a_transport_error(MySmppProtocol protocol)
    {
        await using RawHttpServer server = RawHttpServer.Start(async exchange =>
        {
            byte[] valid = Encoding.UTF8.GetBytes(exchange.ValidAnswer());
            byte[] half = valid.Take(valid.Length / 2).ToArray();
            if (exchange.Request.Index == 1)
            {
                await exchange.RespondAsync(200, exchange.ContentType, half); // complete response, truncated document
            }
            else
            {
                await exchange.WriteAsync(RawExchange.Head(200, exchange.ContentType, valid.Length));
                await exchange.WriteAsync(half);
                exchange.Close(); // the body ends short of its Content-Length
            }
        });
        using MySmppClient client = Reliability.Client(server.BaseAddress, protocol, o => o.MaxRetries = 0);

        QueryRun first = await Reliability.RunAsync(client, Ids);
        QueryRun second = await Reliability.RunAsync(client, Ids);

        AllFailWith<MySmppProtocolException>(first, null);
        Assert.True(first.Results[0].Error!.IsTransient);
        AllFailWith<MySmppTransportException>(second, null);
        Assert.True(second.Results[0].Error!.IsTransient);
    }

    [Theory]
    [InlineData(MySmppProtocol.Json)]
    [InlineData(MySmppProtocol.Xml)]
    public async Task Ids_answered_twice_get_an_error_and_the_others_their_states(MySmppProtocol protocol)
    {
        await using RawHttpServer server = RawHttpServer.Start(exchange =>
        {
            long[] asked = exchange.Request.AskedIds();
            long[] answered = asked.Concat(new[] { asked[1] }).ToArray(); // the second id twice
            return exchange.RespondAsync(200, exchange.ContentType, WireAnswers.For(exchange.Request.Protocol, answered));
        });
        using MySmppClient client = Reliability.Client(server.BaseAddress, protocol, o => o.MaxRetries = 0);

        QueryRun run = await Reliability.RunAsync(client, Ids);

        Assert.Null(WireAnswers.Mismatch(run.Results[0].State!, protocol, true));
        var error = Assert.IsType<MySmppProtocolException>(run.Results[1].Error);
        Assert.Contains("more than once", error.Message, StringComparison.Ordinal);
        Assert.Equal(new[] { Ids[1] }, error.Ids);
        Assert.Null(WireAnswers.Mismatch(run.Results[2].State!, protocol, true));
    }

    // ---- transport ----------------------------------------------------------------------------------

    [Theory]
    [InlineData(MySmppProtocol.Json, false)]
    [InlineData(MySmppProtocol.Xml, false)]
    [InlineData(MySmppProtocol.Json, true)]
    public async Task Retry_After_of_a_429_is_honoured(MySmppProtocol protocol, bool asDate)
    {
        var clock = new FakeClientClock();
        await using RawHttpServer server = RawHttpServer.Start(exchange =>
        {
            if (exchange.Request.Index > 1) return exchange.RespondValidAsync();
            string retryAfter = asDate ? clock.UtcNow.AddSeconds(3).ToString("R", System.Globalization.CultureInfo.InvariantCulture) : "1";
            return exchange.RespondAsync(429, "text/plain", "slow down", ("Retry-After", retryAfter));
        });
        using MySmppClient client = Reliability.Client(server.BaseAddress, protocol, o =>
            (o.MaxRetries, o.RetryBaseDelay, o.RetryMaxDelay, o.Clock) = (3, TimeSpan.FromMilliseconds(1), TimeSpan.FromSeconds(10), clock));

        QueryRun run = await Reliability.RunAsync(client, Ids);

        foreach (SmsStateResult result in run.Results) Assert.Null(WireAnswers.Mismatch(result.State!, protocol, true));
        Assert.Equal(2, server.RequestCount);
        double waited = Assert.Single(clock.Delays).TotalSeconds;

        // A date has one-second resolution, so "3 s from now" may mean a little over 2 s; the 1 ms backoff alone would not wait.
        if (asDate) Assert.InRange(waited, 2, 3);
        else Assert.Equal(1, waited);
        Assert.Contains(run.Log, line => line.StartsWith("Retry 1 of 3", StringComparison.Ordinal) && line.Contains("429", StringComparison.Ordinal));
    }

    private static void AllFailWith<T>(QueryRun run, string? messagePart)
        where T : MySmppException
    {
        foreach (SmsStateResult result in run.Results)
        {
            Assert.Null(result.State);
            T error = Assert.IsType<T>(result.Error);
            Assert.Contains(result.Id, error.Ids);
            if (messagePart != null) Assert.Contains(messagePart, error.Message, StringComparison.Ordinal);
        }
    }
}
