using System.Threading.Tasks;
using MySmpp.Errors;

namespace MySmpp.Client;

/// <summary>
/// A batch of an <see cref="OrderedBatchPipeline{TBatch, TSlot, TResult}"/>: filled, then sent once (or abandoned without
/// a request), and handed out slot by slot in input order after its request completed.
/// </summary>
internal abstract class OrderedBatch
{
    /// <summary>The batch's request, set when it is sent or abandoned (null while it fills).</summary>
    public Task? Request { get; protected set; }

    /// <summary>True once the request completed (answered, failed or cancelled).</summary>
    public bool IsCompleted => Request != null && Request.IsCompleted;

    /// <summary>Input slots (duplicates included) still waiting to be handed out from this batch.</summary>
    public int PendingSlots { get; set; }

    /// <summary>
    /// The error that makes every later request of the session fail alike (bad credentials, a locked account, a proxy's
    /// 407), when this batch's answer carried one; read only after <see cref="IsCompleted"/>.
    /// </summary>
    public abstract MySmppException? SessionFatalError { get; }
}

/// <summary>What an <see cref="OrderedBatchPipeline{TBatch, TSlot, TResult}"/> asks of the operation that owns it, once per batch.</summary>
internal interface IBatchOwner<TBatch>
    where TBatch : OrderedBatch
{
    /// <summary>A new, empty batch to fill.</summary>
    TBatch NewBatch();

    /// <summary>Starts the batch's request (sets its <see cref="OrderedBatch.Request"/>).</summary>
    void Send(TBatch batch);

    /// <summary>
    /// Completes the batch at once without a request (sets its <see cref="OrderedBatch.Request"/>): every item gets
    /// <paramref name="reason"/>, which says why nothing was sent.
    /// </summary>
    void Abandon(TBatch batch, MySmppException reason);

    /// <summary>The batch's last slot was handed out.</summary>
    void HandedOut(TBatch batch);
}

/// <summary>How an <see cref="OrderedBatchPipeline{TBatch, TSlot, TResult}"/> ends when it is cancelled or disconnected.</summary>
internal enum PipelineStopMode
{
    /// <summary>
    /// The caller gets <see cref="System.OperationCanceledException"/> (or <see cref="MySmppDisconnectedException"/>) after
    /// the results already handed out: right for a read-only query, which can simply be run again.
    /// </summary>
    Throw,

    /// <summary>
    /// Every slot still comes out: batches in flight complete by themselves (their owner turns an aborted request into
    /// its items' results), batches not yet sent are abandoned. Right for sending, where every recipient must be
    /// accounted for whatever stops the command.
    /// </summary>
    Drain,
}
