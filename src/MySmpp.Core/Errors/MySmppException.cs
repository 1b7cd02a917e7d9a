using System;
using System.Collections.Generic;

namespace MySmpp.Errors;

/// <summary>
/// Base of every error MySmpp reports. Carries what a caller needs to react — a stable
/// <see cref="ErrorId"/>, the ids concerned, the HTTP status and the server's text — and never a secret.
/// </summary>
public abstract class MySmppException : Exception
{
    private static readonly long[] NoIds = Array.Empty<long>();

    /// <summary>Creates the exception.</summary>
    protected MySmppException(
        string message,
        IReadOnlyList<long>? ids = null,
        int? httpStatusCode = null,
        string? serverMessage = null,
        Exception? innerException = null)
        : base(message, innerException)
    {
        Ids = ids ?? NoIds;
        HttpStatusCode = httpStatusCode;
        ServerMessage = serverMessage;
    }

    /// <summary>
    /// The type and the message, without the stack trace: these errors travel as data (a send report's
    /// <c>StopReason</c>, an outcome's <c>Error</c>) into <c>Format-List</c>, <c>Export-Csv</c> and logs, where a stack
    /// trace of our internals says nothing to the user. <see cref="Exception.StackTrace"/> still has it for debugging.
    /// </summary>
    public override string ToString() => GetType().FullName + ": " + Message;

    /// <summary>A stable identifier, e.g. <c>MySmpp.AuthenticationFailed</c>; PowerShell uses it as the ErrorId.</summary>
    public abstract string ErrorId { get; }

    /// <summary>True when the same request may succeed if tried again (time-outs, 5xx, 429, broken bodies).</summary>
    public virtual bool IsTransient => false;

    /// <summary>True when the whole session is unusable (bad credentials, locked account): no later request can succeed.</summary>
    public virtual bool IsSessionFatal => false;

    /// <summary>The message ids this error concerns (the ids of the failed batch, or the one id not found).</summary>
    public IReadOnlyList<long> Ids { get; }

    /// <summary>The HTTP status of the response that carried the error, when there was one.</summary>
    public int? HttpStatusCode { get; }

    /// <summary>The server's error text, or a bounded excerpt of an unexpected body, with secrets blanked.</summary>
    public string? ServerMessage { get; }

    /// <summary>
    /// The same error (type, flags, status) with other texts, ids or inner exception. Exceptions are
    /// immutable, so blanking a secret or attaching a batch's ids makes a copy; abstract so that a new
    /// error type cannot be added without saying how it is copied (and so cannot escape redaction).
    /// </summary>
    internal abstract MySmppException CopyWith(string message, IReadOnlyList<long> ids, string? serverMessage, Exception? innerException);
}
