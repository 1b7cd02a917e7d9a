using System;
using System.Net;
using System.Security;

namespace MySmpp.Http;

/// <summary>
/// Proxy credentials that stay a <see cref="SecureString"/> until the proxy asks for them (HTTP 407).
/// </summary>
/// <remarks>
/// A <see cref="NetworkCredential"/> kept on the handler would, on .NET (Core), hold the password as a plain
/// string for the life of the session. The handler asks <see cref="GetCredential"/> once per challenge, so
/// this hands out a fresh credential each time and keeps none: the characters live only while the handler
/// builds that one <c>Proxy-Authorization</c> header (on .NET Framework the credential keeps a SecureString copy).
/// </remarks>
internal sealed class SecureProxyCredentials : ICredentials
{
    private readonly string _userName;
    private readonly SecureString _password;

    public SecureProxyCredentials(string userName, SecureString password)
    {
        _userName = userName;
        _password = password;
    }

    public NetworkCredential? GetCredential(Uri uri, string authType)
    {
        try
        {
            // The domain\user form is how Windows users type proxy accounts; NTLM and Negotiate need them apart.
            int slash = _userName.IndexOf('\\');
            return slash > 0
                ? new NetworkCredential(_userName.Substring(slash + 1), _password, _userName.Substring(0, slash))
                : new NetworkCredential(_userName, _password);
        }
        catch (ObjectDisposedException)
        {
            // The session was disconnected while a request was still answering a challenge: no credentials.
            return null;
        }
    }
}
