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
    private readonly int _maxConcurrency;
    private readonly int _maxQueuedSlots;
    private readonly CancellationTokenSource _cancellation;
    private readonly CancellationToken _callerToken;
    private readonly CancellationToken _sessionLifetime;
    private readonly QueryContext _context;
    private readonly Queue<Slot> _slots = new Queue<Slot>();
    private readonly Dictionary<long, PendingBatch> _openIds = new Dictionary<long, PendingBatch>();
    private readonly List<PendingBatch> _inFlight = new List<PendingBatch>();
    private PendingBatch? _filling;
    private MySmppException? _sessionFatal;
    private bool _finished;
    private bool _disposed;

    internal StateQuery(BatchExecutor executor, MySmppSessionOptions options, StateQueryOptions queryOptions, CancellationToken cancellationToken, CancellationToken sessionLifetime)
    {
        _executor = executor;
        _batchSize = options.BatchSize;
        _maxConcurrency = options.MaxConcurrency;
        // Duplicates add slots without adding requests; cap them too so memory stays flat.
        _maxQueuedSlots = options.BatchSize * (options.MaxConcurrency + 2) * 2;
        _callerToken = cancellationToken;
        _sessionLifetime = sessionLifetime;

        // Disconnecting the session cancels the query like Ctrl+C would, and is then reported as a disconnection.
        _cancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, sessionLifetime);
        Statistics = new QueryStatistics();
        _context = new QueryContext(queryOptions, options, Statistics, _cancellation.Token);
    }

    /// <summary>Traffic counters for this query.</summary>
    public QueryStatistics Statistics { get; }

    /// <summary>Id occurrences added but not yet handed out.</summary>
    public int Pending => _slots.Count;

    /// <summary>
    /// Adds one id. Sends a batch when one fills up; blocks only while the maximum number of batches is
    /// already in flight. Call <see cref="TakeCompleted"/> after adding to collect what is ready.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The id is not positive.</exception>
    /// <exception cref="OperationCanceledException">The query was cancelled.</exception>
    /// <exception cref="ObjectDisposedException">The session was disconnected (<see cref="MySmppClient.Dispose"/>) while the query ran.</exception>
    public void Add(long id)
    {
        if (_finished) throw new InvalidOperationException("The query is finished; start a new one.");
        if (!MySmppIds.IsValid(id, out string? problem)) throw new ArgumentOutOfRangeException(nameof(id), id, problem);
        ThrowIfStopped();
        Statistics.AddId();

        if (!_openIds.TryGetValue(id, out PendingBatch? batch))
        {
            // A duplicate of an id still in an open batch shares its answer; anything else joins the filling batch.
            batch = _filling ??= new PendingBatch(_batchSize);
            batch.Add(id);
            _openIds[id] = batch;
        }

        batch.PendingSlots++;
        _slots.Enqueue(new Slot(id, batch));
        if (_filling != null && _filling.IsFull) Dispatch();

        while (_slots.Count > _maxQueuedSlots && !_slots.Peek().Batch.IsCompleted)
        {
            if (_slots.Peek().Batch == _filling) Dispatch();
            Wait(_slots.Peek().Batch);
        }
    }

    /// <summary>Hands out, in input order, the results that are already known. Never blocks.</summary>
    public IEnumerable<SmsStateResult> TakeCompleted()
    {
        // Called after every Add and usually with nothing ready: answer that without an iterator object.
        if (_slots.Count == 0 || !_slots.Peek().Batch.IsCompleted) return Array.Empty<SmsStateResult>();
        return TakeCompletedIterator();
    }

    private IEnumerable<SmsStateResult> TakeCompletedIterator()
    {
        while (_slots.Count > 0 && _slots.Peek().Batch.IsCompleted)
        {
            yield return TakeHead();
        }
    }

    /// <summary>Sends what is left and hands out every remaining result in input order, waiting as needed.</summary>
    /// <exception cref="OperationCanceledException">The query was cancelled.</exception>
    /// <exception cref="ObjectDisposedException">The session was disconnected while the query ran; the results handed out before are valid.</exception>
    public IEnumerable<SmsStateResult> Finish()
    {
        _finished = true;
        if (_filling != null) Dispatch();
        while (_slots.Count > 0)
        {
            Wait(_slots.Peek().Batch);
            yield return TakeHead();
        }
    }

    /// <summary>
    /// Cancels the query: in-flight requests are aborted, nothing more is sent. Safe to call from
    /// another thread (e.g. PowerShell's StopProcessing) and after <see cref="Dispose"/> (then a no-op).
    /// </summary>
    public void Cancel()
    {
        try
        {
            _cancellation.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Already disposed: nothing is in flight any more.
        }
    }

    /// <summary>Cancels anything still in flight and releases the query.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _finished = true;
        _disposed = true;
        _cancellation.Cancel();
        _cancellation.Dispose();
    }

    private SmsStateResult TakeHead()
    {
        if (_slots.Peek().Batch.Outcome!.IsCanceled) ThrowIfStopped();
        Slot slot = _slots.Dequeue();
        PendingBatch batch = slot.Batch;
        BatchOutcome outcome = batch.Outcome!.GetAwaiter().GetResult();
        if (outcome.SessionFatalError != null && _sessionFatal == null) _sessionFatal = outcome.SessionFatalError;
        SmsStateResult result = outcome.Get(slot.Id);
        if (--batch.PendingSlots == 0) Release(batch);
        return result;
    }

    private void Dispatch()
    {
        PendingBatch batch = _filling!;
        _filling = null;
        Statistics.AddBatch();

        PruneCompleted();
        while (_inFlight.Count >= _maxConcurrency)
        {
            WaitAny();
            PruneCompleted();
        }

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
        _inFlight.Add(batch);
    }

    // Completed batches leave the in-flight set, but not before a session-fatal answer is noticed.
    private void PruneCompleted()
    {
        foreach (PendingBatch done in _inFlight)
        {
            if (done.IsCompleted) ObserveFatal(done);
        }

        _inFlight.RemoveAll(b => b.IsCompleted);
    }

    private void ObserveFatal(PendingBatch batch)
    {
        if (_sessionFatal == null && batch.Outcome != null && batch.Outcome.Status == TaskStatus.RanToCompletion)
        {
            _sessionFatal = batch.Outcome.Result.SessionFatalError;
        }
    }

    private void Release(PendingBatch batch)
    {
        if (batch == _filling) return;
        foreach (long id in batch.Ids)
        {
            if (_openIds.TryGetValue(id, out PendingBatch? owner) && owner == batch) _openIds.Remove(id);
        }
    }

    private void Wait(PendingBatch batch)
    {
        if (batch == _filling) Dispatch();
        try
        {
            batch.Outcome!.Wait(_context.CancellationToken);
        }
        catch (AggregateException ex) when (ex.InnerException is OperationCanceledException)
        {
            ThrowIfStopped();
            throw;
        }
        catch (OperationCanceledException)
        {
            ThrowIfStopped();
            throw;
        }

        ObserveFatal(batch);
    }

    private void WaitAny()
    {
        var tasks = new Task[_inFlight.Count];
        for (int i = 0; i < tasks.Length; i++) tasks[i] = _inFlight[i].Outcome!;
        try
        {
            Task.WaitAny(tasks, _context.CancellationToken);
        }
        catch (OperationCanceledException)
        {
            ThrowIfStopped();
            throw;
        }

        ThrowIfStopped();
    }

    /// <summary>
    /// Throws when the query cannot go on: <see cref="ObjectDisposedException"/> when the session was disconnected
    /// (and the caller did not cancel too), <see cref="OperationCanceledException"/> when cancelled.
    /// </summary>
    private void ThrowIfStopped()
    {
        if (_sessionLifetime.IsCancellationRequested && !_callerToken.IsCancellationRequested)
        {
            throw new ObjectDisposedException(nameof(MySmppClient), "The session was disconnected while the query ran.");
        }

        _context.CancellationToken.ThrowIfCancellationRequested();
    }

    private readonly struct Slot
    {
        public Slot(long id, PendingBatch batch)
        {
            Id = id;
            Batch = batch;
        }

        public long Id { get; }

        public PendingBatch Batch { get; }
    }
}
