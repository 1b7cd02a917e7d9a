using System;

namespace MySmpp.Client
{
    /// <summary>
    /// The last gate before an error of a request reaches the caller: the ids attached, secrets blanked, texts
    /// made single safe lines. Every error a request can end with passes here.
    /// </summary>
    internal sealed class ErrorSanitizer
    {
        // Our own words plus a few bounded quotes fit well within this.
        private const int MaxMessage = 1000;

        private readonly MySmppCredential _credential;
        private readonly ProxyRoute _proxy;

        // The gateway's secret and, behind a proxy with credentials, the proxy's password.
        private readonly SecretRedactor _redactor;

        public ErrorSanitizer(MySmppCredential credential, MySmppSessionOptions options, ProxyRoute proxy)
        {
            _credential = credential;
            _proxy = proxy;
            _redactor = credential.Redactor.With(options.Proxy?.Password);
        }

        /// <summary>
        /// The last gate before an error reaches the caller: the batch's ids attached, the secret blanked from the
        /// message and the server's text (a server may echo our request into an error page, a status line or a
        /// header), and an inner exception that quotes the secret withheld.
        /// </summary>
        public MySmppException Sanitize(MySmppException error, ArraySegment<long> ids)
        {
            // The proxy's Basic token and withheld inner details first, then one safe line each (a server's garbage
            // may be quoted by a parser or the HTTP stack) with every secret of the session blanked.
            error = _proxy.Scrub(error);
            string message = MessageText.Quote(error.Message, _redactor, MaxMessage);
            string? server = error.ServerMessage == null ? null : MessageText.Quote(error.ServerMessage, _redactor, MaxMessage);
            Exception? inner = error.InnerException;
            if (inner != null)
            {
                string details = inner.ToString();
                if (!string.Equals(_credential.Redact(details), details, StringComparison.Ordinal))
                {
                    inner = null;
                    message += " [The underlying error's details are withheld: they quote the credentials.]";
                }
            }

            bool needsIds = error.Ids.Count == 0 && ids.Count > 0;
            if (!needsIds && ReferenceEquals(inner, error.InnerException)
                && string.Equals(message, error.Message, StringComparison.Ordinal)
                && string.Equals(server, error.ServerMessage, StringComparison.Ordinal))
            {
                return error;
            }

            return ErrorCopy.With(error, needsIds ? ids : null, message, server, replaceServerMessage: true, innerException: inner, replaceInnerException: true);
        }
    }
}
