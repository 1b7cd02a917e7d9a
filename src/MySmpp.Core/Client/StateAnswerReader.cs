using System;
using System.Globalization;
using System.IO;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using MySmpp.Http;
using MySmpp.Protocol;

namespace MySmpp.Client;

/// <summary>
/// Reads and classifies one HTTP answer to a state request: a readable 2xx is parsed (an error text in it
/// becomes its typed error), a body that is not the API's answer (an HTML page, a download) is named for
/// what it is, and an error status becomes the API's error when its body is one, else a transport error
/// with a bounded excerpt and the server's <c>Retry-After</c>. Bodies are bounded by MaxResponseBytes.
/// </summary>
internal sealed class StateAnswerReader
{
    private readonly MySmppCredential _credential;
    private readonly MySmppSessionOptions _options;
    private readonly IStateCodec _codec;
    private readonly Uri _endpoint;
    private readonly ProxyRoute _proxy;

    public StateAnswerReader(MySmppCredential credential, MySmppSessionOptions options, IStateCodec codec, Uri endpoint, ProxyRoute proxy)
    {
        _credential = credential;
        _options = options;
        _codec = codec;
        _endpoint = endpoint;
        _proxy = proxy;
    }

    public async Task<StateResponse> ReadAsync(HttpResponseMessage response, ArraySegment<long> ids, ClientClock clock, CancellationToken cancel)
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
        using (var bounded = new BoundedReadStream(raw, success ? _options.MaxResponseBytes : HttpErrorStatus.BodyLimit))
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

            throw await ErrorStatusAsync(response, bounded, ids, clock, cancel).ConfigureAwait(false);
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
        !ConnectionFailure.IsTransportFailure(ex) && !(ex is OutOfMemoryException) && !(ex is StackOverflowException);

    /// <summary>Any 4xx/5xx (or 1xx/3xx): the documented JSON/XML error if the body is one, else a transport error with an excerpt.</summary>
    private async Task<MySmppException> ErrorStatusAsync(HttpResponseMessage response, BoundedReadStream body, ArraySegment<long> ids, ClientClock clock, CancellationToken cancel)
    {
        int status = (int)response.StatusCode;
        MySmppException? apiError = await ApiErrorInBodyAsync(body, ids, status, cancel).ConfigureAwait(false);
        if (apiError != null) return apiError;

        return HttpErrorStatus.From(response, _endpoint, ResponseExcerpt.From(body.Head, _credential), ids, clock);
    }

    /// <summary>
    /// Reads the whole (bounded) error body, so its head can be quoted; for a 4xx, returns the API's error when the
    /// body is one (the gateway answers some refusals with a status).
    /// </summary>
    private async Task<MySmppException?> ApiErrorInBodyAsync(BoundedReadStream body, ArraySegment<long> ids, int status, CancellationToken cancel)
    {
        try
        {
            if (status >= 400 && status < 500)
            {
                StateResponse parsed = await _codec.ReadResponseAsync(body, new StateReadContext(HttpErrorStatus.BodyLimit, null, 0), cancel).ConfigureAwait(false);
                return ResponseClassifier.FromErrorBody(parsed, ids, status, _credential.Redactor);
            }

            using (await PooledBuffer.ReadToEndAsync(body, 8192, cancel).ConfigureAwait(false))
            {
                return null;
            }
        }
        catch (MySmppProtocolException)
        {
            // Not the API's error shape, or over the error-body limit: the excerpt is still there.
            return null;
        }
        catch (IOException)
        {
            // A broken error body: the status alone is the answer.
            return null;
        }
    }
}
