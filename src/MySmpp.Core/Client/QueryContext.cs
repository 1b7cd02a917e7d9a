using System;
using System.Diagnostics;
using System.Threading;

namespace MySmpp.Client
{
    /// <summary>What every batch of one query shares: cancellation, the overall deadline, logging, counters.</summary>
    internal sealed class QueryContext
    {
        private readonly long _deadlineTimestamp;

        public QueryContext(StateQueryOptions options, TimeSpan? overallTimeout, QueryStatistics statistics, CancellationToken cancellationToken)
        {
            Detail = options.Detail;
            Log = options.Log;
            Statistics = statistics;
            CancellationToken = cancellationToken;
            _deadlineTimestamp = overallTimeout.HasValue
                ? Stopwatch.GetTimestamp() + (long)(overallTimeout.Value.TotalSeconds * Stopwatch.Frequency)
                : long.MaxValue;
        }

        public bool Detail { get; }

        public Action<string>? Log { get; }

        public QueryStatistics Statistics { get; }

        public CancellationToken CancellationToken { get; }

        /// <summary>The time left before the overall deadline (<see cref="TimeSpan.MaxValue"/> without one).</summary>
        public TimeSpan Remaining
        {
            get
            {
                if (_deadlineTimestamp == long.MaxValue) return TimeSpan.MaxValue;
                long left = _deadlineTimestamp - Stopwatch.GetTimestamp();
                return left <= 0 ? TimeSpan.Zero : TimeSpan.FromSeconds((double)left / Stopwatch.Frequency);
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
}
