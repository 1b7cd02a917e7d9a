using System;
using MySmpp.Account;
using MySmpp.PhoneInfo;

namespace MySmpp.Spending;

/// <summary>
/// Plans when a message may go out so that it does not arrive during a recipient's quiet hours. Given the recipient's
/// UTC offset (<see cref="SmsPhoneInfo.UtcOffset"/>; unknown means Moscow time, the platform's own), the account's UTC
/// offset (the zone <c>time_send</c> is written in: Moscow shifted by the account's hours, see
/// <see cref="AccountUtcOffset"/>) and the time now, it answers null when the recipient's local time is outside the
/// window (send now), else the first allowed minute (the window's end in the recipient's time) expressed in the
/// account's local time, ready for <c>time_send</c>. Offsets are whole minutes; so is every planned time, and it never
/// falls inside the window. Thread-safe (immutable).
/// </summary>
public sealed class QuietHoursPlanner
{
    /// <summary>Moscow time's offset from UTC (no daylight saving since 2014): the platform's zone and the default for an unknown one.</summary>
    public static readonly TimeSpan MoscowUtcOffset = AccountTime.MoscowUtcOffset;

    private static readonly TimeSpan MaxOffset = TimeSpan.FromHours(14);

    /// <summary>Creates a planner.</summary>
    /// <param name="window">The quiet hours, in each recipient's local time.</param>
    /// <param name="accountUtcOffset">The account's offset from UTC (Moscow's, +03:00, unless the account has its own).</param>
    /// <exception cref="ArgumentOutOfRangeException">The offset is not whole minutes within ±14 hours.</exception>
    public QuietHoursPlanner(QuietHoursWindow window, TimeSpan accountUtcOffset)
    {
        if (window.Start == window.End) throw new ArgumentException("The window is empty (use QuietHoursWindow.Parse or Create).", nameof(window));
        CheckOffset(accountUtcOffset, nameof(accountUtcOffset));
        Window = window;
        AccountUtcOffset = accountUtcOffset;
    }

    /// <summary>The quiet hours.</summary>
    public QuietHoursWindow Window { get; }

    /// <summary>The account's offset from UTC: the zone of <c>time_send</c>.</summary>
    public TimeSpan AccountUtcOffset { get; }

    /// <summary>
    /// The account's UTC offset from what <c>time.php</c> says the account's time is (<paramref name="accountNow"/>) and
    /// the real time then (<paramref name="utcNow"/>), rounded to the nearest quarter of an hour.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The two are more than 14 hours apart.</exception>
    public static TimeSpan AccountOffsetFrom(DateTime accountNow, DateTimeOffset utcNow)
    {
        TimeSpan difference = accountNow - utcNow.UtcDateTime;
        long quarters = (long)Math.Round(difference.TotalMinutes / 15.0, MidpointRounding.AwayFromZero);
        TimeSpan offset = TimeSpan.FromMinutes(quarters * 15);
        if (offset.Duration() > MaxOffset) throw new ArgumentOutOfRangeException(nameof(accountNow), accountNow, "The account's time is more than 14 hours from UTC.");
        return offset;
    }

    /// <summary>The recipient's offset from UTC for a time-zone value of Get-SmsPhoneInfo: Moscow's when unknown.</summary>
    public static TimeSpan RecipientOffset(TimeSpan? utcOffset) => utcOffset ?? MoscowUtcOffset;

    /// <summary>
    /// When to send to a recipient: null to send now (their local time is outside the window), else the first minute
    /// after the window in their time, as the account's local time (for <c>time_send</c>, Kind Unspecified).
    /// </summary>
    /// <param name="recipientUtcOffset">The recipient's offset from UTC; null when unknown (Moscow time is assumed).</param>
    /// <param name="now">The time now.</param>
    /// <exception cref="ArgumentOutOfRangeException">The offset is not whole minutes within ±14 hours.</exception>
    public DateTime? Plan(TimeSpan? recipientUtcOffset, DateTimeOffset now)
    {
        TimeSpan offset = RecipientOffset(recipientUtcOffset);
        CheckOffset(offset, nameof(recipientUtcOffset));
        DateTime local = now.UtcDateTime + offset;
        TimeSpan timeOfDay = local.TimeOfDay;
        if (!Window.Contains(timeOfDay)) return null;

        // Inside the window: it ends later today (early morning, or a window within the day), else tomorrow.
        DateTime endToday = local.Date + Window.End;
        DateTime allowed = endToday > local ? endToday : endToday.AddDays(1);
        DateTime utc = allowed - offset;
        return DateTime.SpecifyKind(utc + AccountUtcOffset, DateTimeKind.Unspecified);
    }

    private static void CheckOffset(TimeSpan offset, string name)
    {
        if (offset.Duration() > MaxOffset || offset.Ticks % TimeSpan.TicksPerMinute != 0)
        {
            throw new ArgumentOutOfRangeException(name, offset, "A UTC offset is whole minutes within ±14 hours.");
        }
    }
}
