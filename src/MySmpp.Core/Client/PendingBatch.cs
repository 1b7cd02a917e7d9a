using System;
using System.Threading.Tasks;
using MySmpp.Errors;

namespace MySmpp.Client;

/// <summary>Unique ids gathered for one request, and later the task that answers them.</summary>
internal sealed class PendingBatch : OrderedBatch
{
    private readonly long[] _ids;
    private Task<BatchOutcome>? _outcome;

    public PendingBatch(int capacity)
    {
        _ids = new long[capacity];
    }

    public int Count { get; private set; }

    public bool IsFull => Count == _ids.Length;

    public ArraySegment<long> Ids => new ArraySegment<long>(_ids, 0, Count);

    /// <summary>Set when the batch is sent; completes with an outcome for every id (or is cancelled).</summary>
    public Task<BatchOutcome>? Outcome
    {
        get => _outcome;
        set
        {
            _outcome = value;
            Request = value;
        }
    }

    /// <inheritdoc />
    public override MySmppException? SessionFatalError => _outcome != null && _outcome.Status == TaskStatus.RanToCompletion ? _outcome.Result.SessionFatalError : null;

    public void Add(long id) => _ids[Count++] = id;
}
