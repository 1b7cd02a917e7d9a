using System;
using System.Globalization;

namespace MySmpp.Account;

/// <summary>
/// The account's wall clock, in which the gateway reads <c>time_send</c> and <c>validity_period</c> (and writes status
/// times): a time zone named by the session (<c>-ServerTimeZone</c>), or a fixed offset from UTC learnt from
/// <c>time.php</c>, or Moscow time, the platform's own, when neither is known.
/// </summary>
internal sealed class AccountTime
{
    /// <summary>Moscow's offset from UTC, +3 all year (no daylight saving since 2014): the platform's clock.</summary>
    public static readonly TimeSpan MoscowUtcOffset = TimeSpan.FromHours(3);

    /// <summary>Moscow time: what the platform runs on, and the account's clock when nothing else is known.</summary>
    public static readonly AccountTime Moscow = new AccountTime(null, MoscowUtcOffset, "Moscow time (UTC+03:00), the platform's own; the account's offset could not be read");

    private readonly TimeZoneInfo? _zone;
    private readonly TimeSpan _offset;

    private AccountTime(TimeZoneInfo? zone, TimeSpan offset, string source)
    {
        _zone = zone;
        _offset = offset;
        Source = source;
    }

    /// <summary>Where this clock comes from, for <c>-Verbose</c>.</summary>
    public string Source { get; }

    /// <summary>The clock of a named time zone.</summary>
    public static AccountTime FromZone(TimeZoneInfo zone)
    {
        if (zone == null) throw new ArgumentNullException(nameof(zone));
        return new AccountTime(zone, TimeSpan.Zero, "the session's time zone " + zone.Id);
    }

    /// <summary>A fixed offset from UTC (as <c>time.php</c> shows it).</summary>
    public static AccountTime FromOffset(TimeSpan offset) =>
        new AccountTime(null, offset, offset.Duration() <= TimeSpan.FromHours(14)
            ? "the account's own time (UTC" + FormatOffset(offset) + ", from time.php)"
            : "the gateway's own clock (time.php), " + offset.Duration().TotalDays.ToString("0.#", CultureInfo.InvariantCulture) + " days " + (offset < TimeSpan.Zero ? "behind" : "ahead of") + " UTC");

    /// <summary>
    /// The account's offset from UTC, from a <c>time.php</c> reading taken at <paramref name="utcNow"/>, rounded to a
    /// quarter hour (the reading is a moment late, and every zone's offset is a whole quarter hour). A dated reading is
    /// taken as it is, however far from UTC: the gateway reads <c>time_send</c> on that clock, so converting by it
    /// schedules at the intended instant of the gateway's own day (a clock that is wrong, or a simulated one). A time of
    /// day alone is taken within UTC-12 to UTC+14; null when it cannot be an offset.
    /// </summary>
    internal static TimeSpan? OffsetOf(AccountTimeReading reading, DateTimeOffset utcNow)
    {
        double minutes;
        if (reading.Dated)
        {
            minutes = (reading.Time - utcNow.UtcDateTime).TotalMinutes;
        }
        else
        {
            // A time of day only: the offset is the difference of the two times of day, taken within (-12 h, +14 h].
            minutes = (reading.Time.TimeOfDay - utcNow.UtcDateTime.TimeOfDay).TotalMinutes;
            if (minutes <= -12 * 60) minutes += 24 * 60;
            if (minutes > 14 * 60) minutes -= 24 * 60;
            if (minutes < -12 * 60 || minutes > 14 * 60) return null;
        }

        return TimeSpan.FromMinutes(Math.Round(minutes / 15, MidpointRounding.AwayFromZero) * 15);
    }

    /// <summary>
    /// <paramref name="value"/> in the account's wall-clock time: a local or UTC time is converted (the same instant); a
    /// time of unspecified kind (<c>[datetime]'2026-12-08 09:00'</c>) is taken as already in the account's time.
    /// </summary>
    public DateTime ToAccountTime(DateTime value)
    {
        if (value.Kind == DateTimeKind.Unspecified) return value;
        DateTime utc = value.Kind == DateTimeKind.Local ? value.ToUniversalTime() : value;
        if (_zone != null) return DateTime.SpecifyKind(TimeZoneInfo.ConvertTimeFromUtc(utc, _zone), DateTimeKind.Unspecified);
        return DateTime.SpecifyKind(utc + _offset, DateTimeKind.Unspecified);
    }

    /// <summary>
    /// The instant <paramref name="value"/> names, in UTC: a local or UTC time as it is; a time of unspecified kind is
    /// read as the account's wall-clock time (the reverse of <see cref="ToAccountTime"/>). Clamped to the range of
    /// <see cref="DateTime"/> at its ends.
    /// </summary>
    internal DateTime ToUtc(DateTime value)
    {
        if (value.Kind == DateTimeKind.Utc) return value;
        if (value.Kind == DateTimeKind.Local) return value.ToUniversalTime();
        TimeSpan offset = _zone != null ? _zone.GetUtcOffset(value) : _offset;
        long ticks = value.Ticks - offset.Ticks;
        return new DateTime(Math.Min(Math.Max(ticks, DateTime.MinValue.Ticks), DateTime.MaxValue.Ticks), DateTimeKind.Utc);
    }

    /// <summary>The account's wall-clock time at <paramref name="utcNow"/>.</summary>
    public DateTime At(DateTimeOffset utcNow) => ToAccountTime(utcNow.UtcDateTime);

    /// <inheritdoc />
    public override string ToString() => Source;

    private static string FormatOffset(TimeSpan offset) =>
        (offset < TimeSpan.Zero ? "-" : "+") + offset.Duration().ToString(@"hh\:mm", CultureInfo.InvariantCulture);
}
