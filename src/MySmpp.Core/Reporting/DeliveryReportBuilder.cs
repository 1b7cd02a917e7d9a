using System;
using System.Collections.Generic;
using MySmpp.Model;

namespace MySmpp.Reporting;

/// <summary>
/// Builds a <see cref="SmsDeliveryReport"/> while the records stream past: memory stays the same for ten states or
/// ten million (a summary, at most 62 time buckets, a fixed histogram, <see cref="Top"/> failure rows and a few
/// bounded tallies). The totals are counted by an <see cref="SmsStateSummary"/>, the same code
/// <c>Get-SmsStateSummary</c> runs, so the report's numbers are the summary's.
/// </summary>
public sealed class DeliveryReportBuilder
{
    /// <summary>The most failure rows a report lists (the rest are counted as "and N more").</summary>
    public const int MaxTop = 100;

    /// <summary>Distinct error ids, refusal kinds and unknown raw statuses tallied; further ones go under "(other)".</summary>
    internal const int MaxTallies = 24;

    private readonly SmsStateSummary _summary = new SmsStateSummary();
    private readonly TimeBuckets _buckets = new TimeBuckets();
    private readonly DeliveryTimeHistogram _timeToDeliver = new DeliveryTimeHistogram();
    private readonly List<SmsReportFailure> _failures = new List<SmsReportFailure>();
    private readonly BoundedTally _refusals = new BoundedTally(MaxTallies);
    private readonly BoundedTally _errors = new BoundedTally(MaxTallies);
    private readonly BoundedTally _unknownStatuses = new BoundedTally(MaxTallies);
    private long _parts;
    private bool _hasParts;
    private int _moreFailures;
    private int _skewed;

    /// <summary>Creates a builder that lists the first <paramref name="top"/> failures (0 to <see cref="MaxTop"/>).</summary>
    public DeliveryReportBuilder(int top = 20)
    {
        if (top < 0 || top > MaxTop) throw new ArgumentOutOfRangeException(nameof(top), top, "The failures list holds 0 to " + MaxTop + " rows.");
        Top = top;
    }

    /// <summary>How many failures are listed; the rest are counted.</summary>
    public int Top { get; }

    /// <summary>The counts so far (the same object Get-SmsStateSummary would have built from this input).</summary>
    public SmsStateSummary Summary => _summary;

    /// <summary>Counts one state.</summary>
    public void Add(SmsState state)
    {
        if (state == null) throw new ArgumentNullException(nameof(state));
        Add(DeliveryRecord.From(state));
    }

    /// <summary>Counts one record (a state, a send result, an error, a journal entry...).</summary>
    public void Add(in DeliveryRecord record)
    {
        _summary.Add(record);
        if (record.IsError)
        {
            if (record.IsSendRefusal) _refusals.Add(ReportText.Label(record.ErrorId));
            else _errors.Add(ReportText.Label(record.ErrorId));
        }
        else
        {
            if (record.Status == SmsStatus.Unknown) _unknownStatuses.Add(ReportText.Label(record.RawStatus));
            if (record.Parts.HasValue)
            {
                _parts += record.Parts.Value;
                _hasParts = true;
            }

            _buckets.Add(record.StatusTime ?? record.SentAt, record.Status, record.Cost);
            if (SmsStatusWire.IsDelivered(record.Status) && record.SentAt.HasValue && record.StatusTime.HasValue)
            {
                TimeSpan taken = record.StatusTime.Value - record.SentAt.Value;
                if (taken < TimeSpan.Zero) _skewed++;
                else _timeToDeliver.Add(taken);
            }
        }

        if (SmsReportFailure.IsFailure(record))
        {
            if (_failures.Count < Top) _failures.Add(new SmsReportFailure(record));
            else _moreFailures++;
        }
    }

    /// <summary>The report of everything counted so far, labelled with <paramref name="options"/>.</summary>
    public SmsDeliveryReport Build(SmsDeliveryReportOptions? options = null) => new SmsDeliveryReport(
        options ?? new SmsDeliveryReportOptions(),
        _summary,
        _hasParts ? _parts : (long?)null,
        _buckets.ToList(),
        _buckets.Width,
        _buckets.Undated,
        _timeToDeliver,
        _skewed,
        _failures.ToArray(),
        _moreFailures,
        _refusals.ToList(),
        _errors.ToList(),
        _unknownStatuses.ToList());

    /// <summary>Counts per label for at most a fixed number of labels; later new labels count under "(other)".</summary>
    private sealed class BoundedTally
    {
        private readonly int _max;
        private readonly Dictionary<string, int> _counts = new Dictionary<string, int>(StringComparer.Ordinal);
        private int _other;

        public BoundedTally(int max) => _max = max;

        public void Add(string label)
        {
            if (_counts.TryGetValue(label, out int n)) _counts[label] = n + 1;
            else if (_counts.Count < _max) _counts[label] = 1;
            else _other++;
        }

        public List<KeyValuePair<string, int>> ToList()
        {
            var list = new List<KeyValuePair<string, int>>(_counts);
            list.Sort((a, b) => a.Value != b.Value ? b.Value.CompareTo(a.Value) : string.CompareOrdinal(a.Key, b.Key));
            if (_other > 0) list.Add(new KeyValuePair<string, int>("(other)", _other));
            return list;
        }
    }
}
