using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace MySmpp.TestProxy;

/// <summary>
/// TEST-ONLY. A small HTTP forward proxy on 127.0.0.1: takes absolute-URI requests (<c>POST http://host:port/path</c>),
/// optionally demands Basic proxy authentication (answering 407 with a challenge), and forwards to the loopback
/// endpoint its host map names — so tests can name the gateway by a host only this proxy resolves
/// (<c>lk.mysmpp.test</c>) and know every request went through here. One request per connection
/// (<c>Connection: close</c>), every request logged (never a credential). Counts the client's connections and,
/// like a real proxy, drops the upstream connection when the client closes its own, so a test can check that
/// an aborted request left no socket behind.
/// </summary>
public sealed class LoopbackForwardProxy : IAsyncDisposable
{
    private const int MaxHeadBytes = 64 * 1024;
    private const int MaxBodyBytes = 16 * 1024 * 1024;
    private readonly TcpListener _listener;
    private readonly string? _expectedAuthorization;
    private readonly Dictionary<string, IPEndPoint> _hosts;
    private readonly string? _logFile;
    private readonly List<ProxyLogEntry> _log = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _acceptLoop;
    private int _open;
    private int _accepted;

    /// <summary>Starts listening on 127.0.0.1:<paramref name="port"/> (0 = any free port).</summary>
    /// <param name="hosts">Host names this proxy resolves, each to a loopback endpoint; any other host gets 502.</param>
    /// <param name="credential"><c>user:password</c> to require as Basic proxy authentication, or null for none.</param>
    /// <param name="port">The port to listen on.</param>
    /// <param name="logFile">A file to append one line per request to (for tests in another process), or null.</param>
    public LoopbackForwardProxy(IDictionary<string, IPEndPoint> hosts, string? credential = null, int port = 0, string? logFile = null)
    {
        ArgumentNullException.ThrowIfNull(hosts);
        _hosts = new Dictionary<string, IPEndPoint>(hosts, StringComparer.OrdinalIgnoreCase);
        _expectedAuthorization = credential == null ? null : "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(credential));
        _logFile = logFile;
        _listener = new TcpListener(IPAddress.Loopback, port);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        Address = new Uri("http://127.0.0.1:" + Port.ToString(CultureInfo.InvariantCulture) + "/");
        _acceptLoop = AcceptLoopAsync();
    }

    /// <summary>The proxy's address, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri Address { get; }

    /// <summary>The port the proxy listens on.</summary>
    public int Port { get; }

    /// <summary>The requests seen so far, in arrival order.</summary>
    public IReadOnlyList<ProxyLogEntry> Requests
    {
        get
        {
            lock (_log) return _log.ToArray();
        }
    }

    /// <summary>Client connections not yet closed (by the client, or by the proxy after the answer).</summary>
    public int OpenConnections => Volatile.Read(ref _open);

    /// <summary>Client connections accepted so far.</summary>
    public int AcceptedConnections => Volatile.Read(ref _accepted);

    /// <summary>Waits until exactly <paramref name="count"/> client connections are open; false when that took longer than <paramref name="timeout"/>.</summary>
    public async Task<bool> WaitForOpenConnectionsAsync(int count, TimeSpan timeout)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (OpenConnections != count)
        {
            if (watch.Elapsed > timeout) return false;
            await Task.Delay(10).ConfigureAwait(false);
        }

        return true;
    }

    /// <summary>Stops listening and waits (briefly) for the accept loop to end.</summary>
    public async ValueTask DisposeAsync()
    {
        _stopping.Cancel();
        _listener.Stop();
        await Task.WhenAny(_acceptLoop, Task.Delay(TimeSpan.FromSeconds(5))).ConfigureAwait(false);
        _stopping.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stopping.Token).ConfigureAwait(false);
            }
            catch (Exception) when (_stopping.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException)
            {
                continue;
            }

            Interlocked.Increment(ref _accepted);
            Interlocked.Increment(ref _open);
            _ = Task.Run(() => HandleAsync(client));
        }
    }

    private async Task HandleAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                NetworkStream stream = client.GetStream();
                ProxyRequest? request = await ProxyRequest.ReadAsync(stream, MaxHeadBytes, MaxBodyBytes, _stopping.Token).ConfigureAwait(false);
                if (request == null) return; // a port probe: connected and closed without a request
                await AnswerAsync(request, stream).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException || ex is SocketException || ex is OperationCanceledException || ex is ObjectDisposedException || ex is FormatException)
            {
                // The client went away or sent garbage: nothing to answer.
            }
            finally
            {
                Interlocked.Decrement(ref _open);
            }
        }
    }

    private async Task AnswerAsync(ProxyRequest request, NetworkStream client)
    {
        string authorization = "none";
        if (_expectedAuthorization != null)
        {
            string? given = request.Header("Proxy-Authorization");
            authorization = given == null ? "none" : string.Equals(given.Trim(), _expectedAuthorization, StringComparison.Ordinal) ? "accepted" : "refused";
            if (authorization != "accepted")
            {
                Record(request, 407, authorization);
                await WriteSimpleAsync(client, 407, "Proxy Authentication Required", "Proxy-Authenticate: Basic realm=\"MySmpp test proxy\"\r\n").ConfigureAwait(false);
                return;
            }
        }

        if (!Uri.TryCreate(request.Target, UriKind.Absolute, out Uri? target) || target.Scheme != Uri.UriSchemeHttp)
        {
            // CONNECT (https) and origin-form requests: not what this proxy is for.
            Record(request, 501, authorization);
            await WriteSimpleAsync(client, 501, "Not Implemented", string.Empty).ConfigureAwait(false);
            return;
        }

        if (!_hosts.TryGetValue(target.Host, out IPEndPoint? upstream))
        {
            Record(request, 502, authorization);
            await WriteSimpleAsync(client, 502, "Bad Gateway", string.Empty).ConfigureAwait(false);
            return;
        }

        // The client closing its side (an aborted request) ends the relay at once, upstream connection and all.
        using var relay = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
        Task clientClosed = WatchForCloseAsync(client, relay);
        bool recorded = false;
        try
        {
            using var server = new TcpClient();
            await server.ConnectAsync(upstream.Address, upstream.Port, relay.Token).ConfigureAwait(false);
            NetworkStream upstreamStream = server.GetStream();
            await request.WriteOriginFormAsync(upstreamStream, target, relay.Token).ConfigureAwait(false);

            // The upstream answers and closes (we asked for Connection: close): relay everything. The request is logged
            // with its status before the client gets a byte of the answer, so a test that has the answer sees the entry.
            byte[] buffer = new byte[16 * 1024];
            var statusLine = new StringBuilder();
            while (true)
            {
                int n = await upstreamStream.ReadAsync(buffer, relay.Token).ConfigureAwait(false);
                if (n == 0) break;
                if (!recorded)
                {
                    statusLine.Append(Encoding.ASCII.GetString(buffer, 0, Math.Min(n, 32)));
                    string[] parts = statusLine.ToString().Split(' ');
                    if (parts.Length > 1 && parts[1].Length == 3 && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int status))
                    {
                        Record(request, status, authorization);
                        recorded = true;
                    }
                }

                await client.WriteAsync(buffer.AsMemory(0, n), relay.Token).ConfigureAwait(false);
            }
        }
        finally
        {
            relay.Cancel();
            await clientClosed.ConfigureAwait(false);
        }

        if (!recorded) Record(request, 0, authorization); // the upstream closed without a status line
    }

    // The client sends nothing after its request: a read that ends (0 bytes, a reset) means it closed the connection.
    private static async Task WatchForCloseAsync(NetworkStream client, CancellationTokenSource relay)
    {
        byte[] one = new byte[1];
        try
        {
            while (await client.ReadAsync(one, relay.Token).ConfigureAwait(false) > 0)
            {
            }
        }
        catch (Exception ex) when (ex is IOException || ex is SocketException || ex is OperationCanceledException || ex is ObjectDisposedException)
        {
            // Closed, reset, or the relay ended first.
        }

        relay.Cancel();
    }

    private static async Task WriteSimpleAsync(NetworkStream client, int status, string reason, string extraHeaders)
    {
        byte[] body = Encoding.ASCII.GetBytes(reason + " (MySmpp test proxy)\n");
        string head = "HTTP/1.1 " + status.ToString(CultureInfo.InvariantCulture) + " " + reason + "\r\n"
            + extraHeaders
            + "Content-Type: text/plain\r\nContent-Length: " + body.Length.ToString(CultureInfo.InvariantCulture) + "\r\nConnection: close\r\n\r\n";
        await client.WriteAsync(Encoding.ASCII.GetBytes(head)).ConfigureAwait(false);
        await client.WriteAsync(body).ConfigureAwait(false);
    }

    private void Record(ProxyRequest request, int status, string authorization)
    {
        var entry = new ProxyLogEntry(request.Method, request.Target, status, authorization);
        lock (_log)
        {
            _log.Add(entry);
            if (_logFile != null) File.AppendAllText(_logFile, entry + Environment.NewLine);
        }
    }
}
