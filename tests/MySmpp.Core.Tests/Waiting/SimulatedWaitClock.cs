using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using MySmpp.Emulator;
using MySmpp.Waiting;

namespace MySmpp.Core.Tests.Waiting
{
    /// <summary>The waiter's clock, driven by the emulator's simulated clock: a pause advances it instead of sleeping.</summary>
    internal sealed class SimulatedWaitClock : IWaitClock
    {
        private readonly SimulatedClock _clock;
        private readonly TimeSpan _start;

        public SimulatedWaitClock(SimulatedClock clock)
        {
            _clock = clock;
            _start = clock.Elapsed;
        }

        public List<TimeSpan> Pauses { get; } = new List<TimeSpan>();

        public TimeSpan Elapsed => _clock.Elapsed - _start;

        public Task DelayAsync(TimeSpan delay, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Pauses.Add(delay);
            _clock.Advance(delay);
            return Task.CompletedTask;
        }
    }
}
