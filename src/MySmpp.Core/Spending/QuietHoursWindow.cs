using System;
using System.Globalization;
using MySmpp.Errors;

namespace MySmpp.Spending;

/// <summary>
/// A daily window of local time in which no message may arrive, written <c>HH:mm-HH:mm</c>: <c>21:00-09:00</c> crosses
/// midnight (quiet from 21:00 to 09:00 the next morning), <c>13:00-14:00</c> does not. The start is inside the window,
/// the end is not: with <c>21:00-09:00</c>, 20:59 and 09:00 are allowed, 21:00 and 08:59 are not. Immutable.
/// </summary>
public readonly struct QuietHoursWindow : IEquatable<QuietHoursWindow>
{
    // "9:00" and "09:00" both read.
    private static readonly string[] TimeFormats = { @"h\:mm", @"hh\:mm" };

    private QuietHoursWindow(TimeSpan start, TimeSpan end)
    {
        Start = start;
        End = end;
    }

    /// <summary>The first quiet minute of the day.</summary>
    public TimeSpan Start { get; }

    /// <summary>The first allowed minute after the window.</summary>
    public TimeSpan End { get; }

    /// <summary>True when the window runs over midnight (its end is earlier in the day than its start).</summary>
    public bool CrossesMidnight => End < Start;

    /// <summary>Creates a window from its start and end times of day (whole minutes, 00:00 to 23:59, not equal).</summary>
    /// <exception cref="ArgumentException">A time is not a whole minute of one day, or the two are equal.</exception>
    public static QuietHoursWindow Create(TimeSpan start, TimeSpan end)
    {
        Check(start, nameof(start));
        Check(end, nameof(end));
        if (start == end) throw new ArgumentException("A quiet-hours window needs different start and end times (equal times would mean never or always).", nameof(end));
        return new QuietHoursWindow(start, end);
    }

    /// <summary>Reads <c>HH:mm-HH:mm</c> (spaces around the dash allowed; an en dash too).</summary>
    /// <exception cref="FormatException">The text is not two times of day separated by a dash, or the two are equal.</exception>
    public static QuietHoursWindow Parse(string text)
    {
        if (!TryParse(text, out QuietHoursWindow window, out string problem)) throw new FormatException(problem);
        return window;
    }

    /// <summary>Reads <c>HH:mm-HH:mm</c>; false with the reason in <paramref name="problem"/>.</summary>
    public static bool TryParse(string? text, out QuietHoursWindow window, out string problem)
    {
        window = default;
        string trimmed = (text ?? string.Empty).Trim().Replace('–', '-');
        string[] halves = trimmed.Split('-');
        if (halves.Length != 2
            || !TimeSpan.TryParseExact(halves[0].Trim(), TimeFormats, CultureInfo.InvariantCulture, out TimeSpan start)
            || !TimeSpan.TryParseExact(halves[1].Trim(), TimeFormats, CultureInfo.InvariantCulture, out TimeSpan end)
            || start >= TimeSpan.FromDays(1) || end >= TimeSpan.FromDays(1))
        {
            problem = "'" + MessageText.Shorten(text, 40) + "' is not a quiet-hours window: write it as HH:mm-HH:mm, e.g. 21:00-09:00.";
            return false;
        }

        if (start == end)
        {
            problem = "'" + MessageText.Shorten(text, 40) + "' starts and ends at the same time: a quiet-hours window needs different start and end times.";
            return false;
        }

        window = new QuietHoursWindow(start, end);
        problem = string.Empty;
        return true;
    }

    /// <summary>True when <paramref name="timeOfDay"/> (local time, from midnight) falls inside the window.</summary>
    public bool Contains(TimeSpan timeOfDay) =>
        CrossesMidnight ? timeOfDay >= Start || timeOfDay < End : timeOfDay >= Start && timeOfDay < End;

    /// <inheritdoc />
    public bool Equals(QuietHoursWindow other) => Start == other.Start && End == other.End;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is QuietHoursWindow other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => (Start.GetHashCode() * 397) ^ End.GetHashCode();

    /// <summary>True when both windows have the same start and end.</summary>
    public static bool operator ==(QuietHoursWindow left, QuietHoursWindow right) => left.Equals(right);

    /// <summary>True when the windows differ in start or end.</summary>
    public static bool operator !=(QuietHoursWindow left, QuietHoursWindow right) => !left.Equals(right);

    /// <summary>For example <c>21:00-09:00</c>.</summary>
    public override string ToString() => Start.ToString(@"hh\:mm", CultureInfo.InvariantCulture) + "-" + End.ToString(@"hh\:mm", CultureInfo.InvariantCulture);

    private static void Check(TimeSpan time, string name)
    {
        if (time < TimeSpan.Zero || time >= TimeSpan.FromDays(1) || time.Ticks % TimeSpan.TicksPerMinute != 0)
        {
            throw new ArgumentException("A quiet-hours time is a whole minute between 00:00 and 23:59.", name);
        }
    }
}
