using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MySmpp.Client;

namespace MySmpp.Core.Tests.Reliability;

/// <summary>
/// A clock whose waits return at once and move its time forward instead, and whose jitter is fixed: retry,
/// Retry-After and deadline behaviour is then checked on the delays asked for, in milliseconds of real time.
/// </summary>
internal sealed class FakeClientClock : ClientClock
{
    private readonly DateTimeOffset _start = DateTimeOffset.UtcNow;
    private long _elapsedTicks;

    public FakeClientClock(double jitter = 0.5) => Jitter = jitter;

    /// <summary>What <see cref="NextDouble"/> returns: 0 gives the shortest backoff (half the ceiling), near 1 the longest.</summary>
    public double Jitter { get; }

    /// <summary>Every wait asked for, in order.</summary>
    public ConcurrentQueue<TimeSpan> Delays { get; } = new();

    /// <summary>The time the waits have moved this clock forward.</summary>
    public TimeSpan Elapsed => TimeSpan.FromTicks(Interlocked.Read(ref _elapsedTicks));

    public TimeSpan TotalDelay => TimeSpan.FromTicks(Delays.Sum(d => d.Ticks));

    public override TimeSpan Now => Elapsed;

    public override DateTimeOffset UtcNow => _start + Elapsed;

    public override double NextDouble() => Jitter;

    public override Task DelayAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Delays.Enqueue(delay);
        Interlocked.Add(ref _elapsedTicks, delay.Ticks);
        return Task.CompletedTask;
    }
}
