using System;
using System.Globalization;
using MySmpp.Spending;

namespace MySmpp.PhoneInfo;

/// <summary>
/// What the platform's numbering plan says about a phone number (<c>def.php</c>): its operator, region and time zone.
/// A lookup of the plan, not a live network check (a ported number shows its original operator).
/// </summary>
public sealed class SmsPhoneInfo
{
    /// <summary>Creates the information; <paramref name="moscowOffsetHours"/> is the platform's <c>time_zone</c>.</summary>
    public SmsPhoneInfo(string phone, string? @operator, string? region, decimal? moscowOffsetHours)
    {
        Phone = phone ?? throw new ArgumentNullException(nameof(phone));
        Operator = @operator;
        Region = region;
        MoscowOffsetHours = moscowOffsetHours;
    }

    /// <summary>The number: digits, international, no '+'.</summary>
    public string Phone { get; }

    /// <summary>The operator, or null when the platform does not know it (<c>unknown</c>).</summary>
    public string? Operator { get; }

    /// <summary>The region, or null when unknown.</summary>
    public string? Region { get; }

    /// <summary>The platform's <c>time_zone</c>: hours from Moscow time (Kaliningrad −1, Novosibirsk +4); null when unknown.</summary>
    public decimal? MoscowOffsetHours { get; }

    /// <summary>
    /// The number's offset from UTC: Moscow's (+03:00, no daylight saving since 2014) plus <see cref="MoscowOffsetHours"/>;
    /// null when unknown.
    /// </summary>
    public TimeSpan? UtcOffset => MoscowOffsetHours.HasValue ? QuietHoursPlanner.MoscowUtcOffset + TimeSpan.FromMinutes((double)(MoscowOffsetHours.Value * 60m)) : (TimeSpan?)null;

    /// <summary>True when the platform knows anything about the number.</summary>
    public bool IsKnown => Operator != null || Region != null || MoscowOffsetHours.HasValue;

    /// <inheritdoc />
    public override string ToString() => Phone + ": " + (Operator ?? "unknown") + ", " + (Region ?? "unknown") + (UtcOffset.HasValue ? ", UTC" + (UtcOffset.Value < TimeSpan.Zero ? "-" : "+") + UtcOffset.Value.Duration().ToString(@"hh\:mm", CultureInfo.InvariantCulture) : string.Empty);
}
