using System;
using System.Threading;

namespace MySmpp.Client;

/// <summary>
/// What every request of one command shares: its cancellation, its deadline, its log, its counters, and the guards that
/// keep a sick gateway from turning one command into a storm of requests (<see cref="CommandGuards"/>). One per status
/// query, send or account request; the requests of a command may run on several threads at once.
/// </summary>
internal sealed class CommandContext
{
    public CommandContext(MySmppSessionOptions session, TimeSpan? commandLimit, TrafficStatistics statistics, Action<string>? log, CancellationToken cancellationToken, int batchSize, TimeSpan? attemptLimit = null, int? maxRetries = null)
    {
        Session = session;
        AttemptLimit = attemptLimit.HasValue && attemptLimit.Value < session.RequestTimeout ? attemptLimit.Value : session.RequestTimeout;
        MaxRetries = maxRetries ?? session.MaxRetries;
        Clock = session.Clock;
        Deadline = new CommandDeadline(session.Clock, CommandDeadline.Shorter(session.OverallTimeout, commandLimit));
        Statistics = statistics;
        Log = log;
        CancellationToken = cancellationToken;
        Guards = new CommandGuards(MaxRetries, batchSize, statistics);
    }

    /// <summary>The session's options (time-outs, retries, limits).</summary>
    public MySmppSessionOptions Session { get; }

    /// <summary>How long one attempt may take: the session's per-request time-out, or less for an advisory request.</summary>
    public TimeSpan AttemptLimit { get; }

    /// <summary>Retries of a transient failure per batch: the session's, or fewer for an advisory request.</summary>
    public int MaxRetries { get; }

    /// <summary>The session's time and randomness (a fake one in tests).</summary>
    public ClientClock Clock { get; }

    /// <summary>The command's time limit, retries included.</summary>
    public CommandDeadline Deadline { get; }

    public TrafficStatistics Statistics { get; }

    /// <summary>Receives one line per notable step; never a secret. Called from any thread.</summary>
    public Action<string>? Log { get; }

    /// <summary>Cancelled when the command is stopped (Ctrl+C) or the session disconnected.</summary>
    public CancellationToken CancellationToken { get; }

    /// <summary>The request budget and the breakers of this command.</summary>
    public CommandGuards Guards { get; }
}
