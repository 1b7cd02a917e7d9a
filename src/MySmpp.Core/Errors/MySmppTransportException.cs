using System;
using System.Collections.Generic;

namespace MySmpp.Errors;

/// <summary>
/// The request did not get a usable answer: connection failure, time-out, an HTTP error status
/// (5xx, 429, other 4xx) or an error page instead of the API's answer.
/// </summary>
public sealed class MySmppTransportException : MySmppException
{
    private readonly bool _isTransient;

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What went wrong, without secrets.</param>
    /// <param name="ids">The ids concerned.</param>
    /// <param name="httpStatusCode">The HTTP status, if a response arrived.</param>
    /// <param name="serverMessage">A bounded excerpt of the response body, if any.</param>
    /// <param name="innerException">The underlying exception, if any.</param>
    /// <param name="isTransient">True when a retry may succeed.</param>
    /// <param name="isTimeout">True when the request ran out of time.</param>
    /// <param name="retryAfter">The server's <c>Retry-After</c>, if it sent one.</param>
    public MySmppTransportException(
        string message,
        IReadOnlyList<long>? ids = null,
        int? httpStatusCode = null,
        string? serverMessage = null,
        Exception? innerException = null,
        bool isTransient = true,
        bool isTimeout = false,
        TimeSpan? retryAfter = null)
        : base(message, ids, httpStatusCode, serverMessage, innerException)
    {
        _isTransient = isTransient;
        IsTimeout = isTimeout;
        RetryAfter = retryAfter;
    }

    /// <inheritdoc />
    public override string ErrorId => IsTimeout ? "MySmpp.Timeout" : "MySmpp.Transport";

    /// <inheritdoc />
    public override bool IsTransient => _isTransient;

    /// <summary>True when the request (or the overall time budget) ran out of time.</summary>
    public bool IsTimeout { get; }

    /// <summary>How long the server asked us to wait (<c>Retry-After</c>), if it said.</summary>
    public TimeSpan? RetryAfter { get; }

    internal override MySmppException CopyWith(string message, IReadOnlyList<long> ids, string? serverMessage, Exception? innerException) =>
        new MySmppTransportException(message, ids, HttpStatusCode, serverMessage, innerException, _isTransient, IsTimeout, RetryAfter);
}
