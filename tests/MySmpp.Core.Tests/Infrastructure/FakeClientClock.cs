using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MySmpp.Client;

namespace MySmpp.Core.Tests.Reliability;

/// <summary>
/// A clock whose waits return at once and move its time forward instead, whose jitter is fixed, and whose
/// timers (a request's time-out, an operation's deadline) fire when its time is moved past them: retry,
/// Retry-After and deadline behaviour is then checked on the delays asked for, in milliseconds of real time.
/// A request stalled on the network is cut by <see cref="Advance"/> or <see cref="DriveAsync"/>.
/// </summary>
internal sealed class FakeClientClock : ClientClock
{
    private readonly DateTimeOffset _start = DateTimeOffset.UtcNow;
    private readonly List<(TimeSpan Due, CancellationTokenSource Source)> _timers = new();
    private long _elapsedTicks;

    public FakeClientClock(double jitter = 0.5) => Jitter = jitter;

    /// <summary>What <see cref="NextDouble"/> returns: 0 gives the shortest backoff (half the ceiling), near 1 the longest.</summary>
    public double Jitter { get; }

    /// <summary>Every wait asked for, in order.</summary>
    public ConcurrentQueue<TimeSpan> Delays { get; } = new();

    /// <summary>Every timer armed (<see cref="CancelAfter"/>), in order: the time-outs and deadlines the client asked for.</summary>
    public ConcurrentQueue<TimeSpan> TimersArmed { get; } = new();

    /// <summary>The time the waits and <see cref="Advance"/> have moved this clock forward.</summary>
    public TimeSpan Elapsed => TimeSpan.FromTicks(Interlocked.Read(ref _elapsedTicks));

    public TimeSpan TotalDelay => TimeSpan.FromTicks(Delays.Sum(d => d.Ticks));

    public override TimeSpan Now => Elapsed;

    public override DateTimeOffset UtcNow => _start + Elapsed;

    /// <summary>Timers armed and neither fired nor belonging to a finished request.</summary>
    public int PendingTimers
    {
        get
        {
            lock (_timers)
            {
                _timers.RemoveAll(t => IsDone(t.Source));
                return _timers.Count;
            }
        }
    }

    public override double NextDouble() => Jitter;

    public override Task DelayAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Delays.Enqueue(delay);
        Advance(delay);
        return Task.CompletedTask;
    }

    public override void CancelAfter(CancellationTokenSource source, TimeSpan delay)
    {
        TimersArmed.Enqueue(delay);

        // Like the real CancelAfter: a spent budget cancels at once, not at the next Advance.
        if (delay <= TimeSpan.Zero)
        {
            source.Cancel();
            return;
        }

        lock (_timers) _timers.Add((Elapsed + delay, source));
    }

    /// <summary>Moves time forward and fires every timer that falls due.</summary>
    public void Advance(TimeSpan by)
    {
        TimeSpan now = TimeSpan.FromTicks(Interlocked.Add(ref _elapsedTicks, by.Ticks));
        List<CancellationTokenSource> due;
        lock (_timers)
        {
            due = _timers.Where(t => t.Due <= now).Select(t => t.Source).ToList();
            _timers.RemoveAll(t => t.Due <= now);
        }

        foreach (CancellationTokenSource source in due) Fire(source);
    }

    /// <summary>
    /// Plays the passing of time against a server that never answers: until <paramref name="work"/> ends, whenever a
    /// timer is armed and <paramref name="ready"/> holds (say, the server holds every request sent), jumps to the
    /// earliest timer, so a time-out or deadline fires at once instead of after real seconds.
    /// </summary>
    public async Task DriveAsync(Task work, Func<bool>? ready = null)
    {
        var watch = global::System.Diagnostics.Stopwatch.StartNew();
        while (!work.IsCompleted && watch.Elapsed < Reliability.HangBound)
        {
            TimeSpan? next;
            lock (_timers)
            {
                _timers.RemoveAll(t => IsDone(t.Source));
                next = _timers.Count == 0 ? null : _timers.Min(t => t.Due);
            }

            if (next.HasValue && (ready == null || ready())) Advance(next.Value > Elapsed ? next.Value - Elapsed : TimeSpan.Zero);
            await Task.WhenAny(work, Task.Delay(5));
        }

        await work.WaitAsync(Reliability.HangBound);
    }

    private static bool IsDone(CancellationTokenSource source)
    {
        try
        {
            _ = source.Token; // throws once the source is disposed
            return source.IsCancellationRequested;
        }
        catch (ObjectDisposedException)
        {
            return true; // the request it bounded has ended
        }
    }

    private static void Fire(CancellationTokenSource source)
    {
        try
        {
            source.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The request it bounded has ended already.
        }
    }
}
