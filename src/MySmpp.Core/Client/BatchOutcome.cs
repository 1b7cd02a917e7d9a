using System;
using System.Buffers;
using System.Collections.Generic;
using MySmpp.Errors;
using MySmpp.Model;

namespace MySmpp.Client;

/// <summary>
/// What became of one batch: a state or an error per id. An id the answer did not mention becomes
/// <see cref="MySmppIdNotFoundException"/> when it is looked up, so nothing is ever dropped.
/// </summary>
/// <remarks>
/// Built over the batch's (unique) ids, states are kept by position: answers come in request order,
/// and results are taken in that order too, so a cursor finds each id at once and no per-batch hash
/// table is needed. An answer out of order (or mentioning ids not asked) falls back to an id → position
/// map built on first need. Filled by the batch's task, read after it completed, by one thread.
/// </remarks>
internal sealed class BatchOutcome
{
    // How far past the cursor an id is looked for before the map is built: covers ids the answer left out.
    private const int ScanAhead = 8;

    private readonly long[]? _ids;
    private readonly int _offset;
    private readonly int _count;
    private readonly SmsState?[]? _states;
    private Dictionary<long, int>? _positions;
    private Dictionary<long, MySmppException>? _errors;
    private int _addCursor;
    private int _getCursor;

    /// <summary>An outcome for the batch <paramref name="ids"/> (unique ids, as a query forms them).</summary>
    public BatchOutcome(ArraySegment<long> ids)
    {
        _ids = ids.Array ?? Array.Empty<long>();
        _offset = ids.Offset;
        _count = ids.Count;
        _states = new SmsState?[ids.Count];
    }

    /// <summary>An outcome that will only hold errors (e.g. a batch never sent).</summary>
    public BatchOutcome(int capacity)
    {
        _count = capacity;
    }

    /// <summary>The first error that makes the whole session unusable, if any.</summary>
    public MySmppException? SessionFatalError { get; private set; }

    /// <summary>
    /// Takes an answer's states if every one of them is about an id of <paramref name="asked"/> (a part of
    /// this batch); otherwise takes nothing and names the first stranger. Ids answered more than once
    /// are listed (once per extra occurrence) for the caller to fail.
    /// </summary>
    public bool TryAddStates(ArraySegment<long> asked, List<SmsState> states, out long notAsked, out List<long>? duplicated)
    {
        notAsked = 0;
        duplicated = null;
        if (_states == null) throw new InvalidOperationException("This outcome holds errors only.");
        int count = states.Count;
        if (count == 0) return true;

        int[] positions = ArrayPool<int>.Shared.Rent(count);
        bool[] seen = ArrayPool<bool>.Shared.Rent(_count);
        try
        {
            Array.Clear(seen, 0, _count);
            int first = ReferenceEquals(asked.Array, _ids) ? asked.Offset - _offset : -1;
            for (int i = 0; i < count; i++)
            {
                long id = states[i].Id;
                int position = Locate(id, ref _addCursor);
                if (position < 0 || !IsAsked(position, id, first, asked))
                {
                    notAsked = id;
                    return false;
                }

                if (seen[position]) (duplicated ??= new List<long>()).Add(id);
                seen[position] = true;
                positions[i] = position;
            }

            // Later duplicates overwrite earlier ones; the caller fails those ids anyway.
            for (int i = 0; i < count; i++) _states[positions[i]] = states[i];
            return true;
        }
        finally
        {
            ArrayPool<int>.Shared.Return(positions);
            ArrayPool<bool>.Shared.Return(seen);
        }
    }

    public void Fail(IReadOnlyList<long> ids, MySmppException error)
    {
        _errors ??= new Dictionary<long, MySmppException>(ids.Count);
        foreach (long id in ids)
        {
            if (_states != null)
            {
                int position = Locate(id, ref _getCursor);
                if (position >= 0) _states[position] = null;
            }

            _errors[id] = error;
        }

        // Failing from the start again: the results are still to be taken in order.
        _getCursor = 0;
        if (error.IsSessionFatal && SessionFatalError == null) SessionFatalError = error;
    }

    public SmsStateResult Get(long id)
    {
        if (_states != null)
        {
            int position = Locate(id, ref _getCursor);
            SmsState? state = position >= 0 ? _states[position] : null;
            if (state != null) return new SmsStateResult(state);
        }

        if (_errors != null && _errors.TryGetValue(id, out MySmppException? error)) return new SmsStateResult(id, error);
        return new SmsStateResult(id, new MySmppIdNotFoundException(
            "The gateway did not report message id " + id + " (unknown to this account, or not sent).", new[] { id }));
    }

    private static bool IsAsked(int position, long id, int first, ArraySegment<long> asked)
    {
        if (first >= 0) return position >= first && position < first + asked.Count;

        // Not a part of this batch's array (not how the executor calls): compare the ids themselves.
        foreach (long candidate in asked)
        {
            if (candidate == id) return true;
        }

        return false;
    }

    /// <summary>The position of <paramref name="id"/> in the batch, or -1; moves the cursor past it.</summary>
    private int Locate(long id, ref int cursor)
    {
        long[]? ids = _ids;
        if (ids == null) return -1;
        int end = Math.Min(_count, cursor + ScanAhead);
        for (int p = cursor; p < end; p++)
        {
            if (ids[_offset + p] == id)
            {
                cursor = p + 1;
                return p;
            }
        }

        if (_positions == null)
        {
            var positions = new Dictionary<long, int>(_count);
            for (int p = 0; p < _count; p++)
            {
                long key = ids[_offset + p];
                if (!positions.ContainsKey(key)) positions.Add(key, p);
            }

            _positions = positions;
        }

        if (_positions.TryGetValue(id, out int found))
        {
            cursor = found + 1;
            return found;
        }

        return -1;
    }
}
