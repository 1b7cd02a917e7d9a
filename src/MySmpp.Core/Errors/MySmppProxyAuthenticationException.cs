using System;
using System.Collections.Generic;

namespace MySmpp.Errors;

/// <summary>
/// The proxy between us and the gateway wants credentials it did not get or did not accept (HTTP 407).
/// The gateway was not reached. Not retried, and fatal for the session: no request can pass the proxy
/// until the session is created again with the proxy's credentials.
/// </summary>
public sealed class MySmppProxyAuthenticationException : MySmppException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What went wrong, naming the proxy, without secrets.</param>
    /// <param name="proxy">The proxy that answered 407, when known.</param>
    /// <param name="credentialsSent">True when the session had proxy credentials and the proxy refused them.</param>
    /// <param name="ids">The ids concerned.</param>
    /// <param name="serverMessage">A bounded excerpt of the proxy's answer, if any.</param>
    /// <param name="innerException">The underlying exception, if any.</param>
    public MySmppProxyAuthenticationException(
        string message,
        Uri? proxy,
        bool credentialsSent,
        IReadOnlyList<long>? ids = null,
        string? serverMessage = null,
        Exception? innerException = null)
        : base(message, ids, 407, serverMessage, innerException)
    {
        Proxy = proxy;
        CredentialsSent = credentialsSent;
    }

    /// <inheritdoc />
    public override string ErrorId => "MySmpp.ProxyAuthenticationRequired";

    /// <inheritdoc />
    public override bool IsSessionFatal => true;

    /// <summary>The proxy that asked for credentials, when known.</summary>
    public Uri? Proxy { get; }

    /// <summary>True when credentials were offered and refused; false when the session had none to offer.</summary>
    public bool CredentialsSent { get; }

    internal override MySmppException CopyWith(string message, IReadOnlyList<long> ids, string? serverMessage, Exception? innerException) =>
        new MySmppProxyAuthenticationException(message, Proxy, CredentialsSent, ids, serverMessage, innerException);
}
