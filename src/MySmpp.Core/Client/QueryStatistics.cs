using System.Threading;

namespace MySmpp.Client;

/// <summary>Counters of one query's traffic; safe to read while the query runs.</summary>
public sealed class QueryStatistics : TrafficStatistics
{
    private long _ids;

    /// <summary>Id occurrences put into the query.</summary>
    public long Ids => Interlocked.Read(ref _ids);

    internal void AddId() => Interlocked.Increment(ref _ids);
}
