using System;
using System.Globalization;

namespace MySmpp.Client;

/// <summary>
/// The time limit of one command (a query, a send, a wait, an account request) as a whole, retries and pauses
/// included, read on the session's clock: the only deadline type in the client. Every path asks it the same questions:
/// how long one attempt may take, whether a pause still leaves time for another attempt, and whether the time is up.
/// </summary>
/// <remarks>
/// Two kinds of time-out, never to be confused: the <em>attempt</em> time-out bounds one HTTP request
/// (<see cref="MySmppSessionOptions.RequestTimeout"/>, <c>Connect-MySmpp -TimeoutSec</c>; see <see cref="AttemptTimeout"/>);
/// the <em>command</em> time-out is this deadline (<see cref="MySmppSessionOptions.OverallTimeout"/>,
/// <c>-OperationTimeoutSec</c>, and <c>Wait-SmsState -TimeoutSec</c> for a whole wait).
/// </remarks>
internal sealed class CommandDeadline
{
    private readonly ClientClock _clock;
    private readonly TimeSpan _start;
    private readonly TimeSpan? _at;

    /// <summary>A deadline <paramref name="limit"/> from now on <paramref name="clock"/>; none when the limit is null.</summary>
    public CommandDeadline(ClientClock clock, TimeSpan? limit)
    {
        _clock = clock;
        Limit = limit;
        _start = clock.Now;
        if (limit.HasValue)
        {
            _at = limit.Value >= TimeSpan.MaxValue - _start ? TimeSpan.MaxValue : _start + limit.Value; // a limit beyond any clock saturates
        }
    }

    /// <summary>The shorter of two limits (a command's own, the session's); null when neither is set.</summary>
    public static TimeSpan? Shorter(TimeSpan? first, TimeSpan? second) =>
        !first.HasValue ? second : !second.HasValue ? first : first.Value < second.Value ? first : second;

    /// <summary>The limit in force, if any.</summary>
    public TimeSpan? Limit { get; }

    /// <summary>The time left (<see cref="TimeSpan.MaxValue"/> without a limit; zero once it passed).</summary>
    public TimeSpan Remaining
    {
        get
        {
            if (!_at.HasValue) return TimeSpan.MaxValue;
            TimeSpan left = _at.Value - _clock.Now;
            return left <= TimeSpan.Zero ? TimeSpan.Zero : left;
        }
    }

    /// <summary>The time since the command started.</summary>
    public TimeSpan Elapsed => _clock.Now - _start;

    /// <summary>True once the time is up.</summary>
    public bool HasPassed => Remaining <= TimeSpan.Zero;

    /// <summary>True when pausing <paramref name="delay"/> still leaves time for another attempt.</summary>
    public bool HasTimeFor(TimeSpan delay) => Remaining > delay;

    /// <summary>One attempt's time-out: <paramref name="attemptLimit"/>, shortened by what is left of the deadline.</summary>
    public TimeSpan AttemptTimeout(TimeSpan attemptLimit)
    {
        TimeSpan remaining = Remaining;
        return remaining < attemptLimit ? remaining : attemptLimit;
    }

    /// <summary>How messages name the limit, e.g. <c>OverallTimeout 3 s</c> (the session option that sets it).</summary>
    public string Describe() =>
        "OverallTimeout " + (Limit ?? TimeSpan.Zero).TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + " s";
}
