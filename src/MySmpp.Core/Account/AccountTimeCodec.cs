using System;
using System.Globalization;
using MySmpp.Errors;
using MySmpp.Http;
using MySmpp.Protocol;
using MySmpp.Protocol.Xml;
using MySmpp.Spending;

namespace MySmpp.Account;

/// <summary>
/// <c>xml/time.php</c> (platform-api.md 5): the account's local time (Moscow time shifted by the account's offset),
/// <c>&lt;response&gt;&lt;time&gt;2026-11-17 15:34:05&lt;/time&gt;&lt;/response&gt;</c>; some answers carry only the time of day.
/// </summary>
internal static class AccountTimeCodec
{
    private static readonly string[] TimeOfDayFormats = { @"hh\:mm\:ss", @"h\:mm\:ss" };

    public const string Path = "xml/time.php";

    /// <summary>A full time, or a time of day with <see cref="DateTime.MinValue"/>'s date and <c>false</c> for "dated".</summary>
    public static ParsedAnswer<AccountTimeReading> ReadXml(ArraySegment<byte> answer)
    {
        AnswerNode root = AnswerTree.Read(answer, "time");
        if (ErrorEnvelope.IsErrorAnswer(root, "time", out string? error)) return ParsedAnswer<AccountTimeReading>.Error(error!);
        string? text = root.Field("time");
        if (text == null && error != null) return ParsedAnswer<AccountTimeReading>.Error(error);
        if (AnswerValue.TryTime(text, out DateTime full)) return ParsedAnswer<AccountTimeReading>.Of(new AccountTimeReading(full, dated: true));
        if (TimeSpan.TryParseExact((text ?? string.Empty).Trim(), TimeOfDayFormats, CultureInfo.InvariantCulture, out TimeSpan timeOfDay) && timeOfDay < TimeSpan.FromDays(1))
        {
            return ParsedAnswer<AccountTimeReading>.Of(new AccountTimeReading(DateTime.MinValue + timeOfDay, dated: false));
        }

        throw new MySmppProtocolException("The time answer has no time (" + AnswerValue.Quote(text) + ").", isTransient: true);
    }

    /// <summary>
    /// The reading as a full time: a time of day gets the date that puts it nearest to <paramref name="utcNow"/> in
    /// Moscow time (an account's offset from Moscow is a few hours, so the nearest date is its own).
    /// </summary>
    public static DateTime Resolve(AccountTimeReading reading, DateTimeOffset utcNow)
    {
        if (reading.Dated) return reading.Time;
        DateTime moscow = utcNow.UtcDateTime + QuietHoursPlanner.MoscowUtcOffset;
        DateTime best = moscow.Date + reading.Time.TimeOfDay;
        foreach (int days in new[] { -1, 1 })
        {
            DateTime candidate = best.AddDays(days);
            if ((candidate - moscow).Duration() < (best - moscow).Duration()) best = candidate;
        }

        return DateTime.SpecifyKind(best, DateTimeKind.Unspecified);
    }
}

/// <summary>What time.php said: a full time, or only a time of day.</summary>
internal readonly struct AccountTimeReading
{
    public AccountTimeReading(DateTime time, bool dated)
    {
        Time = time;
        Dated = dated;
    }

    public DateTime Time { get; }

    public bool Dated { get; }
}
