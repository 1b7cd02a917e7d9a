using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using MySmpp.Client;
using MySmpp.Credentials;
using MySmpp.Errors;

namespace MySmpp.Http;

/// <summary>Parses a complete, bounded answer (and the HTTP status it came with) into a value or the gateway's error text.</summary>
/// <exception cref="MySmppProtocolException">The answer cannot be read (transient when asking again may help).</exception>
internal delegate ParsedAnswer<T> AnswerParser<T>(ArraySegment<byte> answer, int httpStatus);

/// <summary>
/// One attempt at one request, for every endpoint of the gateway alike (status queries, sending, the account requests):
/// posts a prepared body, reads the answer within its size limit, and turns whatever happened into the answer's value or
/// one typed, sanitised <see cref="MySmppException"/> — a time-out, a connection failure (naming an unreachable proxy),
/// a proxy's 407, a 413, an HTTP error status with a bounded excerpt and its <c>Retry-After</c>, an unreadable body
/// named for what it is (an HTML page, a wrong content type), or the server's own error text in either language on any
/// HTTP status. Retrying, splitting and the breakers are <see cref="RequestLoop"/>'s.
/// </summary>
internal sealed class GatewayTransport
{
    private readonly HttpClient _http;
    private readonly MySmppSessionOptions _options;
    private readonly ProxyRoute _proxy;
    private readonly ErrorSanitizer _sanitizer;

    public GatewayTransport(HttpClient http, MySmppCredential credential, MySmppSessionOptions options)
    {
        _http = http;
        _options = options;
        Credential = credential;
        _proxy = new ProxyRoute(options.Proxy, options.BaseAddress);
        _sanitizer = new ErrorSanitizer(credential, options);
    }

    /// <summary>The session's credential, for writing request bodies.</summary>
    public MySmppCredential Credential { get; }

    /// <summary>The session's options.</summary>
    public MySmppSessionOptions Options => _options;

    /// <summary>Every secret of the session (the gateway's, a proxy's password and its Basic token), for quoting what the gateway said.</summary>
    public SecretRedactor Redactor => _sanitizer.Redactor;

    /// <summary>An endpoint of this session's gateway.</summary>
    public GatewayEndpoint Endpoint(string relativePath, string mediaType, string format) =>
        new GatewayEndpoint(new Uri(_options.BaseAddress, relativePath), mediaType, format);

    /// <summary>Makes an error safe to show: secrets blanked, one bounded line, <paramref name="ids"/> added when it names none.</summary>
    public MySmppException Sanitize(MySmppException error, IReadOnlyList<long> ids) => _sanitizer.Sanitize(error, ids);

    /// <summary>
    /// Posts <paramref name="body"/> once. Returns the parsed value, or throws the attempt's sanitised error (naming
    /// <paramref name="ids"/>), or <see cref="OperationCanceledException"/> when the command was cancelled.
    /// </summary>
    public async Task<T> ExchangeAsync<T>(GatewayEndpoint endpoint, PooledBuffer body, AnswerParser<T> parse, IReadOnlyList<long> ids, CommandContext command, int expectedAnswerBytes = 4096)
    {
        CancellationToken cancel = command.CancellationToken;
        TimeSpan limit = command.AttemptLimit;
        TimeSpan timeout = command.Deadline.AttemptTimeout(limit);
        if (timeout <= TimeSpan.Zero)
        {
            throw new MySmppTransportException("No time was left for this request (" + command.Deadline.Describe() + "); not sent.", ids, isTransient: false, isTimeout: true);
        }

        using (var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancel))
        {
            command.Clock.CancelAfter(attempt, timeout);
            command.Statistics.AddRequest();
            var stopwatch = Stopwatch.StartNew();
            try
            {
                using (var request = new HttpRequestMessage(HttpMethod.Post, endpoint.Address) { Content = new PooledBufferContent(body.WrittenSegment, endpoint.MediaType) })
                using (HttpResponseMessage response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, attempt.Token).ConfigureAwait(false))
                using (attempt.Token.Register(static state => ((HttpResponseMessage)state!).Dispose(), response))
                {
                    // Disposing the response on cancellation aborts a body read that would otherwise hang
                    // (the .NET Framework handler ignores the token once the body is streaming).
                    T value = await ReadAnswerAsync(response, endpoint, parse, ids, command, expectedAnswerBytes, attempt.Token).ConfigureAwait(false);
                    command.Log?.Invoke(string.Format(CultureInfo.InvariantCulture, "HTTP {0} in {1} ms.", (int)response.StatusCode, stopwatch.ElapsedMilliseconds));
                    return value;
                }
            }
            catch (Exception ex)
            {
                cancel.ThrowIfCancellationRequested();
                if (attempt.IsCancellationRequested)
                {
                    // Our own time-out, whatever the aborted read threw (it may even be a parse error of the cut body).
                    string name = timeout < limit ? "what was left of " + command.Deadline.Describe() : limit < _options.RequestTimeout ? "an advisory request's limit" : "RequestTimeout";
                    throw ConnectionFailure.TimedOut(endpoint.Address, timeout, name, ids);
                }

                // Every error may quote the server (an echo of our body, which holds the secret).
                if (ex is MySmppException known) throw _sanitizer.Sanitize(known, ids);
                if (ConnectionFailure.IsTransportFailure(ex)) throw _sanitizer.Sanitize(ConnectionFailure.Of(ex, endpoint.Address, ids, _proxy), ids);
                throw;
            }
        }
    }

    private async Task<T> ReadAnswerAsync<T>(HttpResponseMessage response, GatewayEndpoint endpoint, AnswerParser<T> parse, IReadOnlyList<long> ids, CommandContext command, int expectedAnswerBytes, CancellationToken cancel)
    {
        int status = (int)response.StatusCode;

        // A proxy wants credentials: its own error, session-fatal and never retried.
        if (status == 407) throw _proxy.AuthenticationRequired(response, ids);

        // Too large: the gateway did nothing with it, so a smaller batch may pass.
        if (status == 413) throw new MySmppProtocolException("The gateway refused the request as too large (HTTP 413); it did nothing with it.", ids, status, requestRejected: true);

        bool success = status >= 200 && status < 300;
        HttpContent? content = response.Content;
        string? mediaType = content?.Headers.ContentType?.MediaType;
        long? declared = content?.Headers.ContentLength;
        if (success && declared.HasValue && declared.Value > _options.MaxResponseBytes)
        {
            throw new MySmppProtocolException(
                "The answer declares " + declared.Value + " bytes, over the limit of " + _options.MaxResponseBytes + " (MaxResponseBytes).", ids, status);
        }

        if (success && !IsReadableMediaType(mediaType))
        {
            // An image, a download, a PDF: not something at this address speaks the gateway's API.
            throw new MySmppProtocolException(
                "The gateway answered HTTP " + status + " with content type '" + MessageText.Shorten(mediaType, 60) + "', not " + endpoint.MediaType
                + "; check the session's base address.", ids, status);
        }

        Stream raw = content == null ? Stream.Null : await content.ReadAsStreamAsync().ConfigureAwait(false);
        using (var bounded = new BoundedReadStream(raw, success ? _options.MaxResponseBytes : HttpErrorStatus.BodyLimit))
        using (PooledBuffer? whole = await GatherAsync(bounded, success, success ? expectedAnswerBytes : 4096, cancel).ConfigureAwait(false))
        {
            ArraySegment<byte> answer = whole?.WrittenSegment ?? default;
            if (success)
            {
                ParsedAnswer<T> parsed;
                try
                {
                    parsed = parse(answer, status);
                }
                catch (MySmppProtocolException ex)
                {
                    throw Unreadable(ex.Message, ex.IsTransient, status, mediaType, bounded, endpoint, ids);
                }
                catch (Exception ex) when (!(ex is MySmppException) && !cancel.IsCancellationRequested && IsParserFailure(ex))
                {
                    // The parsers promise MySmppProtocolException only; should anything else get out of them (an overflow,
                    // a decoder error), it is still an unreadable answer, not a crash.
                    throw Unreadable("The answer could not be read (" + ex.GetType().Name + ").", true, status, mediaType, bounded, endpoint, ids);
                }

                if (parsed.ErrorText != null) throw ServerText.RequestError(parsed.ErrorText, ids, status, Redactor);
                return parsed.Value!;
            }

            throw ErrorStatus(response, answer, parse, endpoint, ids, command, bounded);
        }
    }

    /// <summary>
    /// Any non-2xx answer: the gateway's own error when the body is one (the live platform answers some refusals with a
    /// status), unless it is a text we do not know on a status a retry may cure (5xx, 429, 408); else a transport error
    /// with the status, a bounded excerpt and the server's <c>Retry-After</c>.
    /// </summary>
    private MySmppException ErrorStatus<T>(HttpResponseMessage response, ArraySegment<byte> answer, AnswerParser<T> parse, GatewayEndpoint endpoint, IReadOnlyList<long> ids, CommandContext command, BoundedReadStream bounded)
    {
        int status = (int)response.StatusCode;
        if (answer.Count > 0)
        {
            string? text = null;
            try
            {
                text = parse(answer, status).ErrorText;
            }
            catch (MySmppProtocolException)
            {
                // Not the API's error shape: the excerpt below says what it was.
            }
            catch (Exception ex) when (!(ex is MySmppException) && IsParserFailure(ex))
            {
                // Likewise.
            }

            if (text != null && (!HttpErrorStatus.IsTransient(status) || ServerText.Classify(text) != ServerText.Kind.Other))
            {
                return ServerText.RequestError(text, ids, status, Redactor);
            }
        }

        return HttpErrorStatus.From(response, endpoint.Address, ResponseExcerpt.From(bounded.Head, Redactor), ids, command.Clock);
    }

    /// <summary>A 2xx answer the parser refused: says what came instead (an HTML page, a wrong type), with an excerpt.</summary>
    private MySmppProtocolException Unreadable(string parserMessage, bool transient, int status, string? mediaType, BoundedReadStream bounded, GatewayEndpoint endpoint, IReadOnlyList<long> ids)
    {
        string? excerpt = ResponseExcerpt.From(bounded.Head, Redactor);
        string said = MessageText.Quote(parserMessage, Redactor);
        string read = string.Format(CultureInfo.InvariantCulture, "HTTP {0}, {1}, {2} bytes read", status, MessageText.Shorten(mediaType ?? "no content type", 60), bounded.BytesRead);
        string message = LooksLikeHtml(mediaType, bounded.Head)
            ? "The gateway answered with an HTML page instead of the " + endpoint.Format + " answer (" + read + "); a proxy or the wrong base address? " + said
            : said + " (" + read + ")";
        return new MySmppProtocolException(message, ids, status, excerpt, isTransient: transient);
    }

    /// <summary>
    /// The whole bounded body. A 2xx over MaxResponseBytes is refused; an oversized or broken error body is not read
    /// further (null): its head is enough for the message.
    /// </summary>
    private static async Task<PooledBuffer?> GatherAsync(BoundedReadStream body, bool success, int initialCapacity, CancellationToken cancel)
    {
        try
        {
            return await PooledBuffer.ReadToEndAsync(body, initialCapacity, cancel).ConfigureAwait(false);
        }
        catch (Exception ex) when (!success && (ex is MySmppProtocolException || ex is IOException))
        {
            return null;
        }
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
        !ConnectionFailure.IsTransportFailure(ex) && !(ex is OutOfMemoryException) && !(ex is StackOverflowException);
}

/// <summary>One endpoint of the gateway as a session addresses it: where, the request's media type, and the answer's format (for messages).</summary>
internal sealed class GatewayEndpoint
{
    public GatewayEndpoint(Uri address, string mediaType, string format)
    {
        Address = address;
        MediaType = mediaType;
        Format = format;
    }

    public Uri Address { get; }

    /// <summary>The request's media type (<c>text/xml</c>, <c>text/json</c>); the charset is always utf-8.</summary>
    public string MediaType { get; }

    /// <summary>"XML" or "JSON".</summary>
    public string Format { get; }
}
