using System.Threading;
using MySmpp.Sending;

namespace MySmpp.Client;

/// <summary>
/// The traffic counters every batched operation keeps (<see cref="QueryStatistics"/>, <see cref="SendStatistics"/>);
/// safe to read from any thread while the operation runs.
/// </summary>
public abstract class TrafficStatistics
{
    private long _batches;
    private long _requests;
    private long _retries;
    private long _splits;

    internal TrafficStatistics()
    {
    }

    /// <summary>Batches formed (items grouped for one request).</summary>
    public long Batches => Interlocked.Read(ref _batches);

    /// <summary>HTTP requests sent, retries (and a query's split halves) included.</summary>
    public long Requests => Interlocked.Read(ref _requests);

    /// <summary>Requests repeated after a transient failure or a lost answer (a send repeats them with the same keys).</summary>
    public long Retries => Interlocked.Read(ref _retries);

    /// <summary>Batches split in two because the gateway refused them as a whole (too large, or a malformed document).</summary>
    public long Splits => Interlocked.Read(ref _splits);

    internal void AddBatch() => Interlocked.Increment(ref _batches);

    internal void AddRequest() => Interlocked.Increment(ref _requests);

    internal void AddRetry() => Interlocked.Increment(ref _retries);

    internal void AddSplit() => Interlocked.Increment(ref _splits);
}
