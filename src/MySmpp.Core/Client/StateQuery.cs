using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;
using MySmpp.Client;

namespace MySmpp;

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

    private readonly BatchExecutor _executor;
    private readonly int _batchSize;
    private readonly int _maxQueuedSlots;
    private readonly QueryContext _context;
    private readonly OrderedBatchPipeline<PendingBatch, Slot, SmsStateResult> _pipeline;

    // Ids of batches not yet fully handed out: a duplicate of one of them shares its answer.
    private readonly Dictionary<long, PendingBatch> _openIds = new Dictionary<long, PendingBatch>();
    private MySmppException? _sessionFatal;

    internal StateQuery(BatchExecutor executor, MySmppSessionOptions options, StateQueryOptions queryOptions, CancellationToken cancellationToken, CancellationToken sessionLifetime)
    {
        _executor = executor;
        _batchSize = options.BatchSize;
        // Duplicates add slots without adding requests; cap them too so memory stays flat.
        _maxQueuedSlots = options.BatchSize * (options.MaxConcurrency + 2) * 2;
        Statistics = new QueryStatistics();
        _pipeline = new OrderedBatchPipeline<PendingBatch, Slot, SmsStateResult>(
            options.MaxConcurrency,
            Statistics,
            cancellationToken,
            sessionLifetime,
            "The session was disconnected while the query ran.",
            newBatch: () => new PendingBatch(_batchSize),
            send: Send,
            completed: ObserveFatal,
            handedOut: Release);
        _context = new QueryContext(queryOptions, options, Statistics, _pipeline.Token);
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
    /// <exception cref="ObjectDisposedException">The session was disconnected (<see cref="MySmppClient.Dispose"/>) while the query ran.</exception>
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
    /// <exception cref="ObjectDisposedException">The session was disconnected while the query ran; the results handed out before are valid.</exception>
    public IEnumerable<SmsStateResult> Finish() => _pipeline.Finish();

    /// <summary>
    /// Cancels the query: in-flight requests are aborted, nothing more is sent. Safe to call from
    /// another thread (e.g. PowerShell's StopProcessing) and after <see cref="Dispose"/> (then a no-op).
    /// </summary>
    public void Cancel() => _pipeline.Cancel();

    /// <summary>Cancels anything still in flight and releases the query.</summary>
    public void Dispose() => _pipeline.Dispose();

    private void Send(PendingBatch batch)
    {
        if (_sessionFatal != null)
        {
            // Bad credentials or a locked account: every later request would fail the same way. The error
            // is the same, but names this batch's ids (a caller re-runs failed ids from them) and says it was not sent.
            var outcome = new BatchOutcome(batch.Count);
            ArraySegment<long> notSent = batch.Ids;
            outcome.Fail(notSent, ErrorCopy.With(
                _sessionFatal,
                notSent,
                _sessionFatal.Message + " (Not sent: an earlier request of this query got this answer.)"));
            batch.Outcome = Task.FromResult(outcome);
            return;
        }

        ArraySegment<long> ids = batch.Ids;

        // On .NET (Core) the executor is asynchronous from its first await on, so it is started right here:
        // the caller's thread writes the body and hands it to the socket, and one thread-pool hop per batch
        // is saved (about a sixth of the client's CPU at a million ids on two cores). On .NET Framework,
        // HttpWebRequest may resolve names and connect synchronously, so there it starts on the thread pool.
        batch.Outcome = InlineDispatch
            ? _executor.ExecuteAsync(ids, _context)
            : Task.Run(() => _executor.ExecuteAsync(ids, _context), _context.CancellationToken);
    }

    // Every completed batch passes here before the next is sent: a session-fatal answer stops later requests.
    private void ObserveFatal(PendingBatch batch)
    {
        if (_sessionFatal == null && batch.Outcome != null && batch.Outcome.Status == TaskStatus.RanToCompletion)
        {
            _sessionFatal = batch.Outcome.Result.SessionFatalError;
        }
    }

    // The batch's last slot was handed out: later occurrences of its ids need a new request.
    private void Release(PendingBatch batch)
    {
        foreach (long id in batch.Ids)
        {
            if (_openIds.TryGetValue(id, out PendingBatch? owner) && owner == batch) _openIds.Remove(id);
        }
    }

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
}
