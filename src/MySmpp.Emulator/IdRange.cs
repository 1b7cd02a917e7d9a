using System;
using System.Globalization;

namespace MySmpp.Emulator;

/// <summary>An inclusive range of message ids.</summary>
/// <remarks>A class rather than a struct so that swapping the range on a running server is a single atomic reference write.</remarks>
public sealed class IdRange
{
    /// <summary>Creates the range <paramref name="from"/>..<paramref name="to"/>, both inclusive.</summary>
    public IdRange(long from, long to)
    {
        if (to < from)
        {
            throw new ArgumentOutOfRangeException(nameof(to), to, "The end of the range must not precede its start.");
        }

        From = from;
        To = to;
    }

    /// <summary>The first id of the range.</summary>
    public long From { get; }

    /// <summary>The last id of the range.</summary>
    public long To { get; }

    /// <summary>Whether <paramref name="id"/> lies in the range.</summary>
    public bool Contains(long id) => id >= From && id <= To;

    /// <summary>Parses <c>from..to</c> (or <c>from-to</c>).</summary>
    /// <exception cref="FormatException">The text is not two non-negative integers separated by <c>..</c> or <c>-</c>.</exception>
    public static IdRange Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string separator = text.Contains("..", StringComparison.Ordinal) ? ".." : "-";
        int at = text.IndexOf(separator, StringComparison.Ordinal);
        if (at > 0
            && long.TryParse(text.AsSpan(0, at).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out long from)
            && long.TryParse(text.AsSpan(at + separator.Length).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out long to)
            && from <= to)
        {
            return new IdRange(from, to);
        }

        throw new FormatException($"'{text}' is not an id range like 1000000..1999999999.");
    }

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{From}..{To}");
}
