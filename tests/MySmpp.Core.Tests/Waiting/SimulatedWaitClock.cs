using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using MySmpp.Client;
using MySmpp.Emulator;

namespace MySmpp.Core.Tests.Waiting;

/// <summary>The client's clock, driven by the emulator's simulated clock: a pause advances it instead of sleeping.</summary>
internal sealed class SimulatedWaitClock : ClientClock
{
    private readonly SimulatedClock _clock;
    private readonly TimeSpan _start;

    public SimulatedWaitClock(SimulatedClock clock)
    {
        _clock = clock;
        _start = clock.Elapsed;
    }

    /// <summary>Simulated time since this clock was made.</summary>
    public TimeSpan Elapsed => _clock.Elapsed - _start;

    public List<TimeSpan> Pauses { get; } = new List<TimeSpan>();

    public override TimeSpan Now => _clock.Elapsed;

    public override Task DelayAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Pauses.Add(delay);
        _clock.Advance(delay);
        return Task.CompletedTask;
    }
}
