using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;

namespace MySmpp.Waiting;

/// <summary>Real time: a stopwatch and <see cref="Task.Delay(TimeSpan, CancellationToken)"/>.</summary>
internal sealed class RealWaitClock : IWaitClock
{
    private readonly Stopwatch _stopwatch = Stopwatch.StartNew();

    public TimeSpan Elapsed => _stopwatch.Elapsed;

    public Task DelayAsync(TimeSpan delay, CancellationToken cancellationToken) => Task.Delay(delay, cancellationToken);
}
