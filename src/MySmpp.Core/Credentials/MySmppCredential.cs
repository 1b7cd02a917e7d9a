using System;
using System.Security;

namespace MySmpp.Credentials;

/// <summary>
/// Login + password, or a token. Secrets are held as read-only <see cref="SecureString"/> copies and
/// turned into characters only while a request body is being written (then wiped). Nothing here
/// ever prints a secret: <see cref="ToString"/> shows the login only.
/// </summary>
public sealed class MySmppCredential : IDisposable
{
    private readonly SecureString _secret;

    private MySmppCredential(string? login, SecureString secret)
    {
        Login = login;
        _secret = secret;
        Redactor = new SecretRedactor(secret);
    }

    /// <summary>The login, or <c>null</c> for a token credential.</summary>
    public string? Login { get; }

    /// <summary>True when this is a token (<c>token</c>) rather than login + password.</summary>
    public bool IsToken => Login == null;

    /// <summary>Creates a login + password credential. The password is copied.</summary>
    /// <exception cref="ArgumentException">The login or the password is empty.</exception>
    public static MySmppCredential FromPassword(string login, SecureString password)
    {
        if (string.IsNullOrWhiteSpace(login)) throw new ArgumentException("The login must not be empty.", nameof(login));
        if (password == null || password.Length == 0) throw new ArgumentException("The password must not be empty.", nameof(password));
        return new MySmppCredential(login.Trim(), ReadOnlyCopy(password));
    }

    /// <summary>Creates a login + password credential from a plain string (tests, benchmarks, environment variables).</summary>
    /// <exception cref="ArgumentException">The login or the password is empty.</exception>
    public static MySmppCredential FromPassword(string login, string password)
    {
        if (string.IsNullOrEmpty(password)) throw new ArgumentException("The password must not be empty.", nameof(password));
        using (SecureString secure = ToSecureString(password))
        {
            return FromPassword(login, secure);
        }
    }

    /// <summary>Creates a token credential. The token is copied.</summary>
    /// <exception cref="ArgumentException">The token is empty.</exception>
    public static MySmppCredential FromToken(SecureString token)
    {
        if (token == null || token.Length == 0) throw new ArgumentException("The token must not be empty.", nameof(token));
        return new MySmppCredential(null, ReadOnlyCopy(token));
    }

    /// <summary>Creates a token credential from a plain string (tests, benchmarks, environment variables).</summary>
    /// <exception cref="ArgumentException">The token is empty.</exception>
    public static MySmppCredential FromToken(string token)
    {
        if (string.IsNullOrWhiteSpace(token)) throw new ArgumentException("The token must not be empty.", nameof(token));
        using (SecureString secure = ToSecureString(token))
        {
            return FromToken(secure);
        }
    }

    /// <summary>Describes the credential without its secret, e.g. <c>login 'acme' (password hidden)</c>.</summary>
    public override string ToString() => IsToken ? "token (hidden)" : "login '" + Login + "' (password hidden)";

    /// <summary>Wipes the secret.</summary>
    public void Dispose() => _secret.Dispose();

    /// <summary>
    /// Lends the secret's characters in a pinned buffer that is wiped when the lease is disposed.
    /// The only place a secret becomes characters.
    /// </summary>
    internal SecretLease LeaseSecret() => SecretLease.Open(_secret);

    /// <summary>
    /// Blanks the secret in <paramref name="text"/> (e.g. a server echoing the request into an error page),
    /// however the echo encoded or cut it: see <see cref="SecretRedactor"/>.
    /// </summary>
    internal string Redact(string? text) => Redactor.Redact(text);

    /// <summary>The redactor for this credential's secret; add other secrets (a proxy's) with <see cref="SecretRedactor.With"/>.</summary>
    internal SecretRedactor Redactor { get; }

    private static SecureString ReadOnlyCopy(SecureString source)
    {
        SecureString copy = source.Copy();
        copy.MakeReadOnly();
        return copy;
    }

    private static SecureString ToSecureString(string value)
    {
        var secure = new SecureString();
        foreach (char c in value) secure.AppendChar(c);
        return secure;
    }
}

