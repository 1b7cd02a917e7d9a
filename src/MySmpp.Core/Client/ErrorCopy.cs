using System;
using System.Collections.Generic;
using MySmpp.Errors;

namespace MySmpp.Client;

/// <summary>
/// Re-creates a <see cref="MySmppException"/> with another message, ids, server text or inner exception,
/// keeping its type and flags (exceptions are immutable): used to blank secrets, to attach a batch's ids,
/// and to say why a batch was given up.
/// </summary>
internal static class ErrorCopy
{
    public static MySmppException With(
        MySmppException error,
        IReadOnlyList<long>? ids = null,
        string? message = null,
        string? serverMessage = null,
        bool replaceServerMessage = false,
        Exception? innerException = null,
        bool replaceInnerException = false)
    {
        IReadOnlyList<long> newIds = ids ?? error.Ids;
        string newMessage = message ?? error.Message;
        string? newServer = replaceServerMessage ? serverMessage : error.ServerMessage;
        Exception? newInner = replaceInnerException ? innerException : error.InnerException;
        return error.CopyWith(newMessage, newIds, newServer, newInner);
    }

    /// <summary>
    /// The error with its message and server text rewritten by <paramref name="clean"/>, and its inner exception
    /// dropped (saying so) when <paramref name="redact"/> would change its details, which quote
    /// <paramref name="whose"/> secrets; <paramref name="ids"/> are added when it names none. The same instance when
    /// nothing changes.
    /// </summary>
    public static MySmppException Redacted(MySmppException error, Func<string, string> clean, Func<string, string> redact, string whose, IReadOnlyList<long>? ids = null)
    {
        string message = clean(error.Message);
        string? server = error.ServerMessage == null ? null : clean(error.ServerMessage);
        Exception? inner = error.InnerException;
        if (inner != null)
        {
            string details = inner.ToString();
            if (!string.Equals(redact(details), details, StringComparison.Ordinal))
            {
                inner = null;
                message += " [The underlying error's details are withheld: they quote " + whose + ".]";
            }
        }

        bool needsIds = ids != null && error.Ids.Count == 0 && ids.Count > 0;
        if (!needsIds && ReferenceEquals(inner, error.InnerException)
            && string.Equals(message, error.Message, StringComparison.Ordinal)
            && string.Equals(server, error.ServerMessage, StringComparison.Ordinal))
        {
            return error;
        }

        return With(error, needsIds ? ids : null, message, server, replaceServerMessage: true, innerException: inner, replaceInnerException: true);
    }
}
