using System;
using System.Runtime.InteropServices;

namespace MySmpp.Protocol;

/// <summary>
/// The documents' time format, <c>yyyy-MM-dd HH:mm:ss</c> in the server's wall-clock time.
/// Parsed by hand from bytes or chars: it is on the hot path and must not allocate.
/// </summary>
internal static class WireTime
{
    public const int Length = 19;

    /// <summary>
    /// Parses the 19 bytes of a wire time. The date of the previous time parsed with the same
    /// <paramref name="lastDate"/> is reused when the <c>yyyy-MM-dd</c> bytes are the same: the states of one
    /// answer mostly changed on the same day, and turning a date into ticks is most of a parse's cost.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> utf8, ref LastDate lastDate, out DateTime value)
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

        if (!TryDigits(utf8, 11, 2, out int hour) || !TryDigits(utf8, 14, 2, out int minute) || !TryDigits(utf8, 17, 2, out int second)
            || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        long timeOfDay = (hour * TimeSpan.TicksPerHour) + (minute * TimeSpan.TicksPerMinute) + (second * TimeSpan.TicksPerSecond);
        if (lastDate.Matches(utf8))
        {
            value = new DateTime(lastDate.Ticks + timeOfDay, DateTimeKind.Unspecified);
            return true;
        }

        if (!TryDigits(utf8, 0, 4, out int year) || !TryDigits(utf8, 5, 2, out int month) || !TryDigits(utf8, 8, 2, out int day)
            || year < 1 || month < 1 || month > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return false;
        }

        long dateTicks = new DateTime(year, month, day, 0, 0, 0, DateTimeKind.Unspecified).Ticks;
        lastDate.Remember(utf8, dateTicks);
        value = new DateTime(dateTicks + timeOfDay, DateTimeKind.Unspecified);
        return true;
    }

    /// <summary>As <see cref="TryParse(ReadOnlySpan{byte}, ref LastDate, out DateTime)"/>, for characters.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, ref LastDate lastDate, out DateTime value)
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

        return TryParse(ascii, ref lastDate, out value);
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

    /// <summary>The <c>yyyy-MM-dd</c> bytes of the last date parsed and its ticks; <c>default</c> matches nothing.</summary>
    internal struct LastDate
    {
        private ulong _head;
        private ushort _tail;
        private long _ticks;

        public readonly long Ticks => _ticks;

        // Called on a time whose separators were checked, so its first 8 bytes hold a '-' and are never the
        // all-zero head of a date never remembered.
        public readonly bool Matches(ReadOnlySpan<byte> utf8) =>
            MemoryMarshal.Read<ulong>(utf8) == _head && MemoryMarshal.Read<ushort>(utf8.Slice(8)) == _tail;

        public void Remember(ReadOnlySpan<byte> utf8, long ticks)
        {
            _head = MemoryMarshal.Read<ulong>(utf8);
            _tail = MemoryMarshal.Read<ushort>(utf8.Slice(8));
            _ticks = ticks;
        }
    }
}
