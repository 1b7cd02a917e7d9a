using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Http;
using System.Security.Authentication;
using System.Threading;
using System.Threading.Tasks;
using MySmpp.Account;
using MySmpp.Credentials;
using MySmpp.Errors;
using MySmpp.Http;
using MySmpp.Inbound;
using MySmpp.Model;
using MySmpp.PhoneInfo;
using MySmpp.Protocol;
using MySmpp.Protocol.Json;
using MySmpp.Protocol.Xml;
using MySmpp.Scheduled;
using MySmpp.Sending;
using MySmpp.StopList;

namespace MySmpp.Client;

/// <summary>
/// One session with the gateway: credentials, options and one reused <see cref="HttpClient"/>.
/// Answers "what is the state of these message ids?" for any number of ids, in either wire flavour, sends messages,
/// and reads the account. Thread-safe: several commands may run at once (e.g. from parallel runbook branches).
/// </summary>
public sealed class MySmppClient : IDisposable
{
    /// <summary>How long an advisory request (the sender-name check, the account's time) may take before a command goes on without it.</summary>
    internal static readonly TimeSpan AdvisoryLimit = TimeSpan.FromSeconds(5);

    private const string Disconnected = "The session was disconnected.";

    private readonly HttpClient _http;
    private readonly MySmppCredential _credential;
    private readonly MySmppSessionOptions _options;
    private readonly GatewayTransport _transport;
    private readonly StateExchange _states;
    private readonly RetryDelay _retryDelay;

    // Cancelled by Dispose, so that commands still running on other threads stop at once instead of failing
    // request by request on a disposed HttpClient. Never disposed itself: running commands hold its token.
    private readonly CancellationTokenSource _lifetime = new CancellationTokenSource();
    private AccountTime? _accountTime;
    private int _disposed;

    /// <summary>Creates a session. Options are copied and validated; the credential is owned by the caller.</summary>
    /// <exception cref="ArgumentException">An option is invalid; the message names it.</exception>
    public MySmppClient(MySmppCredential credential, MySmppSessionOptions? options = null)
        : this(credential, options ?? new MySmppSessionOptions(), CreateHandler(options ?? new MySmppSessionOptions(), TlsOffer.ForThisProcess()), disposeHandler: true)
    {
    }

    /// <summary>
    /// Creates a session over a caller-supplied handler (certificates, tests). <see cref="MySmppSessionOptions.Proxy"/>
    /// is not applied to it (configure the handler's proxy yourself); it only names the proxy in errors.
    /// </summary>
    /// <exception cref="ArgumentException">An option is invalid; the message names it.</exception>
    public MySmppClient(MySmppCredential credential, MySmppSessionOptions options, HttpMessageHandler handler, bool disposeHandler)
    {
        _credential = credential ?? throw new ArgumentNullException(nameof(credential));
        if (options == null) throw new ArgumentNullException(nameof(options));
        if (handler == null) throw new ArgumentNullException(nameof(handler));
        _options = options.Clone();
        _options.Validate();

        // Time-outs are enforced per attempt by the transport, so that a time-out can be told apart
        // from a user's cancellation and retried.
        _http = new HttpClient(handler, disposeHandler) { Timeout = Timeout.InfiniteTimeSpan };
        _http.DefaultRequestHeaders.UserAgent.ParseAdd("MySmpp/" + typeof(MySmppClient).Assembly.GetName().Version);

        // .NET Framework sends "Expect: 100-continue" on every POST unless told not to (null means "the ServicePoint's
        // default", which is true): one more round trip per request, a pause through a body-buffering proxy, and a 417
        // from old proxies. .NET sends it only when asked. Set on the client, it covers every request of the session.
        _http.DefaultRequestHeaders.ExpectContinue = false;
        _transport = new GatewayTransport(_http, _credential, _options);
        IStateCodec codec = _options.Protocol == MySmppProtocol.Xml ? XmlStateCodec.Instance : (IStateCodec)JsonStateCodec.Instance;
        _states = new StateExchange(_transport, codec);
        _retryDelay = new RetryDelay(_options.RetryBaseDelay, _options.RetryMaxDelay, _options.Clock);
    }

    /// <summary>A copy of the session's options.</summary>
    public MySmppSessionOptions Options => _options.Clone();

    /// <summary>The endpoint status queries go to, e.g. <c>http://lk.mysmpp.ru/json/state.php</c>.</summary>
    public Uri Endpoint => _states.Endpoint;

    /// <summary>Who the session authenticates as, without the secret (e.g. <c>login 'acme' (password hidden)</c>).</summary>
    public string Account => _credential.ToString();

    /// <summary>True when credentials travel over plain <c>http://</c> (the documented default); callers should warn.</summary>
    public bool SendsCredentialsInClear => _options.BaseAddress.Scheme == Uri.UriSchemeHttp;

    /// <summary>Starts a streaming query; see <see cref="StateQuery"/>.</summary>
    /// <exception cref="MySmppDisconnectedException">The session was disconnected.</exception>
    public StateQuery StartQuery(StateQueryOptions? options = null, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        if (options?.OverallTimeout is TimeSpan limit && (limit <= TimeSpan.Zero || limit > TimeSpan.FromMilliseconds(int.MaxValue)))
        {
            throw new ArgumentOutOfRangeException(nameof(options), limit, "OverallTimeout must be positive and at most 24 days.");
        }

        return new StateQuery(_states, _options, options ?? new StateQueryOptions(), cancellationToken, _lifetime.Token);
    }

    /// <summary>
    /// Streams the states of <paramref name="ids"/> in input order, one result per id occurrence,
    /// while later batches are still in flight.
    /// </summary>
    public IEnumerable<SmsStateResult> GetStates(IEnumerable<long> ids, StateQueryOptions? options = null, CancellationToken cancellationToken = default)
    {
        if (ids == null) throw new ArgumentNullException(nameof(ids));
        return GetStatesIterator(ids, options, cancellationToken);
    }

    /// <summary>Collects the states of <paramref name="ids"/> in input order without blocking the caller's thread.</summary>
    public Task<IReadOnlyList<SmsStateResult>> GetStatesAsync(IEnumerable<long> ids, StateQueryOptions? options = null, CancellationToken cancellationToken = default)
    {
        if (ids == null) throw new ArgumentNullException(nameof(ids));
        return Task.Run<IReadOnlyList<SmsStateResult>>(() => new List<SmsStateResult>(GetStates(ids, options, cancellationToken)), cancellationToken);
    }

    /// <summary>
    /// Checks the credentials with one cheap request (one id). Throws the session-level error
    /// (authentication, locked account, transport) if there is one; an unknown id is fine.
    /// </summary>
    public async Task ValidateAsync(StateQueryOptions? options = null, CancellationToken cancellationToken = default)
    {
        IReadOnlyList<SmsStateResult> results = await GetStatesAsync(new long[] { 1 }, options, cancellationToken).ConfigureAwait(false);
        MySmppException? error = results[0].Error;
        if (error != null && !(error is MySmppIdNotFoundException)) throw error;
    }

    /// <summary>
    /// Starts a streaming send over <c>POST /xml/</c> (the precisely documented sending flavour, whatever the session's
    /// protocol); see <see cref="SmsSendOperation"/>.
    /// </summary>
    /// <exception cref="MySmppDisconnectedException">The session was disconnected.</exception>
    public SmsSendOperation StartSend(SmsSendOptions? options = null, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        return new SmsSendOperation(this, _transport, options ?? new SmsSendOptions(), _lifetime.Token, cancellationToken);
    }

    /// <summary>The account's balance, over the session's protocol (<c>xml/balance.php</c> or <c>json/balance.php</c>).</summary>
    /// <exception cref="MySmppException">The gateway refused or could not be reached (after retries).</exception>
    public Task<MySmppBalance> GetBalanceAsync(Action<string>? log = null, CancellationToken cancellationToken = default) =>
        _options.Protocol == MySmppProtocol.Xml
            ? AccountQueryAsync("xml/balance.php", "text/xml", AccountRequest.WriteXml, BalanceCodec.ReadXml, log, cancellationToken)
            : AccountQueryAsync("json/balance.php", "text/json", AccountRequest.WriteJson, BalanceCodec.ReadJson, log, cancellationToken);

    /// <summary>
    /// The account's balance over <c>xml/balance.php</c> whatever the session's protocol, for the prices of a spend
    /// estimate: the XML answer is the one documented with a <c>price</c> per direction (the JSON one shows only counts).
    /// </summary>
    internal Task<MySmppBalance> GetPricedBalanceAsync(Action<string>? log, CancellationToken cancellationToken) =>
        AccountQueryAsync("xml/balance.php", "text/xml", AccountRequest.WriteXml, BalanceCodec.ReadXml, log, cancellationToken);

    /// <summary>The account's sender names (<c>xml/originator.php</c>, documented in XML only).</summary>
    /// <exception cref="MySmppException">The gateway refused or could not be reached (after retries).</exception>
    public Task<SenderNameList> GetSenderNamesAsync(Action<string>? log = null, CancellationToken cancellationToken = default) =>
        AccountQueryAsync("xml/originator.php", "text/xml", AccountRequest.WriteXml, SenderNameCodec.ReadXml, log, cancellationToken);

    /// <summary>
    /// The account's local time (<c>xml/time.php</c>): Moscow time shifted by the account's offset, the zone of
    /// <c>time_send</c>, reply times and status times. A time-of-day answer gets the date nearest to Moscow's today.
    /// </summary>
    /// <exception cref="MySmppException">The gateway refused or could not be reached (after retries).</exception>
    public async Task<DateTime> GetAccountTimeAsync(Action<string>? log = null, CancellationToken cancellationToken = default)
    {
        AccountTimeReading reading = await AccountQueryAsync(AccountTimeCodec.Path, "text/xml", AccountRequest.WriteXml, AccountTimeCodec.ReadXml, log, cancellationToken).ConfigureAwait(false);
        return AccountTimeCodec.Resolve(reading, _options.Clock.UtcNow);
    }

    /// <summary>
    /// The replies received after <paramref name="since"/> and before <paramref name="until"/> (both not inclusive, the
    /// account's local time), from <c>xml/incoming.php</c>. Without <paramref name="until"/> the end is the account's
    /// current time cut to the second (one more request, to <c>time.php</c>): the platform stamps replies to the second,
    /// so one may still arrive with the current second's stamp, and ending before that second keeps it for the next
    /// poll. So polling again from the last reply's <see cref="SmsInbound.ReceivedAt"/> never returns a reply twice and
    /// never misses one. When <paramref name="since"/> is not before the end there is nothing to ask and nothing is asked.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="until"/> is not after <paramref name="since"/>.</exception>
    /// <exception cref="MySmppException">The gateway refused or could not be reached (after retries).</exception>
    public async Task<ItemList<SmsInbound>> GetInboundAsync(DateTime since, DateTime? until = null, Action<string>? log = null, CancellationToken cancellationToken = default)
    {
        if (until.HasValue && until.Value <= since) throw new ArgumentException("The end of the period must be after its start.", nameof(until));
        DateTime end;
        if (until.HasValue)
        {
            end = until.Value;
        }
        else
        {
            DateTime now = await GetAccountTimeAsync(log, cancellationToken).ConfigureAwait(false);
            end = new DateTime(now.Ticks - (now.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Unspecified);
            log?.Invoke("The account's time is " + end.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture) + "; replies up to the second before it.");
            if (end <= since) return new ItemList<SmsInbound>(Array.Empty<SmsInbound>());
        }

        return await AccountQueryAsync(InboundCodec.Path, "text/xml", (body, credential) => InboundCodec.WriteXml(body, credential, since, end), InboundCodec.ReadXml, log, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The numbers on the account's stop list (<c>xml/list_stop.php</c>).</summary>
    /// <exception cref="MySmppException">The gateway refused or could not be reached (after retries).</exception>
    public Task<ItemList<StopListEntry>> GetStopListAsync(Action<string>? log = null, CancellationToken cancellationToken = default) =>
        AccountQueryAsync(StopListCodec.ListPath, "text/xml", AccountRequest.WriteXml, StopListCodec.ReadList, log, cancellationToken);

    /// <summary>
    /// Adds <paramref name="add"/> to the stop list and takes <paramref name="remove"/> off it, in one request to
    /// <c>xml/stop.php</c> (numbers as digits, see <see cref="PhoneNumber.TryNormalize"/>). One result per number asked,
    /// in the order asked (those to add first); a number the answer does not name is <see cref="StopListOutcome.NotAnswered"/>.
    /// Retrying a lost answer is safe: adding a listed number or removing an absent one changes nothing.
    /// </summary>
    /// <exception cref="MySmppException">The gateway refused or could not be reached (after retries).</exception>
    public async Task<ItemList<StopListChange>> ChangeStopListAsync(IReadOnlyList<string> add, IReadOnlyList<string> remove, Action<string>? log = null, CancellationToken cancellationToken = default)
    {
        if (add == null) throw new ArgumentNullException(nameof(add));
        if (remove == null) throw new ArgumentNullException(nameof(remove));
        ItemList<KeyValuePair<string, string>> answered = await AccountQueryAsync(StopListCodec.ChangePath, "text/xml", (body, credential) => StopListCodec.WriteChange(body, credential, add, remove), StopListCodec.ReadChange, log, cancellationToken).ConfigureAwait(false);
        return new ItemList<StopListChange>(StopListCodec.Match(add, remove, answered.Items), answered.Problems);
    }

    /// <summary>One page of the scheduled messages (<c>xml/list_scheduled.php</c>, pages from 1); see <see cref="ScheduledListing"/> for the whole list.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="page"/> is less than 1.</exception>
    /// <exception cref="MySmppException">The gateway refused or could not be reached (after retries).</exception>
    public Task<ScheduledPage> GetScheduledPageAsync(int page, Action<string>? log = null, CancellationToken cancellationToken = default)
    {
        if (page < 1) throw new ArgumentOutOfRangeException(nameof(page), page, "Pages start at 1.");
        return AccountQueryAsync(ScheduledCodec.ListPath, "text/xml", (body, credential) => ScheduledCodec.WritePage(body, credential, page), answer => ScheduledCodec.ReadPage(answer, page), log, cancellationToken);
    }

    /// <summary>
    /// Deletes scheduled messages, in one request to <c>xml/scheduled.php</c>: one result per id, in the order given
    /// (an id the answer does not name is <see cref="ScheduledOutcome.NotAnswered"/>). Retrying a lost answer is safe:
    /// a message already deleted is not found the second time.
    /// </summary>
    /// <exception cref="MySmppException">The gateway refused or could not be reached (after retries).</exception>
    public async Task<ItemList<ScheduledDeletion>> DeleteScheduledAsync(IReadOnlyList<long> ids, Action<string>? log = null, CancellationToken cancellationToken = default)
    {
        if (ids == null) throw new ArgumentNullException(nameof(ids));
        ItemList<KeyValuePair<long, string>> answered = await AccountQueryAsync(ScheduledCodec.DeletePath, "text/xml", (body, credential) => ScheduledCodec.WriteDelete(body, credential, ids), ScheduledCodec.ReadDelete, log, cancellationToken).ConfigureAwait(false);
        return new ItemList<ScheduledDeletion>(ScheduledCodec.Match(ids, answered.Items), answered.Problems);
    }

    /// <summary>
    /// What the numbering plan says about <paramref name="phones"/> (digits), in one request to <c>xml/def.php</c>: the
    /// information for each number the answer names, in the order asked; numbers it does not name are left out. The
    /// answers are also kept for the session (<see cref="PhoneInfoCache"/>), for the sending rules.
    /// </summary>
    /// <exception cref="MySmppException">The gateway refused or could not be reached (after retries).</exception>
    public async Task<ItemList<SmsPhoneInfo>> GetPhoneInfoAsync(IReadOnlyList<string> phones, Action<string>? log = null, CancellationToken cancellationToken = default)
    {
        if (phones == null) throw new ArgumentNullException(nameof(phones));
        ItemList<SmsPhoneInfo> answered = await AccountQueryAsync(PhoneInfoCodec.Path, "text/xml", (body, credential) => PhoneInfoCodec.WriteXml(body, credential, phones), PhoneInfoCodec.ReadXml, log, cancellationToken).ConfigureAwait(false);
        List<SmsPhoneInfo> matched = PhoneInfoCodec.Match(phones, answered.Items);
        foreach (SmsPhoneInfo info in matched) PhoneInfoCache.Store(info);
        return new ItemList<SmsPhoneInfo>(matched, answered.Problems);
    }

    /// <summary>
    /// The sender names for an advisory check before sending: one attempt of at most <paramref name="limit"/>, and at
    /// most half of <paramref name="commandTimeLeft"/> (the rest is the send's), no retries, so a gateway that does not
    /// answer delays nothing much.
    /// </summary>
    internal Task<SenderNameList> GetSenderNamesAdvisoryAsync(TimeSpan limit, TimeSpan? commandTimeLeft, Action<string>? log, CancellationToken cancellationToken) =>
        AccountQueryAsync("xml/originator.php", "text/xml", AccountRequest.WriteXml, SenderNameCodec.ReadXml, log, cancellationToken, attemptLimit: limit, maxRetries: 0, commandLimit: AdvisoryShare(limit, commandTimeLeft));

    // An advisory request takes at most its own limit, and at most half the time the command has left.
    private static TimeSpan AdvisoryShare(TimeSpan limit, TimeSpan? commandTimeLeft) =>
        commandTimeLeft.HasValue && commandTimeLeft.Value < limit + limit ? TimeSpan.FromTicks(commandTimeLeft.Value.Ticks / 2) : limit;

    /// <summary>
    /// The account's clock, learnt once per session: the session's time zone when it names one; else the offset
    /// <c>time.php</c> shows (one advisory attempt, within half of <paramref name="commandTimeLeft"/>); else Moscow time, the
    /// platform's own, said on <paramref name="log"/>. Only a clock learnt from the gateway is kept for the session.
    /// </summary>
    internal AccountTime GetAccountTime(TimeSpan? commandTimeLeft, Action<string>? log, CancellationToken cancellationToken)
    {
        AccountTime? known = Volatile.Read(ref _accountTime);
        if (known != null) return known;
        if (_options.ServerTimeZone != null) return AccountTime.FromZone(_options.ServerTimeZone);
        try
        {
            AccountTimeReading reading = AccountQueryAsync(AccountTimeCodec.Path, "text/xml", AccountRequest.WriteXml, AccountTimeCodec.ReadXml, log, cancellationToken, AdvisoryLimit, 0, AdvisoryShare(AdvisoryLimit, commandTimeLeft))
                .GetAwaiter().GetResult();
            TimeSpan? offset = AccountTime.OffsetOf(reading, _options.Clock.UtcNow);
            if (offset.HasValue)
            {
                var learnt = AccountTime.FromOffset(offset.Value);
                Volatile.Write(ref _accountTime, learnt);
                log?.Invoke("Times are sent in " + learnt.Source + ".");
                return learnt;
            }

            log?.Invoke("The gateway's time.php gave a time of day that is no UTC offset; times are sent in " + AccountTime.Moscow.Source + ".");
        }
        catch (MySmppException ex) when (!ex.IsSessionFatal)
        {
            log?.Invoke("Could not read the account's time from time.php (" + ex.Message + "); times are sent in " + AccountTime.Moscow.Source + ".");
        }

        return AccountTime.Moscow;
    }

    /// <summary>
    /// One request to an account endpoint with the session's rules: the same transport, retries, breakers and deadline
    /// (the session's OperationTimeout, or <paramref name="commandLimit"/> when shorter) as every other request; stops
    /// with <see cref="MySmppDisconnectedException"/> when the session is disconnected meanwhile.
    /// </summary>
    internal async Task<T> AccountQueryAsync<T>(
        string path,
        string mediaType,
        Action<PooledBuffer, MySmppCredential> write,
        Func<ArraySegment<byte>, ParsedAnswer<T>> parse,
        Action<string>? log,
        CancellationToken cancellationToken,
        TimeSpan? attemptLimit = null,
        int? maxRetries = null,
        TimeSpan? commandLimit = null)
    {
        ThrowIfDisposed();
        GatewayEndpoint endpoint = _transport.Endpoint(path, mediaType, mediaType.EndsWith("json", StringComparison.Ordinal) ? "JSON" : "XML");
        using (var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _lifetime.Token))
        using (var body = new PooledBuffer(512))
        {
            write(body, _credential);
            var command = new CommandContext(_options, commandLimit, new AccountStatistics(), log, linked.Token, batchSize: 1, attemptLimit, maxRetries);
            try
            {
                return await AccountExchange<T>.RunAsync(_transport, endpoint, body, parse, command, _retryDelay).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (_lifetime.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw new MySmppDisconnectedException(Disconnected);
            }
        }
    }

    /// <summary>
    /// Releases the HTTP connection pool. Commands still running (on any thread) stop: a query throws
    /// <see cref="MySmppDisconnectedException"/> after the results it already had; a send accounts for every recipient.
    /// </summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        _lifetime.Cancel();
        _http.Dispose();
    }

    /// <summary>What <c>def.php</c> said about the numbers this session asked about (bounded).</summary>
    internal PhoneInfoCache PhoneInfoCache { get; } = new PhoneInfoCache();

    /// <summary>The session's time and randomness: what a wait over this session measures its time-out and pauses with.</summary>
    internal ClientClock Clock => _options.Clock;

    /// <summary>Cancelled when the session is disposed; waits between polls end with it.</summary>
    internal CancellationToken Lifetime => _lifetime.Token;

    private IEnumerable<SmsStateResult> GetStatesIterator(IEnumerable<long> ids, StateQueryOptions? options, CancellationToken cancellationToken)
    {
        using (StateQuery query = StartQuery(options, cancellationToken))
        {
            foreach (long id in ids)
            {
                query.Add(id);
                foreach (SmsStateResult ready in query.TakeCompleted()) yield return ready;
            }

            foreach (SmsStateResult rest in query.Finish()) yield return rest;
        }
    }

    private void ThrowIfDisposed()
    {
        if (Volatile.Read(ref _disposed) != 0) throw new MySmppDisconnectedException(Disconnected);
    }

    /// <summary>The session's own handler; <paramref name="tlsOffer"/> comes from <see cref="TlsOffer.ForThisProcess"/> (null on .NET).</summary>
    internal static HttpClientHandler CreateHandler(MySmppSessionOptions options, SslProtocols? tlsOffer)
    {
        var handler = new HttpClientHandler
        {
            AllowAutoRedirect = false, // a redirected POST turns into a GET; report it instead.
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate,
        };
        try
        {
            handler.MaxConnectionsPerServer = Math.Max(2, options.MaxConcurrency);
        }
        catch (PlatformNotSupportedException)
        {
            // Older .NET Framework handlers: the ServicePoint limit applies instead.
        }

        // -Proxy / -NoProxy; without either, the handler keeps the system's proxy settings.
        ProxyRoute.Configure(handler, options.Proxy);

        // Windows PowerShell 5.1 on an image whose process default has no TLS 1.2: this handler offers it.
        TlsOffer.Apply(handler, tlsOffer);

        return handler;
    }
}
