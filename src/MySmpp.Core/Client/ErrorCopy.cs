using System;
using System.Collections.Generic;

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
}
