using System;
using System.Threading.Tasks;
using MySmpp.Emulator;
using Xunit;

namespace MySmpp.Core.Tests.Client
{
    /// <summary>One in-process emulator per test class, on an ephemeral loopback port.</summary>
    public sealed class EmulatorFixture : IAsyncLifetime
    {
        private EmulatorServer? _server;

        public EmulatorServer Server => _server ?? throw new InvalidOperationException("The emulator is not started.");

        public async Task InitializeAsync()
        {
            _server = await EmulatorServer.StartAsync(new EmulatorOptions { TimeScale = 0 });
        }

        public async Task DisposeAsync()
        {
            if (_server != null) await _server.DisposeAsync();
        }

        public MySmppClient Connect(MySmppProtocol protocol, int batchSize = 200, int concurrency = 4, string login = "login", string password = "password")
        {
            var options = new MySmppSessionOptions
            {
                BaseAddress = Server.BaseAddress,
                Protocol = protocol,
                BatchSize = batchSize,
                MaxConcurrency = concurrency,
                RetryBaseDelay = TimeSpan.FromMilliseconds(10),
                RetryMaxDelay = TimeSpan.FromMilliseconds(100),
            };
            return new MySmppClient(MySmppCredential.FromPassword(login, password), options);
        }
    }
}
