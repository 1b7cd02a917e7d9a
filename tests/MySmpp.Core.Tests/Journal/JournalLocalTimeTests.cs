using System;
using MySmpp.Journal;
using Xunit;

namespace MySmpp.Core.Tests.Journal;

/// <summary>
/// The journal's filter times where local time repeats an hour (clocks going back): run in a zone that has one
/// (America/New_York, through TZ, which Linux and macOS honour), set for this process, so they run alone after the
/// parallel tests.
/// </summary>
[Collection(LocalTimeZoneCollection.Name)]
public sealed class JournalLocalTimeTests : IDisposable
{
    private readonly string? _savedZone = Environment.GetEnvironmentVariable("TZ");

    public JournalLocalTimeTests()
    {
        Environment.SetEnvironmentVariable("TZ", "America/New_York");
        TimeZoneInfo.ClearCachedData();
    }

    public void Dispose()
    {
        Environment.SetEnvironmentVariable("TZ", _savedZone);
        TimeZoneInfo.ClearCachedData();
    }

    [Fact]
    public void Since_an_entrys_own_SentAt_finds_it_in_the_repeated_hour_of_a_daylight_saving_change()
    {
        DateTimeOffset? repeated = FirstOfRepeatedHour(TimeZoneInfo.Local);

        // TZ sets the local zone on Linux and macOS; Windows takes its own from the system, and its CI machines run in UTC,
        // which repeats no hour: there this proves nothing, and says so by returning.
        if (repeated == null && OperatingSystem.IsWindows()) return;
        Assert.NotNull(repeated);
        using var temp = new TempJournal();
        temp.Send(1, repeated.Value);
        SmsJournalEntry entry = Assert.Single(temp.All());

        // The paging pattern a user writes: from the last entry seen on.
        Assert.Single(temp.All(new SendJournalQuery { Since = entry.SentAt }));
        Assert.Empty(temp.All(new SendJournalQuery { Until = entry.SentAt }));
    }

    // The first instant of a local hour that happens twice (clocks going back), within the next two years.
    private static DateTimeOffset? FirstOfRepeatedHour(TimeZoneInfo zone)
    {
        DateTimeOffset start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        for (DateTimeOffset t = start; t < start.AddYears(2); t = t.AddMinutes(30))
        {
            TimeSpan now = zone.GetUtcOffset(t);
            TimeSpan later = zone.GetUtcOffset(t.AddMinutes(30));
            if (later < now) return t.AddMinutes(1); // 30 minutes before the change: local time repeats after it
        }

        return null;
    }
}

/// <summary>Tests that change the process's local time zone: run after the parallel ones, alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class LocalTimeZoneCollection
{
    public const string Name = "LocalTimeZone";
}
