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

        public BatchExecutor(HttpClient http, MySmppCredential credential, MySmppSessionOptions options, IStateCodec codec)
        {
            _http = http;
            _credential = credential;
            _options = options;
            _codec = codec;
            _endpoint = new Uri(options.BaseAddress, codec.RelativePath);
            _retryDelay = new RetryDelay(options.RetryBaseDelay, options.RetryMaxDelay);
        }

        public Uri Endpoint => _endpoint;

        public async Task<BatchOutcome> ExecuteAsync(ArraySegment<long> ids, QueryContext query)
        {
            var outcome = new BatchOutcome(ids.Count);
            try
            {
                await RunAsync(ids, query, outcome).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (query.CancellationToken.IsCancellationRequested)
            {
                throw;
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
            for (int retry = 0; ; retry++)
            {
                MySmppException failure;
                try
                {
                    StateResponse response = await SendOnceAsync(ids, query).ConfigureAwait(false);
                    Accept(ids, response, outcome, query);
                    return;
                }
                catch (MySmppException ex)
                {
                    failure = ex;
                }

                if (failure is MySmppProtocolException { RequestRejected: true } && ids.Count > 1)
                {
                    // The gateway's batch limit is undocumented: halve and try again, down to single ids.
                    query.Statistics.AddSplit();
                    int half = ids.Count / 2;
                    query.Log?.Invoke(string.Format(CultureInfo.InvariantCulture,
                        "The gateway rejected a batch of {0} ids ({1}); splitting it into {2} + {3}.", ids.Count, failure.Message, half, ids.Count - half));
                    await RunAsync(new ArraySegment<long>(ids.Array!, ids.Offset, half), query, outcome).ConfigureAwait(false);
                    await RunAsync(new ArraySegment<long>(ids.Array!, ids.Offset + half, ids.Count - half), query, outcome).ConfigureAwait(false);
                    return;
                }

                TimeSpan delay = failure.IsTransient && retry < _options.MaxRetries
                    ? _retryDelay.For(retry, (failure as MySmppTransportException)?.RetryAfter)
                    : TimeSpan.Zero;
                if (!failure.IsTransient || retry >= _options.MaxRetries || !query.HasTimeFor(delay))
                {
                    if (failure.IsTransient && retry > 0) query.Log?.Invoke(string.Format(CultureInfo.InvariantCulture, "Giving up on {0} ids after {1} attempts: {2}", ids.Count, retry + 1, failure.Message));
                    outcome.Fail(ids, failure);
                    return;
                }

                query.Statistics.AddRetry();
                query.Log?.Invoke(string.Format(CultureInfo.InvariantCulture,
                    "Retry {0} of {1} for {2} ids in {3:0.0} s: {4}", retry + 1, _options.MaxRetries, ids.Count, delay.TotalSeconds, failure.Message));
                await Task.Delay(delay, query.CancellationToken).ConfigureAwait(false);
            }
        }

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
                catch (Exception ex) when (!(ex is MySmppException))
                {
                    cancel.ThrowIfCancellationRequested();
                    if (attempt.IsCancellationRequested)
                    {
                        throw new MySmppTransportException(
                            string.Format(CultureInfo.InvariantCulture, "No complete answer from {0} within {1:0.#} s.", _endpoint, timeout.TotalSeconds),
                            ids, isTimeout: true);
                    }

                    if (ex is HttpRequestException || ex is IOException || ex is ObjectDisposedException || ex is WebException)
                    {
                        throw new MySmppTransportException("The request to " + _endpoint + " failed: " + Describe(ex), ids, innerException: ex);
                    }

                    throw;
                }
                catch (MySmppException ex) when (ex.Ids.Count == 0)
                {
                    // Codec and stream errors are raised without ids; attach the batch's, blank secrets.
                    throw Rewrap(ex, ids);
                }
            }
        }

        private async Task<StateResponse> ReadAsync(HttpResponseMessage response, ArraySegment<long> ids, QueryContext query, CancellationToken cancel)
        {
            int status = (int)response.StatusCode;
            HttpContent? content = response.Content;
            long? declared = content?.Headers.ContentLength;
            if (declared.HasValue && declared.Value > _options.MaxResponseBytes && status >= 200 && status < 300)
            {
                throw new MySmppProtocolException(
                    "The response declares " + declared.Value + " bytes, over the limit of " + _options.MaxResponseBytes + " (MaxResponseBytes).", ids, status);
            }

            Stream raw = content == null ? Stream.Null : await content.ReadAsStreamAsync().ConfigureAwait(false);
            bool success = status >= 200 && status < 300;
            using (var bounded = new BoundedReadStream(raw, success ? _options.MaxResponseBytes : ErrorBodyLimit))
            {
                if (status == 413)
                {
                    throw new MySmppProtocolException("The gateway rejected the request as too large (HTTP 413).", ids, status, requestRejected: true);
                }

                if (success)
                {
                    try
                    {
                        StateResponse parsed = await _codec.ReadResponseAsync(bounded, new StateReadContext(_options.MaxResponseBytes, _options.ServerTimeZone, ids.Count), cancel).ConfigureAwait(false);
                        if (parsed.ErrorText != null && parsed.States.Count == 0)
                        {
                            throw ServerErrorText.ToException(_credential.Redact(parsed.ErrorText), ids, status);
                        }

                        return parsed;
                    }
                    catch (MySmppProtocolException ex) when (ex.Ids.Count == 0)
                    {
                        string contentType = content?.Headers.ContentType?.MediaType ?? "no content type";
                        throw new MySmppProtocolException(
                            _credential.Redact(ex.Message) + " (HTTP " + status + ", " + contentType + ", " + bounded.BytesRead + " bytes read)",
                            ids, status, ResponseExcerpt.From(bounded.Head, _credential), isTransient: ex.IsTransient);
                    }
                }

                throw await ErrorStatusAsync(response, bounded, ids, cancel).ConfigureAwait(false);
            }
        }

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
                    if (parsed.ErrorText != null) return ServerErrorText.ToException(_credential.Redact(parsed.ErrorText), ids, status);
                }
                catch (MySmppProtocolException)
                {
                    // Not the API's error shape: fall through to the generic HTTP error.
                }
            }

            string? excerpt = ResponseExcerpt.From(body.Head, _credential);
            bool transient = status >= 500 || status == 429 || status == 408;
            TimeSpan? retryAfter = RetryAfterOf(response);
            string message = string.Format(CultureInfo.InvariantCulture, "HTTP {0} ({1}) from {2}", status, response.ReasonPhrase, _endpoint);
            if (status >= 300 && status < 400)
            {
                message += "; the gateway redirects to '" + response.Headers.Location + "': set the session's BaseAddress to that address";
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

        private static void Accept(ArraySegment<long> ids, StateResponse response, BatchOutcome outcome, QueryContext query)
        {
            // Trust an answer only if it speaks of the ids we asked about, each once; otherwise a state
            // could end up attributed to the wrong id.
            var asked = new HashSet<long>(ids);
            var seen = new HashSet<long>();
            List<long>? duplicated = null;
            foreach (SmsState state in response.States)
            {
                if (!asked.Contains(state.Id))
                {
                    throw new MySmppProtocolException(
                        "The answer contains id " + state.Id + ", which was not asked for; the whole answer is discarded.", ids, isTransient: true);
                }

                if (!seen.Add(state.Id))
                {
                    (duplicated ??= new List<long>()).Add(state.Id);
                }
            }

            foreach (SmsState state in response.States) outcome.AddState(state);
            if (duplicated != null)
            {
                outcome.Fail(duplicated, new MySmppProtocolException(
                    "The answer reports these ids more than once, so neither state can be trusted: " + string.Join(", ", duplicated) + ".", duplicated));
            }

            if (response.ErrorText != null)
            {
                query.Log?.Invoke("The answer also carried an error text: " + response.ErrorText);
            }
        }

        private MySmppException Rewrap(MySmppException ex, ArraySegment<long> ids) => ex switch
        {
            MySmppProtocolException p => new MySmppProtocolException(_credential.Redact(p.Message), ids, p.HttpStatusCode, p.ServerMessage, requestRejected: p.RequestRejected, isTransient: p.IsTransient),
            MySmppTransportException t => new MySmppTransportException(_credential.Redact(t.Message), ids, t.HttpStatusCode, t.ServerMessage, isTransient: t.IsTransient, isTimeout: t.IsTimeout, retryAfter: t.RetryAfter),
            _ => ex,
        };

        private static string DescribeIds(ArraySegment<long> ids)
        {
            const int shown = 5;
            var parts = new List<string>(shown + 1);
            for (int i = 0; i < ids.Count && i < shown; i++) parts.Add(ids.Array![ids.Offset + i].ToString(CultureInfo.InvariantCulture));
            if (ids.Count > shown) parts.Add("… " + ids.Array![ids.Offset + ids.Count - 1].ToString(CultureInfo.InvariantCulture));
            return string.Join(", ", parts);
        }

        private static string Describe(Exception ex)
        {
            string text = ex.Message;
            for (Exception? inner = ex.InnerException; inner != null; inner = inner.InnerException) text += " " + inner.Message;
            return text;
        }
    }
}
