using System;
using MySmpp.Model;

namespace MySmpp.Reporting;

/// <summary>The messages of one time bucket (an hour, a day or more; see <see cref="SmsDeliveryReport.BucketWidth"/>).</summary>
public sealed class SmsReportBucket
{
    private static readonly int StatusCount = Enum.GetValues(typeof(SmsStatus)).Length;
    private readonly int[] _counts;

    internal SmsReportBucket(DateTime start, TimeSpan width, Counter? counter)
    {
        Start = start;
        Width = width;
        _counts = counter == null ? new int[StatusCount] : (int[])counter.Counts.Clone();
        Cost = counter != null && counter.HasCost ? counter.Cost : (decimal?)null;
        for (int i = 0; i < _counts.Length; i++) Total += _counts[i];
    }

    /// <summary>The start of the bucket (the time's own clock; see <see cref="DeliveryRecord"/>).</summary>
    public DateTime Start { get; }

    /// <summary>The bucket's width.</summary>
    public TimeSpan Width { get; }

    /// <summary>Messages whose time falls in the bucket.</summary>
    public int Total { get; }

    /// <summary>Delivered or read.</summary>
    public int Delivered => Count(SmsStatus.Delivered) + Count(SmsStatus.Read);

    /// <summary>Their cost, or null when none carried one.</summary>
    public decimal? Cost { get; }

    /// <summary>Share of the bucket's messages delivered or read (0 to 1; 0 for an empty bucket).</summary>
    public double DeliveryRate => Total == 0 ? 0 : (double)Delivered / Total;

    /// <summary>Messages in <paramref name="status"/>.</summary>
    public int Count(SmsStatus status) => _counts[(int)status];

    /// <summary>The streaming side: counts per status and cost.</summary>
    internal sealed class Counter
    {
        public int[] Counts { get; } = new int[StatusCount];

        public decimal Cost { get; private set; }

        public bool HasCost { get; private set; }

        public void Add(SmsStatus status, decimal? cost)
        {
            Counts[(int)status]++;
            if (cost.HasValue) AddCost(cost.Value);
        }

        public void Merge(Counter other)
        {
            for (int i = 0; i < Counts.Length; i++) Counts[i] += other.Counts[i];
            if (other.HasCost) AddCost(other.Cost);
        }

        private void AddCost(decimal cost)
        {
            try
            {
                Cost += cost;
            }
            catch (OverflowException)
            {
                Cost = decimal.MaxValue;
            }

            HasCost = true;
        }
    }
}
