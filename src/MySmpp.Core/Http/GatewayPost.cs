using System;
using System.Globalization;
using System.IO;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using MySmpp.Client;

namespace MySmpp.Http;

/// <summary>
/// Posts one prepared body to one of the gateway's other endpoints (sending, balance, sender names, time)
/// and hands the bounded answer to a parser, retrying what may pass on a second try with the very same
/// bytes. The status query keeps its own, batch-splitting executor; this is the small shared path for the rest.
/// </summary>
internal sealed class GatewayPost
{
    private readonly HttpClient _http;
    private readonly MySmppCredential _credential;
    private readonly MySmppSessionOptions _options;
    private readonly RetryDelay _retryDelay;
    private readonly ProxyRoute _proxy;

    // The gateway's secret and, behind a proxy with credentials, the proxy's password.
    private readonly SecretRedactor _redactor;
    private readonly ErrorSanitizer _sanitizer;

    public GatewayPost(HttpClient http, MySmppCredential credential, MySmppSessionOptions options)
    {
        _http = http;
        _credential = credential;
        _options = options;
        _retryDelay = new RetryDelay(options.RetryBaseDelay, options.RetryMaxDelay, options.Clock);
        _proxy = new ProxyRoute(options.Proxy, options.BaseAddress);
        _sanitizer = new ErrorSanitizer(credential, options, _proxy);
        _redactor = _sanitizer.Redactor;
    }

    /// <summary>Every secret of the session, for quoting what the gateway said about one recipient.</summary>
    public SecretRedactor Redactor => _redactor;

    public MySmppCredential Credential => _credential;

    public MySmppSessionOptions Options => _options;

    public Uri EndpointOf(string relativePath) => new Uri(_options.BaseAddress, relativePath);

    /// <summary>
    /// Posts <paramref name="body"/> until an answer is read or a failure is final. <paramref name="parse"/> gets the
    /// complete answer and returns the result, or the server's error text (request level), or throws a transient
    /// <see cref="MySmppProtocolException"/> for an unreadable answer. A lost answer (time-out, dropped connection,
    /// 5xx, 429, unreadable 200) is retried, which is what the callers' idempotency keys make safe.
    /// </summary>
    public async Task<T> PostAsync<T>(string relativePath, string mediaType, PooledBuffer body, Func<ArraySegment<byte>, ParsedAnswer<T>> parse, Action<string>? log, Action? onRequest, Action? onRetry, CancellationToken cancellationToken)
    {
        Uri endpoint = EndpointOf(relativePath);
        for (int retry = 0; ; retry++)
        {
            MySmppException failure;
            try
            {
                onRequest?.Invoke();
                return await PostOnceAsync(endpoint, mediaType, body, parse, log, cancellationToken).ConfigureAwait(false);
            }
            catch (MySmppException ex)
            {
                failure = _sanitizer.Sanitize(ex, Array.Empty<long>());
            }

            if (!failure.IsTransient || retry >= _options.MaxRetries)
            {
                if (failure.IsTransient)
                {
                    failure = ErrorCopy.With(failure, message: failure.Message + string.Format(CultureInfo.InvariantCulture, " Gave up after {0} attempt{1} (MaxRetries {2}).", retry + 1, retry == 0 ? string.Empty : "s", _options.MaxRetries));
                }

                throw failure;
            }

            TimeSpan delay = _retryDelay.For(retry, (failure as MySmppTransportException)?.RetryAfter);
            onRetry?.Invoke();
            log?.Invoke(string.Format(CultureInfo.InvariantCulture, "Retry {0} of {1} in {2:0.0} s, same body: {3}", retry + 1, _options.MaxRetries, delay.TotalSeconds, failure.Message));
            await _options.Clock.DelayAsync(delay, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<T> PostOnceAsync<T>(Uri endpoint, string mediaType, PooledBuffer body, Func<ArraySegment<byte>, ParsedAnswer<T>> parse, Action<string>? log, CancellationToken cancellationToken)
    {
        using (var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            _options.Clock.CancelAfter(attempt, _options.RequestTimeout);
            log?.Invoke(string.Format(CultureInfo.InvariantCulture, "POST {0} ({1}, {2} bytes)", endpoint, _credential, body.Length));
            try
            {
                using (var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new PooledBufferContent(body.WrittenSegment, mediaType) })
                using (HttpResponseMessage response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, attempt.Token).ConfigureAwait(false))
                using (attempt.Token.Register(static state => ((HttpResponseMessage)state!).Dispose(), response))
                {
                    int status = (int)response.StatusCode;
                    if (status == 407) throw _proxy.AuthenticationRequired(response, Array.Empty<long>());
                    bool success = status >= 200 && status < 300;
                    Stream raw = response.Content == null ? Stream.Null : await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
                    using (var bounded = new BoundedReadStream(raw, success ? _options.MaxResponseBytes : HttpErrorStatus.BodyLimit))
                    using (PooledBuffer? gathered = await GatherAsync(bounded, success, attempt.Token).ConfigureAwait(false))
                    {
                        ArraySegment<byte> answer = gathered?.WrittenSegment ?? default;
                        if (success || (status >= 400 && status < 500 && !HttpErrorStatus.IsTransient(status) && answer.Count > 0))
                        {
                            ParsedAnswer<T> parsed;
                            try
                            {
                                parsed = parse(answer);
                            }
                            catch (MySmppProtocolException ex) when (success)
                            {
                                throw new MySmppProtocolException(
                                    MessageText.Quote(ex.Message, _redactor) + " (HTTP " + status + ", " + answer.Count + " bytes)", null, status, ResponseExcerpt.From(bounded.Head, _redactor), isTransient: ex.IsTransient);
                            }
                            catch (MySmppProtocolException)
                            {
                                parsed = default;
                            }

                            if (parsed.ErrorText != null) throw SendRefusalText.RequestError(parsed.ErrorText, status, _redactor);
                            if (success) return parsed.Value!;
                        }

                        throw HttpErrorStatus.From(response, endpoint, ResponseExcerpt.From(bounded.Head, _redactor), Array.Empty<long>(), _options.Clock);
                    }
                }
            }
            catch (Exception ex) when (!(ex is MySmppException))
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (attempt.IsCancellationRequested) throw ConnectionFailure.TimedOut(endpoint, _options.RequestTimeout, "RequestTimeout", null);

                // As for status queries: an unreachable proxy is named, and failures a retry cannot fix say so.
                var none = new ArraySegment<long>(Array.Empty<long>());
                if (ConnectionFailure.IsTransportFailure(ex)) throw _sanitizer.Sanitize(ConnectionFailure.Of(ex, endpoint, none, _proxy), none);

                throw;
            }
        }
    }

    /// <summary>
    /// The whole (bounded) body: over MaxResponseBytes an answer is refused; an oversized error page is not read
    /// further (null), its head is enough for the message.
    /// </summary>
    private static async Task<PooledBuffer?> GatherAsync(BoundedReadStream body, bool success, CancellationToken cancellationToken)
    {
        try
        {
            return await PooledBuffer.ReadToEndAsync(body, 4096, cancellationToken).ConfigureAwait(false);
        }
        catch (MySmppProtocolException) when (!success)
        {
            return null;
        }
    }
}
