using System;
using System.Threading;

namespace MySmpp.Client;

/// <summary>
/// What every batch of one query shares: cancellation, the overall deadline, logging, counters, and the
/// guards that keep a sick gateway from turning one query into a storm of requests (<see cref="QueryGuards"/>).
/// </summary>
internal sealed class QueryContext
{
    private readonly TimeSpan? _deadline;

    public QueryContext(StateQueryOptions options, MySmppSessionOptions session, QueryStatistics statistics, CancellationToken cancellationToken)
    {
        Detail = options.Detail;
        Log = options.Log;
        Statistics = statistics;
        CancellationToken = cancellationToken;
        Guards = new QueryGuards(session.MaxRetries, session.BatchSize, statistics);

        // The query's own limit wins over the session's when it is shorter (Get-SmsState -OperationTimeoutSec, a wait's deadline).
        TimeSpan? overall = session.OverallTimeout;
        if (options.OverallTimeout.HasValue && (!overall.HasValue || options.OverallTimeout.Value < overall.Value)) overall = options.OverallTimeout;
        OverallTimeout = overall;
        Clock = session.Clock;
        TimeSpan now = Clock.Now;
        _deadline = !overall.HasValue ? (TimeSpan?)null
            : overall.Value >= TimeSpan.MaxValue - now ? TimeSpan.MaxValue // a limit beyond any clock: saturate, never overflow
            : now + overall.Value;
    }

    /// <summary>The session's time and randomness (a fake one in tests).</summary>
    public ClientClock Clock { get; }

    public bool Detail { get; }

    public Action<string>? Log { get; }

    public QueryStatistics Statistics { get; }

    public CancellationToken CancellationToken { get; }

    /// <summary>The request budget and the breakers of this query.</summary>
    public QueryGuards Guards { get; }

    /// <summary>The limit in force for the whole query, if any.</summary>
    public TimeSpan? OverallTimeout { get; }

    /// <summary>The time left before the overall deadline (<see cref="TimeSpan.MaxValue"/> without one).</summary>
    public TimeSpan Remaining
    {
        get
        {
            if (!_deadline.HasValue) return TimeSpan.MaxValue;
            TimeSpan left = _deadline.Value - Clock.Now;
            return left <= TimeSpan.Zero ? TimeSpan.Zero : left;
        }
    }

    /// <summary>One attempt's time-out: the per-request limit, shortened by the overall deadline.</summary>
    public TimeSpan AttemptTimeout(TimeSpan requestTimeout)
    {
        TimeSpan remaining = Remaining;
        return remaining < requestTimeout ? remaining : requestTimeout;
    }

    /// <summary>True when waiting <paramref name="delay"/> still leaves time for another attempt.</summary>
    public bool HasTimeFor(TimeSpan delay) => Remaining > delay;
}
