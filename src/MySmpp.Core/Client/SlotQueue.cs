using System;

namespace MySmpp.Client;

/// <summary>
/// A first-in first-out ring of slots: what <see cref="System.Collections.Generic.Queue{T}"/> does for the ordered pipeline,
/// but defined in this assembly. Instantiated over a slot struct of this assembly, its code is then precompiled with the
/// rest of MySmpp.Core in the ReadyToRun images (docs/cold-start.md); the framework's <c>Queue&lt;Slot&gt;</c> can only be
/// compiled at run time, where a runbook's one call would run it unoptimised for every id.
/// </summary>
/// <typeparam name="T">The slot.</typeparam>
internal sealed class SlotQueue<T>
{
    private T[] _items = new T[16];
    private int _head;
    private int _count;

    /// <summary>Slots in the queue.</summary>
    public int Count => _count;

    /// <summary>Adds <paramref name="item"/> at the tail, growing the ring when it is full.</summary>
    public void Enqueue(T item)
    {
        if (_count == _items.Length) Grow();
        int tail = _head + _count;
        if (tail >= _items.Length) tail -= _items.Length;
        _items[tail] = item;
        _count++;
    }

    /// <summary>The slot at the head.</summary>
    /// <exception cref="InvalidOperationException">The queue is empty.</exception>
    public T Peek()
    {
        if (_count == 0) throw new InvalidOperationException("The queue is empty.");
        return _items[_head];
    }

    /// <summary>Removes and returns the slot at the head.</summary>
    /// <exception cref="InvalidOperationException">The queue is empty.</exception>
    public T Dequeue()
    {
        if (_count == 0) throw new InvalidOperationException("The queue is empty.");
        T item = _items[_head];
        _items[_head] = default!;
        _head = _head + 1 == _items.Length ? 0 : _head + 1;
        _count--;
        return item;
    }

    private void Grow()
    {
        var larger = new T[_items.Length * 2];
        int first = Math.Min(_count, _items.Length - _head);
        Array.Copy(_items, _head, larger, 0, first);
        Array.Copy(_items, 0, larger, first, _count - first);
        _items = larger;
        _head = 0;
    }
}
