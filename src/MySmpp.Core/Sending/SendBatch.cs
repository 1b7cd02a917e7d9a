using System.Collections.Generic;
using System.Threading.Tasks;
using MySmpp.Client;
using MySmpp.Errors;

namespace MySmpp.Sending;

/// <summary>Recipients gathered for one request, and later the task that settles each of them.</summary>
internal sealed class SendBatch : OrderedBatch
{
    public SendBatch(int capacity)
    {
        Recipients = new List<PreparedRecipient>(capacity);
    }

    public List<PreparedRecipient> Recipients { get; }

    /// <summary>True once the batch was sent or abandoned: its recipients can no longer be taken out.</summary>
    public bool Dispatched { get; set; }

    /// <summary>The first session-fatal error one of its answers carried (a locked account on a recipient's line, say).</summary>
    public MySmppException? FatalError { get; set; }

    /// <inheritdoc />
    public override MySmppException? SessionFatalError => FatalError;

    /// <summary>Set when sent or abandoned; completes (never faults or cancels) once every recipient has its outcome.</summary>
    public Task? Settled
    {
        get => Request;
        set => Request = value;
    }
}
