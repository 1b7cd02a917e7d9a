using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net.Http;
using MySmpp.Errors;

namespace MySmpp.Client;

/// <summary>
/// An HTTP status that is not the API's answer, for every endpoint alike: a transport error naming the status,
/// a redirect's target, a bounded excerpt of the body and the server's <c>Retry-After</c>; transient when a
/// retry may get through (5xx, 429, 408).
/// </summary>
internal static class HttpErrorStatus
{
    /// <summary>The largest error body read: enough for an excerpt and the API's own error shape.</summary>
    public const int BodyLimit = 64 * 1024;

    public static bool IsTransient(int status) => status >= 500 || status == 429 || status == 408;

    public static MySmppTransportException From(HttpResponseMessage response, Uri endpoint, string? excerpt, IReadOnlyList<long> ids, ClientClock clock)
    {
        int status = (int)response.StatusCode;
        string message = string.Format(CultureInfo.InvariantCulture, "HTTP {0} ({1}) from {2}", status, MessageText.Shorten(response.ReasonPhrase, 100), endpoint);
        if (status >= 300 && status < 400)
        {
            // Scheme, host, port and path only: user info could be a credential, and a query could carry anything
            // (even an echo of our request).
            Uri? location = response.Headers.Location;
            string target = location == null ? "(no Location)"
                : location.IsAbsoluteUri ? location.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped)
                : location.OriginalString.Split('?', '#')[0];
            message += "; the gateway redirects to '" + target + "': set the session's BaseAddress to that address";
        }

        if (excerpt != null) message += ": " + excerpt;
        return new MySmppTransportException(message, ids, status, excerpt, isTransient: IsTransient(status), retryAfter: RetryAfterOf(response, clock));
    }

    private static TimeSpan? RetryAfterOf(HttpResponseMessage response, ClientClock clock)
    {
        var header = response.Headers.RetryAfter;
        if (header == null) return null;
        if (header.Delta.HasValue) return header.Delta.Value;
        if (header.Date.HasValue)
        {
            TimeSpan wait = header.Date.Value - clock.UtcNow;
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }

        return null;
    }
}
