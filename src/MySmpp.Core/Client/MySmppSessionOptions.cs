using System;
using MySmpp.Model;

namespace MySmpp.Client;

/// <summary>
/// Everything that shapes how a session talks to the gateway. Defaults are conservative and
/// documented in the help of Connect-MySmpp; <see cref="Validate"/> refuses nonsense before any request is sent.
/// </summary>
public sealed class MySmppSessionOptions
{
    /// <summary>The documented base address.</summary>
    public static readonly Uri DefaultBaseAddress = new Uri("http://lk.mysmpp.ru/");

    /// <summary>The gateway's base address (scheme and host, no path). Default <c>http://lk.mysmpp.ru/</c>.</summary>
    public Uri BaseAddress { get; set; } = DefaultBaseAddress;

    /// <summary>The wire flavour. Default <see cref="MySmppProtocol.Json"/>.</summary>
    public MySmppProtocol Protocol { get; set; } = MySmppProtocol.Json;

    /// <summary>
    /// Unique ids per request. The gateway's limit is undocumented, so the default (200) is
    /// conservative; a batch the server rejects is split anyway.
    /// </summary>
    public int BatchSize { get; set; } = 200;

    /// <summary>Batches in flight at once per query. Default 4; lower it for a gateway that rate-limits.</summary>
    public int MaxConcurrency { get; set; } = 4;

    /// <summary>Time allowed for one HTTP attempt (request and whole response). Default 30 s; at most 24 days.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Time allowed for one query as a whole, retries included; ids not answered by then get a
    /// time-out error. Default <c>null</c> (no overall limit); at most 24 days.
    /// </summary>
    public TimeSpan? OverallTimeout { get; set; }

    /// <summary>Retries of a transient failure per batch (not counting the first attempt). Default 4; 0 disables retries.</summary>
    public int MaxRetries { get; set; } = 4;

    /// <summary>The first retry's delay; each later one doubles it, with jitter. Default 0.5 s.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The longest delay between retries, <c>Retry-After</c> included. Default 30 s; at most 24 days.</summary>
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The largest response body accepted, in bytes. Default 16 MiB.</summary>
    public long MaxResponseBytes { get; set; } = 16L * 1024 * 1024;

    /// <summary>
    /// The server's time zone, if known (IANA or Windows id through <see cref="TimeZoneInfo.FindSystemTimeZoneById"/>);
    /// when set, states also carry <see cref="SmsState.StatusTimeOffset"/>. Default <c>null</c>.
    /// </summary>
    public TimeZoneInfo? ServerTimeZone { get; set; }

    /// <summary>
    /// The proxy to use: an address (with or without credentials), or <see cref="MySmppProxy.None"/> for no proxy.
    /// Default <c>null</c>: the system's proxy settings apply (see docs/proxy.md). The proxy is
    /// shared by copies of these options and owned by the caller.
    /// </summary>
    public MySmppProxy? Proxy { get; set; }

    // The longest a timer can wait (int.MaxValue milliseconds, about 24.8 days).
    private static readonly TimeSpan MaxTimer = TimeSpan.FromMilliseconds(int.MaxValue);

    /// <summary>Time and randomness of the session's retries, time-outs, deadlines and waits; tests substitute a fake clock.</summary>
    internal Client.ClientClock Clock { get; set; } = Client.ClientClock.System;

    /// <summary>Returns a copy, so a session's options cannot be changed under it.</summary>
    public MySmppSessionOptions Clone() => (MySmppSessionOptions)MemberwiseClone();

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid option.</summary>
    public void Validate()
    {
        ValidateBaseAddress(BaseAddress);
        if (Protocol != MySmppProtocol.Json && Protocol != MySmppProtocol.Xml)
            throw new ArgumentOutOfRangeException(nameof(Protocol), Protocol, "Protocol must be Json or Xml.");
        if (BatchSize < 1 || BatchSize > 100_000)
            throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, "BatchSize must be between 1 and 100000.");
        if (MaxConcurrency < 1 || MaxConcurrency > 64)
            throw new ArgumentOutOfRangeException(nameof(MaxConcurrency), MaxConcurrency, "MaxConcurrency must be between 1 and 64.");
        if (RequestTimeout <= TimeSpan.Zero || RequestTimeout > MaxTimer)
            throw new ArgumentOutOfRangeException(nameof(RequestTimeout), RequestTimeout, "RequestTimeout must be positive and at most 24 days.");
        if (OverallTimeout.HasValue && (OverallTimeout.Value <= TimeSpan.Zero || OverallTimeout.Value > MaxTimer))
            throw new ArgumentOutOfRangeException(nameof(OverallTimeout), OverallTimeout, "OverallTimeout must be positive and at most 24 days.");
        if (MaxRetries < 0 || MaxRetries > 100)
            throw new ArgumentOutOfRangeException(nameof(MaxRetries), MaxRetries, "MaxRetries must be between 0 and 100.");
        if (RetryBaseDelay < TimeSpan.Zero || RetryMaxDelay < RetryBaseDelay)
            throw new ArgumentOutOfRangeException(nameof(RetryBaseDelay), RetryBaseDelay, "RetryBaseDelay must be non-negative and not above RetryMaxDelay.");
        if (RetryMaxDelay > MaxTimer)
            throw new ArgumentOutOfRangeException(nameof(RetryMaxDelay), RetryMaxDelay, "RetryMaxDelay must be at most 24 days.");
        if (MaxResponseBytes < 1024)
            throw new ArgumentOutOfRangeException(nameof(MaxResponseBytes), MaxResponseBytes, "MaxResponseBytes must be at least 1024.");
    }

    /// <summary>
    /// Checks a base address: absolute http(s), a host, no path beyond "/", no query, no user info
    /// (credentials belong in the body, never in a URL that gets logged).
    /// </summary>
    /// <exception cref="ArgumentException">The address is unusable; the message says why.</exception>
    public static void ValidateBaseAddress(Uri? baseAddress)
    {
        const string name = nameof(BaseAddress);
        if (baseAddress == null) throw new ArgumentNullException(name, "BaseAddress is required.");
        if (!baseAddress.IsAbsoluteUri)
            throw new ArgumentException("BaseAddress '" + SafeEcho(baseAddress.OriginalString) + "' must be absolute, e.g. http://lk.mysmpp.ru.", name);
        if (baseAddress.Scheme != Uri.UriSchemeHttp && baseAddress.Scheme != Uri.UriSchemeHttps)
            throw new ArgumentException("BaseAddress must use http or https, not '" + baseAddress.Scheme + "'.", name);
        if (!string.IsNullOrEmpty(baseAddress.UserInfo))
            throw new ArgumentException("BaseAddress must not contain user information; pass credentials separately.", name);
        if (baseAddress.AbsolutePath != "/" || !string.IsNullOrEmpty(baseAddress.Query) || !string.IsNullOrEmpty(baseAddress.Fragment))
            throw new ArgumentException("BaseAddress must be just scheme, host and port (e.g. https://lk.mysmpp.ru), without a path or query; got '" + baseAddress.GetLeftPart(UriPartial.Path) + "'.", name);
    }

    /// <summary>
    /// Parses what a user typed as a base address, refusing one without a scheme with a clear message
    /// (<c>lk.mysmpp.ru</c> would otherwise be read as a relative path).
    /// </summary>
    /// <exception cref="ArgumentException">The text is not a usable base address.</exception>
    public static Uri ParseBaseAddress(string text)
    {
        if (string.IsNullOrWhiteSpace(text)) throw new ArgumentException("BaseAddress must not be empty.", nameof(BaseAddress));
        string trimmed = text.Trim();
        string echo = SafeEcho(trimmed);
        if (trimmed.IndexOf("://", StringComparison.Ordinal) < 0)
            throw new ArgumentException("BaseAddress '" + echo + "' has no scheme; write it as http://" + echo + " or https://" + echo + ".", nameof(BaseAddress));
        if (!Uri.TryCreate(trimmed, UriKind.Absolute, out Uri? uri))
            throw new ArgumentException("BaseAddress '" + echo + "' is not a valid address.", nameof(BaseAddress));
        ValidateBaseAddress(uri);
        return uri;
    }

    /// <summary>
    /// What an error message may quote of an address the user typed: no user information (<c>user:password@</c>),
    /// no query or fragment (<c>?token=…</c>), at most 100 characters. A secret pasted into the wrong place
    /// must not be printed back.
    /// </summary>
    private static readonly char[] QueryStart = { '?', '#' };

    private static string SafeEcho(string text)
    {
        string echo = text;
        int cut = echo.IndexOfAny(QueryStart);
        if (cut >= 0) echo = echo.Substring(0, cut);
        int scheme = echo.IndexOf("://", StringComparison.Ordinal);
        int hostStart = scheme < 0 ? 0 : scheme + 3;
        int pathStart = echo.IndexOf('/', hostStart);
        int authorityEnd = pathStart < 0 ? echo.Length : pathStart;
        int at = authorityEnd > hostStart ? echo.LastIndexOf('@', authorityEnd - 1, authorityEnd - hostStart) : -1;
        if (at >= 0) echo = echo.Substring(0, hostStart) + echo.Substring(at + 1);
        return echo.Length > 100 ? echo.Substring(0, 100) + "…" : echo;
    }
}
