using System;
using System.Threading.Tasks;
using MySmpp.Client;
using MySmpp.Credentials;
using MySmpp.Emulator;
using MySmpp.Model;
using Xunit;

namespace MySmpp.Core.Tests.Client;

/// <summary>One in-process emulator per test class, on an ephemeral loopback port.</summary>
public class EmulatorFixture : IAsyncLifetime
{
    private EmulatorServer? _server;

    /// <summary>How the emulator words its answers.</summary>
    public virtual EmulatorDialect Dialect => EmulatorDialect.Documented;

    public EmulatorServer Server => _server ?? throw new InvalidOperationException("The emulator is not started.");

    public async Task InitializeAsync()
    {
        _server = await EmulatorServer.StartAsync(new EmulatorOptions { TimeScale = 0, Dialect = Dialect });
    }

    public async Task DisposeAsync()
    {
        if (_server != null) await _server.DisposeAsync();
    }

    public MySmppClient Connect(MySmppProtocol protocol, int batchSize = 200, int concurrency = 4, string login = "login", string password = "password", EmulatorServer? server = null)
    {
        var options = new MySmppSessionOptions
        {
            BaseAddress = (server ?? Server).BaseAddress,
            Protocol = protocol,
            BatchSize = batchSize,
            MaxConcurrency = concurrency,
            RetryBaseDelay = TimeSpan.FromMilliseconds(10),
            RetryMaxDelay = TimeSpan.FromMilliseconds(100),
        };
        return new MySmppClient(MySmppCredential.FromPassword(login, password), options);
    }
}

/// <summary>The same, speaking as the live platform does (<c>--dialect live</c>).</summary>
public sealed class LiveEmulatorFixture : EmulatorFixture
{
    public override EmulatorDialect Dialect => EmulatorDialect.Live;
}
