using System.Threading;

namespace MySmpp;

/// <summary>Traffic counters of one send operation; safe to read from any thread.</summary>
public sealed class SendStatistics
{
    private long _recipients;
    private long _requests;
    private long _retries;
    private long _batches;

    /// <summary>Recipients added.</summary>
    public long Recipients => Interlocked.Read(ref _recipients);

    /// <summary>Requests (batches) formed.</summary>
    public long Batches => Interlocked.Read(ref _batches);

    /// <summary>HTTP requests made, retries included.</summary>
    public long Requests => Interlocked.Read(ref _requests);

    /// <summary>Requests repeated (with the same keys) after an answer was lost.</summary>
    public long Retries => Interlocked.Read(ref _retries);

    internal void AddRecipient() => Interlocked.Increment(ref _recipients);

    internal void AddBatch() => Interlocked.Increment(ref _batches);

    internal void AddRequest() => Interlocked.Increment(ref _requests);

    internal void AddRetry() => Interlocked.Increment(ref _retries);
}
