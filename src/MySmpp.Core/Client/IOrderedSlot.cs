namespace MySmpp.Client;

/// <summary>
/// One input item's place in an <see cref="OrderedBatchPipeline{TBatch, TSlot, TResult}"/>: the batch it waits on
/// and how its result is taken once that batch is answered.
/// </summary>
/// <remarks>
/// Implemented by structs: the pipeline is generic over the slot type, so these calls are direct (and
/// inlinable), not interface dispatches, on the per-item path.
/// </remarks>
/// <typeparam name="TBatch">The owner's batch type.</typeparam>
/// <typeparam name="TResult">What one item comes out as.</typeparam>
internal interface IOrderedSlot<TBatch, TResult>
    where TBatch : OrderedBatch
{
    /// <summary>The batch whose answer this slot waits for, or null when its result was known when it was added.</summary>
    TBatch? Batch { get; }

    /// <summary>The item's result; called once, after <see cref="Batch"/> completed without being cancelled.</summary>
    TResult Take();
}
