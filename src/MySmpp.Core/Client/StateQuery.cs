using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;
using MySmpp.Errors;
using MySmpp.Model;

namespace MySmpp.Client;

/// <summary>
/// A streaming status query: ids go in one at a time (<see cref="Add"/>), are grouped into batches,
/// several batches are in flight at once, and results come out in input order as soon as they are
/// known (<see cref="TakeCompleted"/>, then <see cref="Finish"/>). Memory is bounded by batch size ×
/// concurrency, not by the number of ids. Every id occurrence added comes out exactly once, as a
/// state or an error. Use from one thread at a time; <see cref="MySmppClient"/> may run many queries.
/// </summary>
public sealed class StateQuery : IDisposable
{
    private static readonly bool InlineDispatch =
        !RuntimeInformation.FrameworkDescription.StartsWith(".NET Framework", StringComparison.OrdinalIgnoreCase);

    private readonly StateExchange _exchange;
    private readonly int _batchSize;
    private readonly int _maxQueuedSlots;
    private readonly bool _detail;
    private readonly CommandContext _command;
    private readonly OrderedBatchPipeline<PendingBatch, Slot, SmsStateResult> _pipeline;

    // Ids of batches not yet fully handed out: a duplicate of one of them shares its answer.
    private readonly Dictionary<long, PendingBatch> _openIds = new Dictionary<long, PendingBatch>();

    internal StateQuery(StateExchange exchange, MySmppSessionOptions options, StateQueryOptions queryOptions, CancellationToken cancellationToken, CancellationToken sessionLifetime)
    {
        _exchange = exchange;
        _batchSize = options.BatchSize;
        _detail = queryOptions.Detail;

        // Duplicates add slots without adding requests; cap them too so memory stays flat.
        _maxQueuedSlots = options.BatchSize * (options.MaxConcurrency + 2) * 2;
        Statistics = new QueryStatistics();
        _pipeline = new OrderedBatchPipeline<PendingBatch, Slot, SmsStateResult>(
            new Owner(this),
            PipelineStopMode.Throw,
            options.MaxConcurrency,
            Statistics,
            cancellationToken,
            sessionLifetime,
            "The session was disconnected while the query ran.");
        _command = new CommandContext(options, queryOptions.OverallTimeout, Statistics, queryOptions.Log, _pipeline.Token, options.BatchSize);
    }

    /// <summary>Traffic counters for this query.</summary>
    public QueryStatistics Statistics { get; }

    /// <summary>Id occurrences added but not yet handed out.</summary>
    public int Pending => _pipeline.Pending;

    /// <summary>
    /// Adds one id. Sends a batch when one fills up; blocks only while the maximum number of batches is
    /// already in flight. Call <see cref="TakeCompleted"/> after adding to collect what is ready.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The id is not positive.</exception>
    /// <exception cref="OperationCanceledException">The query was cancelled.</exception>
    /// <exception cref="MySmppDisconnectedException">The session was disconnected (<see cref="MySmppClient.Dispose"/>) while the query ran.</exception>
    public void Add(long id)
    {
        if (_pipeline.IsFinished) throw new InvalidOperationException("The query is finished; start a new one.");
        if (!MySmppIds.IsValid(id, out string? problem)) throw new ArgumentOutOfRangeException(nameof(id), id, problem);
        _pipeline.ThrowIfStopped();
        Statistics.AddId();

        bool filled = false;
        if (!_openIds.TryGetValue(id, out PendingBatch? batch))
        {
            // A duplicate of an id still in an open batch shares its answer; anything else joins the filling batch.
            batch = _pipeline.Filling;
            batch.Add(id);
            _openIds[id] = batch;
            filled = batch.IsFull;
        }

        _pipeline.Enqueue(new Slot(id, batch));
        if (filled) _pipeline.SendFilling();
        if (_pipeline.Pending > _maxQueuedSlots) _pipeline.WaitWhilePendingOver(_maxQueuedSlots);
    }

    /// <summary>Hands out, in input order, the results that are already known. Never blocks.</summary>
    public IEnumerable<SmsStateResult> TakeCompleted() => _pipeline.TakeCompleted();

    /// <summary>Sends what is left and hands out every remaining result in input order, waiting as needed.</summary>
    /// <exception cref="OperationCanceledException">The query was cancelled.</exception>
    /// <exception cref="MySmppDisconnectedException">The session was disconnected while the query ran; the results handed out before are valid.</exception>
    public IEnumerable<SmsStateResult> Finish() => _pipeline.Finish();

    /// <summary>
    /// Cancels the query: in-flight requests are aborted, nothing more is sent. Safe to call from
    /// another thread (e.g. PowerShell's StopProcessing) and after <see cref="Dispose"/> (then a no-op).
    /// </summary>
    public void Cancel() => _pipeline.Cancel();

    /// <summary>Cancels anything still in flight and releases the query.</summary>
    public void Dispose() => _pipeline.Dispose();

    private readonly struct Slot : IOrderedSlot<PendingBatch, SmsStateResult>
    {
        public Slot(long id, PendingBatch batch)
        {
            Id = id;
            Batch = batch;
        }

        public long Id { get; }

        public PendingBatch Batch { get; }

        public SmsStateResult Take() => Batch.Outcome!.GetAwaiter().GetResult().Get(Id);
    }

    private sealed class Owner : IBatchOwner<PendingBatch>
    {
        private readonly StateQuery _query;

        public Owner(StateQuery query)
        {
            _query = query;
        }

        public PendingBatch NewBatch() => new PendingBatch(_query._batchSize);

        public void Send(PendingBatch batch)
        {
            ArraySegment<long> ids = batch.Ids;
            CommandContext command = _query._command;
            StateExchange exchange = _query._exchange;
            bool detail = _query._detail;

            // On .NET (Core) the exchange is asynchronous from its first await on, so it is started right here: the
            // caller's thread writes the body and hands it to the socket, and one thread-pool hop per batch is saved
            // (about a sixth of the client's CPU at a million ids on two cores). On .NET Framework, HttpWebRequest may
            // resolve names and connect synchronously, so there it starts on the thread pool.
            batch.Outcome = InlineDispatch
                ? exchange.ExecuteAsync(ids, command, detail)
                : Task.Run(() => exchange.ExecuteAsync(ids, command, detail), command.CancellationToken);
        }

        public void Abandon(PendingBatch batch, MySmppException reason)
        {
            // Bad credentials or a locked account: every later request would fail the same way. The error is the same,
            // but names this batch's ids (a caller re-runs failed ids from them) and says it was not sent.
            var outcome = new BatchOutcome(batch.Count);
            ArraySegment<long> notSent = batch.Ids;
            outcome.Fail(notSent, ErrorCopy.With(reason, notSent, reason.Message + " (Not sent: an earlier request of this query got this answer.)"));
            batch.Outcome = Task.FromResult(outcome);
        }

        // The batch's last slot was handed out: later occurrences of its ids need a new request.
        public void HandedOut(PendingBatch batch)
        {
            Dictionary<long, PendingBatch> open = _query._openIds;
            foreach (long id in batch.Ids)
            {
                if (open.TryGetValue(id, out PendingBatch? owner) && owner == batch) open.Remove(id);
            }
        }
    }
}
