using System;
using System.Collections.Generic;

namespace MySmpp.Client
{
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
            int? status = error.HttpStatusCode;
            switch (error)
            {
                case MySmppProtocolException p:
                    return new MySmppProtocolException(newMessage, newIds, status, newServer, newInner, p.RequestRejected, p.IsTransient);
                case MySmppTransportException t:
                    return new MySmppTransportException(newMessage, newIds, status, newServer, newInner, t.IsTransient, t.IsTimeout, t.RetryAfter);
                case MySmppAuthenticationException _:
                    return new MySmppAuthenticationException(newMessage, newIds, status, newServer, newInner);
                case MySmppAccountLockedException _:
                    return new MySmppAccountLockedException(newMessage, newIds, status, newServer, newInner);
                case MySmppApiException _:
                    return new MySmppApiException(newMessage, newIds, status, newServer, newInner);
                case MySmppIdNotFoundException _:
                    return new MySmppIdNotFoundException(newMessage, newIds, status, newServer, newInner);
                case MySmppProxyAuthenticationException x:
                    return new MySmppProxyAuthenticationException(newMessage, x.Proxy, x.CredentialsSent, newIds, newServer, newInner);
                case MySmppWaitTimeoutException w:
                    return new MySmppWaitTimeoutException(newMessage, newIds, w.LastState, newInner);
                default:
                    return error;
            }
        }
    }
}
