using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using MySmpp.Model;

namespace MySmpp.Core.Tests.Reliability;

/// <summary>
/// A tiny HTTP/1.1 server on a raw <see cref="TcpListener"/> (127.0.0.1, port 0) whose handler writes
/// whatever bytes a test wants: stalls mid-body, lies about lengths, resets connections, echoes the
/// request. It records every request and notices when the client closes a connection, so tests can
/// wait on signals instead of sleeping.
/// </summary>
internal sealed class RawHttpServer : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly Func<RawExchange, Task> _handler;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentQueue<RawRequest> _requests = new();
    private readonly ConcurrentDictionary<int, Task> _connections = new();
    private readonly ConcurrentDictionary<int, Socket> _sockets = new();
    private readonly Task _acceptLoop;
    private readonly SemaphoreSlim _changed = new(0, int.MaxValue);
    private int _requestCount;
    private int _connectionCount;
    private int _openConnections;
    private long _lastCloseTimestamp;

    private RawHttpServer(Func<RawExchange, Task> handler)
    {
        _handler = handler;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        BaseAddress = new Uri("http://127.0.0.1:" + ((IPEndPoint)_listener.LocalEndpoint).Port.ToString(CultureInfo.InvariantCulture) + "/");
        _acceptLoop = AcceptLoopAsync();
    }

    public Uri BaseAddress { get; }

    /// <summary>Requests received (complete headers and body).</summary>
    public int RequestCount => Volatile.Read(ref _requestCount);

    /// <summary>Connections accepted.</summary>
    public int ConnectionCount => Volatile.Read(ref _connectionCount);

    /// <summary>Connections accepted and not yet seen closed by the client (or closed by the handler).</summary>
    public int OpenConnections => Volatile.Read(ref _openConnections);

    /// <summary>When a connection was last seen closed (<see cref="Stopwatch"/> timestamp), 0 if never.</summary>
    public long LastCloseTimestamp => Interlocked.Read(ref _lastCloseTimestamp);

    public IReadOnlyList<RawRequest> Requests => _requests.ToArray();

    public static RawHttpServer Start(Func<RawExchange, Task> handler) => new(handler);

    /// <summary>Waits (bounded) until <paramref name="condition"/> holds; re-checked whenever the server's state changes.</summary>
    public async Task<bool> WaitUntilAsync(Func<RawHttpServer, bool> condition, TimeSpan timeout)
    {
        var watch = Stopwatch.StartNew();
        while (!condition(this))
        {
            TimeSpan left = timeout - watch.Elapsed;
            if (left <= TimeSpan.Zero) return false;

            // Woken by any change; the short cap also covers a change between the check and the wait.
            await _changed.WaitAsync(left < TimeSpan.FromMilliseconds(50) ? left : TimeSpan.FromMilliseconds(50)).ConfigureAwait(false);
        }

        return true;
    }

    public async ValueTask DisposeAsync()
    {
        _stopping.Cancel();
        _listener.Stop();
        foreach (Socket socket in _sockets.Values)
        {
            try
            {
                socket.Dispose();
            }
            catch (ObjectDisposedException)
            {
            }
        }

        Task all = Task.WhenAll(_connections.Values.Append(_acceptLoop));
        await Task.WhenAny(all, Task.Delay(TimeSpan.FromSeconds(5))).ConfigureAwait(false);
        _stopping.Dispose();
    }

    internal void Signal() => _changed.Release();

    internal void OnClosed()
    {
        Interlocked.Decrement(ref _openConnections);
        Interlocked.Exchange(ref _lastCloseTimestamp, Stopwatch.GetTimestamp());
        Signal();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptSocketAsync(_stopping.Token).ConfigureAwait(false);
            }
            catch (Exception) when (_stopping.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException)
            {
                continue;
            }

            socket.NoDelay = true; // no Nagle + delayed-ACK pauses between a response's writes
            int id = Interlocked.Increment(ref _connectionCount);
            Interlocked.Increment(ref _openConnections);
            _sockets[id] = socket;
            _connections[id] = Task.Run(() => ServeAsync(id, socket));
            Signal();
        }
    }

    private async Task ServeAsync(int id, Socket socket)
    {
        var connection = new RawConnection(this, socket);
        try
        {
            while (!_stopping.IsCancellationRequested)
            {
                RawRequest? request = await connection.ReadRequestAsync(_stopping.Token).ConfigureAwait(false);
                if (request == null) break; // the client closed the connection
                int index = Interlocked.Increment(ref _requestCount);
                request = request with { Index = index };
                _requests.Enqueue(request);
                Signal();
                var exchange = new RawExchange(this, connection, request, _stopping.Token);
                await _handler(exchange).ConfigureAwait(false);
                if (exchange.Closed) break;
                if (exchange.CloseAfterResponse)
                {
                    connection.Close();
                    break;
                }
            }
        }
        catch (Exception ex) when (ex is IOException || ex is SocketException || ex is ObjectDisposedException || ex is OperationCanceledException)
        {
            // The client went away mid-exchange, or the server is stopping.
        }
        finally
        {
            connection.Close();
            _sockets.TryRemove(id, out _);
        }
    }
}

/// <summary>One request as the raw server read it.</summary>
internal sealed record RawRequest(int Index, string Method, string Target, IReadOnlyDictionary<string, string> Headers, byte[] Body, long ReceivedTimestamp)
{
    private static readonly System.Text.RegularExpressions.Regex IdPattern = new(
        "\"id_sms\":(\\d+)|<id_sms>(\\d+)</id_sms>", System.Text.RegularExpressions.RegexOptions.CultureInvariant);

    public string BodyText => Encoding.UTF8.GetString(Body);

    /// <summary>True for the XML endpoint.</summary>
    public bool IsXml => Target.Contains("xml", StringComparison.Ordinal);

    public MySmppProtocol Protocol => IsXml ? MySmppProtocol.Xml : MySmppProtocol.Json;

    /// <summary>The ids the request asks about, in order (either flavour).</summary>
    public long[] AskedIds() => IdPattern.Matches(BodyText)
        .Select(m => long.Parse(m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Value, CultureInfo.InvariantCulture)).ToArray();
}

/// <summary>A connection of the raw server: buffered reads of requests, raw writes, close detection.</summary>
internal sealed class RawConnection
{
    private readonly RawHttpServer _server;
    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly byte[] _buffer = new byte[64 * 1024];
    private int _start;
    private int _end;
    private int _closed;

    public RawConnection(RawHttpServer server, Socket socket)
    {
        _server = server;
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: false);
    }

    public NetworkStream Stream => _stream;

    public Socket Socket => _socket;

    public bool IsClosed => Volatile.Read(ref _closed) != 0;

    public async Task<RawRequest?> ReadRequestAsync(CancellationToken cancellationToken)
    {
        // Headers: up to the blank line.
        int headerEnd;
        while ((headerEnd = IndexOf("\r\n\r\n"u8)) < 0)
        {
            if (!await FillAsync(cancellationToken).ConfigureAwait(false)) return null;
        }

        string head = Encoding.ASCII.GetString(_buffer, _start, headerEnd - _start);
        _start = headerEnd + 4;
        string[] lines = head.Split("\r\n");
        string[] requestLine = lines[0].Split(' ');
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (string line in lines.Skip(1))
        {
            int colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0) headers[line.Substring(0, colon).Trim()] = line.Substring(colon + 1).Trim();
        }

        int length = headers.TryGetValue("Content-Length", out string? text) ? int.Parse(text, CultureInfo.InvariantCulture) : 0;
        var body = new byte[length];
        int copied = 0;
        while (copied < length)
        {
            if (_end == _start && !await FillAsync(cancellationToken).ConfigureAwait(false)) return null;
            int n = Math.Min(length - copied, _end - _start);
            Buffer.BlockCopy(_buffer, _start, body, copied, n);
            _start += n;
            copied += n;
        }

        return new RawRequest(0, requestLine[0], requestLine.Length > 1 ? requestLine[1] : string.Empty, headers, body, Stopwatch.GetTimestamp());
    }

    /// <summary>Reads (and discards) until the client closes the connection: how a stalled server notices the client gave up.</summary>
    public async Task WaitForClientCloseAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (await _stream.ReadAsync(_buffer.AsMemory(), cancellationToken).ConfigureAwait(false) > 0)
            {
            }
        }
        catch (Exception ex) when (ex is IOException || ex is SocketException || ex is ObjectDisposedException)
        {
        }

        Close();
    }

    public void Close()
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0) return;
        try
        {
            _socket.Dispose();
        }
        catch (ObjectDisposedException)
        {
        }

        _server.OnClosed();
    }

    /// <summary>Closes with a TCP reset instead of a graceful FIN.</summary>
    public void Reset()
    {
        try
        {
            _socket.LingerState = new LingerOption(true, 0);
        }
        catch (Exception ex) when (ex is SocketException || ex is ObjectDisposedException)
        {
        }

        Close();
    }

    private async Task<bool> FillAsync(CancellationToken cancellationToken)
    {
        if (_start > 0 && _start == _end)
        {
            _start = _end = 0;
        }
        else if (_end == _buffer.Length)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
            if (_end == _buffer.Length) throw new IOException("request headers too large for the test server");
        }

        int n;
        try
        {
            n = await _stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException || ex is SocketException)
        {
            n = 0;
        }

        if (n == 0) return false;
        _end += n;
        return true;
    }

    private int IndexOf(ReadOnlySpan<byte> pattern)
    {
        int at = _buffer.AsSpan(_start, _end - _start).IndexOf(pattern);
        return at < 0 ? -1 : _start + at;
    }
}

/// <summary>What a handler gets: the request, and ways to answer it (or not).</summary>
internal sealed class RawExchange
{
    private readonly RawConnection _connection;

    public RawExchange(RawHttpServer server, RawConnection connection, RawRequest request, CancellationToken stopping)
    {
        Server = server;
        _connection = connection;
        Request = request;
        Stopping = stopping;
    }

    public RawRequest Request { get; }

    public RawHttpServer Server { get; }

    public CancellationToken Stopping { get; }

    /// <summary>The valid answer of the request's flavour for the ids it asked about.</summary>
    public string ValidAnswer(bool detail = true) => WireAnswers.For(Request.Protocol, Request.AskedIds(), detail);

    public string ContentType => WireAnswers.ContentType(Request.Protocol);

    /// <summary>Answers 200 with the valid answer.</summary>
    public Task RespondValidAsync() => RespondAsync(200, ContentType, ValidAnswer());

    /// <summary>Set to close the connection once the handler returns.</summary>
    public bool CloseAfterResponse { get; set; }

    public bool Closed => _connection.IsClosed;

    public Task WriteAsync(string text) => WriteAsync(Encoding.UTF8.GetBytes(text));

    public async Task WriteAsync(byte[] bytes)
    {
        await _connection.Stream.WriteAsync(bytes, Stopping).ConfigureAwait(false);
        await _connection.Stream.FlushAsync(Stopping).ConfigureAwait(false);
    }

    /// <summary>A complete response with a Content-Length.</summary>
    public Task RespondAsync(int status, string? contentType, string body, params (string Name, string Value)[] headers) =>
        RespondAsync(status, contentType, Encoding.UTF8.GetBytes(body), headers);

    public async Task RespondAsync(int status, string? contentType, byte[] body, params (string Name, string Value)[] headers)
    {
        byte[] head = Head(status, contentType, body.Length, headers);
        var whole = new byte[head.Length + body.Length];
        Buffer.BlockCopy(head, 0, whole, 0, head.Length);
        Buffer.BlockCopy(body, 0, whole, head.Length, body.Length);
        await WriteAsync(whole).ConfigureAwait(false);
    }

    /// <summary>The status line and headers; <paramref name="contentLength"/> null for none (e.g. chunked).</summary>
    public static byte[] Head(int status, string? contentType, long? contentLength, params (string Name, string Value)[] headers)
    {
        var sb = new StringBuilder();
        sb.Append("HTTP/1.1 ").Append(status.ToString(CultureInfo.InvariantCulture)).Append(' ').Append(Reason(status)).Append("\r\n");
        if (contentType != null) sb.Append("Content-Type: ").Append(contentType).Append("\r\n");
        if (contentLength.HasValue) sb.Append("Content-Length: ").Append(contentLength.Value.ToString(CultureInfo.InvariantCulture)).Append("\r\n");
        foreach ((string name, string value) in headers) sb.Append(name).Append(": ").Append(value).Append("\r\n");
        return Encoding.UTF8.GetBytes(sb.Append("\r\n").ToString());
    }

    /// <summary>Sends nothing more and waits until the client closes the connection (a server hung mid-body).</summary>
    public Task StallUntilClientClosesAsync() => _connection.WaitForClientCloseAsync(Stopping);

    /// <summary>Closes the connection with a TCP reset.</summary>
    public void Reset() => _connection.Reset();

    /// <summary>Closes the connection gracefully.</summary>
    public void Close() => _connection.Close();

    private static string Reason(int status) => status switch
    {
        200 => "OK",
        301 => "Moved Permanently",
        302 => "Found",
        307 => "Temporary Redirect",
        400 => "Bad Request",
        413 => "Payload Too Large",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        _ => "Status",
    };
}
