using System.Collections.Generic;

namespace MySmpp.Client;

/// <summary>
/// The last step of every error a session's requests raise, status queries and sending alike: the proxy's
/// Basic token and any withheld inner details first, then one safe bounded line for the message and the
/// server's text with every secret of the session blanked (the gateway's, and a proxy's password).
/// </summary>
internal sealed class ErrorSanitizer
{
    // Our own words plus a few bounded quotes fit well within this.
    private const int MaxMessage = 1000;

    private readonly ProxyRoute _proxy;
    private readonly SecretRedactor _redactor;

    /// <summary>For a session: the gateway's secret and, behind a proxy with credentials, the proxy's password.</summary>
    public ErrorSanitizer(MySmppCredential credential, MySmppSessionOptions options, ProxyRoute proxy)
    {
        _proxy = proxy;
        _redactor = credential.Redactor.With(options.Proxy?.Password);
    }

    /// <summary>Every secret of the session: the gateway's and, behind a proxy with credentials, the proxy's password.</summary>
    public SecretRedactor Redactor => _redactor;

    /// <summary>The error, safe to show; <paramref name="ids"/> are added when it names none.</summary>
    public MySmppException Sanitize(MySmppException error, IReadOnlyList<long> ids)
    {
        error = _proxy.Scrub(error);
        return ErrorCopy.Redacted(error, text => MessageText.Quote(text, _redactor, MaxMessage), _redactor.Redact, "the credentials", ids);
    }
}
