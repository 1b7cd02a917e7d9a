using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Security.Authentication;
using System.Threading;
using System.Threading.Tasks;
using MySmpp.Client;
using MySmpp.Credentials;
using MySmpp.Emulator;
using MySmpp.Model;
using MySmpp.Sending;
using Xunit;

// Ssl3, Tls and Tls11 are named on purpose: they are the old Windows PowerShell 5.1 defaults these tests simulate.
#pragma warning disable CS0618, SYSLIB0039

namespace MySmpp.Core.Tests.Windows;

/// <summary>
/// What the session's HTTP set-up does about .NET Framework's defaults (Windows PowerShell 5.1), proven here where
/// only .NET runs: every request says ExpectContinue = false (which .NET Framework needs to leave out
/// "Expect: 100-continue"; null there means "send it"), the emulator sees no Expect header, and the TLS offer is made
/// only when the runtime is .NET Framework and the process default lacks TLS 1.2.
/// </summary>
public sealed class NetFrameworkDefaultsTests
{
    [Fact]
    public async Task Every_request_of_every_kind_says_ExpectContinue_false_and_the_gateway_sees_no_Expect_header()
    {
        await using EmulatorServer server = await EmulatorServer.StartAsync(new EmulatorOptions { TimeScale = 0 });
        var seen = new ConcurrentQueue<(string Path, bool? ExpectContinue)>();
        foreach (MySmppProtocol protocol in new[] { MySmppProtocol.Json, MySmppProtocol.Xml })
        {
            var recorder = new RecordingHandler(new HttpClientHandler(), seen);
            using var client = new MySmppClient(MySmppCredential.FromPassword("login", "password"), Options(server.BaseAddress, protocol), recorder, disposeHandler: true);
            Assert.All(client.GetStates(new long[] { 82216, 82217, 1_000_001 }), r => Assert.Null(r.Error));
            await client.GetBalanceAsync();
            await client.GetSenderNamesAsync();
            using SmsSendOperation send = client.StartSend();
            send.Add(new SmsMessage { Phone = "79001234567", Text = "Hello", Sender = "MyShop" });
            Assert.All(send.Finish(), o => Assert.Null(o.Error));
        }

        Assert.Equal(
            new[] { "/json/balance.php", "/json/state.php", "/xml/", "/xml/balance.php", "/xml/originator.php", "/xml/state.php" },
            seen.Select(s => s.Path).Distinct().OrderBy(p => p, StringComparer.Ordinal));
        Assert.All(seen, s => Assert.True(s.ExpectContinue == false, s.Path + " went out with ExpectContinue = " + (s.ExpectContinue?.ToString() ?? "null")));
        Assert.Equal(seen.Count, server.Stats.Requests);
        Assert.Equal(0, server.Stats.RequestsWithHeader("Expect"));
        Assert.Equal(server.Stats.Requests, server.Stats.RequestsWithHeader("content-type")); // the recording sees headers
    }

    [Fact]
    public async Task The_emulator_records_an_Expect_header_when_a_client_sends_one()
    {
        await using EmulatorServer server = await EmulatorServer.StartAsync(new EmulatorOptions { TimeScale = 0 });
        using var http = new HttpClient();
        http.DefaultRequestHeaders.ExpectContinue = true;
        using var content = new StringContent("[{\"login\":\"login\",\"password\":\"password\",\"id_sms\":\"82216\"}]");
        using HttpResponseMessage response = await http.PostAsync(new Uri(server.BaseAddress, "json/state.php"), content);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, server.Stats.RequestsWithHeader("Expect"));
    }

    [Theory]
    [InlineData(false, SecurityProtocolType.Ssl3 | SecurityProtocolType.Tls, false, null)] // .NET: never
    [InlineData(false, SecurityProtocolType.Tls, true, null)]
    [InlineData(true, (SecurityProtocolType)0, false, null)] // SystemDefault: Windows decides
    [InlineData(true, SecurityProtocolType.Tls12, false, null)]
    [InlineData(true, SecurityProtocolType.Tls | SecurityProtocolType.Tls11 | SecurityProtocolType.Tls12, true, null)]
    [InlineData(true, SecurityProtocolType.Ssl3 | SecurityProtocolType.Tls, false, SslProtocols.Tls | SslProtocols.Tls11 | SslProtocols.Tls12)] // powershell.exe on Server 2016
    [InlineData(true, SecurityProtocolType.Ssl3 | SecurityProtocolType.Tls, true, SslProtocols.Tls | SslProtocols.Tls11 | SslProtocols.Tls12 | TlsOffer.Tls13)]
    [InlineData(true, SecurityProtocolType.Tls11, false, SslProtocols.Tls11 | SslProtocols.Tls12)]
    [InlineData(true, SecurityProtocolType.Tls | SecurityProtocolType.Tls11, false, SslProtocols.Tls | SslProtocols.Tls11 | SslProtocols.Tls12)]
    [InlineData(true, SecurityProtocolType.Ssl3, false, SslProtocols.Tls12)]
    public void The_offer_adds_TLS_1_2_only_on_NET_Framework_when_the_process_default_lacks_it(bool isNetFramework, SecurityProtocolType processDefault, bool osHasTls13, SslProtocols? expected)
    {
        Assert.Equal(expected, TlsOffer.Choose(isNetFramework, processDefault, osHasTls13));
    }

    [Fact]
    public void The_session_handler_takes_the_offer_and_on_this_runtime_there_is_none()
    {
        var options = new MySmppSessionOptions();
        Assert.False(TlsOffer.IsNetFramework);
        Assert.Null(TlsOffer.ForThisProcess());
        using (HttpClientHandler handler = MySmppClient.CreateHandler(options, TlsOffer.ForThisProcess()))
        {
            Assert.Equal(SslProtocols.None, handler.SslProtocols); // .NET: the OS's choice
        }

        SslProtocols? windowsPowerShellOnServer2016 = TlsOffer.Choose(isNetFramework: true, SecurityProtocolType.Ssl3 | SecurityProtocolType.Tls, osHasTls13: false);
        using (HttpClientHandler handler = MySmppClient.CreateHandler(options, windowsPowerShellOnServer2016))
        {
            Assert.Equal(SslProtocols.Tls | SslProtocols.Tls11 | SslProtocols.Tls12, handler.SslProtocols);
        }
    }

    internal static MySmppSessionOptions Options(Uri baseAddress, MySmppProtocol protocol = MySmppProtocol.Json, int batchSize = 200, int concurrency = 4) => new MySmppSessionOptions
    {
        BaseAddress = baseAddress,
        Protocol = protocol,
        BatchSize = batchSize,
        MaxConcurrency = concurrency,
        RetryBaseDelay = TimeSpan.FromMilliseconds(10),
        RetryMaxDelay = TimeSpan.FromMilliseconds(100),
    };

    /// <summary>Records each request's path and ExpectContinue as the handler chain receives it (defaults merged in).</summary>
    private sealed class RecordingHandler : DelegatingHandler
    {
        private readonly ConcurrentQueue<(string Path, bool? ExpectContinue)> _seen;

        public RecordingHandler(HttpMessageHandler inner, ConcurrentQueue<(string Path, bool? ExpectContinue)> seen)
            : base(inner) => _seen = seen;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            _seen.Enqueue((request.RequestUri!.AbsolutePath, request.Headers.ExpectContinue));
            return base.SendAsync(request, cancellationToken);
        }
    }
}
