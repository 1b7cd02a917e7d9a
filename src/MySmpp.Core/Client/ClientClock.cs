using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;

namespace MySmpp.Client;

/// <summary>
/// Every reading of time and every random draw the client makes: deadlines, backoff waits, a
/// <c>Retry-After</c> date, retry jitter, the pauses of a wait, and the timers that cut a request in flight
/// (a per-request time-out, an overall deadline). One seam, so tests of retries, deadlines and waits
/// substitute a clock that jumps instead of waiting real seconds, and still see a stalled request cut.
/// </summary>
internal class ClientClock
{
    /// <summary>The machine's clock and a shared random source.</summary>
    public static readonly ClientClock System = new ClientClock();

    private readonly Random _random = new Random();

    /// <summary>A monotonic reading, for measuring intervals and deadlines.</summary>
    public virtual TimeSpan Now => TimeSpan.FromSeconds((double)Stopwatch.GetTimestamp() / Stopwatch.Frequency);

    /// <summary>The wall-clock time, for absolute dates a server sends.</summary>
    public virtual DateTimeOffset UtcNow => DateTimeOffset.UtcNow;

    /// <summary>Waits <paramref name="delay"/> (between retries).</summary>
    public virtual Task DelayAsync(TimeSpan delay, CancellationToken cancellationToken) => Task.Delay(delay, cancellationToken);

    /// <summary>
    /// Cancels <paramref name="source"/> once <paramref name="delay"/> has passed on this clock: what cuts a
    /// request that is still waiting on the network when its time is up.
    /// </summary>
    public virtual void CancelAfter(CancellationTokenSource source, TimeSpan delay) => source.CancelAfter(delay);

    /// <summary>A uniformly random number in [0, 1): the jitter of a backoff.</summary>
    public virtual double NextDouble()
    {
        lock (_random)
        {
            return _random.NextDouble();
        }
    }
}
