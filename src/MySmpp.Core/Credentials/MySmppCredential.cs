using System;
using System.Collections.Generic;
using System.Security;

namespace MySmpp
{
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
        /// Blanks the secret in <paramref name="text"/> (e.g. a server echoing the request into an error page):
        /// every occurrence as written, JSON-escaped, XML-escaped or URL-encoded, and a cut-off start of it where the text was
        /// shortened (at the end of the text, or before an ellipsis), so no part of it survives an excerpt.
        /// </summary>
        internal string Redact(string? text)
        {
            if (string.IsNullOrEmpty(text)) return text ?? string.Empty;
            using (SecretLease lease = LeaseSecret())
            {
                // One-off strings of the secret on the error path only; they are compared, never stored.
                string secret = new string(lease.Buffer, 0, lease.Length);
                if (secret.Length < 3) return text!;
                string result = text!;
                foreach (string form in Forms(secret))
                {
                    if (result.IndexOf(form, StringComparison.Ordinal) >= 0) result = result.Replace(form, Mask);
                }

                return RedactCutStart(result, secret);
            }
        }

        private const string Mask = "***";

        // The forms a request body carries the secret in, and that an echo may quote (JSON, XML, a URL).
        private static IEnumerable<string> Forms(string secret)
        {
            var forms = new HashSet<string>(StringComparer.Ordinal) { secret };
            forms.Add(System.Text.Json.JsonEncodedText.Encode(secret).ToString());
            forms.Add(System.Security.SecurityElement.Escape(secret) ?? secret);
            string url = Uri.EscapeDataString(secret);
            forms.Add(url);
            forms.Add(LowerHex(url));
            return forms;
        }

        private static string LowerHex(string escaped)
        {
            char[] chars = escaped.ToCharArray();
            for (int i = 0; i + 2 < chars.Length; i++)
            {
                if (chars[i] != '%') continue;
                chars[i + 1] = char.ToLowerInvariant(chars[i + 1]);
                chars[i + 2] = char.ToLowerInvariant(chars[i + 2]);
            }

            return new string(chars);
        }

        // A text shortened in the middle of the secret ends with (or has before its '…') a start of it.
        private static string RedactCutStart(string text, string secret)
        {
            const int shortest = 4;
            if (secret.Length <= shortest) return text;
            int searchFrom = 0;
            while (true)
            {
                int ellipsis = text.IndexOf('…', searchFrom);
                int end = ellipsis < 0 ? text.Length : ellipsis;
                int longest = Math.Min(secret.Length - 1, end);
                for (int length = longest; length >= shortest; length--)
                {
                    if (string.CompareOrdinal(text, end - length, secret, 0, length) == 0)
                    {
                        text = text.Substring(0, end - length) + Mask + text.Substring(end);
                        end = end - length + Mask.Length;
                        break;
                    }
                }

                if (ellipsis < 0) return text;
                searchFrom = end + 1;
                if (searchFrom >= text.Length) return text;
            }
        }

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

}
