using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using System.Xml;
using Microsoft.Extensions.Logging;

namespace MySmpp.Emulator;

/// <summary>
/// The platform's delivery-status webhook (platform-api.md 7.1): every <see cref="EmulatorOptions.CallbackInterval"/> it
/// POSTs the status changes of the messages sent through <c>/xml/</c> to <see cref="EmulatorOptions.CallbackUrl"/>, JSON
/// <c>[{"id_sms":"…","time":"…","state":"…"}]</c> or the state.php XML document, and reads the receiver's answer: a
/// status whose id comes back is delivered; any other is sent again with the next round, 5 attempts in all, as the
/// platform does. Counters are in <see cref="EmulatorCallbackStats"/>.
/// </summary>
internal sealed class CallbackPusher : IAsyncDisposable
{
    /// <summary>Attempts per status change, as the vendor's reference says.</summary>
    public const int MaxAttempts = 5;

    private const int MaxPerPost = 500;

    private readonly EmulatorOptions _options;
    private readonly Uri _url;
    private readonly SimulatedClock _clock;
    private readonly EmulatorSeed _data;
    private readonly EmulatorSending _sending;
    private readonly EmulatorCallbackStats _stats;
    private readonly ILogger _logger;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private readonly CancellationTokenSource _stop = new();
    private readonly Dictionary<long, Watch> _watched = [];
    private Task? _loop;

    public CallbackPusher(EmulatorOptions options, Uri url, SimulatedClock clock, EmulatorSeed data, EmulatorSending sending, EmulatorCallbackStats stats, ILogger logger)
    {
        _options = options;
        _url = url;
        _clock = clock;
        _data = data;
        _sending = sending;
        _stats = stats;
        _logger = logger;
        _sending.TrackForCallbacks = true;
    }

    public void Start() => _loop = Task.Run(() => RunAsync(_stop.Token));

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_loop is not null)
        {
            try
            {
                await _loop.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Stopping.
            }
        }

        _http.Dispose();
        _stop.Dispose();
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(_options.CallbackInterval);
        while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
        {
            await RoundAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>One round: note new messages, find changed statuses, push them, read the acknowledgement.</summary>
    private async Task RoundAsync(CancellationToken cancellationToken)
    {
        while (_sending.AcceptedForCallbacks.TryDequeue(out long id))
        {
            if (_data.TryGetMessage(id, out EmulatorMessage? message)) _watched[id] = new Watch(message.Steps[0]);
        }

        TimeSpan elapsed = _clock.Elapsed;
        var due = new List<(long Id, MessageStep Step)>();
        foreach ((long id, Watch watch) in _watched)
        {
            if (!_data.TryGetMessage(id, out EmulatorMessage? message) || message.StepAt(elapsed) is not { } step) continue;
            if (!ReferenceEquals(step, watch.Delivered) && !ReferenceEquals(step, watch.Pending))
            {
                watch.Pending = step;
                watch.Attempts = 0;
            }

            if (watch.Pending is not null && due.Count < MaxPerPost) due.Add((id, watch.Pending));
        }

        if (due.Count > 0)
        {
            HashSet<long> taken = await PostAsync(due, cancellationToken).ConfigureAwait(false);
            foreach ((long id, MessageStep step) in due)
            {
                Watch watch = _watched[id];
                if (taken.Contains(id))
                {
                    _stats.OnAcknowledged();
                    watch.Delivered = step;
                    watch.Pending = null;
                }
                else if (++watch.Attempts >= MaxAttempts)
                {
                    // The platform gives up after 5 attempts: this change is not pushed again.
                    _stats.OnAbandoned();
                    watch.Delivered = step;
                    watch.Pending = null;
                }
            }
        }

        // A message whose last status was delivered needs no more watching.
        foreach (long id in _watched.Where(p => _data.TryGetMessage(p.Key, out EmulatorMessage? m) && ReferenceEquals(p.Value.Delivered, m.Steps[^1])).Select(static p => p.Key).ToArray())
        {
            _watched.Remove(id);
        }
    }

    private async Task<HashSet<long>> PostAsync(List<(long Id, MessageStep Step)> due, CancellationToken cancellationToken)
    {
        bool xml = _options.CallbackFormat == EmulatorCallbackFormat.Xml;
        byte[] body = xml ? XmlBody(due) : JsonBody(due);
        _stats.OnPost(due.Count);
        try
        {
            using var content = new ByteArrayContent(body);
            content.Headers.ContentType = new MediaTypeHeaderValue(xml ? "text/xml" : "text/json") { CharSet = "utf-8" };
            using HttpResponseMessage response = await _http.PostAsync(_url, content, cancellationToken).ConfigureAwait(false);
            byte[] answer = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            return response.IsSuccessStatusCode ? ReadAcknowledgement(answer) : [];
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException && !cancellationToken.IsCancellationRequested)
        {
            _stats.OnFailedPost();
            EmulatorLog.CallbackFailed(_logger, _url, ex.Message);
            return [];
        }
    }

    private byte[] JsonBody(List<(long Id, MessageStep Step)> due)
    {
        var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartArray();
            foreach ((long id, MessageStep step) in due)
            {
                writer.WriteStartObject();
                writer.WriteString("id_sms", id.ToString(CultureInfo.InvariantCulture));
                writer.WriteString("time", step.FormatTime(_clock.Start));
                writer.WriteString("state", step.State);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        return stream.ToArray();
    }

    private byte[] XmlBody(List<(long Id, MessageStep Step)> due) =>
        XmlStateProtocol.WriteStates(due.Select(d => new MessageSnapshot(d.Id, d.Step.State, d.Step.Sms, d.Step.Viber, d.Step.FormatTime(_clock.Start), 0, 0m, false)).ToArray(), null).ToArray();

    // [{"id_sms":3234},...] or <response><id_sms>3234</id_sms>...</response>; anything unreadable acknowledges nothing.
    private static HashSet<long> ReadAcknowledgement(byte[] answer)
    {
        var ids = new HashSet<long>();
        try
        {
            string text = Encoding.UTF8.GetString(answer).Trim().TrimStart('\uFEFF');
            if (text.StartsWith('['))
            {
                using JsonDocument document = JsonDocument.Parse(text);
                foreach (JsonElement item in document.RootElement.EnumerateArray())
                {
                    if (item.ValueKind == JsonValueKind.Object && item.TryGetProperty("id_sms", out JsonElement id) && TryId(id, out long value)) ids.Add(value);
                }
            }
            else if (text.StartsWith('<'))
            {
                using var reader = XmlReader.Create(new StringReader(text), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
                reader.Read();
                while (!reader.EOF)
                {
                    // Reading an element's content moves past it already: only other nodes need an explicit Read.
                    if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "id_sms")
                    {
                        if (long.TryParse(reader.ReadElementContentAsString().Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out long value)) ids.Add(value);
                    }
                    else
                    {
                        reader.Read();
                    }
                }
            }
        }
        catch (Exception ex) when (ex is JsonException or XmlException or InvalidOperationException)
        {
            // An unreadable answer: nothing was taken.
        }

        return ids;
    }

    private static bool TryId(JsonElement element, out long value)
    {
        value = 0;
        return element.ValueKind switch
        {
            JsonValueKind.Number => element.TryGetInt64(out value),
            JsonValueKind.String => long.TryParse(element.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out value),
            _ => false,
        };
    }

    private sealed class Watch(MessageStep delivered)
    {
        public MessageStep Delivered { get; set; } = delivered;

        public MessageStep? Pending { get; set; }

        public int Attempts { get; set; }
    }
}

/// <summary>What the status webhook did.</summary>
public sealed class EmulatorCallbackStats
{
    private long _posts;
    private long _statesPushed;
    private long _acknowledged;
    private long _abandoned;
    private long _failedPosts;

    /// <summary>POSTs made.</summary>
    public long Posts => Interlocked.Read(ref _posts);

    /// <summary>Status changes sent, retries included.</summary>
    public long StatesPushed => Interlocked.Read(ref _statesPushed);

    /// <summary>Status changes whose id the receiver acknowledged.</summary>
    public long Acknowledged => Interlocked.Read(ref _acknowledged);

    /// <summary>Status changes given up after 5 unacknowledged attempts.</summary>
    public long Abandoned => Interlocked.Read(ref _abandoned);

    /// <summary>POSTs that got no answer (connection refused, time-out).</summary>
    public long FailedPosts => Interlocked.Read(ref _failedPosts);

    internal void OnPost(int states)
    {
        Interlocked.Increment(ref _posts);
        Interlocked.Add(ref _statesPushed, states);
    }

    internal void OnAcknowledged() => Interlocked.Increment(ref _acknowledged);

    internal void OnAbandoned() => Interlocked.Increment(ref _abandoned);

    internal void OnFailedPost() => Interlocked.Increment(ref _failedPosts);
}
