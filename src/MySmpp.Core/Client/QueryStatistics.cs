using System.Threading;

namespace MySmpp;

/// <summary>Counters of one query's traffic; safe to read while the query runs.</summary>
public sealed class QueryStatistics : TrafficStatistics
{
    private long _ids;
    private long _splits;

    /// <summary>Id occurrences put into the query.</summary>
    public long Ids => Interlocked.Read(ref _ids);

    /// <summary>Batches split in two because the gateway rejected them.</summary>
    public long Splits => Interlocked.Read(ref _splits);

    internal void AddId() => Interlocked.Increment(ref _ids);

    internal void AddSplit() => Interlocked.Increment(ref _splits);
}
