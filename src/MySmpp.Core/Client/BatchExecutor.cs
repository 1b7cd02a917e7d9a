using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using MySmpp.Http;
using MySmpp.Protocol;

namespace MySmpp.Client
{
    /// <summary>
    /// Sends one batch and turns whatever happens into a <see cref="BatchOutcome"/>: retries transient
    /// failures with backoff, splits a batch the gateway rejects, and gives every id of a batch that
    /// fails for good an error naming the cause. Never throws, except to honour cancellation.
    /// </summary>
    internal sealed class BatchExecutor
    {
        private const int ErrorBodyLimit = 64 * 1024;

        private readonly HttpClient _http;
        private readonly MySmppCredential _credential;
        private readonly MySmppSessionOptions _options;
        private readonly IStateCodec _codec;
        private readonly Uri _endpoint;
        private readonly RetryDelay _retryDelay;
        private readonly ProxyRoute _proxy;

        // The gateway's secret and, behind a proxy with credentials, the proxy's password.
        private readonly SecretRedactor _redactor;
        private readonly ErrorSanitizer _sanitizer;

        public BatchExecutor(HttpClient http, MySmppCredential credential, MySmppSessionOptions options, IStateCodec codec)
        {
            _http = http;
            _credential = credential;
            _options = options;
            _codec = codec;
            _endpoint = new Uri(options.BaseAddress, codec.RelativePath);
            _retryDelay = new RetryDelay(options.RetryBaseDelay, options.RetryMaxDelay);
            _proxy = new ProxyRoute(options.Proxy, _endpoint);
            _redactor = credential.Redactor.With(options.Proxy?.Password);
            _sanitizer = new ErrorSanitizer(_proxy, _redactor);
        }

        public Uri Endpoint => _endpoint;

        public async Task<BatchOutcome> ExecuteAsync(ArraySegment<long> ids, QueryContext query)
        {
            var outcome = new BatchOutcome(ids);
            try
            {
                await RunAsync(ids, query, outcome).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (query.CancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception) when (query.CancellationToken.IsCancellationRequested)
            {
                // Cancelled (Ctrl+C, or the session disconnected) while something else broke: the cancellation is the news.
                throw new OperationCanceledException(query.CancellationToken);
            }
            catch (Exception ex)
            {
                // A bug of ours must still account for every id, not escape as an unhandled exception.
                outcome.Fail(ids, new MySmppProtocolException("Unexpected failure while querying: " + ex.GetType().Name + ".", ids));
            }

            return outcome;
        }

        private async Task RunAsync(ArraySegment<long> ids, QueryContext query, BatchOutcome outcome)
        {
            QueryGuards guards = query.Guards;
            for (int retry = 0; ; retry++)
            {
                MySmppException? blocked = guards.Blocked(ids) ?? (query.Remaining <= TimeSpan.Zero ? DeadlinePassed(ids, query) : null);
                if (blocked != null)
                {
                    outcome.Fail(ids, blocked);
                    return;
                }

                if (ids.Count > 1 && ids.Count >= guards.RefusedSize)
                {
                    // The gateway already refused a batch this big in this query: split before sending, not after a refusal.
                    await SplitAsync(ids, query, outcome, "the gateway refused a batch of " + guards.RefusedSize.ToString(CultureInfo.InvariantCulture) + " ids earlier").ConfigureAwait(false);
                    return;
                }

                MySmppException failure;
                try
                {
                    StateResponse response = await SendOnceAsync(ids, query).ConfigureAwait(false);
                    guards.RecordAnswer();
                    ResponseClassifier.Accept(ids, response, outcome, query, _redactor);
                    return;
                }
                catch (MySmppException ex)
                {
                    failure = ex;
                }

                guards.RecordFailure(failure, ids.Count);
                if (failure is MySmppProtocolException { RequestRejected: true } && ids.Count > 1 && guards.HasFailureBudget)
                {
                    // The gateway's batch limit is undocumented: halve and try again, down to single ids.
                    await SplitAsync(ids, query, outcome, failure.Message).ConfigureAwait(false);
                    return;
                }

                TimeSpan delay = failure.IsTransient && retry < _options.MaxRetries
                    ? _retryDelay.For(retry, (failure as MySmppTransportException)?.RetryAfter)
                    : TimeSpan.Zero;
                // A failure that a retry or a split might have cured: say why the ids get it anyway.
                bool explainWhyFinal = failure.IsTransient || failure is MySmppProtocolException { RequestRejected: true };
                if (!failure.IsTransient || retry >= _options.MaxRetries || !query.HasTimeFor(delay) || !guards.HasFailureBudget || guards.IsOpen)
                {
                    if (explainWhyFinal)
                    {
                        // Every id of the batch gets this error: say why it is final, so the caller knows a re-run of these ids may pass.
                        string attempts = string.Format(CultureInfo.InvariantCulture, " Gave up after {0} attempt{1}", retry + 1, retry == 0 ? string.Empty : "s");
                        string reason = !guards.HasFailureBudget ? guards.BudgetSpentReason()
                            : !failure.IsTransient ? string.Empty
                            : retry >= _options.MaxRetries ? string.Format(CultureInfo.InvariantCulture, "{0} (MaxRetries {1}).", attempts, _options.MaxRetries)
                            : guards.IsOpen ? attempts + ": " + guards.StopReason() + "."
                            : attempts + ": no time left for another (" + OverallLimitName(query) + ").";
                        failure = ErrorCopy.With(failure, message: QueryGuards.Sentence(failure.Message) + reason);
                        query.Log?.Invoke(string.Format(CultureInfo.InvariantCulture, "Giving up on {0} ids: {1}", ids.Count, failure.Message));
                    }

                    outcome.Fail(ids, failure);
                    return;
                }

                query.Statistics.AddRetry();
                query.Log?.Invoke(string.Format(CultureInfo.InvariantCulture,
                    "Retry {0} of {1} for {2} ids in {3:0.0} s: {4}", retry + 1, _options.MaxRetries, ids.Count, delay.TotalSeconds, failure.Message));
                await Task.Delay(delay, query.CancellationToken).ConfigureAwait(false);
            }
        }

        private async Task SplitAsync(ArraySegment<long> ids, QueryContext query, BatchOutcome outcome, string reason)
        {
            query.Statistics.AddSplit();
            int half = ids.Count / 2;
            query.Log?.Invoke(string.Format(CultureInfo.InvariantCulture,
                "Splitting a batch of {0} ids into {1} + {2} ({3}).", ids.Count, half, ids.Count - half, reason));
            await RunAsync(new ArraySegment<long>(ids.Array!, ids.Offset, half), query, outcome).ConfigureAwait(false);
            await RunAsync(new ArraySegment<long>(ids.Array!, ids.Offset + half, ids.Count - half), query, outcome).ConfigureAwait(false);
        }

        private static string OverallLimitName(QueryContext query) => "OverallTimeout " + (query.OverallTimeout ?? TimeSpan.Zero).TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + " s";

        private MySmppTransportException DeadlinePassed(ArraySegment<long> ids, QueryContext query) =>
            new MySmppTransportException(
                "No answer for these ids within the query's time limit (" + OverallLimitName(query) + "); not sent.", ids, isTransient: false, isTimeout: true);

        private async Task<StateResponse> SendOnceAsync(ArraySegment<long> ids, QueryContext query)
        {
            CancellationToken cancel = query.CancellationToken;
            TimeSpan timeout = query.AttemptTimeout(_options.RequestTimeout);
            if (timeout <= TimeSpan.Zero)
            {
                throw new MySmppTransportException("The query's overall time budget (OverallTimeout) ran out.", ids, isTransient: false, isTimeout: true);
            }

            using (var body = new PooledBuffer(64 + (ids.Count * 32)))
            using (var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancel))
            {
                _codec.WriteRequest(body, _credential, ids.AsSpan(), query.Detail);
                attempt.CancelAfter(timeout);
                query.Statistics.AddRequest();
                if (query.Log != null)
                {
                    query.Log(string.Format(CultureInfo.InvariantCulture,
                        "POST {0} ({1}, {2} bytes): {3} ids {4}", _endpoint, _credential, body.Length, ids.Count, DescribeIds(ids)));
                }

                var stopwatch = Stopwatch.StartNew();
                try
                {
                    using (var request = new HttpRequestMessage(HttpMethod.Post, _endpoint) { Content = new PooledBufferContent(body.WrittenSegment, _codec.MediaType) })
                    using (HttpResponseMessage response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, attempt.Token).ConfigureAwait(false))
                    using (attempt.Token.Register(static state => ((HttpResponseMessage)state!).Dispose(), response))
                    {
                        // Disposing the response on cancellation aborts a body read that would otherwise hang
                        // (the .NET Framework handler ignores the token once the body is streaming).
                        StateResponse result = await ReadAsync(response, ids, query, attempt.Token).ConfigureAwait(false);
                        query.Log?.Invoke(string.Format(CultureInfo.InvariantCulture, "HTTP {0} in {1} ms: {2} states.", (int)response.StatusCode, stopwatch.ElapsedMilliseconds, result.States.Count));
                        return result;
                    }
                }
                catch (Exception ex)
                {
                    cancel.ThrowIfCancellationRequested();
                    if (attempt.IsCancellationRequested)
                    {
                        // Our own time-out, whatever the aborted read threw (it may even be a parse error of the cut body).
                        string limit = timeout < _options.RequestTimeout ? "what was left of OverallTimeout" : "RequestTimeout";
                        throw new MySmppTransportException(
                            string.Format(CultureInfo.InvariantCulture, "No complete answer from {0} within {1:0.###} s ({2}).", _endpoint, timeout.TotalSeconds, limit),
                            ids, isTimeout: true);
                    }

                    if (ex is MySmppException known)
                    {
                        // Codec and stream errors come without ids; every error may quote the server (an echo of our body).
                        throw Sanitize(known, ids);
                    }

                    if (ex is HttpRequestException || ex is IOException || ex is ObjectDisposedException || ex is WebException || ex is OperationCanceledException)
                    {
                        // A proxy that cannot be reached is named as such: the gateway was never contacted.
                        MySmppTransportException? proxyDown = _proxy.Unreachable(ex, ids, ConnectionFailure.Describe(ex));
                        if (proxyDown != null) throw Sanitize(proxyDown, ids);

                        throw Sanitize(ConnectionFailure.From(ex, _endpoint, ids), ids);
                    }

                    throw;
                }
            }
        }

        private async Task<StateResponse> ReadAsync(HttpResponseMessage response, ArraySegment<long> ids, QueryContext query, CancellationToken cancel)
        {
            int status = (int)response.StatusCode;
            HttpContent? content = response.Content;
            bool success = status >= 200 && status < 300;
            string? mediaType = content?.Headers.ContentType?.MediaType;
            long? declared = content?.Headers.ContentLength;
            if (success && declared.HasValue && declared.Value > _options.MaxResponseBytes)
            {
                throw new MySmppProtocolException(
                    "The response declares " + declared.Value + " bytes, over the limit of " + _options.MaxResponseBytes + " (MaxResponseBytes).", ids, status);
            }

            if (success && !IsReadableMediaType(mediaType))
            {
                // An image, a download, a PDF: not something at this address speaks the gateway's API.
                throw new MySmppProtocolException(
                    "The gateway answered HTTP " + status + " with content type '" + mediaType + "', not " + _codec.MediaType
                    + "; check the session's BaseAddress.", ids, status);
            }

            Stream raw = content == null ? Stream.Null : await content.ReadAsStreamAsync().ConfigureAwait(false);
            using (var bounded = new BoundedReadStream(raw, success ? _options.MaxResponseBytes : ErrorBodyLimit))
            {
                // A proxy wants credentials: its own error, session-fatal and not transient, so never retried.
                if (status == 407) throw _proxy.AuthenticationRequired(response, ids);

                if (status == 413)
                {
                    throw new MySmppProtocolException("The gateway rejected the request as too large (HTTP 413).", ids, status, requestRejected: true);
                }

                if (success)
                {
                    try
                    {
                        StateResponse parsed = await _codec.ReadResponseAsync(bounded, new StateReadContext(_options.MaxResponseBytes, _options.ServerTimeZone, ids.Count), cancel).ConfigureAwait(false);
                        ResponseClassifier.ThrowIfError(parsed, ids, status, _credential.Redactor);

                        return parsed;
                    }
                    catch (MySmppProtocolException ex) when (ex.Ids.Count == 0)
                    {
                        throw Unreadable(ex.Message, ex.IsTransient, status, mediaType, bounded, ids);
                    }
                    catch (Exception ex) when (!(ex is MySmppException) && !cancel.IsCancellationRequested && IsParserFailure(ex))
                    {
                        // The readers promise MySmppProtocolException only; should anything else get out of them
                        // (an overflow, a decoder error), it is still an unreadable answer, not a crash.
                        throw Unreadable("The answer could not be read (" + ex.GetType().Name + ": " + ex.Message + ").", true, status, mediaType, bounded, ids);
                    }
                }

                throw await ErrorStatusAsync(response, bounded, ids, cancel).ConfigureAwait(false);
            }
        }

        /// <summary>A 2xx answer the codec refused: says what came instead (HTML page, wrong type), with an excerpt.</summary>
        private MySmppProtocolException Unreadable(string parserMessage, bool transient, int status, string? mediaType, BoundedReadStream bounded, ArraySegment<long> ids)
        {
            string? excerpt = ResponseExcerpt.From(bounded.Head, _credential);
            string flavour = _codec.Protocol == MySmppProtocol.Xml ? "XML" : "JSON";
            string read = string.Format(CultureInfo.InvariantCulture, "HTTP {0}, {1}, {2} bytes read", status, mediaType ?? "no content type", bounded.BytesRead);
            string message = LooksLikeHtml(mediaType, bounded.Head)
                ? "The gateway answered with an HTML page instead of the " + flavour + " answer (" + read + "); a proxy or the wrong BaseAddress? " + parserMessage
                : parserMessage + " (" + read + ")";
            return new MySmppProtocolException(message, ids, status, excerpt, isTransient: transient);
        }

        /// <summary>
        /// Media types worth parsing: none given, any text/*, or an application/* JSON, XML or script type.
        /// text/html is allowed on purpose: PHP answers with it unless told otherwise, and the body decides.
        /// </summary>
        private static bool IsReadableMediaType(string? mediaType)
        {
            if (string.IsNullOrEmpty(mediaType)) return true;
            string type = mediaType!.Trim().ToLowerInvariant();
            if (type.StartsWith("text/", StringComparison.Ordinal)) return true;
            return type.StartsWith("application/", StringComparison.Ordinal)
                && (type.IndexOf("json", StringComparison.Ordinal) >= 0 || type.IndexOf("xml", StringComparison.Ordinal) >= 0 || type.IndexOf("javascript", StringComparison.Ordinal) >= 0);
        }

        private static bool LooksLikeHtml(string? mediaType, ReadOnlySpan<byte> head)
        {
            if (string.Equals(mediaType, "text/html", StringComparison.OrdinalIgnoreCase) || string.Equals(mediaType, "application/xhtml+xml", StringComparison.OrdinalIgnoreCase)) return true;
            int i = 0;
            while (i < head.Length && (head[i] == ' ' || head[i] == '\t' || head[i] == '\r' || head[i] == '\n')) i++;
            string start = System.Text.Encoding.ASCII.GetString(head.Slice(i, Math.Min(16, head.Length - i)).ToArray()).ToLowerInvariant();
            return start.StartsWith("<!doctype html", StringComparison.Ordinal) || start.StartsWith("<html", StringComparison.Ordinal);
        }

        // Anything but the transport's own failures (I/O, disposal on abort, cancellation), which the caller maps.
        private static bool IsParserFailure(Exception ex) =>
            !(ex is IOException) && !(ex is ObjectDisposedException) && !(ex is OperationCanceledException) && !(ex is HttpRequestException) && !(ex is WebException)
            && !(ex is OutOfMemoryException) && !(ex is StackOverflowException);

        /// <summary>Any 4xx/5xx (or 1xx/3xx): the documented JSON/XML error if the body is one, else a transport error with an excerpt.</summary>
        private async Task<MySmppException> ErrorStatusAsync(HttpResponseMessage response, BoundedReadStream body, ArraySegment<long> ids, CancellationToken cancel)
        {
            int status = (int)response.StatusCode;
            var copy = new MemoryStream();
            try
            {
                await body.CopyToAsync(copy, 8192, cancel).ConfigureAwait(false);
            }
            catch (MySmppProtocolException)
            {
                // Over the error-body limit: the excerpt is still there.
            }
            catch (IOException)
            {
                // A broken error body: the status alone is the answer.
            }

            if (copy.Length > 0 && status >= 400 && status < 500)
            {
                copy.Position = 0;
                try
                {
                    StateResponse parsed = await _codec.ReadResponseAsync(copy, new StateReadContext(ErrorBodyLimit, null, 0), cancel).ConfigureAwait(false);
                    MySmppException? apiError = ResponseClassifier.FromErrorBody(parsed, ids, status, _credential.Redactor);
                    if (apiError != null) return apiError;
                }
                catch (MySmppProtocolException)
                {
                    // Not the API's error shape: fall through to the generic HTTP error.
                }
            }

            string? excerpt = ResponseExcerpt.From(body.Head, _credential);
            bool transient = status >= 500 || status == 429 || status == 408;
            TimeSpan? retryAfter = RetryAfterOf(response);
            string message = string.Format(CultureInfo.InvariantCulture, "HTTP {0} ({1}) from {2}", status, MessageText.Shorten(response.ReasonPhrase, 100), _endpoint);
            if (status >= 300 && status < 400)
            {
                // Scheme, host and path only: a query could carry anything (even an echo of our request).
                Uri? location = response.Headers.Location;
                string target = location == null ? "(no Location)" : location.IsAbsoluteUri ? location.GetLeftPart(UriPartial.Path) : location.OriginalString.Split('?', '#')[0];
                message += "; the gateway redirects to '" + target + "': set the session's BaseAddress to that address";
            }

            if (excerpt != null) message += ": " + excerpt;
            return new MySmppTransportException(message, ids, status, excerpt, isTransient: transient, retryAfter: retryAfter);
        }

        private static TimeSpan? RetryAfterOf(HttpResponseMessage response)
        {
            var header = response.Headers.RetryAfter;
            if (header == null) return null;
            if (header.Delta.HasValue) return header.Delta.Value;
            if (header.Date.HasValue)
            {
                TimeSpan wait = header.Date.Value - DateTimeOffset.UtcNow;
                return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
            }

            return null;
        }

        /// <summary>
        /// The last gate before an error reaches the caller: the batch's ids attached, the secret blanked from the
        /// message and the server's text (a server may echo our request into an error page, a status line or a
        /// header), and an inner exception that quotes the secret withheld.
        /// </summary>
        private MySmppException Sanitize(MySmppException error, ArraySegment<long> ids) => _sanitizer.Sanitize(error, ids);

        private static string DescribeIds(ArraySegment<long> ids)
        {
            const int shown = 5;
            var parts = new List<string>(shown + 1);
            for (int i = 0; i < ids.Count && i < shown; i++) parts.Add(ids.Array![ids.Offset + i].ToString(CultureInfo.InvariantCulture));
            if (ids.Count > shown) parts.Add("… " + ids.Array![ids.Offset + ids.Count - 1].ToString(CultureInfo.InvariantCulture));
            return string.Join(", ", parts);
        }
    }
}
