using System;
using System.Collections.Generic;

namespace MySmpp.Errors;

/// <summary>
/// The two sides did not understand each other: the gateway rejected the request's format
/// ("Incorrect … document format", "POST data is missing", too large), or its answer could not be
/// read (not XML/JSON, truncated, oversized, inconsistent). Never a wrong state attributed to an id.
/// </summary>
public sealed class MySmppProtocolException : MySmppException
{
    private readonly bool _isTransient;

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What went wrong, without secrets.</param>
    /// <param name="ids">The ids concerned.</param>
    /// <param name="httpStatusCode">The HTTP status, if any.</param>
    /// <param name="serverMessage">The server's text or an excerpt of its body.</param>
    /// <param name="innerException">The parser's exception, if any.</param>
    /// <param name="requestRejected">True when the server rejected our request (a split batch may pass).</param>
    /// <param name="isTransient">True when the answer was unreadable and asking again may help.</param>
    public MySmppProtocolException(
        string message,
        IReadOnlyList<long>? ids = null,
        int? httpStatusCode = null,
        string? serverMessage = null,
        Exception? innerException = null,
        bool requestRejected = false,
        bool isTransient = false)
        : base(message, ids, httpStatusCode, serverMessage, innerException)
    {
        RequestRejected = requestRejected;
        _isTransient = isTransient;
    }

    /// <inheritdoc />
    public override string ErrorId => "MySmpp.Protocol";

    /// <inheritdoc />
    public override bool IsTransient => _isTransient;

    /// <summary>
    /// True when the gateway rejected the request itself (format error, missing data, too large);
    /// the client then splits the batch and retries the halves.
    /// </summary>
    public bool RequestRejected { get; }

    internal override MySmppException CopyWith(string message, IReadOnlyList<long> ids, string? serverMessage, Exception? innerException) =>
        new MySmppProtocolException(message, ids, HttpStatusCode, serverMessage, innerException, RequestRejected, _isTransient);
}
