using System;
using System.Collections.Generic;

namespace MySmpp.Reporting;

/// <summary>
/// What a delivery report shows, whatever its format: the totals (an <see cref="SmsStateSummary"/>: the numbers
/// <c>Get-SmsStateSummary</c> gives for the same input), what they add up to, the time buckets, the time to
/// deliver, refusals and errors by kind, and the first failures. Small and immutable: built by
/// <see cref="DeliveryReportBuilder"/>, read by the renderers (<see cref="SmsDeliveryReportRenderer"/>).
/// </summary>
public sealed class SmsDeliveryReport
{
    internal SmsDeliveryReport(
        SmsDeliveryReportOptions options,
        SmsStateSummary summary,
        long? parts,
        IReadOnlyList<SmsReportBucket> buckets,
        TimeSpan bucketWidth,
        int undated,
        DeliveryTimeHistogram timeToDeliver,
        int timeToDeliverSkipped,
        IReadOnlyList<SmsReportFailure> failures,
        int moreFailures,
        IReadOnlyList<KeyValuePair<string, int>> refusals,
        IReadOnlyList<KeyValuePair<string, int>> errors,
        IReadOnlyList<KeyValuePair<string, int>> unknownStatuses)
    {
        Title = options.Title;
        Since = options.Since;
        Until = options.Until;
        Currency = options.Currency;
        Culture = options.Culture;
        GeneratedAt = options.GeneratedAt;
        Summary = summary;
        Parts = parts;
        Buckets = buckets;
        BucketWidth = bucketWidth;
        Undated = undated;
        TimeToDeliver = timeToDeliver.Count == 0 ? null : new SmsDeliveryTimes(timeToDeliver);
        TimeToDeliverSkipped = timeToDeliverSkipped;
        Failures = failures;
        MoreFailures = moreFailures;
        RefusalsByReason = refusals;
        ErrorsById = errors;
        UnknownStatuses = unknownStatuses;
        int refused = 0;
        foreach (KeyValuePair<string, int> pair in refusals) refused += pair.Value;
        RefusedAtSend = refused;
    }

    /// <summary>The heading.</summary>
    public string Title { get; }

    /// <summary>The period's start label, or null.</summary>
    public DateTime? Since { get; }

    /// <summary>The period's end label, or null.</summary>
    public DateTime? Until { get; }

    /// <summary>The currency written after costs, or null.</summary>
    public string? Currency { get; }

    /// <summary>How numbers are written.</summary>
    public System.Globalization.CultureInfo Culture { get; }

    /// <summary>When the report was made, or null.</summary>
    public DateTimeOffset? GeneratedAt { get; }

    /// <summary>The counts, exactly as Get-SmsStateSummary gives them for the same input.</summary>
    public SmsStateSummary Summary { get; }

    /// <summary>Messages counted (states and accepted sends; errors are counted apart in <see cref="Errors"/>).</summary>
    public int Total => Summary.Total;

    /// <summary>Ids or recipients that came back as errors (refusals at send included).</summary>
    public int Errors => Summary.Errors;

    /// <summary>Delivered, Read included: the messages that arrived.</summary>
    public int Delivered => Summary.Delivered + Summary.Read;

    /// <summary>Read (a part of <see cref="Delivered"/>).</summary>
    public int Read => Summary.Read;

    /// <summary>Not delivered (final).</summary>
    public int NotDelivered => Summary.NotDelivered;

    /// <summary>Expired (final).</summary>
    public int Expired => Summary.Expired;

    /// <summary>Neither delivered nor finally failed: Sent, PartlyDelivered and statuses this version does not know.</summary>
    public int StillOpen => Total - Delivered - NotDelivered - Expired;

    /// <summary>In a final status (Read, NotDelivered, Expired), as the summary counts it.</summary>
    public int Final => Summary.Final;

    /// <summary>The summary's delivery rate: delivered or read ÷ <see cref="Total"/> (0 to 1).</summary>
    public double DeliveryRate => Summary.DeliveryRate;

    /// <summary>Parts of the messages that say, or null when none did.</summary>
    public long? Parts { get; }

    /// <summary>The summary's total cost, or null when no message carried one.</summary>
    public decimal? TotalCost => Summary.TotalCost;

    /// <summary>Recipients refused at send (a part of <see cref="Errors"/>).</summary>
    public int RefusedAtSend { get; }

    /// <summary>Refusals at send per error id (MySmpp.StopListed...), most first.</summary>
    public IReadOnlyList<KeyValuePair<string, int>> RefusalsByReason { get; }

    /// <summary>Other errors per error id (MySmpp.IdNotFound, MySmpp.WaitTimeout...), most first.</summary>
    public IReadOnlyList<KeyValuePair<string, int>> ErrorsById { get; }

    /// <summary>Statuses this version does not know, per raw status as the gateway wrote it (one safe line each).</summary>
    public IReadOnlyList<KeyValuePair<string, int>> UnknownStatuses { get; }

    /// <summary>Status counts per time bucket (by status time, else send time), oldest first, empty buckets included.</summary>
    public IReadOnlyList<SmsReportBucket> Buckets { get; }

    /// <summary>One hour for up to two days of records, one day for up to 62 days, then 2, 4, 8... days.</summary>
    public TimeSpan BucketWidth { get; }

    /// <summary>Messages with no time at all (in the totals, in no bucket).</summary>
    public int Undated { get; }

    /// <summary>Time from send to delivery, where both are known; null when no record had both.</summary>
    public SmsDeliveryTimes? TimeToDeliver { get; }

    /// <summary>Delivered records whose status time was before their send time (different clocks): not in the percentiles.</summary>
    public int TimeToDeliverSkipped { get; }

    /// <summary>The first failures (not delivered, expired, errors), in input order.</summary>
    public IReadOnlyList<SmsReportFailure> Failures { get; }

    /// <summary>Failures counted but not listed.</summary>
    public int MoreFailures { get; }
}

/// <summary>Percentiles of the time from send to delivery.</summary>
public sealed class SmsDeliveryTimes
{
    internal SmsDeliveryTimes(DeliveryTimeHistogram histogram)
    {
        Count = histogram.Count;
        Min = histogram.Min;
        Median = histogram.Percentile(50);
        P90 = histogram.Percentile(90);
        P95 = histogram.Percentile(95);
        P99 = histogram.Percentile(99);
        Max = histogram.Max;
    }

    /// <summary>How far a percentile may be from the exact value, as a fraction (about 0.022).</summary>
    public static double RelativePrecision => DeliveryTimeHistogram.RelativePrecision;

    /// <summary>Delivered messages whose send and status times were both known.</summary>
    public long Count { get; }

    /// <summary>The fastest (exact).</summary>
    public TimeSpan Min { get; }

    /// <summary>Half were delivered within this.</summary>
    public TimeSpan Median { get; }

    /// <summary>90 % were delivered within this.</summary>
    public TimeSpan P90 { get; }

    /// <summary>95 % were delivered within this.</summary>
    public TimeSpan P95 { get; }

    /// <summary>99 % were delivered within this.</summary>
    public TimeSpan P99 { get; }

    /// <summary>The slowest (exact).</summary>
    public TimeSpan Max { get; }
}
