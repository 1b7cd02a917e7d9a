using System;

namespace MySmpp.Emulator;

/// <summary>The kinds of failure the emulator can inject; combine flags to enable several.</summary>
/// <remarks>When a request is chosen to fail, one of the enabled modes is picked uniformly.</remarks>
[Flags]
public enum FailureModes
{
    /// <summary>No failure mode enabled.</summary>
    None = 0,

    /// <summary>HTTP 500 with a plain-text body.</summary>
    ServerError = 1,

    /// <summary>HTTP 503 with <c>Retry-After: 1</c>.</summary>
    ServiceUnavailable = 2,

    /// <summary>HTTP 429 with <c>Retry-After: 0</c> or <c>1</c>.</summary>
    TooManyRequests = 4,

    /// <summary>HTTP 502 with an HTML page, as a reverse proxy in front of the real server would answer.</summary>
    HtmlErrorPage = 8,

    /// <summary>The connection is aborted before any response is sent.</summary>
    DropConnection = 16,

    /// <summary>The first half of a valid answer is sent with a Content-Length for the whole, then the connection is aborted.</summary>
    TruncatedBody = 32,

    /// <summary>HTTP 200 whose body is random bytes.</summary>
    Garbage = 64,

    /// <summary>Every mode above.</summary>
    All = ServerError | ServiceUnavailable | TooManyRequests | HtmlErrorPage | DropConnection | TruncatedBody | Garbage,
}
