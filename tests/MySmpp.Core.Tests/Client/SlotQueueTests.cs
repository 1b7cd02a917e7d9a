using System;
using System.Collections.Generic;
using MySmpp.Client;
using Xunit;

namespace MySmpp.Core.Tests.Client;

/// <summary>The ordered pipeline's own queue: first in, first out, across the ring's wrap and its growth.</summary>
public sealed class SlotQueueTests
{
    [Fact]
    public void Slots_come_out_in_the_order_they_went_in_across_wraps_and_growth()
    {
        var queue = new SlotQueue<int>();
        var model = new Queue<int>();
        var random = new Random(27);
        int next = 0;
        for (int step = 0; step < 20_000; step++)
        {
            // Mostly adding early on (the ring grows), then as much taking as adding (the head wraps round).
            if (random.Next(step < 5_000 ? 3 : 2) == 0 && model.Count > 0)
            {
                Assert.Equal(model.Peek(), queue.Peek());
                Assert.Equal(model.Dequeue(), queue.Dequeue());
            }
            else
            {
                queue.Enqueue(next);
                model.Enqueue(next++);
            }

            Assert.Equal(model.Count, queue.Count);
        }

        while (model.Count > 0) Assert.Equal(model.Dequeue(), queue.Dequeue());
        Assert.Equal(0, queue.Count);
    }

    [Fact]
    public void An_empty_queue_says_so()
    {
        var queue = new SlotQueue<string>();
        Assert.Throws<InvalidOperationException>(() => queue.Peek());
        Assert.Throws<InvalidOperationException>(() => queue.Dequeue());
        queue.Enqueue("a");
        Assert.Equal("a", queue.Dequeue());
        Assert.Throws<InvalidOperationException>(() => queue.Dequeue());
    }
}
