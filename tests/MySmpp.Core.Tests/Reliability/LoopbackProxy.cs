using System;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace MySmpp.Core.Tests.Reliability;

/// <summary>
/// A TCP relay on 127.0.0.1:0 in front of a server we cannot look inside (the emulator's Kestrel): it
/// counts the client's connections and sees when the client closes one, so a test can check that a
/// cancelled query left no socket behind.
/// </summary>
internal sealed class LoopbackProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly IPEndPoint _upstream;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _acceptLoop;
    private int _open;
    private int _accepted;

    public LoopbackProxy(Uri upstream)
    {
        _upstream = new IPEndPoint(IPAddress.Parse(upstream.Host), upstream.Port);
        _listener.Start();
        BaseAddress = new Uri("http://127.0.0.1:" + ((IPEndPoint)_listener.LocalEndpoint).Port.ToString(CultureInfo.InvariantCulture) + "/");
        _acceptLoop = AcceptLoopAsync();
    }

    public Uri BaseAddress { get; }

    /// <summary>Client connections not yet closed by the client.</summary>
    public int OpenConnections => Volatile.Read(ref _open);

    public int AcceptedConnections => Volatile.Read(ref _accepted);

    public async Task<bool> WaitForOpenConnectionsAsync(int count, TimeSpan timeout)
    {
        var watch = Stopwatch.StartNew();
        while (OpenConnections != count)
        {
            if (watch.Elapsed > timeout) return false;
            await Task.Delay(10).ConfigureAwait(false);
        }

        return true;
    }

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
            Socket client;
            try
            {
                client = await _listener.AcceptSocketAsync(_stopping.Token).ConfigureAwait(false);
            }
            catch (Exception) when (_stopping.IsCancellationRequested)
            {
                return;
            }

            Interlocked.Increment(ref _accepted);
            Interlocked.Increment(ref _open);
            _ = Task.Run(() => RelayAsync(client));
        }
    }

    private async Task RelayAsync(Socket client)
    {
        using var server = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        client.NoDelay = true;
        try
        {
            await server.ConnectAsync(_upstream, _stopping.Token).ConfigureAwait(false);
            Task up = PumpAsync(client, server);
            Task down = PumpAsync(server, client);

            // The client going away is what we watch for; the server's side follows.
            await up.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is SocketException || ex is OperationCanceledException || ex is ObjectDisposedException)
        {
        }
        finally
        {
            Interlocked.Decrement(ref _open);
            client.Dispose();
        }
    }

    private async Task PumpAsync(Socket from, Socket to)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            while (true)
            {
                int n = await from.ReceiveAsync(buffer.AsMemory(), SocketFlags.None, _stopping.Token).ConfigureAwait(false);
                if (n == 0) break;
                await to.SendAsync(buffer.AsMemory(0, n), SocketFlags.None, _stopping.Token).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is SocketException || ex is OperationCanceledException || ex is ObjectDisposedException)
        {
        }

        try
        {
            to.Shutdown(SocketShutdown.Send);
        }
        catch (Exception ex) when (ex is SocketException || ex is ObjectDisposedException)
        {
        }
    }
}
