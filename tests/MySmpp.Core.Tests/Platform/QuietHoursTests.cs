using System;
using MySmpp.Spending;
using Xunit;

namespace MySmpp.Core.Tests.Platform;

/// <summary>The quiet-hours planner: never inside the window in the recipient's time, across zones and midnight.</summary>
public class QuietHoursTests
{
    private static readonly TimeSpan Moscow = TimeSpan.FromHours(3);

    [Theory]
    [InlineData("21:00-09:00", "21:00", "09:00", true)]
    [InlineData(" 9:30 – 13:00 ", "09:30", "13:00", false)]
    [InlineData("23:59-00:00", "23:59", "00:00", true)]
    public void Windows_are_read_as_HH_mm_HH_mm(string text, string start, string end, bool crosses)
    {
        QuietHoursWindow window = QuietHoursWindow.Parse(text);

        Assert.Equal(TimeSpan.Parse(start, System.Globalization.CultureInfo.InvariantCulture), window.Start);
        Assert.Equal(TimeSpan.Parse(end, System.Globalization.CultureInfo.InvariantCulture), window.End);
        Assert.Equal(crosses, window.CrossesMidnight);
    }

    [Theory]
    [InlineData("")]
    [InlineData("21:00")]
    [InlineData("21:00-21:00")]
    [InlineData("24:00-09:00")]
    [InlineData("21:00-09:60")]
    [InlineData("9pm-9am")]
    [InlineData("21:00-09:00-10:00")]
    public void Anything_else_is_refused_with_a_reason(string text)
    {
        Assert.False(QuietHoursWindow.TryParse(text, out _, out string problem));
        Assert.Contains("quiet-hours window", problem, StringComparison.Ordinal);
        Assert.Throws<FormatException>(() => QuietHoursWindow.Parse(text));
    }

    [Fact]
    public void The_start_is_quiet_and_the_end_is_allowed()
    {
        QuietHoursWindow night = QuietHoursWindow.Parse("21:00-09:00");
        QuietHoursWindow lunch = QuietHoursWindow.Parse("13:00-14:00");

        Assert.True(night.Contains(new TimeSpan(21, 0, 0)));
        Assert.True(night.Contains(new TimeSpan(3, 0, 0)));
        Assert.True(night.Contains(new TimeSpan(8, 59, 59)));
        Assert.False(night.Contains(new TimeSpan(9, 0, 0)));
        Assert.False(night.Contains(new TimeSpan(20, 59, 59)));
        Assert.True(lunch.Contains(new TimeSpan(13, 30, 0)));
        Assert.False(lunch.Contains(new TimeSpan(14, 0, 0)));
        Assert.False(lunch.Contains(new TimeSpan(12, 59, 0)));
    }

    [Fact]
    public void A_recipient_in_the_window_is_moved_to_its_end_in_their_time_written_in_the_accounts_time()
    {
        var planner = new QuietHoursPlanner(QuietHoursWindow.Parse("21:00-09:00"), Moscow);
        var now = new DateTimeOffset(2026, 11, 30, 14, 0, 0, TimeSpan.Zero); // 17:00 in Moscow

        // Kamchatka (UTC+12): 02:00 on Dec 1 -> 09:00 Dec 1 there = 21:00 Nov 30 UTC = 00:00 Dec 1 Moscow.
        Assert.Equal(new DateTime(2026, 12, 1, 0, 0, 0), planner.Plan(TimeSpan.FromHours(12), now));

        // Novosibirsk (UTC+7): 21:00 sharp is quiet -> 09:00 next morning there = 05:00 Moscow.
        Assert.Equal(new DateTime(2026, 12, 1, 5, 0, 0), planner.Plan(TimeSpan.FromHours(7), now));

        // Moscow and Kaliningrad: afternoon, send now.
        Assert.Null(planner.Plan(Moscow, now));
        Assert.Null(planner.Plan(TimeSpan.FromHours(2), now));

        // Unknown zone: Moscow time.
        Assert.Null(planner.Plan(null, now));
        Assert.Equal(new DateTime(2026, 12, 1, 9, 0, 0), planner.Plan(null, now.AddHours(5)));
    }

    [Fact]
    public void Early_morning_goes_to_the_same_days_end_and_seconds_round_up_to_the_next_allowed_minute()
    {
        var planner = new QuietHoursPlanner(QuietHoursWindow.Parse("21:00-09:00"), TimeSpan.FromHours(5)); // an account on Moscow+2
        var now = new DateTimeOffset(2026, 11, 30, 5, 59, 30, TimeSpan.Zero); // 08:59:30 in Moscow

        Assert.Equal(new DateTime(2026, 11, 30, 11, 0, 0), planner.Plan(null, now)); // 09:00 Moscow = 06:00 UTC = 11:00 in the account's time
        Assert.Null(planner.Plan(null, now.AddSeconds(30)));
    }

    [Fact]
    public void A_window_within_the_day_moves_to_its_end_the_same_day()
    {
        var planner = new QuietHoursPlanner(QuietHoursWindow.Parse("13:00-14:30"), Moscow);
        var now = new DateTimeOffset(2026, 6, 1, 10, 15, 0, TimeSpan.Zero); // 13:15 Moscow

        Assert.Equal(new DateTime(2026, 6, 1, 14, 30, 0), planner.Plan(Moscow, now));
        Assert.Null(planner.Plan(TimeSpan.FromHours(2), now)); // 12:15 in Kaliningrad
    }

    [Fact]
    public void The_accounts_offset_is_read_from_its_clock_to_the_quarter_hour()
    {
        var utc = new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);

        Assert.Equal(Moscow, QuietHoursPlanner.AccountOffsetFrom(new DateTime(2026, 11, 30, 15, 0, 4), utc));
        Assert.Equal(TimeSpan.FromHours(7), QuietHoursPlanner.AccountOffsetFrom(new DateTime(2026, 11, 30, 18, 59, 50), utc));
        Assert.Equal(TimeSpan.FromHours(-1), QuietHoursPlanner.AccountOffsetFrom(new DateTime(2026, 11, 30, 11, 0, 0), utc));
        Assert.Throws<ArgumentOutOfRangeException>(() => QuietHoursPlanner.AccountOffsetFrom(new DateTime(2026, 12, 1, 12, 0, 0), utc));
    }

    [Fact]
    public void Offsets_must_be_whole_minutes_within_14_hours()
    {
        QuietHoursWindow window = QuietHoursWindow.Parse("21:00-09:00");
        Assert.Throws<ArgumentOutOfRangeException>(() => new QuietHoursPlanner(window, TimeSpan.FromHours(15)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new QuietHoursPlanner(window, Moscow).Plan(TimeSpan.FromSeconds(30), DateTimeOffset.UtcNow));
        Assert.Throws<ArgumentException>(() => new QuietHoursPlanner(default, Moscow));
    }

    [Fact]
    public void No_planned_time_falls_inside_the_window_and_each_is_the_first_allowed_minute()
    {
        var random = new Random(1130);
        for (int round = 0; round < 20_000; round++)
        {
            TimeSpan start = TimeSpan.FromMinutes(random.Next(0, 1440));
            TimeSpan end = TimeSpan.FromMinutes(random.Next(0, 1440));
            if (start == end) continue;
            QuietHoursWindow window = QuietHoursWindow.Create(start, end);
            TimeSpan account = TimeSpan.FromMinutes(random.Next(-12 * 4, 14 * 4 + 1) * 15);
            TimeSpan? recipient = random.Next(5) == 0 ? null : TimeSpan.FromMinutes(random.Next(-12 * 2, 14 * 2 + 1) * 30);
            var now = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).AddSeconds(random.Next(0, 366 * 86400));
            var planner = new QuietHoursPlanner(window, account);

            DateTime? planned = planner.Plan(recipient, now);

            TimeSpan offset = recipient ?? Moscow;
            DateTime localNow = now.UtcDateTime + offset;
            if (planned == null)
            {
                Assert.False(window.Contains(localNow.TimeOfDay), "sent now inside the window: " + window + " at " + localNow);
                continue;
            }

            DateTime utc = planned.Value - account;
            DateTime local = utc + offset;
            Assert.True(window.Contains(localNow.TimeOfDay), "moved although outside the window");
            Assert.Equal(0, planned.Value.Ticks % TimeSpan.TicksPerMinute);
            Assert.False(window.Contains(local.TimeOfDay), "planned inside the window: " + window + " at " + local);
            Assert.True(utc > now.UtcDateTime, "planned in the past");
            Assert.True(utc - now.UtcDateTime <= TimeSpan.FromDays(1), "planned more than a day ahead");

            // The first allowed minute: the minute before it is still quiet (or already past).
            DateTime before = local.AddMinutes(-1);
            Assert.True(window.Contains(before.TimeOfDay) || before - offset < now.UtcDateTime.AddMinutes(-1), "not the first allowed minute");
        }
    }
}
