using System;
using System.Collections.Generic;
using MySmpp.Model;

namespace MySmpp.Reporting;

/// <summary>
/// Status counts per time bucket, kept while streaming in bounded memory. Buckets are an hour wide while the
/// records span at most <see cref="MaxHourBuckets"/> hours, a day wide while they span at most
/// <see cref="MaxDayBuckets"/> days, and beyond that 2, 4, 8... days wide, so there are never more than
/// <see cref="MaxDayBuckets"/> of them whatever the input (a hostile server's times from year 1 to 9999 included).
/// </summary>
/// <remarks>
/// Every width divides the next and all are aligned on midnight of 0001-01-01 (tick 0), so widening merges whole
/// buckets: the counts are exact at any width, and the result does not depend on the order of the records.
/// </remarks>
internal sealed class TimeBuckets
{
    /// <summary>Hourly buckets for up to two days.</summary>
    public const int MaxHourBuckets = 48;

    /// <summary>Daily (and wider) buckets: at most this many.</summary>
    public const int MaxDayBuckets = 62;

    private Dictionary<long, SmsReportBucket.Counter> _buckets = new Dictionary<long, SmsReportBucket.Counter>();
    private long _widthTicks = TimeSpan.TicksPerHour;
    private long _first = long.MaxValue;
    private long _last = long.MinValue;

    /// <summary>The width of a bucket now.</summary>
    public TimeSpan Width => TimeSpan.FromTicks(_widthTicks);

    /// <summary>Records that had no time at all (counted in the totals, in no bucket).</summary>
    public int Undated { get; private set; }

    /// <summary>Counts a message at <paramref name="time"/> (its status time, else its send time).</summary>
    public void Add(DateTime? time, SmsStatus status, decimal? cost)
    {
        if (!time.HasValue)
        {
            Undated++;
            return;
        }

        long ticks = time.Value.Ticks;
        long key = ticks / _widthTicks;
        if (key < _first || key > _last)
        {
            long first = Math.Min(_first, key);
            long last = Math.Max(_last, key);
            while (last - first + 1 > Limit(_widthTicks))
            {
                Widen();
                first = Math.Min(_first, ticks / _widthTicks);
                last = Math.Max(_last, ticks / _widthTicks);
            }

            key = ticks / _widthTicks;
            _first = first;
            _last = last;
        }

        if (!_buckets.TryGetValue(key, out SmsReportBucket.Counter? counter))
        {
            counter = new SmsReportBucket.Counter();
            _buckets.Add(key, counter);
        }

        counter.Add(status, cost);
    }

    /// <summary>Every bucket from the first record's to the last one's, empty ones included, oldest first.</summary>
    public IReadOnlyList<SmsReportBucket> ToList()
    {
        var list = new List<SmsReportBucket>();
        if (_buckets.Count == 0) return list;
        for (long key = _first; key <= _last; key++)
        {
            _buckets.TryGetValue(key, out SmsReportBucket.Counter? counter);
            list.Add(new SmsReportBucket(new DateTime(key * _widthTicks, DateTimeKind.Unspecified), Width, counter));
        }

        return list;
    }

    private static int Limit(long widthTicks) => widthTicks == TimeSpan.TicksPerHour ? MaxHourBuckets : MaxDayBuckets;

    private void Widen()
    {
        long next = _widthTicks == TimeSpan.TicksPerHour ? TimeSpan.TicksPerDay : _widthTicks * 2;
        var merged = new Dictionary<long, SmsReportBucket.Counter>();
        foreach (KeyValuePair<long, SmsReportBucket.Counter> pair in _buckets)
        {
            long key = pair.Key * _widthTicks / next;
            if (merged.TryGetValue(key, out SmsReportBucket.Counter? into))
            {
                into.Merge(pair.Value);
            }
            else
            {
                merged.Add(key, pair.Value);
            }
        }

        if (_buckets.Count > 0)
        {
            _first = _first * _widthTicks / next;
            _last = _last * _widthTicks / next;
        }

        _buckets = merged;
        _widthTicks = next;
    }
}
