using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using MySmpp.TestProxy;

// TEST-ONLY entry point for the Pester suites:
//   dotnet MySmpp.TestProxy.dll --port P [--credential user:pass] [--map host=127.0.0.1:PORT ...] [--log FILE]
// Listens on 127.0.0.1:P until killed; one log line per request (never a credential) goes to FILE.
int port = 0;
string? credential = null;
string? log = null;
var hosts = new Dictionary<string, IPEndPoint>(StringComparer.OrdinalIgnoreCase);
for (int i = 0; i < args.Length; i++)
{
    string value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException(args[i] + " needs a value.");
    switch (args[i])
    {
        case "--port":
            port = int.Parse(value, NumberStyles.None, CultureInfo.InvariantCulture);
            break;
        case "--credential":
            credential = value;
            break;
        case "--log":
            log = value;
            break;
        case "--map":
            int equals = value.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0) throw new ArgumentException("--map takes host=127.0.0.1:PORT.");
            hosts[value.Substring(0, equals)] = IPEndPoint.Parse(value.AsSpan(equals + 1));
            break;
        default:
            throw new ArgumentException("Unknown option " + args[i] + ".");
    }

    i++;
}

await using var proxy = new LoopbackForwardProxy(hosts, credential, port, log);
Console.WriteLine("Listening on " + proxy.Address + (credential == null ? " (no authentication)" : " (Basic proxy authentication required)"));
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};
try
{
    await Task.Delay(Timeout.Infinite, stop.Token);
}
catch (OperationCanceledException)
{
}
