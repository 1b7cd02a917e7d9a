using System;
using System.Net;
using System.Security;
using MySmpp.Credentials;
using MySmpp.Http;

namespace MySmpp.Client;

/// <summary>
/// How a session reaches the gateway through a proxy, as <c>Invoke-RestMethod</c>'s <c>-Proxy</c>,
/// <c>-ProxyCredential</c>, <c>-ProxyUseDefaultCredentials</c> and <c>-NoProxy</c> describe it.
/// A session without one (<see cref="MySmppSessionOptions.Proxy"/> <c>null</c>) uses the system's proxy settings.
/// </summary>
/// <remarks>
/// The password is held as a read-only <see cref="SecureString"/> copy. It becomes characters only when the
/// proxy asks for credentials (HTTP 407): the handler then gets a short-lived <see cref="NetworkCredential"/>
/// made for that one challenge. Nothing here prints it: <see cref="ToString"/> shows the address and user name.
/// Immutable apart from <see cref="Dispose"/>, which wipes the password; the caller owns it (like
/// <see cref="MySmppCredential"/>) and disposes it after the sessions that use it.
/// </remarks>
public sealed class MySmppProxy : IDisposable
{
    private readonly SecureString? _password;

    // What a proxy or a server may echo of the credentials besides the password: the Basic token
    // base64(user:password), in the forms .NET may send (with and without the domain).
    private readonly SecureString[] _basicTokens;

    private MySmppProxy(Uri? address, string? userName, SecureString? password, bool useDefaultCredentials)
    {
        Address = address;
        UserName = userName;
        _password = password;
        UseDefaultCredentials = useDefaultCredentials;
        _basicTokens = password == null || userName == null ? Array.Empty<SecureString>() : BasicTokens(userName, password);
        Redactor = new SecretRedactor(Secrets());
    }

    /// <summary>The proxy's address, or <c>null</c> when the session uses no proxy at all (<see cref="Bypass"/>).</summary>
    public Uri? Address { get; }

    /// <summary>True for <c>-NoProxy</c>: every request goes straight to the gateway, whatever the system says.</summary>
    public bool Bypass => Address == null;

    /// <summary>The user name given to the proxy, or <c>null</c> without explicit proxy credentials.</summary>
    public string? UserName { get; }

    /// <summary>True when the proxy gets the current user's default (Windows) credentials.</summary>
    public bool UseDefaultCredentials { get; }

    /// <summary>True when an explicit user name and password are given to the proxy.</summary>
    public bool HasCredential => _password != null;

    /// <summary>No proxy: requests go directly to the gateway, ignoring the system's and the environment's settings.</summary>
    public static MySmppProxy None() => new MySmppProxy(null, null, null, false);

    /// <summary>Requests go through the proxy at <paramref name="address"/>, without credentials.</summary>
    /// <exception cref="ArgumentException">The address is not an absolute http(s) address of a host.</exception>
    public static MySmppProxy Through(Uri address) => new MySmppProxy(CheckAddress(address), null, null, false);

    /// <summary>Requests go through the proxy at <paramref name="address"/>, authenticating with the current user's default credentials.</summary>
    /// <exception cref="ArgumentException">The address is not an absolute http(s) address of a host.</exception>
    public static MySmppProxy ThroughWithDefaultCredentials(Uri address) => new MySmppProxy(CheckAddress(address), null, null, true);

    /// <summary>Requests go through the proxy at <paramref name="address"/>, authenticating as <paramref name="userName"/>. The password is copied.</summary>
    /// <exception cref="ArgumentException">The address is unusable, or the user name or the password is empty.</exception>
    public static MySmppProxy Through(Uri address, string userName, SecureString password)
    {
        Uri checkedAddress = CheckAddress(address);
        if (string.IsNullOrWhiteSpace(userName)) throw new ArgumentException("The proxy user name must not be empty.", nameof(userName));
        if (password == null || password.Length == 0) throw new ArgumentException("The proxy password must not be empty.", nameof(password));
        SecureString copy = password.Copy();
        copy.MakeReadOnly();
        return new MySmppProxy(checkedAddress, userName, copy, false);
    }

    /// <summary>
    /// Describes the proxy without its password, e.g. <c>http://proxy:8080/ as 'ops' (password hidden)</c>,
    /// <c>none (NoProxy)</c>.
    /// </summary>
    public override string ToString()
    {
        if (Bypass) return "none (NoProxy)";
        if (HasCredential) return Address!.AbsoluteUri + " as '" + UserName + "' (password hidden)";
        if (UseDefaultCredentials) return Address!.AbsoluteUri + " with the current user's default credentials";
        return Address!.AbsoluteUri + " without credentials";
    }

    /// <summary>Wipes the password and the tokens made from it.</summary>
    public void Dispose()
    {
        _password?.Dispose();
        foreach (SecureString token in _basicTokens) token.Dispose();
    }

    /// <summary>The proxy for a handler: a <see cref="WebProxy"/> whose credentials are made per challenge; <c>null</c> for <see cref="Bypass"/>.</summary>
    internal IWebProxy? CreateWebProxy()
    {
        if (Bypass) return null;
        var proxy = new WebProxy(Address!) { BypassProxyOnLocal = false };
        if (_password != null) proxy.Credentials = new SecureProxyCredentials(UserName!, _password);
        else if (UseDefaultCredentials) proxy.UseDefaultCredentials = true;
        return proxy;
    }

    /// <summary>The password, for the handler's credentials (never read as text); <c>null</c> without proxy credentials.</summary>
    internal SecureString? Password => _password;

    /// <summary>The password and its Basic tokens, for the session's redactor; empty without proxy credentials.</summary>
    internal SecureString?[] Secrets()
    {
        var all = new SecureString?[_basicTokens.Length + 1];
        all[0] = _password;
        Array.Copy(_basicTokens, 0, all, 1, _basicTokens.Length);
        return all;
    }

    /// <summary>Blanks the proxy password and its Basic tokens, however an echo encoded or cut them (see <see cref="SecretRedactor"/>).</summary>
    internal SecretRedactor Redactor { get; }

    /// <summary>Blanks the proxy password, and the Basic token that carries it, in <paramref name="text"/>.</summary>
    internal string Redact(string? text) => Redactor.Redact(text);

    // base64(UTF-8(user:password)), made without a string of the password: the characters go from the wiped lease into
    // pinned buffers that are wiped too, and the token into a SecureString.
    private static SecureString[] BasicTokens(string userName, SecureString password)
    {
        var forms = new System.Collections.Generic.List<string> { userName };
        int slash = userName.IndexOf('\\');
        if (slash > 0) forms.Add(userName.Substring(slash + 1));
        var tokens = new SecureString[forms.Count];
        using (SecretLease secret = SecretLease.Open(password))
        {
            for (int f = 0; f < forms.Count; f++)
            {
                char[] plain = new char[forms[f].Length + 1 + secret.Length];
                byte[] utf8 = new byte[System.Text.Encoding.UTF8.GetMaxByteCount(plain.Length)];
                char[] base64 = new char[((utf8.Length + 2) / 3) * 4];
                var pins = new[] { System.Runtime.InteropServices.GCHandle.Alloc(plain, System.Runtime.InteropServices.GCHandleType.Pinned), System.Runtime.InteropServices.GCHandle.Alloc(utf8, System.Runtime.InteropServices.GCHandleType.Pinned), System.Runtime.InteropServices.GCHandle.Alloc(base64, System.Runtime.InteropServices.GCHandleType.Pinned) };
                try
                {
                    forms[f].CopyTo(0, plain, 0, forms[f].Length);
                    plain[forms[f].Length] = ':';
                    Array.Copy(secret.Buffer, 0, plain, forms[f].Length + 1, secret.Length);
                    int bytes = System.Text.Encoding.UTF8.GetBytes(plain, 0, plain.Length, utf8, 0);
                    int chars = Convert.ToBase64CharArray(utf8, 0, bytes, base64, 0);
                    var token = new SecureString();
                    for (int i = 0; i < chars; i++) token.AppendChar(base64[i]);
                    token.MakeReadOnly();
                    tokens[f] = token;
                }
                finally
                {
                    Array.Clear(plain, 0, plain.Length);
                    Array.Clear(utf8, 0, utf8.Length);
                    Array.Clear(base64, 0, base64.Length);
                    foreach (var pin in pins) pin.Free();
                }
            }
        }

        return tokens;
    }

    private static Uri CheckAddress(Uri address)
    {
        const string name = "address";
        if (address == null) throw new ArgumentNullException(name, "The proxy address is required.");
        if (!address.IsAbsoluteUri)
            throw new ArgumentException("The proxy address must be absolute, e.g. http://proxy.example.com:8080.", name);
        if (address.Scheme != Uri.UriSchemeHttp && address.Scheme != Uri.UriSchemeHttps)
            throw new ArgumentException("The proxy address must use http or https, not '" + address.Scheme + "'.", name);
        if (!string.IsNullOrEmpty(address.UserInfo))
            throw new ArgumentException("The proxy address must not contain user information; pass the proxy's credentials separately.", name);
        if (address.AbsolutePath != "/" || !string.IsNullOrEmpty(address.Query) || !string.IsNullOrEmpty(address.Fragment))
            throw new ArgumentException("The proxy address must be just scheme, host and port, e.g. http://proxy.example.com:8080; got '" + address.GetLeftPart(UriPartial.Path) + "'.", name);
        return address;
    }
}
