using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading;
using MySmpp.Errors;

namespace MySmpp.Client;

/// <summary>
/// Keeps one command (a query, a send, an account request) from hammering a gateway that cannot answer it. Three rules, shared by all batches of the command:
/// <list type="bullet">
/// <item>Failure budget: requests that fail (and would be retried or split) may number at most
/// 2 × the batches formed + MaxRetries + 1 + the halvings that take one batch down to a single id (8 for 200).
/// Successful requests are never counted, so a query sends at most the requests its batches need plus that budget.</item>
/// <item>Refusal breaker: once the gateway refuses two requests of a single id each as malformed (one bad id
/// is that id's problem; two mean it refuses everything), splitting cannot help; every later batch fails at
/// once with the gateway's reason.</item>
/// <item>Connection breaker: after max(8, MaxRetries + 1) connection failures in a row (no HTTP answer at all:
/// refused, reset, name or TLS failure, time-out), the gateway is taken for dead and nothing more is sent.</item>
/// </list>
/// </summary>
internal sealed class CommandGuards
{
    /// <summary>Failed requests allowed per batch formed (on top of one batch's full retry ladder).</summary>
    public const int FailuresPerBatch = 2;

    /// <summary>The least number of consecutive connection failures that opens the connection breaker.</summary>
    public const int MinConnectionFailures = 8;

    private readonly int _maxRetries;
    private readonly TrafficStatistics _statistics;
    private readonly int _connectionFailureLimit;
    private readonly int _halvings;
    private int _singleIdRefusals;
    private int _failures;
    private int _consecutiveConnectionFailures;
    private MySmppException? _singleIdRefusal;
    private MySmppException? _gatewayDown;
    private int _refusedSize = int.MaxValue;

    public CommandGuards(int maxRetries, int batchSize, TrafficStatistics statistics)
    {
        _maxRetries = maxRetries;
        _halvings = 0;
        for (int size = batchSize; size > 1; size = (size + 1) / 2) _halvings++;
        _statistics = statistics;
        _connectionFailureLimit = Math.Max(MinConnectionFailures, maxRetries + 1);
    }

    /// <summary>Failed requests the query may make so far (it grows with each batch formed).</summary>
    public long FailureBudget => (FailuresPerBatch * _statistics.Batches) + _maxRetries + 1 + _halvings;

    /// <summary>True while failed requests have not used up <see cref="FailureBudget"/>.</summary>
    public bool HasFailureBudget => Volatile.Read(ref _failures) < FailureBudget;

    /// <summary>Set once a single id was refused as malformed: the reason every later batch gets.</summary>
    public MySmppException? SingleIdRefusal => Volatile.Read(ref _singleIdRefusal);

    /// <summary>Set once the connection breaker opened: the last connection failure.</summary>
    public MySmppException? GatewayDown => Volatile.Read(ref _gatewayDown);

    /// <summary>
    /// The smallest batch the gateway refused as too large (HTTP 413): later batches that big are split
    /// before sending, so that a gateway with a small limit costs its refusals once per query, not once per batch.
    /// </summary>
    public int RefusedSize => Volatile.Read(ref _refusedSize);

    /// <summary>Any HTTP answer (even an error status) proves the gateway is reachable.</summary>
    public void RecordAnswer() => Volatile.Write(ref _consecutiveConnectionFailures, 0);

    /// <summary>Counts a failed request against the budget; opens the breakers it concerns.</summary>
    public void RecordFailure(MySmppException failure, int batchSize)
    {
        Interlocked.Increment(ref _failures);
        if (failure is MySmppProtocolException { RequestRejected: true })
        {
            if (batchSize == 1 && Interlocked.Increment(ref _singleIdRefusals) >= 2) Interlocked.CompareExchange(ref _singleIdRefusal, failure, null);

            // Only "too large" teaches a size limit; a format error may be one bad id's doing.
            int seen;
            while (failure.HttpStatusCode == 413 && batchSize < (seen = Volatile.Read(ref _refusedSize)) && Interlocked.CompareExchange(ref _refusedSize, batchSize, seen) != seen)
            {
                // Another batch lowered it at the same time: try again with its value.
            }
        }

        if (IsConnectionFailure(failure))
        {
            // A TLS, certificate or name failure is the address's fault: every request would fail alike.
            if (!failure.IsTransient || Interlocked.Increment(ref _consecutiveConnectionFailures) >= _connectionFailureLimit)
            {
                Interlocked.CompareExchange(ref _gatewayDown, failure, null);
            }
        }
        else
        {
            RecordAnswer();
        }
    }

    /// <summary>True when the connection breaker is open.</summary>
    public bool IsOpen => SingleIdRefusal != null || GatewayDown != null;

    /// <summary>The error for ids that a breaker keeps from being sent, naming the cause; null while none is open.</summary>
    public MySmppException? Blocked(IReadOnlyList<long> ids)
    {
        MySmppException? refusal = SingleIdRefusal;
        if (refusal != null)
        {
            return ErrorCopy.With(refusal, ids, Sentence(refusal.Message) + " Not sent: the gateway refuses even single ids, so splitting cannot help.");
        }

        MySmppException? down = GatewayDown;
        if (down != null)
        {
            string why = down.IsTransient
                ? string.Format(CultureInfo.InvariantCulture, " Not sent: {0} requests in a row got no answer, so the gateway is taken for unreachable.", _connectionFailureLimit)
                : " Not sent: an earlier request of this query failed this way, and a retry cannot fix it.";
            return ErrorCopy.With(down, ids, Sentence(down.Message) + why);
        }

        return null;
    }

    /// <summary>Why a breaker stopped the query, as a clause (empty while none is open).</summary>
    public string StopReason() =>
        SingleIdRefusal != null ? "the gateway refuses even single ids, so splitting cannot help"
        : GatewayDown != null ? string.Format(CultureInfo.InvariantCulture, "{0} requests in a row got no answer, so the gateway is taken for unreachable", _connectionFailureLimit)
        : string.Empty;

    /// <summary>Why the budget stopped a retry, to append to the last failure's message.</summary>
    public string BudgetSpentReason() => string.Format(
        CultureInfo.InvariantCulture,
        " Gave up: this query's {0} failed requests used up its budget (2 per batch + MaxRetries + 1 + {1} halvings).",
        Volatile.Read(ref _failures),
        _halvings);

    /// <summary>No HTTP answer at all: the failures the connection breaker counts.</summary>
    public static bool IsConnectionFailure(MySmppException failure) =>
        failure is MySmppTransportException transport && !transport.HttpStatusCode.HasValue
        && !(transport.IsTimeout && !transport.IsTransient); // the query's own deadline is not the gateway's fault

    /// <summary>Text ending in a full stop, so that a reason can follow it.</summary>
    public static string Sentence(string text)
    {
        string trimmed = text.TrimEnd();
        if (trimmed.Length == 0) return trimmed;
        char last = trimmed[trimmed.Length - 1];
        return last == '.' || last == '!' || last == '?' || last == ')' && trimmed.EndsWith(".)", StringComparison.Ordinal) ? trimmed : trimmed + ".";
    }
}
