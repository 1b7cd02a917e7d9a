using System.Threading.Tasks;

namespace MySmpp.Client;

/// <summary>
/// A batch of an <see cref="OrderedBatchPipeline{TBatch, TSlot, TResult}"/>: filled, then sent once, and handed out
/// slot by slot in input order after its request completed.
/// </summary>
internal abstract class OrderedBatch
{
    /// <summary>The batch's request, set when it is sent (null while it fills).</summary>
    public Task? Request { get; protected set; }

    /// <summary>True once the request completed (answered, failed or cancelled).</summary>
    public bool IsCompleted => Request != null && Request.IsCompleted;

    /// <summary>Input slots (duplicates included) still waiting to be handed out from this batch.</summary>
    public int PendingSlots { get; set; }
}
