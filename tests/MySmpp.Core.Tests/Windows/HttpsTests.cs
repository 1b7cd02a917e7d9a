using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Security.Authentication;
using System.Threading.Tasks;
using MySmpp.Client;
using MySmpp.Credentials;
using MySmpp.Emulator;
using MySmpp.Errors;
using MySmpp.Model;
using MySmpp.Sending;
using Xunit;

// Ssl3, Tls and Tls11 are named on purpose: they are the old Windows PowerShell 5.1 defaults these tests simulate.
#pragma warning disable CS0618, SYSLIB0039

namespace MySmpp.Core.Tests.Windows;

/// <summary>
/// The client against the emulator over https:// (a self-signed certificate made at the emulator's start, TLS 1.2
/// only): queries and sends work when the test trusts that one certificate in its own handler; a client that does
/// not trust it gets the certificate hint once, not a retry storm; a client that offers no TLS 1.2 (Windows
/// PowerShell 5.1's old default, simulated) gets the TLS hint naming the 5.1 cause, and the session's TLS offer fixes it.
/// </summary>
public sealed class HttpsTests
{
    private static Task<EmulatorServer> StartAsync() =>
        EmulatorServer.StartAsync(new EmulatorOptions { Urls = "https://127.0.0.1:0", TimeScale = 0, Tls12Only = true });

    /// <summary>The session's own handler, made as on Windows PowerShell 5.1 with <paramref name="tlsOffer"/>, trusting exactly the emulator's certificate.</summary>
    private static HttpClientHandler TrustingHandler(EmulatorServer server, MySmppSessionOptions options, SslProtocols? tlsOffer)
    {
        HttpClientHandler handler = MySmppClient.CreateHandler(options, tlsOffer);
        byte[] pinned = server.Certificate!.RawData;
        handler.ServerCertificateCustomValidationCallback = (_, certificate, _, _) => certificate != null && certificate.RawData.AsSpan().SequenceEqual(pinned);
        return handler;
    }

    [Theory]
    [InlineData(MySmppProtocol.Json)]
    [InlineData(MySmppProtocol.Xml)]
    public async Task Queries_sends_and_account_requests_work_over_https_with_TLS_1_2_only(MySmppProtocol protocol)
    {
        await using EmulatorServer server = await StartAsync();
        Assert.Equal("https", server.BaseAddress.Scheme);
        MySmppSessionOptions options = NetFrameworkDefaultsTests.Options(server.BaseAddress, protocol, batchSize: 50);

        // As Windows PowerShell 5.1 makes it on Server 2016 (process default Ssl3, Tls): the offer adds TLS 1.2.
        SslProtocols? offer = TlsOffer.Choose(isNetFramework: true, SecurityProtocolType.Ssl3 | SecurityProtocolType.Tls, osHasTls13: false);
        using var client = new MySmppClient(MySmppCredential.FromPassword("login", "password"), options, TrustingHandler(server, options, offer), disposeHandler: true);
        Assert.False(client.SendsCredentialsInClear);

        long[] ids = Enumerable.Range(1_000_000, 500).Select(i => (long)i).Append(82216).ToArray();
        List<SmsStateResult> results = client.GetStates(ids).ToList();
        Assert.Equal(ids, results.Select(r => r.Id));
        Assert.All(results, r => Assert.True(r.Error == null, r.Id + ": " + r.Error?.Message));

        using (SmsSendOperation send = client.StartSend())
        {
            send.Add(new SmsMessage { Phone = "79001234567", Text = "Hello over TLS", Sender = "MyShop" });
            SmsSendOutcome outcome = Assert.Single(send.Finish());
            Assert.True(outcome.Result != null, outcome.Error?.Message);
        }

        Assert.Equal(10_000m - 1.25m, (await client.GetBalanceAsync()).Money);
        Assert.True(server.Stats.TlsHandshakes >= 1);
        Assert.Equal(0, server.Stats.RequestsWithHeader("Expect"));
    }

    [Fact]
    public async Task An_untrusted_certificate_gives_the_certificate_hint_without_a_retry_storm()
    {
        await using EmulatorServer server = await StartAsync();
        MySmppSessionOptions options = NetFrameworkDefaultsTests.Options(server.BaseAddress, batchSize: 10, concurrency: 4);
        options.MaxRetries = 6;
        using var client = new MySmppClient(MySmppCredential.FromPassword("login", "password"), options); // the session's own handler, the system's trust

        long[] ids = Enumerable.Range(1_000_000, 1000).Select(i => (long)i).ToArray();
        List<SmsStateResult> results = client.GetStates(ids).ToList();

        Assert.Equal(ids, results.Select(r => r.Id));
        Assert.All(results, r =>
        {
            MySmppTransportException error = Assert.IsType<MySmppTransportException>(r.Error);
            Assert.False(error.IsTransient);
            Assert.Contains("certificate matches the host name '127.0.0.1' and is trusted", error.Message, StringComparison.Ordinal);
            Assert.Contains("Not retried", error.Message, StringComparison.Ordinal);
        });

        // 100 batches, 6 retries each allowed: the first failure stops the query, so only the requests already in
        // flight (at most MaxConcurrency) ever reached the server; none got as far as HTTP.
        Assert.InRange(server.Stats.TlsHandshakes, 1, options.MaxConcurrency);
        Assert.Equal(0, server.Stats.Requests);

        long before = server.Stats.TlsHandshakes;
        using (SmsSendOperation send = client.StartSend())
        {
            send.Add(new SmsMessage { Phone = "79001234567", Text = "Hello", Sender = "MyShop" });
            SmsSendOutcome outcome = Assert.Single(send.Finish());
            Assert.Contains("is trusted", outcome.Error!.Message, StringComparison.Ordinal);
        }

        Assert.Equal(1, server.Stats.TlsHandshakes - before);
        Assert.Equal(0, server.Sending.Accepted);
    }

    [Fact]
    [Trait(TestCategory.Name, TestCategory.Slow)]
    public async Task A_client_offering_no_TLS_1_2_gets_the_TLS_hint_naming_Windows_PowerShell_5_1()
    {
        await using EmulatorServer server = await StartAsync();
        MySmppSessionOptions options = NetFrameworkDefaultsTests.Options(server.BaseAddress);
        HttpClientHandler handler = TrustingHandler(server, options, tlsOffer: null);
        handler.SslProtocols = SslProtocols.Tls;
        using var client = new MySmppClient(MySmppCredential.FromPassword("login", "password"), options, handler, disposeHandler: true);

        MySmppTransportException error = Assert.IsType<MySmppTransportException>(Assert.Single(client.GetStates(new long[] { 82216 })).Error);
        Assert.False(error.IsTransient);
        Assert.Contains("The TLS handshake failed", error.Message, StringComparison.Ordinal);
        Assert.Contains("On Windows PowerShell 5.1 Windows itself must also allow TLS 1.2", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, server.Stats.Requests);
    }
}
