using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Security.Authentication;
using MySmpp.Errors;

namespace MySmpp.Client;

/// <summary>
/// Turns a request that got no HTTP answer into a <see cref="MySmppTransportException"/> whose message says
/// what happened once (the runtime nests the same text two or three times) and, for failures no retry can
/// fix — a TLS handshake or certificate failure, a host name that does not resolve — what to try instead.
/// </summary>
internal static class ConnectionFailure
{
    /// <summary>
    /// The transport's own failures: no HTTP answer, or its body broke off or was aborted (a disposed
    /// response, a cancelled read). Anything else out of a request is a bug or a parser's complaint.
    /// </summary>
    public static bool IsTransportFailure(Exception ex) =>
        ex is HttpRequestException || ex is IOException || ex is ObjectDisposedException || ex is WebException || ex is OperationCanceledException;

    /// <summary>
    /// A request that got no answer, status queries and sending alike: an unreachable proxy is named as such (the
    /// gateway was never contacted), anything else says what happened and whether a retry can help.
    /// </summary>
    public static MySmppTransportException Of(Exception ex, Uri endpoint, IReadOnlyList<long> ids, ProxyRoute proxy) =>
        proxy.Unreachable(ex, ids, Describe(ex)) ?? From(ex, endpoint, ids);

    /// <summary>The attempt's own time limit (<paramref name="limitName"/>) ran out, whatever the aborted read threw.</summary>
    public static MySmppTransportException TimedOut(Uri endpoint, TimeSpan limit, string limitName, IReadOnlyList<long>? ids) =>
        new MySmppTransportException(
            string.Format(CultureInfo.InvariantCulture, "No complete answer from {0} within {1:0.###} s ({2}).", endpoint, limit.TotalSeconds, limitName),
            ids,
            isTimeout: true);

    public static MySmppTransportException From(Exception ex, Uri endpoint, IReadOnlyList<long> ids)
    {
        string detail = Describe(ex);
        string start = "The request to " + endpoint + " failed: " + detail;
        if (IsTlsFailure(ex))
        {
            string hint = endpoint.Scheme == Uri.UriSchemeHttps
                ? " The TLS handshake failed: if the gateway speaks plain http on this port, use http:// instead of https://; otherwise check that the server's certificate matches the host name '" + endpoint.Host + "' and is trusted."
                  + " On Windows PowerShell 5.1 Windows itself must also allow TLS 1.2 (MySmpp offers it whatever [Net.ServicePointManager]::SecurityProtocol says): on Windows 7, Server 2008 R2 and older turn it on for clients (SChannel 'TLS 1.2\\Client' registry values) and install the current .NET Framework and Windows updates."
                : " The TLS handshake failed; check the address's scheme and port.";
            return new MySmppTransportException(start + hint + " Not retried: a retry cannot fix this.", ids, innerException: ex, isTransient: false);
        }

        if (IsNameFailure(ex))
        {
            return new MySmppTransportException(
                start + " The host name '" + endpoint.Host + "' could not be resolved: check its spelling in the gateway's address (e.g. https://lk.mysmpp.ru) and the DNS settings. Not retried: a retry cannot fix this.",
                ids,
                innerException: ex,
                isTransient: false);
        }

        return new MySmppTransportException(start, ids, innerException: ex);
    }

    private static bool IsTlsFailure(Exception ex)
    {
        for (Exception? e = ex; e != null; e = e.InnerException)
        {
            if (e is AuthenticationException) return true;
            if (e is WebException web && (web.Status == WebExceptionStatus.TrustFailure || web.Status == WebExceptionStatus.SecureChannelFailure)) return true;

            // .NET (Core) reports a plain-http answer to a TLS hello as "The SSL connection could not be established".
            if (e is HttpRequestException && e.Message.IndexOf("SSL connection could not be established", StringComparison.OrdinalIgnoreCase) >= 0) return true;
        }

        return false;
    }

    private static bool IsNameFailure(Exception ex)
    {
        for (Exception? e = ex; e != null; e = e.InnerException)
        {
            if (e is SocketException socket && (socket.SocketErrorCode == SocketError.HostNotFound || socket.SocketErrorCode == SocketError.NoData)) return true;
            if (e is WebException web && web.Status == WebExceptionStatus.NameResolutionFailure) return true;
        }

        return false;
    }

    /// <summary>The messages of the exception chain, each once, as sentences; bounded (a server's garbage may be quoted).</summary>
    internal static string Describe(Exception ex)
    {
        string text = string.Empty;
        for (Exception? e = ex; e != null; e = e.InnerException)
        {
            string message = e.Message.Trim();
            if (message.Length == 0) continue;
            string bare = message.TrimEnd('.');
            if (text.IndexOf(bare, StringComparison.OrdinalIgnoreCase) >= 0) continue;
            text = text.Length == 0 ? CommandGuards.Sentence(message) : text + " " + CommandGuards.Sentence(message);
        }

        return MessageText.Shorten(text.Length == 0 ? ex.GetType().Name + "." : text, 400);
    }
}
