using System.Collections.Generic;
using MySmpp.Credentials;
using MySmpp.Errors;

namespace MySmpp.Client;

/// <summary>
/// The last step of every error a session's requests raise, status queries, sending and account requests alike: one
/// safe bounded line for the message and the server's text with every secret of the session blanked (the gateway's, a
/// proxy's password and its Basic token: each caught as any run of six of its characters, so an echo cut anywhere leaves
/// nothing telling), and the inner details withheld when they would quote one.
/// </summary>
internal sealed class ErrorSanitizer
{
    // Our own words plus a few bounded quotes fit well within this.
    private const int MaxMessage = 1000;

    private readonly SecretRedactor _redactor;

    /// <summary>For a session: the gateway's secret and, behind a proxy with credentials, the proxy's password and Basic tokens.</summary>
    public ErrorSanitizer(MySmppCredential credential, MySmppSessionOptions options)
    {
        _redactor = options.Proxy == null ? credential.Redactor : credential.Redactor.With(options.Proxy.Secrets());
    }

    /// <summary>Every secret of the session.</summary>
    public SecretRedactor Redactor => _redactor;

    /// <summary>The error, safe to show; <paramref name="ids"/> are added when it names none.</summary>
    public MySmppException Sanitize(MySmppException error, IReadOnlyList<long> ids) =>
        ErrorCopy.Redacted(error, text => MessageText.Quote(text, _redactor, MaxMessage), _redactor.Redact, "the credentials", ids);
}
