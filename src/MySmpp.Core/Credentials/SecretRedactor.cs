using System;
using System.Buffers;
using System.Collections.Generic;
using System.Security;
using System.Text;
using MySmpp.Errors;

namespace MySmpp.Credentials;

/// <summary>
/// Blanks secrets (a password, a token, a proxy's password: any set of them) from text a server sent or
/// a message quotes, without ever making a string of a secret.
/// </summary>
/// <remarks>
/// <para>
/// The rule: no run of <see cref="Window"/> or more consecutive characters of a secret survives, however
/// the echo encoded it. Instead of guessing the encoding and searching for encoded copies of the secret
/// (each one a new string of it), the text is decoded: the text itself, then up to
/// <see cref="MaxDecodePasses"/> rounds of decoding XML/HTML entities (<c>&amp;apos;</c>, <c>&amp;#39;</c>,
/// <c>&amp;amp;apos;</c> twice), JSON escapes (<c>\u0022</c>, <c>\/</c>) and percent-encoding (<c>%7E</c>,
/// <c>%7e</c>, UTF-8 sequences), with <c>+</c> also standing for a space (forms). Every decoded character
/// remembers which characters of the original text it came from. Each decoded text is compared with the
/// secret's characters, lent for the moment in a pinned buffer that is wiped afterwards; a run of at least
/// <see cref="Window"/> matching characters (the whole secret when it is shorter) marks the original
/// characters it came from, widened to the token around them, and those become <c>***</c>.
/// </para>
/// <para>
/// Because any run of that length is caught, a cut-off echo (<c>...</c>, <c>[truncated]</c>, <c>…</c>)
/// cannot leave a telling part either. The decode buffers are pooled arrays cleared when returned: the
/// only managed copies of a secret are those the server's own text already held.
/// </para>
/// </remarks>
internal sealed class SecretRedactor
{
    /// <summary>The longest run of a secret's characters allowed to survive is one less than this.</summary>
    public const int Window = 6;

    /// <summary>Secrets shorter than this are not searched for: they would blank ordinary words.</summary>
    public const int MinSecretLength = 3;

    /// <summary>Rounds of decoding after the text itself: enough for an HTML page quoting an XML echo.</summary>
    public const int MaxDecodePasses = 3;

    /// <summary>How far a match is widened to the token around it, each way.</summary>
    private const int MaxWiden = 64;

    private const string Mask = "***";

    private const string Withheld = "[text withheld: the session's credentials were closed]";

    private readonly SecureString[] _secrets;

    /// <summary>A redactor for <paramref name="secrets"/> (nulls and empty ones are ignored). The secrets are not copied: keep them alive.</summary>
    public SecretRedactor(params SecureString?[] secrets)
    {
        var kept = new List<SecureString>(secrets.Length);
        foreach (SecureString? secret in secrets)
        {
            if (secret != null && secret.Length > 0) kept.Add(secret);
        }

        _secrets = kept.ToArray();
    }

    /// <summary>How many times a secret was lent as characters (tests count these: nothing else may touch it).</summary>
    internal static long Leases;

    /// <summary>This redactor with more secrets (e.g. a proxy's password and its Basic token next to the gateway's).</summary>
    public SecretRedactor With(params SecureString?[] secrets)
    {
        var all = new SecureString?[_secrets.Length + secrets.Length];
        Array.Copy(_secrets, all, _secrets.Length);
        Array.Copy(secrets, 0, all, _secrets.Length, secrets.Length);
        return new SecretRedactor(all);
    }

    /// <summary><paramref name="text"/> with every secret blanked; null becomes empty.</summary>
    public string Redact(string? text)
    {
        if (string.IsNullOrEmpty(text) || _secrets.Length == 0) return text ?? string.Empty;
        bool[]? masked = null;
        foreach (SecureString secret in _secrets)
        {
            if (secret.Length < MinSecretLength) continue;
            System.Threading.Interlocked.Increment(ref Leases);
            SecretLease lease;
            try
            {
                lease = SecretLease.Open(secret);
            }
            catch (ObjectDisposedException)
            {
                // The session was closed meanwhile: without the secret nothing can be compared, so nothing is quoted.
                return Withheld;
            }

            using (lease)
            {
                Mark(text!, lease.Chars, ref masked);
            }
        }

        return masked == null ? text! : Apply(text!, masked);
    }

    // Compares the text and each decoding of it with the secret; marks the original characters of every match.
    private static void Mark(string text, ReadOnlySpan<char> secret, ref bool[]? masked)
    {
        int n = text.Length;
        char[] chars = ArrayPool<char>.Shared.Rent(n);
        int[] starts = ArrayPool<int>.Shared.Rent(n);
        int[] ends = ArrayPool<int>.Shared.Rent(n);
        char[] next = ArrayPool<char>.Shared.Rent(n);
        int[] nextStarts = ArrayPool<int>.Shared.Rent(n);
        int[] nextEnds = ArrayPool<int>.Shared.Rent(n);
        try
        {
            text.CopyTo(0, chars, 0, n);
            for (int i = 0; i < n; i++)
            {
                starts[i] = i;
                ends[i] = i + 1;
            }

            int length = n;
            for (int pass = 0; ; pass++)
            {
                MarkMatches(text, chars, starts, ends, length, secret, ref masked);
                if (pass == MaxDecodePasses) break;
                int decoded = Decoder.Decode(chars, starts, ends, length, next, nextStarts, nextEnds);
                if (decoded < 0) break; // nothing left to decode
                Swap(ref chars, ref next);
                Swap(ref starts, ref nextStarts);
                Swap(ref ends, ref nextEnds);
                length = decoded;
            }
        }
        finally
        {
            // The decoded texts may hold a secret the server echoed: wipe them before the pool reuses them.
            ArrayPool<char>.Shared.Return(chars, clearArray: true);
            ArrayPool<char>.Shared.Return(next, clearArray: true);
            ArrayPool<int>.Shared.Return(starts);
            ArrayPool<int>.Shared.Return(ends);
            ArrayPool<int>.Shared.Return(nextStarts);
            ArrayPool<int>.Shared.Return(nextEnds);
        }
    }

    private static void Swap<T>(ref T a, ref T b)
    {
        T t = a;
        a = b;
        b = t;
    }

    private static void MarkMatches(string text, char[] chars, int[] starts, int[] ends, int length, ReadOnlySpan<char> secret, ref bool[]? masked)
    {
        int m = secret.Length;
        int window = Math.Min(Window, m);
        for (int i = 0; i + window <= length; i++)
        {
            for (int j = 0; j + window <= m; j++)
            {
                if (!Same(chars[i], secret[j])) continue;
                int run = 1;
                while (run < window && Same(chars[i + run], secret[j + run])) run++;
                if (run < window) continue;

                // Widen over the whole run of the secret's characters, both ways.
                int before = 0;
                while (i - before > 0 && j - before > 0 && Same(chars[i - before - 1], secret[j - before - 1])) before++;
                while (i + run < length && j + run < m && Same(chars[i + run], secret[j + run])) run++;
                masked ??= new bool[text.Length];
                MarkToken(text, starts[i - before], ends[i + run - 1], masked);
            }
        }
    }

    // A '+' in the text stands for a space of the secret (form encoding).
    private static bool Same(char inText, char inSecret) => inText == inSecret || (inSecret == ' ' && inText == '+');

    // The original characters [start, end), widened to the token they sit in.
    private static void MarkToken(string text, int start, int end, bool[] masked)
    {
        int left = start;
        while (left > 0 && start - left < MaxWiden && !IsDelimiter(text[left - 1])) left--;
        int right = end;
        while (right < text.Length && right - end < MaxWiden && !IsDelimiter(text[right])) right++;
        for (int k = left; k < right; k++) masked[k] = true;
    }

    private static bool IsDelimiter(char c) =>
        MessageText.IsBlank(c) || c == '"' || c == '\'' || c == '<' || c == '>' || c == ',' || c == ';' || c == '='
        || c == '&' || c == '{' || c == '}' || c == '[' || c == ']' || c == '(' || c == ')' || c == '…';

    private static string Apply(string text, bool[] masked)
    {
        var result = new StringBuilder(text.Length);
        for (int i = 0; i < text.Length; i++)
        {
            if (!masked[i])
            {
                result.Append(text[i]);
                continue;
            }

            result.Append(Mask);
            while (i + 1 < text.Length && masked[i + 1]) i++;
        }

        return result.ToString();
    }

    /// <summary>One round of decoding, keeping for each decoded character the span of original characters it stands for.</summary>
    private static class Decoder
    {
        /// <summary>Decodes <paramref name="length"/> characters into the <c>to*</c> arrays; -1 when nothing was decoded.</summary>
        public static int Decode(char[] from, int[] fromStarts, int[] fromEnds, int length, char[] to, int[] toStarts, int[] toEnds)
        {
            int o = 0;
            bool changed = false;
            for (int i = 0; i < length;)
            {
                int consumed;
                int c;
                char ch = from[i];
                if ((ch == '&' && TryEntity(from, i, length, out c, out consumed))
                    || (ch == '\\' && TryJsonEscape(from, i, length, out c, out consumed))
                    || (ch == '%' && TryPercent(from, i, length, out c, out consumed)))
                {
                    changed = true;
                    int start = fromStarts[i];
                    int end = fromEnds[i + consumed - 1];
                    if (c > 0xFFFF)
                    {
                        int plane = c - 0x10000;
                        Put(to, toStarts, toEnds, ref o, (char)(0xD800 + (plane >> 10)), start, end);
                        Put(to, toStarts, toEnds, ref o, (char)(0xDC00 + (plane & 0x3FF)), start, end);
                    }
                    else
                    {
                        Put(to, toStarts, toEnds, ref o, (char)c, start, end);
                    }

                    i += consumed;
                    continue;
                }

                Put(to, toStarts, toEnds, ref o, ch, fromStarts[i], fromEnds[i]);
                i++;
            }

            return changed ? o : -1;
        }

        private static void Put(char[] to, int[] starts, int[] ends, ref int o, char c, int start, int end)
        {
            to[o] = c;
            starts[o] = start;
            ends[o] = end;
            o++;
        }

        // &amp; &lt; &gt; &quot; &apos; &#39; &#x27;
        private static bool TryEntity(char[] s, int i, int length, out int c, out int consumed)
        {
            c = 0;
            consumed = 0;
            int semi = -1;
            for (int k = i + 1; k < length && k <= i + 10; k++)
            {
                if (s[k] == ';')
                {
                    semi = k;
                    break;
                }
            }

            if (semi < 0) return false;
            var name = new ReadOnlySpan<char>(s, i + 1, semi - i - 1);
            consumed = semi - i + 1;
            int named = NamedEntity(name);
            if (named >= 0)
            {
                c = named;
                return true;
            }

            if (name.Length < 2 || name[0] != '#') return false;
            bool hex = name[1] == 'x' || name[1] == 'X';
            int value = 0;
            var digits = name.Slice(hex ? 2 : 1);
            if (digits.Length == 0 || digits.Length > 7) return false;
            foreach (char d in digits)
            {
                int v = HexValue(d);
                if (v < 0 || (!hex && v > 9)) return false;
                value = (value * (hex ? 16 : 10)) + v;
            }

            if (value <= 0 || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF)) return false;
            c = value;
            return true;
        }

        // The character a named entity stands for; -1 for any other name.
        private static int NamedEntity(ReadOnlySpan<char> name) =>
            name.SequenceEqual("amp".AsSpan()) ? '&'
            : name.SequenceEqual("lt".AsSpan()) ? '<'
            : name.SequenceEqual("gt".AsSpan()) ? '>'
            : name.SequenceEqual("quot".AsSpan()) ? '"'
            : name.SequenceEqual("apos".AsSpan()) ? '\''
            : -1;

        // \uXXXX \/ \\ \" \' \n \r \t \b \f
        private static bool TryJsonEscape(char[] s, int i, int length, out int c, out int consumed)
        {
            c = 0;
            consumed = 2;
            if (i + 1 >= length) return false;
            switch (s[i + 1])
            {
                case '/': c = '/'; return true;
                case '\\': c = '\\'; return true;
                case '"': c = '"'; return true;
                case '\'': c = '\''; return true;
                case 'n': c = '\n'; return true;
                case 'r': c = '\r'; return true;
                case 't': c = '\t'; return true;
                case 'b': c = '\b'; return true;
                case 'f': c = '\f'; return true;
                case 'u':
                    if (i + 5 >= length) return false;
                    int value = 0;
                    for (int k = i + 2; k < i + 6; k++)
                    {
                        int v = HexValue(s[k]);
                        if (v < 0) return false;
                        value = (value * 16) + v;
                    }

                    c = value;
                    consumed = 6;
                    return true;
                default:
                    return false;
            }
        }

        // %XX, and a UTF-8 sequence of them (%D0%9F) as one character.
        private static bool TryPercent(char[] s, int i, int length, out int c, out int consumed)
        {
            c = 0;
            consumed = 0;
            int first = PercentByte(s, i, length);
            if (first < 0) return false;
            int count = first < 0x80 ? 1 : first >= 0xF0 ? 4 : first >= 0xE0 ? 3 : first >= 0xC0 ? 2 : 1;
            if (count == 1)
            {
                c = first;
                consumed = 3;
                return true;
            }

            int value = first & (count == 2 ? 0x1F : count == 3 ? 0x0F : 0x07);
            for (int k = 1; k < count; k++)
            {
                int b = PercentByte(s, i + (3 * k), length);
                if (b < 0 || (b & 0xC0) != 0x80)
                {
                    // Not a whole UTF-8 sequence: the single byte as a Latin-1 character.
                    c = first;
                    consumed = 3;
                    return true;
                }

                value = (value << 6) | (b & 0x3F);
            }

            if (value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF))
            {
                c = first;
                consumed = 3;
                return true;
            }

            c = value;
            consumed = 3 * count;
            return true;
        }

        private static int PercentByte(char[] s, int i, int length)
        {
            if (i + 2 >= length || s[i] != '%') return -1;
            int hi = HexValue(s[i + 1]);
            int lo = HexValue(s[i + 2]);
            return hi < 0 || lo < 0 ? -1 : (hi * 16) + lo;
        }

        private static int HexValue(char d) =>
            d >= '0' && d <= '9' ? d - '0' : d >= 'a' && d <= 'f' ? d - 'a' + 10 : d >= 'A' && d <= 'F' ? d - 'A' + 10 : -1;
    }
}
