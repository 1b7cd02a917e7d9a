using System.Collections.Generic;
using MySmpp.Model;

namespace MySmpp.Reporting;

/// <summary>
/// The five groups the charts stack and the colours they are drawn in: the Okabe–Ito palette, which readers with
/// any common colour-vision deficiency tell apart. Every chart also writes each group's name and number as text,
/// so colour never carries a fact alone.
/// </summary>
internal sealed class StatusGroup
{
    private StatusGroup(string key, string label, string colour, params SmsStatus[] statuses)
    {
        Key = key;
        Label = label;
        Colour = colour;
        Statuses = statuses;
    }

    /// <summary>Delivered, Read, Not delivered, Expired, Still open; in the order the charts stack them.</summary>
    public static IReadOnlyList<StatusGroup> All { get; } = new[]
    {
        new StatusGroup("delivered", "Delivered", "#009E73", SmsStatus.Delivered),
        new StatusGroup("read", "Read", "#0072B2", SmsStatus.Read),
        new StatusGroup("notDelivered", "Not delivered", "#D55E00", SmsStatus.NotDelivered),
        new StatusGroup("expired", "Expired", "#E69F00", SmsStatus.Expired),
        new StatusGroup("open", "Still open", "#56B4E9", SmsStatus.Sent, SmsStatus.PartlyDelivered, SmsStatus.Unknown),
    };

    /// <summary>The colour of errors and refusals (reddish purple).</summary>
    public const string ErrorColour = "#CC79A7";

    /// <summary>A name for code and data attributes.</summary>
    public string Key { get; }

    /// <summary>What a reader sees.</summary>
    public string Label { get; }

    /// <summary>The fill colour.</summary>
    public string Colour { get; }

    /// <summary>The statuses in the group.</summary>
    public IReadOnlyList<SmsStatus> Statuses { get; }

    /// <summary>The group's count in a bucket.</summary>
    public int CountIn(SmsReportBucket bucket)
    {
        int n = 0;
        foreach (SmsStatus status in Statuses) n += bucket.Count(status);
        return n;
    }

    /// <summary>The group's count in the whole report (the summary's numbers).</summary>
    public int CountIn(SmsDeliveryReport report)
    {
        int n = 0;
        foreach (SmsStatus status in Statuses)
        {
            report.Summary.Counts.TryGetValue(status.ToString(), out int count);
            n += count;
        }

        return n;
    }
}
