using System;
using System.Collections.Generic;
using MySmpp.Model;

namespace MySmpp.Waiting;

/// <summary>Where a wait stands after a polling round.</summary>
public sealed class SmsWaitProgress
{
    internal SmsWaitProgress(int total, int settled, int round, IReadOnlyDictionary<SmsStatus, int> statusCounts, TimeSpan elapsed)
    {
        Total = total;
        Settled = settled;
        Round = round;
        StatusCounts = statusCounts;
        Elapsed = elapsed;
    }

    /// <summary>Unique ids waited for.</summary>
    public int Total { get; }

    /// <summary>Ids settled (or failed for good) so far.</summary>
    public int Settled { get; }

    /// <summary>Ids still open.</summary>
    public int Open => Total - Settled;

    /// <summary>Polling rounds done.</summary>
    public int Round { get; }

    /// <summary>The latest known status of every id that has one, counted by status.</summary>
    public IReadOnlyDictionary<SmsStatus, int> StatusCounts { get; }

    /// <summary>Time since the wait began.</summary>
    public TimeSpan Elapsed { get; }
}
