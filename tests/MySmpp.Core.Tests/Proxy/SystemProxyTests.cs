using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading.Tasks;
using MySmpp.Client;
using MySmpp.Core.Tests.Emulator;
using MySmpp.Emulator;
using MySmpp.Errors;
using MySmpp.Model;
using MySmpp.TestProxy;
using Xunit;

namespace MySmpp.Core.Tests.Proxy;

/// <summary>
/// The system's proxy: a session without proxy settings uses <see cref="HttpClient.DefaultProxy"/> (where .NET puts
/// HTTP_PROXY and friends, or the user's settings), and <see cref="MySmppProxy.None"/> (<c>-NoProxy</c>) bypasses it.
/// The default proxy is process-wide, so these tests set it in a collection that runs alone and put it back.
/// </summary>
[Collection(SystemProxyCollection.Name)]
public sealed class SystemProxyTests
{
    [Theory]
    [InlineData(MySmppProtocol.Json)]
    [InlineData(MySmppProtocol.Xml)]
    public async Task NoProxy_bypasses_the_system_proxy_that_sessions_use_by_default(MySmppProtocol protocol)
    {
        await using EmulatorServer emulator = await EmulatorTestHost.StartAsync();
        await using LoopbackForwardProxy proxy = ProxyTests.StartProxy(emulator, ProxyTests.ProxyUser + ":" + ProxyTests.ProxyPassword);
        IWebProxy saved = HttpClient.DefaultProxy;
        try
        {
            // Not bypassing local addresses, like an HTTP_PROXY variable on .NET (Core): the emulator's own address goes through it too.
            HttpClient.DefaultProxy = new WebProxy(proxy.Address) { BypassProxyOnLocal = false };

            using (MySmppClient systemDefault = ProxyTests.Client(emulator, protocol, proxy: null, viaGatewayHost: false))
            {
                SmsStateResult result = systemDefault.GetStates(new long[] { 82216 }).Single();
                var error = Assert.IsType<MySmppProxyAuthenticationException>(result.Error);
                Assert.Contains("The proxy " + proxy.Address.AbsoluteUri + " (from the system's proxy settings) requires authentication", error.Message, StringComparison.Ordinal);
            }

            Assert.Single(proxy.Requests);
            Assert.Equal(0, emulator.Stats.Requests);

            using MySmppProxy none = MySmppProxy.None();
            using (MySmppClient direct = ProxyTests.Client(emulator, protocol, none, viaGatewayHost: false))
            {
                SmsStateResult result = direct.GetStates(new long[] { 82216 }).Single();
                Assert.Null(result.Error);
                Assert.Equal(SmsStatus.Delivered, result.State!.Status);
            }

            Assert.Single(proxy.Requests); // nothing more went through the proxy
            Assert.Equal(1, emulator.Stats.Requests);
        }
        finally
        {
            HttpClient.DefaultProxy = saved;
        }
    }
}

/// <summary>Tests that change process-wide proxy settings: run after the parallel ones, alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SystemProxyCollection
{
    public const string Name = "SystemProxy";
}
