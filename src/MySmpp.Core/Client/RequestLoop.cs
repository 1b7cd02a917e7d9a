using System;
using System.Globalization;
using System.Threading.Tasks;
using MySmpp.Errors;

namespace MySmpp.Client;

/// <summary>One kind of batched request (a status query, a send, an account request), as <see cref="RequestLoop"/> drives it.</summary>
/// <typeparam name="TItem">What a batch is made of: message ids, recipients, or one account request.</typeparam>
internal interface IBatchCall<TItem>
{
    /// <summary>How log lines and messages name the items, in the plural ("ids", "recipients", "requests"); <see cref="Wording.Count(long, string)"/> puts it in number.</summary>
    string ItemsName { get; }

    /// <summary>
    /// One request for <paramref name="items"/>: returns when its answer was taken into the outcome, throws the attempt's
    /// <see cref="MySmppException"/> (sanitised by the transport) otherwise.
    /// </summary>
    Task AttemptAsync(ArraySegment<TItem> items, CommandContext command);

    /// <summary>An attempt failed with <paramref name="failure"/>; more may follow (a retry, a split).</summary>
    void AttemptFailed(ArraySegment<TItem> items, MySmppException failure);

    /// <summary>Gives every item its final error; <paramref name="neverSent"/> when no request for them left this loop.</summary>
    void Fail(ArraySegment<TItem> items, MySmppException error, bool neverSent);

    /// <summary>The message ids an error about <paramref name="items"/> names (none for recipients).</summary>
    System.Collections.Generic.IReadOnlyList<long> IdsOf(ArraySegment<TItem> items);
}

/// <summary>
/// The one retry, split and breaker loop of every request the client makes. A batch is tried until an answer is taken or
/// a failure is final: a transient failure (time-out, dropped connection, 5xx, 429, an unreadable answer) is retried with
/// capped exponential backoff and jitter, honouring <c>Retry-After</c>; a batch the gateway refused as a whole (HTTP 413,
/// a "document format" error: it did nothing with it) is halved down to single items; and the command's guards
/// (<see cref="CommandGuards"/>: a failure budget, a connection breaker, a refusal breaker) and deadline stop it from
/// hammering a gateway that cannot answer. Every item comes out with the answer or one error that says why it is final.
/// Never throws, except <see cref="OperationCanceledException"/> when the command is cancelled.
/// </summary>
internal static class RequestLoop
{
    public static async Task RunAsync<TItem>(ArraySegment<TItem> items, IBatchCall<TItem> call, CommandContext command, RetryDelay retryDelay)
    {
        try
        {
            await RunBatchAsync(items, call, command, retryDelay).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (command.CancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception) when (command.CancellationToken.IsCancellationRequested)
        {
            // Cancelled (Ctrl+C, or the session disconnected) while something else broke: the cancellation is the news.
            throw new OperationCanceledException(command.CancellationToken);
        }
        catch (Exception ex)
        {
            // A bug of ours must still account for every item, not escape as an unhandled exception.
            call.Fail(items, new MySmppProtocolException("Unexpected failure while sending a request: " + ex.GetType().Name + ".", call.IdsOf(items)), neverSent: false);
        }
    }

    private static async Task RunBatchAsync<TItem>(ArraySegment<TItem> items, IBatchCall<TItem> call, CommandContext command, RetryDelay retryDelay)
    {
        CommandGuards guards = command.Guards;
        int maxRetries = command.MaxRetries;
        for (int retry = 0; ; retry++)
        {
            MySmppException? blocked = guards.Blocked(call.IdsOf(items)) ?? (command.Deadline.HasPassed ? DeadlinePassed(items, call, command, retry) : null);
            if (blocked != null)
            {
                // Whether an earlier attempt of this batch reached the gateway is the call's to know (it saw them fail).
                call.Fail(items, blocked, neverSent: retry == 0);
                return;
            }

            if (items.Count > 1 && items.Count >= guards.RefusedSize)
            {
                // The gateway already refused a batch this big in this command: split before sending, not after a refusal.
                await SplitAsync(items, call, command, retryDelay, "the gateway refused a batch of " + Wording.Count(guards.RefusedSize, call.ItemsName) + " earlier").ConfigureAwait(false);
                return;
            }

            MySmppException failure;
            try
            {
                await call.AttemptAsync(items, command).ConfigureAwait(false);
                guards.RecordAnswer();
                return;
            }
            catch (MySmppException ex)
            {
                failure = ex;
            }

            call.AttemptFailed(items, failure);
            guards.RecordFailure(failure, items.Count);
            bool refused = failure is MySmppProtocolException { RequestRejected: true };
            if (refused && items.Count > 1 && guards.HasFailureBudget)
            {
                // The gateway's batch limit is undocumented: halve and try again, down to single items.
                await SplitAsync(items, call, command, retryDelay, failure.Message).ConfigureAwait(false);
                return;
            }

            TimeSpan delay = failure.IsTransient && retry < maxRetries
                ? retryDelay.For(retry, (failure as MySmppTransportException)?.RetryAfter)
                : TimeSpan.Zero;
            if (!failure.IsTransient || retry >= maxRetries || !command.Deadline.HasTimeFor(delay) || !guards.HasFailureBudget || guards.IsOpen)
            {
                if (failure.IsTransient || refused)
                {
                    // A failure that a retry or a split might have cured: say why the items get it anyway, so the caller
                    // knows a re-run may pass.
                    failure = ErrorCopy.With(failure, message: CommandGuards.Sentence(failure.Message) + WhyFinal(failure, retry, maxRetries, guards, command));
                    command.Log?.Invoke(string.Format(CultureInfo.InvariantCulture, "Giving up on {0}: {1}", Wording.Count(items.Count, call.ItemsName), failure.Message));
                }

                call.Fail(items, failure, neverSent: false);
                return;
            }

            command.Statistics.AddRetry();
            command.Log?.Invoke(string.Format(CultureInfo.InvariantCulture,
                "Retry {0} of {1} for {2} in {3:0.0} s: {4}", retry + 1, maxRetries, Wording.Count(items.Count, call.ItemsName), delay.TotalSeconds, failure.Message));
            await command.Clock.DelayAsync(delay, command.CancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task SplitAsync<TItem>(ArraySegment<TItem> items, IBatchCall<TItem> call, CommandContext command, RetryDelay retryDelay, string reason)
    {
        command.Statistics.AddSplit();
        int half = items.Count / 2;
        command.Log?.Invoke(string.Format(CultureInfo.InvariantCulture,
            "Splitting a batch of {0} into {1} + {2} ({3}).", Wording.Count(items.Count, call.ItemsName), half, items.Count - half, reason));
        await RunBatchAsync(new ArraySegment<TItem>(items.Array!, items.Offset, half), call, command, retryDelay).ConfigureAwait(false);
        await RunBatchAsync(new ArraySegment<TItem>(items.Array!, items.Offset + half, items.Count - half), call, command, retryDelay).ConfigureAwait(false);
    }

    // The one wording of "why this failure is final", for every kind of request.
    private static string WhyFinal(MySmppException failure, int retry, int maxRetries, CommandGuards guards, CommandContext command)
    {
        if (!guards.HasFailureBudget) return guards.BudgetSpentReason();
        if (!failure.IsTransient) return string.Empty;
        string attempts = string.Format(CultureInfo.InvariantCulture, " Gave up after {0} attempt{1}", retry + 1, retry == 0 ? string.Empty : "s");
        if (retry >= maxRetries) return string.Format(CultureInfo.InvariantCulture, "{0} (MaxRetries {1}).", attempts, maxRetries);
        if (guards.IsOpen) return attempts + ": " + guards.StopReason() + ".";
        return attempts + ": no time left for another (" + command.Deadline.Describe() + ").";
    }

    private static MySmppTransportException DeadlinePassed<TItem>(ArraySegment<TItem> items, IBatchCall<TItem> call, CommandContext command, int retry) =>
        new MySmppTransportException(
            "No answer within the command's time limit (" + command.Deadline.Describe() + ")" + (retry == 0 ? "; not sent." : "."), call.IdsOf(items), isTransient: false, isTimeout: true);
}
