using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Reflection;
using MySmpp.Errors;

namespace MySmpp.Client;

/// <summary>
/// What the client knows about the proxy between it and the gateway: configures the handler and names the
/// proxy in errors (a 407, a proxy that cannot be reached).
/// </summary>
internal sealed class ProxyRoute
{
    private readonly MySmppProxy? _proxy;
    private readonly Uri _endpoint;
    private readonly Lazy<Uri?> _via;

    public ProxyRoute(MySmppProxy? proxy, Uri endpoint)
    {
        _proxy = proxy;
        _endpoint = endpoint;

        // Looked up on the error path only: resolving the system's proxy can mean running a PAC script.
        _via = new Lazy<Uri?>(FindProxy);
    }

    /// <summary>
    /// Applies the session's proxy to a handler. No proxy setting leaves the handler as it was: the system's
    /// settings apply (environment variables, the user's Internet Options, the system configuration).
    /// </summary>
    public static void Configure(HttpClientHandler handler, MySmppProxy? proxy)
    {
        if (proxy == null) return;
        if (proxy.Bypass)
        {
            handler.UseProxy = false;
            return;
        }

        handler.UseProxy = true;
        handler.Proxy = proxy.CreateWebProxy();
    }

    /// <summary>The error for an HTTP 407: which proxy, what it offers, and what to pass.</summary>
    public MySmppProxyAuthenticationException AuthenticationRequired(HttpResponseMessage response, IReadOnlyList<long> ids)
    {
        Uri? via = _via.Value;
        string proxy = via == null ? "The proxy" : "The proxy " + via.AbsoluteUri;
        if (_proxy == null) proxy += " (from the system's proxy settings)";
        string schemes = OfferedSchemes(response);
        string answered = "HTTP 407 Proxy Authentication Required" + (schemes.Length == 0 ? string.Empty : "; it offers " + schemes);
        bool sent = _proxy != null && (_proxy.HasCredential || _proxy.UseDefaultCredentials);
        string what;
        if (_proxy != null && _proxy.HasCredential)
        {
            what = proxy + " refused the credentials of '" + _proxy.UserName + "' (" + answered + "). "
                + "The gateway was not reached and the request was not retried. Check the proxy's user name and password.";
        }
        else if (_proxy != null && _proxy.UseDefaultCredentials)
        {
            // Default (Windows) credentials travel only by NTLM or Negotiate, never as Basic.
            string onlyBasic = string.Equals(schemes, "Basic", StringComparison.OrdinalIgnoreCase) ? "; default credentials need NTLM or Negotiate" : string.Empty;
            what = proxy + " did not accept the current user's default credentials (" + answered + onlyBasic + "). "
                + "The gateway was not reached and the request was not retried. Give the proxy an account it accepts.";
        }
        else
        {
            what = proxy + " requires authentication and the session gives it no credentials (" + answered + "). "
                + "The gateway was not reached and the request was not retried. Give the proxy (MySmppSessionOptions.Proxy) an account, "
                + "or the current Windows user's default credentials.";
        }

        return new MySmppProxyAuthenticationException(what, via, sent, ids);
    }

    /// <summary>
    /// The error for a connection that failed before reaching a proxy the request goes through, naming that
    /// proxy (not the gateway, which was never contacted); <c>null</c> when no proxy is involved or the failure
    /// happened later (the proxy's own answers about the gateway come back as HTTP statuses).
    /// </summary>
    public MySmppTransportException? Unreachable(Exception failure, IReadOnlyList<long> ids, string details)
    {
        if (!IsConnectFailure(failure)) return null;
        Uri? via = _via.Value;
        if (via == null) return null;
        string source = _proxy == null ? " (from the system's proxy settings)" : string.Empty;
        string message = string.Format(
            CultureInfo.InvariantCulture,
            "Could not connect to the proxy {0}{1}: {2} The gateway was not reached; check the proxy's address and that it is running.",
            via.AbsoluteUri,
            source,
            details.EndsWith(".", StringComparison.Ordinal) ? details : details + ".");
        return new MySmppTransportException(message, ids, innerException: failure);
    }

    // The failures of opening a connection: refused, no route, no such host, timed out while connecting.
    private static bool IsConnectFailure(Exception failure)
    {
        for (Exception? e = failure; e != null; e = e.InnerException)
        {
            if (e is SocketException socket)
            {
                switch (socket.SocketErrorCode)
                {
                    case SocketError.ConnectionRefused:
                    case SocketError.HostNotFound:
                    case SocketError.HostUnreachable:
                    case SocketError.NetworkUnreachable:
                    case SocketError.NoData:
                    case SocketError.TryAgain:
                    case SocketError.TimedOut:
                        return true;
                }
            }

            if (e is WebException web)
            {
                switch (web.Status)
                {
                    case WebExceptionStatus.ConnectFailure:
                    case WebExceptionStatus.NameResolutionFailure:
                    case WebExceptionStatus.ProxyNameResolutionFailure:
                        return true;
                }
            }

            if (e is IOException) return false; // a connection that broke after it was made
        }

        return false;
    }

    // The proxy the handler sends the endpoint's requests through, as the runtime decides; null for none.
    private Uri? FindProxy()
    {
        try
        {
            IWebProxy? proxy = _proxy != null ? _proxy.CreateWebProxy() : SystemProxy();
            if (proxy == null || proxy.IsBypassed(_endpoint)) return null;
            Uri? via = proxy.GetProxy(_endpoint);
            return via == null || via == _endpoint ? null : via;
        }
        catch (Exception ex) when (ex is PlatformNotSupportedException || ex is InvalidOperationException || ex is TargetInvocationException || ex is WebException || ex is UriFormatException)
        {
            return null;
        }
    }

    // .NET (Core) 3.0+: HttpClient.DefaultProxy, which handlers without a proxy use (environment variables first).
    // .NET Framework: WebRequest.DefaultWebProxy (the configuration file, else the user's Internet Options).
    private static IWebProxy? SystemProxy()
    {
        PropertyInfo? defaultProxy = typeof(HttpClient).GetProperty("DefaultProxy", BindingFlags.Public | BindingFlags.Static);
        if (defaultProxy != null) return defaultProxy.GetValue(null) as IWebProxy;
        return WebRequest.DefaultWebProxy;
    }

    // Only the scheme names (Basic, NTLM, Negotiate): the parameters are the proxy's text and say nothing useful.
    private static string OfferedSchemes(HttpResponseMessage response)
    {
        var schemes = new List<string>();
        foreach (var challenge in response.Headers.ProxyAuthenticate)
        {
            string scheme = challenge.Scheme ?? string.Empty;
            if (scheme.Length == 0 || scheme.Length > 20 || !scheme.All(c => (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) continue;
            if (!schemes.Contains(scheme, StringComparer.OrdinalIgnoreCase)) schemes.Add(scheme);
            if (schemes.Count == 5) break;
        }

        return string.Join(", ", schemes);
    }
}
