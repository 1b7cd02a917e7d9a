using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using MySmpp.Errors;
using MySmpp.Sending;

namespace MySmpp.Client;

/// <summary>
/// The in-order batch skeleton of <see cref="StateQuery"/> and <see cref="SmsSendOperation"/>: items join the filling
/// batch, a full batch is sent with at most MaxConcurrency requests in flight (sending blocks until one completes), and
/// results leave in input order as soon as the head item's batch is answered. Every slot enqueued comes out exactly once,
/// or (<see cref="PipelineStopMode.Throw"/>) the pipeline throws because it was cancelled or the session disconnected.
/// </summary>
/// <remarks>
/// <para>
/// It also owns "stop sending after a fatal answer": once a completed batch carries a session-fatal error (bad
/// credentials, a locked account, a proxy's 407), every later batch is abandoned with that error instead of sent, since
/// every request would fail alike. <see cref="Stop"/> does the same on request (a send stopped at its first error).
/// </para>
/// <para>
/// The per-item work is generic over a slot struct (<typeparamref name="TSlot"/>), so enqueuing an item and taking its
/// result are direct calls: the state query's hot path gains no allocation, virtual or delegate call per id. The owner's
/// calls (<see cref="IBatchOwner{TBatch}"/>) happen once per batch. Use from one thread at a time; <see cref="Cancel"/>
/// and <see cref="Stop"/> from any thread.
/// </para>
/// </remarks>
/// <typeparam name="TBatch">The owner's batch.</typeparam>
/// <typeparam name="TSlot">One input item's place in line.</typeparam>
/// <typeparam name="TResult">What one item comes out as.</typeparam>
internal sealed class OrderedBatchPipeline<TBatch, TSlot, TResult> : IDisposable
    where TBatch : OrderedBatch
    where TSlot : struct, IOrderedSlot<TBatch, TResult>
{
    private readonly IBatchOwner<TBatch> _owner;
    private readonly PipelineStopMode _mode;
    private readonly int _maxConcurrency;
    private readonly TrafficStatistics _statistics;
    private readonly CancellationToken _callerToken;
    private readonly CancellationToken _sessionLifetime;
    private readonly string _disconnectedMessage;
    private readonly CancellationTokenSource _cancellation;

    // Kept apart from the source: the token stays readable after Dispose.
    private readonly CancellationToken _token;
    private readonly SlotQueue<TSlot> _slots = new SlotQueue<TSlot>();
    private readonly List<TBatch> _inFlight = new List<TBatch>();
    private TBatch? _filling;
    private MySmppException? _fatal;
    private volatile MySmppException? _stopped;
    private bool _disposed;

    /// <param name="owner">Makes, sends and abandons the batches.</param>
    /// <param name="mode">What cancellation and a disconnect do to the caller.</param>
    /// <param name="maxConcurrency">Requests in flight at most.</param>
    /// <param name="statistics">Counts every batch sent.</param>
    /// <param name="callerToken">The caller's cancellation (Ctrl+C).</param>
    /// <param name="sessionLifetime">Cancelled when the session is disconnected: stops the pipeline like
    /// <paramref name="callerToken"/>, but is reported as <see cref="MySmppDisconnectedException"/>.</param>
    /// <param name="disconnectedMessage">The message of that <see cref="MySmppDisconnectedException"/>.</param>
    public OrderedBatchPipeline(
        IBatchOwner<TBatch> owner,
        PipelineStopMode mode,
        int maxConcurrency,
        TrafficStatistics statistics,
        CancellationToken callerToken,
        CancellationToken sessionLifetime,
        string disconnectedMessage)
    {
        _owner = owner;
        _mode = mode;
        _maxConcurrency = maxConcurrency;
        _statistics = statistics;
        _callerToken = callerToken;
        _sessionLifetime = sessionLifetime;
        _disconnectedMessage = disconnectedMessage;

        // Disconnecting the session cancels like Ctrl+C would, and is then reported as a disconnection.
        _cancellation = CancellationTokenSource.CreateLinkedTokenSource(callerToken, sessionLifetime);
        _token = _cancellation.Token;
    }

    /// <summary>Cancelled by <see cref="Cancel"/>, <see cref="Dispose"/>, the caller's token or a disconnect.</summary>
    public CancellationToken Token => _token;

    /// <summary>True after <see cref="Finish"/> or <see cref="Dispose"/>: nothing more may be added.</summary>
    public bool IsFinished { get; private set; }

    /// <summary>Slots enqueued but not yet handed out.</summary>
    public int Pending => _slots.Count;

    /// <summary>The batch new items join; a new one is made when the last was sent.</summary>
    public TBatch Filling => _filling ??= _owner.NewBatch();

    /// <summary>
    /// Why batches are no longer sent, once they are not: the first session-fatal answer, <see cref="Stop"/>'s reason, a
    /// disconnect or a cancellation; null while batches are still sent.
    /// </summary>
    public MySmppException? StopReason => _stopped ?? _fatal ?? CancellationReason();

    /// <summary>Puts an item in line (after adding it to <see cref="Filling"/>, or with its result already known).</summary>
    public void Enqueue(TSlot slot)
    {
        TBatch? batch = slot.Batch;
        if (batch != null) batch.PendingSlots++;
        _slots.Enqueue(slot);
    }

    /// <summary>
    /// Sends the filling batch, first waiting while <c>maxConcurrency</c> requests are in flight; abandons it instead when
    /// the pipeline no longer sends (<see cref="StopReason"/>).
    /// </summary>
    /// <exception cref="OperationCanceledException">Cancelled while waiting (<see cref="PipelineStopMode.Throw"/>).</exception>
    /// <exception cref="MySmppDisconnectedException">The session was disconnected while waiting (<see cref="PipelineStopMode.Throw"/>).</exception>
    public void SendFilling()
    {
        ThrowIfStopped();
        TBatch batch = _filling!;
        PruneCompleted();
        while (StopReason == null && _inFlight.Count >= _maxConcurrency)
        {
            WaitAny();
            PruneCompleted();
        }

        // Only now is the batch no longer filling: a stop while waiting above leaves it filling, so a later
        // Finish tries to send it again and reports the stop, instead of waiting on a request never made.
        _filling = null;
        MySmppException? reason = StopReason;
        if (reason != null)
        {
            _owner.Abandon(batch, reason);
            return;
        }

        _statistics.AddBatch();
        _owner.Send(batch);
        _inFlight.Add(batch);
    }

    /// <summary>While more than <paramref name="maxPending"/> slots wait, waits for the head's batch (sending it if needed).</summary>
    public void WaitWhilePendingOver(int maxPending)
    {
        while (_slots.Count > maxPending && !HeadIsReady)
        {
            Wait(_slots.Peek().Batch!);
        }
    }

    /// <summary>Hands out, in input order, the results already known. Never blocks.</summary>
    public IEnumerable<TResult> TakeCompleted()
    {
        // Called after every item and usually with nothing ready: answer that without an iterator object.
        if (!HeadIsReady) return Array.Empty<TResult>();
        return TakeCompletedIterator();
    }

    /// <summary>Sends what is left and hands out every remaining result in input order, waiting as needed.</summary>
    public IEnumerable<TResult> Finish()
    {
        IsFinished = true;
        if (_filling != null) SendFilling();
        while (_slots.Count > 0)
        {
            TBatch? head = _slots.Peek().Batch;
            if (head != null) Wait(head);
            yield return TakeHead();
        }
    }

    /// <summary>
    /// Sends no more batches: the filling one and any later one are abandoned with <paramref name="reason"/>; requests in
    /// flight complete normally. Safe from any thread; the first reason stays.
    /// </summary>
    public void Stop(MySmppException reason)
    {
        if (reason == null) throw new ArgumentNullException(nameof(reason));
#pragma warning disable CS0420 // a volatile field passed by reference: Interlocked gives the same guarantee.
        Interlocked.CompareExchange(ref _stopped, reason, null);
#pragma warning restore CS0420
    }

    /// <summary>
    /// Cancels: in-flight requests are aborted, nothing more is sent. Safe from another thread (PowerShell's
    /// StopProcessing) and after <see cref="Dispose"/> (then a no-op).
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

    /// <summary>Cancels anything still in flight and releases the pipeline.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        IsFinished = true;
        _disposed = true;
        _cancellation.Cancel();
        _cancellation.Dispose();
    }

    /// <summary>
    /// In <see cref="PipelineStopMode.Throw"/>, throws when the pipeline cannot go on: <see cref="MySmppDisconnectedException"/>
    /// when the session was disconnected (and the caller did not cancel too), <see cref="OperationCanceledException"/> when
    /// cancelled. In <see cref="PipelineStopMode.Drain"/> it never throws: the results say what happened.
    /// </summary>
    public void ThrowIfStopped()
    {
        if (_mode == PipelineStopMode.Drain) return;
        if (IsDisconnected) throw new MySmppDisconnectedException(_disconnectedMessage);
        _token.ThrowIfCancellationRequested();
    }

    private bool IsDisconnected => _sessionLifetime.IsCancellationRequested && !_callerToken.IsCancellationRequested;

    private MySmppException? CancellationReason()
    {
        if (!_token.IsCancellationRequested) return null;
        if (IsDisconnected) return new MySmppDisconnectedException(_disconnectedMessage);
        return new MySmppStoppedException("The command was stopped before this request was made; nothing was sent for it.");
    }

    private bool HeadIsReady
    {
        get
        {
            if (_slots.Count == 0) return false;
            TBatch? batch = _slots.Peek().Batch;
            return batch == null || batch.IsCompleted;
        }
    }

    private IEnumerable<TResult> TakeCompletedIterator()
    {
        while (HeadIsReady)
        {
            yield return TakeHead();
        }
    }

    private TResult TakeHead()
    {
        TBatch? batch = _slots.Peek().Batch;
        if (batch != null && batch.Request!.IsCanceled) ThrowIfStopped();
        TResult result = _slots.Dequeue().Take();
        if (batch != null && --batch.PendingSlots == 0) _owner.HandedOut(batch);
        return result;
    }

    // Completed batches leave the in-flight set, but not before a session-fatal answer of theirs is seen.
    private void PruneCompleted()
    {
        foreach (TBatch done in _inFlight)
        {
            if (done.IsCompleted) Observe(done);
        }

        _inFlight.RemoveAll(b => b.IsCompleted);
    }

    private void Observe(TBatch batch)
    {
        if (_fatal == null && batch.Request!.Status == TaskStatus.RanToCompletion) _fatal = batch.SessionFatalError;
    }

    private void Wait(TBatch batch)
    {
        if (batch == _filling) SendFilling();
        if (_mode == PipelineStopMode.Drain)
        {
            // The owner completes every request by itself, aborted ones included; a fault would be a bug of its own,
            // which taking the slot reports.
            try
            {
                batch.Request!.Wait();
            }
            catch (AggregateException)
            {
            }
        }
        else
        {
            try
            {
                batch.Request!.Wait(_token);
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
        }

        Observe(batch);
    }

    private void WaitAny()
    {
        var tasks = new Task[_inFlight.Count];
        for (int i = 0; i < tasks.Length; i++) tasks[i] = _inFlight[i].Request!;
        if (_mode == PipelineStopMode.Drain)
        {
            Task.WaitAny(tasks);
            return;
        }

        try
        {
            Task.WaitAny(tasks, _token);
        }
        catch (OperationCanceledException)
        {
            ThrowIfStopped();
            throw;
        }

        ThrowIfStopped();
    }
}
