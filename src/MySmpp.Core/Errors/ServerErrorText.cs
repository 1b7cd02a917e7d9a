using System;
using System.Collections.Generic;

namespace MySmpp
{
    /// <summary>Turns the gateway's documented error texts into typed exceptions (spec/README item 8).</summary>
    internal static class ServerErrorText
    {
        /// <summary>
        /// Classifies <paramref name="text"/> as the server sent it, and quotes it through <paramref name="redact"/>:
        /// blanking a secret first could change the class (a password "password" would turn
        /// "Incorrect login or password" into an unknown text).
        /// </summary>
        public static MySmppException ToException(string text, IReadOnlyList<long> ids, int? httpStatus, Func<string, string>? redact = null)
        {
            string trimmed = text.Trim();
            string quoted = redact == null ? trimmed : redact(trimmed);
            if (trimmed.IndexOf("login or password", StringComparison.OrdinalIgnoreCase) >= 0)
            {
                return new MySmppAuthenticationException(
                    "The gateway refused the login or password (\"" + quoted + "\").", ids, httpStatus, quoted);
            }

            if (trimmed.IndexOf("account is locked", StringComparison.OrdinalIgnoreCase) >= 0)
            {
                return new MySmppAccountLockedException(
                    "The gateway reports the account as locked (\"" + quoted + "\").", ids, httpStatus, quoted);
            }

            if (trimmed.IndexOf("document format", StringComparison.OrdinalIgnoreCase) >= 0
                || trimmed.IndexOf("POST data is missing", StringComparison.OrdinalIgnoreCase) >= 0)
            {
                return new MySmppProtocolException(
                    "The gateway rejected the request (\"" + quoted + "\"). This is a client-side problem; please report it.",
                    ids, httpStatus, quoted, requestRejected: true);
            }

            return new MySmppApiException("The gateway answered with an error: \"" + quoted + "\".", ids, httpStatus, quoted);
        }
    }
}
