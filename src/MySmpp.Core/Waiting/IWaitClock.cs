using System;
using System.Threading;
using System.Threading.Tasks;

namespace MySmpp.Waiting;

/// <summary>Time as the waiter sees it; tests substitute one that moves the emulator's simulated clock.</summary>
internal interface IWaitClock
{
    TimeSpan Elapsed { get; }

    Task DelayAsync(TimeSpan delay, CancellationToken cancellationToken);
}
