using System;
using System.Globalization;
using System.Net.Http;
using System.Threading.Tasks;
using MySmpp.Protocol;

namespace MySmpp.Client;

/// <summary>
/// Sends one batch and turns whatever happens into a <see cref="BatchOutcome"/>: retries transient
/// failures with backoff, splits a batch the gateway rejects, and gives every id of a batch that
/// fails for good an error naming the cause. Never throws, except to honour cancellation.
/// </summary>
internal sealed class BatchExecutor
{
    private readonly MySmppSessionOptions _options;
    private readonly RetryDelay _retryDelay;
    private readonly StateRequestSender _sender;


    public BatchExecutor(HttpClient http, MySmppCredential credential, MySmppSessionOptions options, IStateCodec codec)
    {
        _options = options;
        _retryDelay = new RetryDelay(options.RetryBaseDelay, options.RetryMaxDelay, options.Clock);
        _sender = new StateRequestSender(http, credential, options, codec);
    }

    public Uri Endpoint => _sender.Endpoint;

    public async Task<BatchOutcome> ExecuteAsync(ArraySegment<long> ids, QueryContext query)
    {
        var outcome = new BatchOutcome(ids);
        try
        {
            await RunAsync(ids, query, outcome).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (query.CancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception) when (query.CancellationToken.IsCancellationRequested)
        {
            // Cancelled (Ctrl+C, or the session disconnected) while something else broke: the cancellation is the news.
            throw new OperationCanceledException(query.CancellationToken);
        }
        catch (Exception ex)
        {
            // A bug of ours must still account for every id, not escape as an unhandled exception.
            outcome.Fail(ids, new MySmppProtocolException("Unexpected failure while querying: " + ex.GetType().Name + ".", ids));
        }

        return outcome;
    }

    private async Task RunAsync(ArraySegment<long> ids, QueryContext query, BatchOutcome outcome)
    {
        QueryGuards guards = query.Guards;
        for (int retry = 0; ; retry++)
        {
            MySmppException? blocked = guards.Blocked(ids) ?? (query.Remaining <= TimeSpan.Zero ? DeadlinePassed(ids, query) : null);
            if (blocked != null)
            {
                outcome.Fail(ids, blocked);
                return;
            }

            if (ids.Count > 1 && ids.Count >= guards.RefusedSize)
            {
                // The gateway already refused a batch this big in this query: split before sending, not after a refusal.
                await SplitAsync(ids, query, outcome, "the gateway refused a batch of " + guards.RefusedSize.ToString(CultureInfo.InvariantCulture) + " ids earlier").ConfigureAwait(false);
                return;
            }

            MySmppException failure;
            try
            {
                StateResponse response = await _sender.SendAsync(ids, query).ConfigureAwait(false);
                guards.RecordAnswer();
                ResponseClassifier.Accept(ids, response, outcome, query, _sender.Redactor);
                return;
            }
            catch (MySmppException ex)
            {
                failure = ex;
            }

            guards.RecordFailure(failure, ids.Count);
            if (failure is MySmppProtocolException { RequestRejected: true } && ids.Count > 1 && guards.HasFailureBudget)
            {
                // The gateway's batch limit is undocumented: halve and try again, down to single ids.
                await SplitAsync(ids, query, outcome, failure.Message).ConfigureAwait(false);
                return;
            }

            TimeSpan delay = failure.IsTransient && retry < _options.MaxRetries
                ? _retryDelay.For(retry, (failure as MySmppTransportException)?.RetryAfter)
                : TimeSpan.Zero;
            // A failure that a retry or a split might have cured: say why the ids get it anyway.
            bool explainWhyFinal = failure.IsTransient || failure is MySmppProtocolException { RequestRejected: true };
            if (!failure.IsTransient || retry >= _options.MaxRetries || !query.HasTimeFor(delay) || !guards.HasFailureBudget || guards.IsOpen)
            {
                if (explainWhyFinal)
                {
                    // Every id of the batch gets this error: say why it is final, so the caller knows a re-run of these ids may pass.
                    string attempts = string.Format(CultureInfo.InvariantCulture, " Gave up after {0} attempt{1}", retry + 1, retry == 0 ? string.Empty : "s");
                    string reason = !guards.HasFailureBudget ? guards.BudgetSpentReason()
                        : !failure.IsTransient ? string.Empty
                        : retry >= _options.MaxRetries ? string.Format(CultureInfo.InvariantCulture, "{0} (MaxRetries {1}).", attempts, _options.MaxRetries)
                        : guards.IsOpen ? attempts + ": " + guards.StopReason() + "."
                        : attempts + ": no time left for another (" + OverallLimitName(query) + ").";
                    failure = ErrorCopy.With(failure, message: QueryGuards.Sentence(failure.Message) + reason);
                    query.Log?.Invoke(string.Format(CultureInfo.InvariantCulture, "Giving up on {0} ids: {1}", ids.Count, failure.Message));
                }

                outcome.Fail(ids, failure);
                return;
            }

            query.Statistics.AddRetry();
            query.Log?.Invoke(string.Format(CultureInfo.InvariantCulture,
                "Retry {0} of {1} for {2} ids in {3:0.0} s: {4}", retry + 1, _options.MaxRetries, ids.Count, delay.TotalSeconds, failure.Message));
            await query.Clock.DelayAsync(delay, query.CancellationToken).ConfigureAwait(false);
        }
    }

    private async Task SplitAsync(ArraySegment<long> ids, QueryContext query, BatchOutcome outcome, string reason)
    {
        query.Statistics.AddSplit();
        int half = ids.Count / 2;
        query.Log?.Invoke(string.Format(CultureInfo.InvariantCulture,
            "Splitting a batch of {0} ids into {1} + {2} ({3}).", ids.Count, half, ids.Count - half, reason));
        await RunAsync(new ArraySegment<long>(ids.Array!, ids.Offset, half), query, outcome).ConfigureAwait(false);
        await RunAsync(new ArraySegment<long>(ids.Array!, ids.Offset + half, ids.Count - half), query, outcome).ConfigureAwait(false);
    }

    private static string OverallLimitName(QueryContext query) => "OverallTimeout " + (query.OverallTimeout ?? TimeSpan.Zero).TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + " s";

    private MySmppTransportException DeadlinePassed(ArraySegment<long> ids, QueryContext query) =>
        new MySmppTransportException(
            "No answer for these ids within the query's time limit (" + OverallLimitName(query) + "); not sent.", ids, isTransient: false, isTimeout: true);
}
