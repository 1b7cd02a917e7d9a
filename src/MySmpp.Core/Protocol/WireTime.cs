using System;

namespace MySmpp.Protocol;

/// <summary>
/// The documents' time format, <c>yyyy-MM-dd HH:mm:ss</c> in the server's wall-clock time.
/// Parsed by hand from bytes or chars: it is on the hot path and must not allocate.
/// </summary>
internal static class WireTime
{
    public const int Length = 19;

    public static bool TryParse(ReadOnlySpan<byte> utf8, out DateTime value)
    {
        // The same rules as for characters, straight from the bytes (no copy): ASCII digits and
        // separators are single bytes, and any other byte fails the digit or separator test.
        value = default;
        if (utf8.Length != Length
            || utf8[4] != '-' || utf8[7] != '-' || (utf8[10] != ' ' && utf8[10] != 'T')
            || utf8[13] != ':' || utf8[16] != ':')
        {
            return false;
        }

        if (!TryDigits(utf8, 0, 4, out int year) || !TryDigits(utf8, 5, 2, out int month) || !TryDigits(utf8, 8, 2, out int day)
            || !TryDigits(utf8, 11, 2, out int hour) || !TryDigits(utf8, 14, 2, out int minute) || !TryDigits(utf8, 17, 2, out int second))
        {
            return false;
        }

        return TryCreate(year, month, day, hour, minute, second, out value);
    }

    public static bool TryParse(ReadOnlySpan<char> text, out DateTime value)
    {
        // One set of rules: narrow the 19 characters to ASCII bytes (anything wider cannot be a
        // digit or separator) and parse those.
        value = default;
        if (text.Length != Length) return false;
        Span<byte> ascii = stackalloc byte[Length];
        for (int i = 0; i < Length; i++)
        {
            if (text[i] > 127) return false;
            ascii[i] = (byte)text[i];
        }

        return TryParse(ascii, out value);
    }

    private static bool TryCreate(int year, int month, int day, int hour, int minute, int second, out DateTime value)
    {
        value = default;
        if (year < 1 || month < 1 || month > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)
            || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        value = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Unspecified);
        return true;
    }

    private static bool TryDigits(ReadOnlySpan<byte> text, int start, int count, out int value)
    {
        value = 0;
        for (int i = start; i < start + count; i++)
        {
            int digit = text[i] - '0';
            if (digit < 0 || digit > 9) return false;
            value = (value * 10) + digit;
        }

        return true;
    }
}
