using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using MySmpp.Http;
using MySmpp.Protocol;

namespace MySmpp.Client;

/// <summary>
/// Sends one state request for a batch and returns its parsed answer, or throws the batch's error: a
/// time-out, a connection failure (naming an unreachable proxy as such) or whatever the answer meant.
/// Every error leaves with the batch's ids and without secrets. One attempt: retrying is the caller's.
/// </summary>
internal sealed class StateRequestSender
{
    private readonly HttpClient _http;
    private readonly MySmppCredential _credential;
    private readonly MySmppSessionOptions _options;
    private readonly IStateCodec _codec;
    private readonly Uri _endpoint;
    private readonly ProxyRoute _proxy;
    private readonly StateAnswerReader _reader;
    private readonly ErrorSanitizer _sanitizer;

    public StateRequestSender(HttpClient http, MySmppCredential credential, MySmppSessionOptions options, IStateCodec codec)
    {
        _http = http;
        _credential = credential;
        _options = options;
        _codec = codec;
        _endpoint = new Uri(options.BaseAddress, codec.RelativePath);
        _proxy = new ProxyRoute(options.Proxy, _endpoint);
        _reader = new StateAnswerReader(credential, options, codec, _endpoint, _proxy);
        _sanitizer = new ErrorSanitizer(credential, options, _proxy);
    }

    public Uri Endpoint => _endpoint;


    /// <summary>Every secret of the session, for quoting what the gateway said.</summary>

    public SecretRedactor Redactor => _sanitizer.Redactor;

    public async Task<StateResponse> SendAsync(ArraySegment<long> ids, QueryContext query)
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
            query.Clock.CancelAfter(attempt, timeout);
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
                    StateResponse result = await _reader.ReadAsync(response, ids, query.Clock, attempt.Token).ConfigureAwait(false);
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
                    throw ConnectionFailure.TimedOut(_endpoint, timeout, limit, ids);
                }

                if (ex is MySmppException known)
                {
                    // Codec and stream errors come without ids; every error may quote the server (an echo of our body).
                    throw _sanitizer.Sanitize(known, ids);
                }

                if (ConnectionFailure.IsTransportFailure(ex)) throw _sanitizer.Sanitize(ConnectionFailure.Of(ex, _endpoint, ids, _proxy), ids);

                throw;
            }
        }
    }

    private static string DescribeIds(ArraySegment<long> ids)
    {
        const int shown = 5;
        var parts = new List<string>(shown + 1);
        for (int i = 0; i < ids.Count && i < shown; i++) parts.Add(ids.Array![ids.Offset + i].ToString(CultureInfo.InvariantCulture));
        if (ids.Count > shown) parts.Add("… " + ids.Array![ids.Offset + ids.Count - 1].ToString(CultureInfo.InvariantCulture));
        return string.Join(", ", parts);
    }
}
