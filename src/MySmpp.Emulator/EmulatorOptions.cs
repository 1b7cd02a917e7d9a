using System;
using System.Collections.Generic;
using System.Security.Cryptography.X509Certificates;
using System.Threading;

namespace MySmpp.Emulator;

/// <summary>Settings of one emulator instance.</summary>
/// <remarks>
/// <see cref="Urls"/>, <see cref="Seed"/>, <see cref="Epoch"/>, <see cref="TimeScale"/>,
/// <see cref="FaultSeed"/>, <see cref="Certificate"/>, <see cref="Tls12Only"/> and <see cref="ConsoleLogging"/> are read once at start. Every other
/// property is read on each request (with volatile semantics), so tests may flip faults and limits
/// on a running server.
/// </remarks>
public sealed class EmulatorOptions
{
    /// <summary>The default simulated start: a few minutes after the documents' example status time.</summary>
    public static readonly DateTime DefaultEpoch = new(2021, 4, 26, 15, 20, 0, DateTimeKind.Unspecified);

    /// <summary>The default body size limit, 4 MiB.</summary>
    public const long DefaultMaxRequestBodyBytes = 4L * 1024 * 1024;

    private IdRange? _syntheticIds = new(1_000_000, 1_999_999_999);
    private long _maxRequestBodyBytes = DefaultMaxRequestBodyBytes;
    private int _maxBatchSize;
    private bool _trackIdQueries = true;
    private int _latencyMs;
    private int _latencyJitterMs;
    private double _failureRate;
    private int _failureModes = (int)FailureModes.All;
    private bool _stallMidBody;
    private int _dialect = (int)EmulatorDialect.Documented;
    private int _sendFault = (int)SendFault.None;
    private int _sendFaultAfter;
    private int _clientIdStorage = (int)ClientIdStorage.Int64;
    private IReadOnlySet<string> _stalledPaths = new System.Collections.Generic.HashSet<string>(StringComparer.Ordinal);
    private int _scheduledPageSize = 10;

    /// <summary>Addresses to listen on, separated by ';'. Port 0 picks a free port. Default <c>http://127.0.0.1:0</c>.</summary>
    public string Urls { get; set; } = "http://127.0.0.1:0";

    /// <summary>Accounts and messages; the built-in demo data (<see cref="EmulatorSeed.CreateDefault"/>) when null.</summary>
    public EmulatorSeed? Seed { get; set; }

    /// <summary>Simulated time at server start; message step offsets are relative to it.</summary>
    public DateTime Epoch { get; set; } = DefaultEpoch;

    /// <summary>Simulated seconds per real second (default 1; 0 freezes the clock).</summary>
    public double TimeScale { get; set; } = 1.0;

    /// <summary>Ids answered by <see cref="SyntheticMessages"/> when not seeded; null disables the range.</summary>
    public IdRange? SyntheticIds
    {
        get => Volatile.Read(ref _syntheticIds);
        set => Volatile.Write(ref _syntheticIds, value);
    }

    /// <summary>Largest accepted request body; larger ones get HTTP 413.</summary>
    public long MaxRequestBodyBytes
    {
        get => Volatile.Read(ref _maxRequestBodyBytes);
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(value);
            Volatile.Write(ref _maxRequestBodyBytes, value);
        }
    }

    /// <summary>Most ids accepted in one request; more get HTTP 413. 0 means unlimited.</summary>
    public int MaxBatchSize
    {
        get => Volatile.Read(ref _maxBatchSize);
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            Volatile.Write(ref _maxBatchSize, value);
        }
    }

    /// <summary>How answers are worded: as the documents say (default) or as the live platform does.</summary>
    public EmulatorDialect Dialect
    {
        get => (EmulatorDialect)Volatile.Read(ref _dialect);
        set => Volatile.Write(ref _dialect, (int)value);
    }

    /// <summary>Whether <see cref="EmulatorStats.TimesQueried"/> tracks each id (default true; turn off for huge benchmarks).</summary>
    public bool TrackIdQueries
    {
        get => Volatile.Read(ref _trackIdQueries);
        set => Volatile.Write(ref _trackIdQueries, value);
    }

    /// <summary>Delay added before every request is handled, in milliseconds.</summary>
    public int LatencyMs
    {
        get => Volatile.Read(ref _latencyMs);
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            Volatile.Write(ref _latencyMs, value);
        }
    }

    /// <summary>A random extra delay of 0..this many milliseconds added to <see cref="LatencyMs"/>.</summary>
    public int LatencyJitterMs
    {
        get => Volatile.Read(ref _latencyJitterMs);
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            Volatile.Write(ref _latencyJitterMs, value);
        }
    }

    /// <summary>Probability (0..1) that a request fails with one of <see cref="FailureModes"/>. Default 0.</summary>
    public double FailureRate
    {
        get => Volatile.Read(ref _failureRate);
        set
        {
            if (double.IsNaN(value) || value < 0 || value > 1)
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "The failure rate must be between 0 and 1.");
            }

            Volatile.Write(ref _failureRate, value);
        }
    }

    /// <summary>The modes a failing request picks from, uniformly. Default <see cref="FailureModes.All"/>.</summary>
    public FailureModes FailureModes
    {
        get => (FailureModes)Volatile.Read(ref _failureModes);
        set => Volatile.Write(ref _failureModes, (int)(value & FailureModes.All));
    }

    /// <summary>When true, every answer stops after its first half until the client gives up (for cancellation tests).</summary>
    public bool StallMidBody
    {
        get => Volatile.Read(ref _stallMidBody);
        set => Volatile.Write(ref _stallMidBody, value);
    }

    /// <summary>What the sending endpoint does once <see cref="SendFaultAfter"/> messages were accepted. Default none.</summary>
    public SendFault SendFault
    {
        get => (SendFault)Volatile.Read(ref _sendFault);
        set => Volatile.Write(ref _sendFault, (int)value);
    }

    /// <summary>How many messages are accepted before <see cref="SendFault"/> strikes.</summary>
    public int SendFaultAfter
    {
        get => Volatile.Read(ref _sendFaultAfter);
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            Volatile.Write(ref _sendFaultAfter, value);
        }
    }

    /// <summary>Paths (e.g. <c>/xml/originator.php</c>) whose requests are read and never answered, until the client gives up.</summary>
    public IReadOnlySet<string> StalledPaths
    {
        get => Volatile.Read(ref _stalledPaths);
        set => Volatile.Write(ref _stalledPaths, value ?? throw new ArgumentNullException(nameof(value)));
    }

    /// <summary>Money every account starts with. Default <see cref="EmulatorSending.DefaultBalance"/>.</summary>
    public decimal StartingBalance { get; set; } = EmulatorSending.DefaultBalance;

    /// <summary>
    /// The price of one Viber message. Default null: the balance lists Viber as <c>Unlim</c> without a price (and a Viber
    /// message is charged like an SMS of its text). When set, the balance gives the <c>viber</c> direction this price, a
    /// Viber message costs it, and a Viber message with SMS fallback costs it plus its SMS parts (the fallback is charged
    /// up front, as a spend estimate must assume).
    /// </summary>
    public decimal? ViberPrice { get; set; }

    /// <summary>Whether the sending endpoint records every recipient it received (<see cref="EmulatorSending.Received"/>). Default true.</summary>
    public bool TrackSends { get; set; } = true;

    /// <summary>
    /// The account's offset from UTC for <c>time.php</c>, which then answers the real time at that offset as a live gateway
    /// does. Default null: <c>time.php</c> answers the simulated clock, the emulator's own "now".
    /// </summary>
    public TimeSpan? AccountUtcOffset { get; set; }

    /// <summary>How <c>client_id_sms</c> keys are stored. Default 64-bit.</summary>
    public ClientIdStorage ClientIdStorage
    {
        get => (ClientIdStorage)Volatile.Read(ref _clientIdStorage);
        set => Volatile.Write(ref _clientIdStorage, (int)value);
    }
    /// <summary>Scheduled messages per page of <c>/xml/list_scheduled.php</c> (default 10).</summary>
    public int ScheduledPageSize
    {
        get => Volatile.Read(ref _scheduledPageSize);
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(value);
            Volatile.Write(ref _scheduledPageSize, value);
        }
    }

    /// <summary>
    /// Where the status webhook POSTs status changes of the messages sent through <c>/xml/</c> (platform-api.md 7.1);
    /// null (the default) pushes nothing. Read at start.
    /// </summary>
    public Uri? CallbackUrl { get; set; }

    /// <summary>The webhook's body: JSON (the default) or the state.php XML document.</summary>
    public EmulatorCallbackFormat CallbackFormat { get; set; } = EmulatorCallbackFormat.Json;

    /// <summary>How often (real time) the webhook looks for status changes and retries unacknowledged ones; default 200 ms.</summary>
    public TimeSpan CallbackInterval { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Seed of the random source behind failures, jitter and garbage; null for a time-based seed.</summary>
    public int? FaultSeed { get; set; }

    /// <summary>
    /// The certificate an <c>https://</c> address in <see cref="Urls"/> serves; when null, a self-signed one is made
    /// at start (<see cref="EmulatorCertificate.Create"/>, see <see cref="EmulatorServer.Certificate"/>).
    /// </summary>
    public X509Certificate2? Certificate { get; set; }

    /// <summary>When true, <c>https://</c> addresses accept TLS 1.2 only (a gateway that refuses 1.0, 1.1 and 1.3).</summary>
    public bool Tls12Only { get; set; }

    /// <summary>Whether warnings are logged to the console (the command line turns this on; tests leave it off).</summary>
    public bool ConsoleLogging { get; set; }
}
