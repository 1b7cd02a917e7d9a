using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Security;
using System.Text;
using System.Threading.Tasks;
using MySmpp.Client;
using MySmpp.Core.Tests.Emulator;
using MySmpp.Credentials;
using MySmpp.Emulator;
using MySmpp.Errors;
using MySmpp.Model;
using MySmpp.TestProxy;
using Xunit;

namespace MySmpp.Core.Tests.Proxy;

/// <summary>
/// Sessions behind a real forward proxy on loopback (<see cref="LoopbackForwardProxy"/>), in both flavours: requests
/// go through it with credentials; without them (or with wrong ones) a 407 is one request and one
/// <c>MySmpp.ProxyAuthenticationRequired</c>, never retried; a proxy that is down is named, not the gateway.
/// The gateway is addressed as <c>lk.mysmpp.test</c>, a host only the proxy resolves, so a request that
/// succeeds went through the proxy.
/// </summary>
public sealed class ProxyTests
{
    internal const string ProxyUser = "proxyops";
    internal const string ProxyPassword = "Px-4c1e9b7d";
    internal const string GatewayHost = "lk.mysmpp.test";

    [Theory]
    [InlineData(MySmppProtocol.Json)]
    [InlineData(MySmppProtocol.Xml)]
    public async Task Requests_go_through_an_authenticating_proxy_with_its_credentials(MySmppProtocol protocol)
    {
        await using EmulatorServer emulator = await EmulatorTestHost.StartAsync();
        await using LoopbackForwardProxy proxy = StartProxy(emulator, ProxyUser + ":" + ProxyPassword);
        using MySmppProxy settings = MySmppProxy.Through(proxy.Address, ProxyUser, Secure(ProxyPassword));
        using MySmppClient client = Client(emulator, protocol, settings);

        List<SmsStateResult> results = client.GetStates(new long[] { 82216, 82217 }).ToList();

        Assert.All(results, r => Assert.Null(r.Error));
        Assert.Equal(SmsStatus.Delivered, results[0].State!.Status);
        Assert.Equal(1, emulator.Stats.Requests);

        // The handler answers the proxy's challenge itself: one 407 without credentials, then the request with them.
        string endpoint = Gateway(emulator) + (protocol == MySmppProtocol.Json ? "json/state.php" : "xml/state.php");
        ProxyLogEntry forwarded = Assert.Single(proxy.Requests, r => r.Authorization == "accepted");
        Assert.Equal(("POST", endpoint, 200), (forwarded.Method, forwarded.Target, forwarded.Status));
        Assert.All(proxy.Requests, r => Assert.Equal(endpoint, r.Target));
        Assert.DoesNotContain(proxy.Requests, r => r.Authorization == "refused");
    }

    [Theory]
    [InlineData(MySmppProtocol.Json)]
    [InlineData(MySmppProtocol.Xml)]
    public async Task Without_credentials_a_407_is_one_request_and_one_ProxyAuthenticationRequired_never_retried(MySmppProtocol protocol)
    {
        await using EmulatorServer emulator = await EmulatorTestHost.StartAsync();
        await using LoopbackForwardProxy proxy = StartProxy(emulator, ProxyUser + ":" + ProxyPassword);
        using MySmppProxy settings = MySmppProxy.Through(proxy.Address);
        using MySmppClient client = Client(emulator, protocol, settings, o => (o.BatchSize, o.MaxConcurrency, o.MaxRetries) = (1, 1, 4));

        List<SmsStateResult> results = client.GetStates(new long[] { 82216, 82217, 82218 }).ToList();

        ProxyLogEntry only = Assert.Single(proxy.Requests);
        Assert.Equal((407, "none"), (only.Status, only.Authorization));
        Assert.Equal(0, emulator.Stats.Requests);
        Assert.Equal(3, results.Count);
        foreach (SmsStateResult result in results)
        {
            var error = Assert.IsType<MySmppProxyAuthenticationException>(result.Error);
            Assert.Equal("MySmpp.ProxyAuthenticationRequired", error.ErrorId);
            Assert.True(error.IsSessionFatal);
            Assert.False(error.IsTransient);
            Assert.False(error.CredentialsSent);
            Assert.Equal(407, error.HttpStatusCode);
            Assert.Equal(proxy.Address, error.Proxy);
            Assert.Equal(new[] { result.Id }, error.Ids);
        }

        string message = results[0].Error!.Message;
        Assert.Contains("The proxy " + proxy.Address.AbsoluteUri + " requires authentication", message, StringComparison.Ordinal);
        Assert.Contains("it offers Basic", message, StringComparison.Ordinal);
        // Core speaks of its own options; the cmdlets' error record names -ProxyCredential (Proxy.Tests.ps1).
        Assert.Contains("MySmppSessionOptions.Proxy", message, StringComparison.Ordinal);
        Assert.Contains("default credentials", message, StringComparison.Ordinal);
        Assert.DoesNotContain("-ProxyCredential", message, StringComparison.Ordinal);
        Assert.Contains("not retried", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(MySmppProtocol.Json)]
    [InlineData(MySmppProtocol.Xml)]
    public async Task Wrong_proxy_credentials_are_refused_once_and_never_quoted(MySmppProtocol protocol)
    {
        const string wrong = "Wrong-8e51f0";
        await using EmulatorServer emulator = await EmulatorTestHost.StartAsync();
        await using LoopbackForwardProxy proxy = StartProxy(emulator, ProxyUser + ":" + ProxyPassword);
        using MySmppProxy settings = MySmppProxy.Through(proxy.Address, ProxyUser, Secure(wrong));
        using MySmppClient client = Client(emulator, protocol, settings);
        var log = new List<string>();

        SmsStateResult result = client.GetStates(new long[] { 82216 }, new StateQueryOptions { Log = log.Add }).Single();

        var error = Assert.IsType<MySmppProxyAuthenticationException>(result.Error);
        Assert.True(error.CredentialsSent);
        Assert.Contains("refused the credentials of '" + ProxyUser + "'", error.Message, StringComparison.Ordinal);

        // One attempt of ours: the challenge without credentials, the answer with them, and no retry after that.
        Assert.Equal(new[] { "none", "refused" }, proxy.Requests.Select(r => r.Authorization));
        Assert.Equal(0, emulator.Stats.Requests);
        Assert.Single(log, line => line.StartsWith("POST ", StringComparison.Ordinal));
        string basic = Convert.ToBase64String(Encoding.UTF8.GetBytes(ProxyUser + ":" + wrong));
        foreach (string text in log.Append(error.ToString()).Append(settings.ToString()))
        {
            Assert.DoesNotContain(wrong, text, StringComparison.Ordinal);
            Assert.DoesNotContain(basic, text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Default_credentials_are_not_offered_to_a_Basic_proxy_and_the_407_says_so()
    {
        // .NET never sends the current user's credentials as Basic: the proxy's challenge goes unanswered.
        await using EmulatorServer emulator = await EmulatorTestHost.StartAsync();
        await using LoopbackForwardProxy proxy = StartProxy(emulator, ProxyUser + ":" + ProxyPassword);
        using MySmppProxy settings = MySmppProxy.ThroughWithDefaultCredentials(proxy.Address);
        using MySmppClient client = Client(emulator, MySmppProtocol.Json, settings);

        SmsStateResult result = client.GetStates(new long[] { 82216 }).Single();

        var error = Assert.IsType<MySmppProxyAuthenticationException>(result.Error);
        Assert.True(error.CredentialsSent);
        Assert.Contains("did not accept the current user's default credentials (HTTP 407 Proxy Authentication Required; it offers Basic; default credentials need NTLM or Negotiate)", error.Message, StringComparison.Ordinal);
        Assert.All(proxy.Requests, r => Assert.Equal(407, r.Status));
        Assert.Equal(0, emulator.Stats.Requests);
    }

    [Theory]
    [InlineData(MySmppProtocol.Json)]
    [InlineData(MySmppProtocol.Xml)]
    public async Task An_unreachable_proxy_is_named_and_the_gateway_is_not(MySmppProtocol protocol)
    {
        await using EmulatorServer emulator = await EmulatorTestHost.StartAsync();
        Uri nowhere = new Uri("http://127.0.0.1:" + FreePort().ToString(CultureInfo.InvariantCulture) + "/");
        using MySmppProxy settings = MySmppProxy.Through(nowhere, ProxyUser, Secure(ProxyPassword));
        using MySmppClient client = Client(emulator, protocol, settings, o => o.MaxRetries = 1);

        SmsStateResult result = client.GetStates(new long[] { 82216 }).Single();

        var error = Assert.IsType<MySmppTransportException>(result.Error);
        Assert.Equal("MySmpp.Transport", error.ErrorId);
        Assert.True(error.IsTransient); // a proxy may come back: retried like any connection failure
        Assert.StartsWith("Could not connect to the proxy " + nowhere.AbsoluteUri + ":", error.Message, StringComparison.Ordinal);
        Assert.Contains("The gateway was not reached", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(GatewayHost, error.Message, StringComparison.Ordinal);
        Assert.Contains("Gave up after 2 attempts", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, emulator.Stats.Requests);
    }

    [Fact]
    public void Proxy_settings_describe_themselves_without_the_password_and_refuse_bad_addresses()
    {
        using MySmppProxy withCredential = MySmppProxy.Through(new Uri("http://proxy.example.com:8080"), ProxyUser, Secure(ProxyPassword));
        Assert.Equal("http://proxy.example.com:8080/ as '" + ProxyUser + "' (password hidden)", withCredential.ToString());
        Assert.Equal("none (NoProxy)", MySmppProxy.None().ToString());
        Assert.Equal("http://proxy.example.com:8080/ with the current user's default credentials", MySmppProxy.ThroughWithDefaultCredentials(new Uri("http://proxy.example.com:8080")).ToString());
        Assert.True(MySmppProxy.None().Bypass);

        var userInfo = Assert.Throws<ArgumentException>(() => MySmppProxy.Through(new Uri("http://ops:" + ProxyPassword + "@proxy.example.com:8080")));
        Assert.DoesNotContain(ProxyPassword, userInfo.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => MySmppProxy.Through(new Uri("socks5://proxy.example.com:1080")));
        Assert.Throws<ArgumentException>(() => MySmppProxy.Through(new Uri("http://proxy.example.com:8080/path")));
        Assert.Throws<ArgumentException>(() => MySmppProxy.Through(new Uri("http://proxy.example.com"), ProxyUser, new SecureString()));
    }

    [Fact]
    public void The_proxy_password_and_its_Basic_token_are_blanked_where_a_server_echoes_them()
    {
        using MySmppProxy settings = MySmppProxy.Through(new Uri("http://proxy.example.com:8080"), ProxyUser, Secure("p@ss word-7"));
        string basic = Convert.ToBase64String(Encoding.UTF8.GetBytes(ProxyUser + ":p@ss word-7"));
        string echoed = "Proxy-Authorization: Basic " + basic + "; pw=p@ss word-7 url=" + Uri.EscapeDataString("p@ss word-7");

        string redacted = settings.Redact(echoed);

        Assert.Equal("Proxy-Authorization: Basic ***; pw=*** url=***", redacted);
    }

    internal static LoopbackForwardProxy StartProxy(EmulatorServer emulator, string? credential) =>
        new(new Dictionary<string, IPEndPoint> { [GatewayHost] = new IPEndPoint(IPAddress.Loopback, emulator.BaseAddress.Port) }, credential);

    internal static string Gateway(EmulatorServer emulator) =>
        "http://" + GatewayHost + ":" + emulator.BaseAddress.Port.ToString(CultureInfo.InvariantCulture) + "/";

    internal static MySmppClient Client(EmulatorServer emulator, MySmppProtocol protocol, MySmppProxy? proxy, Action<MySmppSessionOptions>? configure = null, bool viaGatewayHost = true)
    {
        var options = new MySmppSessionOptions
        {
            BaseAddress = viaGatewayHost ? new Uri(Gateway(emulator)) : emulator.BaseAddress,
            Protocol = protocol,
            Proxy = proxy,
            RetryBaseDelay = TimeSpan.FromMilliseconds(10),
            RetryMaxDelay = TimeSpan.FromMilliseconds(50),
        };
        configure?.Invoke(options);
        return new MySmppClient(MySmppCredential.FromPassword("login", "password"), options);
    }

    internal static SecureString Secure(string text)
    {
        var secure = new SecureString();
        foreach (char c in text) secure.AppendChar(c);
        secure.MakeReadOnly();
        return secure;
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
