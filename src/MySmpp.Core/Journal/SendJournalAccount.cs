using System;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using MySmpp.Credentials;

namespace MySmpp.Journal;

/// <summary>
/// The account a journal entry belongs to: the gateway's host and who the session authenticates as, without any secret.
/// A login is kept as it is (it is not secret); a token is kept only as a fingerprint that cannot be turned back into
/// the token (see <see cref="Create"/>). Entries of other accounts in the same file are never read for this one.
/// </summary>
public sealed class SendJournalAccount : IEquatable<SendJournalAccount>
{
    /// <summary>PBKDF2 rounds for a token's fingerprint: OWASP's 2023 figure for PBKDF2-HMAC-SHA256.</summary>
    internal const int TokenIterations = 600000;

    private SendJournalAccount(string gateway, string principal, string display)
    {
        Gateway = gateway;
        Principal = principal;
        Display = display;
    }

    /// <summary>The gateway: its host, and its port when not the scheme's default (e.g. <c>lk.mysmpp.ru</c>, <c>127.0.0.1:5080</c>).</summary>
    public string Gateway { get; }

    /// <summary>Who: <c>login:acme</c>, or <c>token:</c> and 32 hex digits of the token's fingerprint.</summary>
    public string Principal { get; }

    /// <summary>For people: <c>login 'acme' at lk.mysmpp.ru</c> or <c>token 9f3a0c12… at lk.mysmpp.ru</c>.</summary>
    public string Display { get; }

    /// <summary>
    /// The account of <paramref name="credential"/> at <paramref name="gateway"/>. For a token the principal is
    /// PBKDF2-HMAC-SHA256 of the token's UTF-8 bytes with the journal's own random salt (<paramref name="salt"/>, made
    /// when the file was created) and 600,000 rounds, of which 16 bytes are kept. A hash cannot be inverted; what is left
    /// is guessing tokens, and each guess costs 600,000 HMAC rounds for this one file (the salt differs per file, so no
    /// table made once serves every journal). The token's characters exist only in a pinned buffer, wiped at once.
    /// </summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The salt has fewer than 16 bytes.</exception>
    public static SendJournalAccount Create(MySmppCredential credential, Uri gateway, byte[] salt)
    {
        if (credential == null) throw new ArgumentNullException(nameof(credential));
        if (gateway == null) throw new ArgumentNullException(nameof(gateway));
        if (salt == null) throw new ArgumentNullException(nameof(salt));
        if (salt.Length < 16) throw new ArgumentException("The salt must have at least 16 bytes.", nameof(salt));
        string host = GatewayOf(gateway);
        if (!credential.IsToken)
        {
            return new SendJournalAccount(host, "login:" + credential.Login, "login '" + credential.Login + "' at " + host);
        }

        string fingerprint = TokenFingerprint(credential, salt);
        return new SendJournalAccount(host, "token:" + fingerprint, "token " + fingerprint.Substring(0, 8) + "\u2026 at " + host);
    }

    /// <summary>An account read back from storage (its principal already without secret).</summary>
    /// <exception cref="ArgumentException">The gateway or principal is empty.</exception>
    public static SendJournalAccount FromStored(string gateway, string principal)
    {
        if (string.IsNullOrEmpty(gateway)) throw new ArgumentException("The gateway must not be empty.", nameof(gateway));
        if (string.IsNullOrEmpty(principal)) throw new ArgumentException("The principal must not be empty.", nameof(principal));
        string who = principal.StartsWith("login:", StringComparison.Ordinal)
            ? "login '" + principal.Substring(6) + "'"
            : "token " + principal.Substring(Math.Min(principal.Length, 6), Math.Min(8, Math.Max(0, principal.Length - 6))) + "\u2026";
        return new SendJournalAccount(gateway, principal, who + " at " + gateway);
    }

    /// <summary>The host, and the port when not the scheme's default, lower case.</summary>
    internal static string GatewayOf(Uri gateway) =>
        gateway.IsDefaultPort
            ? gateway.Host.ToLowerInvariant()
            : gateway.Host.ToLowerInvariant() + ":" + gateway.Port.ToString(CultureInfo.InvariantCulture);

    /// <inheritdoc />
    public bool Equals(SendJournalAccount? other) =>
        other != null && string.Equals(Gateway, other.Gateway, StringComparison.Ordinal) && string.Equals(Principal, other.Principal, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as SendJournalAccount);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Gateway) ^ StringComparer.Ordinal.GetHashCode(Principal);

    /// <inheritdoc />
    public override string ToString() => Display;

    private static string TokenFingerprint(MySmppCredential credential, byte[] salt)
    {
        using (SecretLease lease = credential.LeaseSecret())
        {
            byte[] bytes = new byte[Encoding.UTF8.GetMaxByteCount(lease.Length)];
            GCHandle pin = GCHandle.Alloc(bytes, GCHandleType.Pinned);
            try
            {
                int count = Encoding.UTF8.GetBytes(lease.Buffer, 0, lease.Length, bytes, 0);
                byte[] key = new byte[count];
                GCHandle keyPin = GCHandle.Alloc(key, GCHandleType.Pinned);
                try
                {
                    Buffer.BlockCopy(bytes, 0, key, 0, count);
                    byte[] derived = Pbkdf2Sha256(key, salt, TokenIterations);
                    return Hex(derived, 16);
                }
                finally
                {
                    Array.Clear(key, 0, key.Length);
                    keyPin.Free();
                }
            }
            finally
            {
                Array.Clear(bytes, 0, bytes.Length);
                pin.Free();
            }
        }
    }

    /// <summary>
    /// PBKDF2 (RFC 8018) with HMAC-SHA256, one 32-byte block: netstandard2.0 has no SHA-256 <see cref="Rfc2898DeriveBytes"/>.
    /// </summary>
    internal static byte[] Pbkdf2Sha256(byte[] password, byte[] salt, int iterations)
    {
        using (var hmac = new HMACSHA256(password))
        {
            byte[] first = new byte[salt.Length + 4];
            Buffer.BlockCopy(salt, 0, first, 0, salt.Length);
            first[first.Length - 1] = 1; // block index 1, big-endian
            byte[] u = hmac.ComputeHash(first);
            byte[] result = (byte[])u.Clone();
            for (int i = 1; i < iterations; i++)
            {
                u = hmac.ComputeHash(u);
                for (int j = 0; j < result.Length; j++) result[j] ^= u[j];
            }

            return result;
        }
    }

    internal static string Hex(byte[] bytes, int count)
    {
        var text = new StringBuilder(count * 2);
        for (int i = 0; i < count; i++) text.Append(bytes[i].ToString("x2", CultureInfo.InvariantCulture));
        return text.ToString();
    }
}
