using System;
using System.Threading;

namespace MySmpp.Emulator;

/// <summary>
/// The emulator's notion of time: <c>Now = Start + real elapsed × TimeScale + manual offset</c>.
/// </summary>
/// <remarks>
/// Message timelines are expressed relative to <see cref="Start"/>, so answers depend only on
/// <see cref="Elapsed"/> and are reproducible. A time scale of 0 freezes the clock so that only
/// <see cref="Advance"/> moves it, which is what deterministic tests want.
/// </remarks>
public sealed class SimulatedClock
{
    private readonly TimeProvider _timeProvider;
    private readonly long _startTimestamp;
    private long _offsetTicks;

    /// <summary>Creates a clock that starts at <paramref name="start"/> now.</summary>
    /// <param name="start">The simulated time at creation.</param>
    /// <param name="timeScale">Simulated seconds per real second; 0 freezes the clock.</param>
    /// <param name="timeProvider">The real time source; <see cref="TimeProvider.System"/> when null.</param>
    public SimulatedClock(DateTime start, double timeScale = 1.0, TimeProvider? timeProvider = null)
    {
        if (double.IsNaN(timeScale) || double.IsInfinity(timeScale) || timeScale < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(timeScale), timeScale, "The time scale must be a finite, non-negative number.");
        }

        Start = start;
        TimeScale = timeScale;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _startTimestamp = _timeProvider.GetTimestamp();
    }

    /// <summary>The simulated time at which the clock was created (the emulator's epoch).</summary>
    public DateTime Start { get; }

    /// <summary>Simulated seconds per real second.</summary>
    public double TimeScale { get; }

    /// <summary>Simulated time elapsed since <see cref="Start"/>.</summary>
    public TimeSpan Elapsed
    {
        get
        {
            TimeSpan real = _timeProvider.GetElapsedTime(_startTimestamp);
            long scaled = TimeScale == 0 ? 0 : (long)(real.Ticks * TimeScale);
            return TimeSpan.FromTicks(scaled + Interlocked.Read(ref _offsetTicks));
        }
    }

    /// <summary>The current simulated time.</summary>
    public DateTime Now => Start + Elapsed;

    /// <summary>Moves simulated time forward by <paramref name="by"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="by"/> is negative: the clock never runs backwards.</exception>
    public void Advance(TimeSpan by)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(by, TimeSpan.Zero);
        Interlocked.Add(ref _offsetTicks, by.Ticks);
    }
}
