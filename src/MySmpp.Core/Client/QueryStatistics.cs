using System.Threading;

namespace MySmpp;

/// <summary>Counters of one query's traffic; safe to read while the query runs.</summary>
public sealed class QueryStatistics
{
    private long _ids;
    private long _batches;
    private long _requests;
    private long _retries;
    private long _splits;

    /// <summary>Id occurrences put into the query.</summary>
    public long Ids => Interlocked.Read(ref _ids);

    /// <summary>Batches formed (unique ids grouped for one request).</summary>
    public long Batches => Interlocked.Read(ref _batches);

    /// <summary>HTTP requests sent, retries and split halves included.</summary>
    public long Requests => Interlocked.Read(ref _requests);

    /// <summary>Attempts repeated after a transient failure.</summary>
    public long Retries => Interlocked.Read(ref _retries);

    /// <summary>Batches split in two because the gateway rejected them.</summary>
    public long Splits => Interlocked.Read(ref _splits);

    internal void AddId() => Interlocked.Increment(ref _ids);

    internal void AddBatch() => Interlocked.Increment(ref _batches);

    internal void AddRequest() => Interlocked.Increment(ref _requests);

    internal void AddRetry() => Interlocked.Increment(ref _retries);

    internal void AddSplit() => Interlocked.Increment(ref _splits);
}
