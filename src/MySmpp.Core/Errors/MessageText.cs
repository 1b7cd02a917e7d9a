using System;
using System.Text;
using MySmpp.Credentials;

namespace MySmpp.Errors;

/// <summary>
/// How messages quote text they did not write (server answers, user input): one line, no control
/// characters, cut to a length. Everything a server says reaches a console, a log or a CSV file through
/// here, so an ESC sequence, a newline or a megabyte of text cannot.
/// </summary>
internal static class MessageText
{
    /// <summary>The longest quote of foreign text in a message (the promise in docs/reliability.md).</summary>
    public const int MaxQuote = 200;

    /// <summary>
    /// <paramref name="text"/> as one safe line (see <see cref="SafeLine"/>) cut to <paramref name="max"/>
    /// characters with an ellipsis; null becomes empty.
    /// </summary>
    public static string Shorten(string? text, int max) => SafeLine(text, max);

    /// <summary>
    /// One line of at most <paramref name="max"/> characters (plus "…" when cut): C0 and C1 controls, DEL,
    /// line and paragraph separators and bidirectional overrides become spaces, runs of white space one
    /// space, and the ends are trimmed. Only as much of the text as is needed is looked at.
    /// </summary>
    public static string SafeLine(string? text, int max)
    {
        if (string.IsNullOrEmpty(text)) return string.Empty;
        var line = new StringBuilder(Math.Min(text!.Length, max) + 1);
        bool space = false;
        int i = 0;
        for (; i < text.Length; i++)
        {
            char c = text[i];
            if (IsBlank(c))
            {
                space = line.Length > 0;
                continue;
            }

            if (line.Length + (space ? 1 : 0) >= max)
            {
                break;
            }

            if (space) line.Append(' ');
            space = false;
            line.Append(c);
        }

        if (i < text.Length)
        {
            // Never end on half a surrogate pair.
            if (line.Length > 0 && char.IsHighSurrogate(line[line.Length - 1])) line.Length--;
            line.Append('…');
        }

        return line.ToString();
    }

    /// <summary>
    /// A server's text as messages quote it: one safe line, secrets blanked, at most <paramref name="max"/>
    /// characters. The order matters: control characters go first (they could hide a secret's characters
    /// from the comparison), then the redaction on a generous prefix (so a cut cannot leave part of a
    /// secret), then the final cut.
    /// </summary>
    public static string Quote(string? text, SecretRedactor? redactor, int max = MaxQuote)
    {
        string line = SafeLine(text, max * 8);
        if (redactor != null) line = redactor.Redact(line);
        return SafeLine(line, max);
    }

    /// <summary>White space and every character a terminal or a log could act on.</summary>
    internal static bool IsBlank(char c) =>
        char.IsWhiteSpace(c)
        || char.IsControl(c) // C0, DEL, C1 (ESC, BEL, CSI, OSC...)
        || (c >= '\u200B' && c <= '\u200F') // zero-width and directional marks
        || (c >= '\u202A' && c <= '\u202E') // bidirectional embeddings and overrides
        || (c >= '\u2066' && c <= '\u2069') // bidirectional isolates
        || c == '\uFEFF';
}
