using System;

namespace MySmpp.Reporting;

/// <summary>
/// Times to deliver in a fixed-size log-scale histogram, so percentiles of a million messages need a few
/// kilobytes. Bucket 0 holds 0 to 1 s; above that each power of two is split into <see cref="StepsPerDoubling"/>
/// buckets up to 2^<see cref="MaxDoublings"/> s (about 388 days); longer times land in the last bucket.
/// </summary>
/// <remarks>
/// Precision: a percentile is the geometric middle of its bucket, clamped to the smallest and largest time seen,
/// so it is within ±2.2 % (2^(1/32)) of the exact nearest-rank value, and exact below one second and at the
/// extremes. Status times are whole seconds anyway.
/// </remarks>
internal sealed class DeliveryTimeHistogram
{
    /// <summary>Buckets per power of two.</summary>
    public const int StepsPerDoubling = 16;

    /// <summary>Powers of two covered above one second.</summary>
    public const int MaxDoublings = 25;

    /// <summary>Worst relative error of a percentile, as a fraction (2^(1/32) - 1).</summary>
    public static readonly double RelativePrecision = Math.Pow(2, 1.0 / (2 * StepsPerDoubling)) - 1;

    private readonly long[] _counts = new long[2 + (StepsPerDoubling * MaxDoublings)];
    private double _min = double.MaxValue;
    private double _max;

    /// <summary>Times counted.</summary>
    public long Count { get; private set; }

    /// <summary>Adds one time to deliver (never negative: the caller skips those).</summary>
    public void Add(TimeSpan time)
    {
        double seconds = time.TotalSeconds;
        _counts[IndexOf(seconds)]++;
        Count++;
        if (seconds < _min) _min = seconds;
        if (seconds > _max) _max = seconds;
    }

    /// <summary>The smallest time seen.</summary>
    public TimeSpan Min => Count == 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(_min);

    /// <summary>The largest time seen.</summary>
    public TimeSpan Max => TimeSpan.FromSeconds(_max);

    /// <summary>The nearest-rank percentile <paramref name="p"/> (0 &lt; p ≤ 100), within <see cref="RelativePrecision"/>.</summary>
    public TimeSpan Percentile(double p)
    {
        if (Count == 0) return TimeSpan.Zero;
        long rank = Math.Max(1, (long)Math.Ceiling(p / 100.0 * Count));
        long seen = 0;
        for (int i = 0; i < _counts.Length; i++)
        {
            seen += _counts[i];
            if (seen >= rank) return TimeSpan.FromSeconds(Math.Min(_max, Math.Max(_min, Middle(i))));
        }

        return Max;
    }

    private static int IndexOf(double seconds)
    {
        if (seconds < 1) return 0;
        int index = 1 + (int)Math.Floor(Math.Log(seconds, 2) * StepsPerDoubling);
        return Math.Min(index, (StepsPerDoubling * MaxDoublings) + 1);
    }

    // The geometric middle of a bucket: 2^((i - 1 + 0.5) / steps) seconds; bucket 0 (under a second) is 0.5 s.
    private static double Middle(int index) => index == 0 ? 0.5 : Math.Pow(2, (index - 0.5) / StepsPerDoubling);
}
