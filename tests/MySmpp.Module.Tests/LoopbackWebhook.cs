using System;
using System.Collections.Concurrent;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;

namespace MySmpp.Module.Tests;

/// <summary>
/// A Teams Workflows webhook on loopback for the documented examples: Invoke-RestMethod really posts to it. It
/// answers 202 Accepted, as a Workflows trigger does, to a JSON message carrying an Adaptive Card attachment, and
/// 400 to anything else, so an example that posts the wrong thing fails.
/// </summary>
public sealed class LoopbackWebhook : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _loop;

    private LoopbackWebhook(int port)
    {
        Url = "http://127.0.0.1:" + port + "/workflows/example/triggers/manual/paths/invoke";
        _listener.Prefixes.Add("http://127.0.0.1:" + port + "/");
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    /// <summary>Where to post.</summary>
    public string Url { get; }

    /// <summary>The bodies accepted, in order.</summary>
    public ConcurrentQueue<string> Accepted { get; } = new();

    public static LoopbackWebhook Start()
    {
        for (int attempt = 0; ; attempt++)
        {
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            int port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            try
            {
                return new LoopbackWebhook(port);
            }
            catch (HttpListenerException) when (attempt < 5)
            {
                // Another process took the port between the probe and the listener: try another.
            }
        }
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is HttpListenerException || ex is ObjectDisposedException || ex is InvalidOperationException)
            {
                return;
            }

            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            string body = await reader.ReadToEndAsync().ConfigureAwait(false);
            bool ok = context.Request.HttpMethod == "POST"
                && (context.Request.ContentType ?? string.Empty).StartsWith("application/json", StringComparison.OrdinalIgnoreCase)
                && IsAdaptiveCardMessage(body);
            if (ok) Accepted.Enqueue(body);
            context.Response.StatusCode = ok ? 202 : 400;
            context.Response.Close();
        }
    }

    private static bool IsAdaptiveCardMessage(string body)
    {
        try
        {
            using JsonDocument json = JsonDocument.Parse(body);
            JsonElement attachment = json.RootElement.GetProperty("attachments")[0];
            return json.RootElement.GetProperty("type").GetString() == "message"
                && attachment.GetProperty("contentType").GetString() == "application/vnd.microsoft.card.adaptive"
                && attachment.GetProperty("content").GetProperty("type").GetString() == "AdaptiveCard";
        }
        catch (Exception ex) when (ex is JsonException || ex is InvalidOperationException || ex is System.Collections.Generic.KeyNotFoundException || ex is IndexOutOfRangeException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (ObjectDisposedException)
        {
        }
    }
}
