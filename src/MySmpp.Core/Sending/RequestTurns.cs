using System.Threading;
using System.Threading.Tasks;

namespace MySmpp.Sending;

/// <summary>
/// At most N requests in flight, taken by batches in the order they were dispatched. A journaled send keeps more batches
/// under way than requests in flight (<see cref="SmsSendOperation"/>); their journal writes end in any order, and the
/// requests must still leave in input order, so each batch takes a slot only after the batch before it took one (or
/// gave up its turn).
/// </summary>
internal sealed class RequestTurns
{
    private readonly SemaphoreSlim _slots;

    // The turn of the batch dispatched last (dispatching thread only).
    private Task _last = Task.CompletedTask;

    public RequestTurns(int maxInFlight)
    {
        // Never disposed: a batch still settling may release its slot after the operation is disposed.
        _slots = new SemaphoreSlim(maxInFlight, maxInFlight);
    }

    /// <summary>The next batch's turn; call on the dispatching thread, in dispatch order.</summary>
    public Turn Next()
    {
        var turn = new Turn(_slots, _last);
        _last = turn.Taken;
        return turn;
    }

    /// <summary>One batch's place in line for a request slot.</summary>
    internal sealed class Turn
    {
        private readonly SemaphoreSlim _slots;
        private readonly Task _previous;
        private readonly TaskCompletionSource<bool> _taken = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);

        public Turn(SemaphoreSlim slots, Task previous)
        {
            _slots = slots;
            _previous = previous;
        }

        /// <summary>Completes (never faults) once this batch took its slot or gave up its turn.</summary>
        public Task Taken => _taken.Task;

        /// <summary>Waits for the batches before it, then for a free slot; release the slot with <see cref="Release"/>.</summary>
        /// <exception cref="System.OperationCanceledException">Cancelled while waiting: no slot was taken.</exception>
        public async Task TakeAsync(CancellationToken cancellationToken)
        {
            try
            {
                await _previous.ConfigureAwait(false);
                await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                Pass();
            }
        }

        /// <summary>Lets the next batch take its turn (idempotent): after its slot was taken, or when it sends nothing.</summary>
        public void Pass() => _taken.TrySetResult(true);

        /// <summary>Gives back the slot <see cref="TakeAsync"/> took.</summary>
        public void Release() => _slots.Release();
    }
}
