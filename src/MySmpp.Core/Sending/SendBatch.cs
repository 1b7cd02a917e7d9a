using System.Collections.Generic;
using System.Threading.Tasks;
using MySmpp.Client;

namespace MySmpp;

/// <summary>Recipients gathered for one request, and later the task that answers each of them.</summary>
internal sealed class SendBatch : OrderedBatch
{
    private Task<SmsSendOutcome[]>? _outcome;

    public SendBatch(int capacity)
    {
        Recipients = new List<PreparedRecipient>(capacity);
    }

    public List<PreparedRecipient> Recipients { get; }

    /// <summary>Set when sent; one outcome per recipient, in the batch's order.</summary>
    public Task<SmsSendOutcome[]>? Outcome
    {
        get => _outcome;
        set
        {
            _outcome = value;
            Request = value;
        }
    }
}
