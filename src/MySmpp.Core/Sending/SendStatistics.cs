using System.Threading;
using MySmpp.Client;

namespace MySmpp.Sending;

/// <summary>Traffic counters of one send operation; safe to read from any thread.</summary>
public sealed class SendStatistics : TrafficStatistics
{
    private long _recipients;

    /// <summary>Recipients added.</summary>
    public long Recipients => Interlocked.Read(ref _recipients);

    internal void AddRecipient() => Interlocked.Increment(ref _recipients);
}
