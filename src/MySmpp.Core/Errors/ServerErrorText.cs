using System;
using System.Collections.Generic;

namespace MySmpp
{
    /// <summary>Turns the gateway's documented error texts into typed exceptions (spec/README item 8).</summary>
    internal static class ServerErrorText
    {
        public static MySmppException ToException(string text, IReadOnlyList<long> ids, int? httpStatus)
        {
            string trimmed = text.Trim();
            if (trimmed.IndexOf("login or password", StringComparison.OrdinalIgnoreCase) >= 0)
            {
                return new MySmppAuthenticationException(
                    "The gateway refused the login or password (\"" + trimmed + "\").", ids, httpStatus, trimmed);
            }

            if (trimmed.IndexOf("account is locked", StringComparison.OrdinalIgnoreCase) >= 0)
            {
                return new MySmppAccountLockedException(
                    "The gateway reports the account as locked (\"" + trimmed + "\").", ids, httpStatus, trimmed);
            }

            if (trimmed.IndexOf("document format", StringComparison.OrdinalIgnoreCase) >= 0
                || trimmed.IndexOf("POST data is missing", StringComparison.OrdinalIgnoreCase) >= 0)
            {
                return new MySmppProtocolException(
                    "The gateway rejected the request (\"" + trimmed + "\"). This is a client-side problem; please report it.",
                    ids, httpStatus, trimmed, requestRejected: true);
            }

            return new MySmppApiException("The gateway answered with an error: \"" + trimmed + "\".", ids, httpStatus, trimmed);
        }
    }
}
