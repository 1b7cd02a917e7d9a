using System;
using System.Text;

namespace MySmpp.Client
{
    /// <summary>
    /// A short, single-line, secret-free quote of an unexpected response body, for error messages.
    /// </summary>
    internal static class ResponseExcerpt
    {
        private const int MaxChars = 200;

        public static string? From(ReadOnlySpan<byte> head, MySmppCredential credential)
        {
            if (head.IsEmpty) return null;
            // Blank secrets before shortening, so a secret cut at the edge cannot leak in part.
            string text = credential.Redact(new UTF8Encoding(false, false).GetString(head.ToArray()));
            var line = new StringBuilder(Math.Min(text.Length, MaxChars + 1));
            bool space = false;
            foreach (char c in text)
            {
                if (line.Length >= MaxChars) break;
                if (char.IsWhiteSpace(c) || char.IsControl(c))
                {
                    space = line.Length > 0;
                    continue;
                }

                if (space) line.Append(' ');
                space = false;
                line.Append(c);
            }

            if (text.Length > line.Length) line.Append('…');
            return line.ToString();
        }
    }
}
