using System.Collections.Generic;
using MySmpp.Errors;
using MySmpp.Model;

namespace MySmpp.Callbacks;

/// <summary>What a status webhook body held: the states, and the ids the platform sent a text about instead of a status.</summary>
public sealed class StatusCallbackContent
{
    internal StatusCallbackContent(MySmppProtocol protocol, IReadOnlyList<SmsState> states, IReadOnlyList<MySmppException> problems, IReadOnlyList<long> ids)
    {
        Protocol = protocol;
        States = states;
        Problems = problems;
        Ids = ids;
    }

    /// <summary>The body's flavour: the acknowledgement must be in the same one.</summary>
    public MySmppProtocol Protocol { get; }

    /// <summary>The states, in body order: the same objects Get-SmsState gives.</summary>
    public IReadOnlyList<SmsState> States { get; }

    /// <summary>One error per id whose status was a sentence rather than a status (the platform's word about that id).</summary>
    public IReadOnlyList<MySmppException> Problems { get; }

    /// <summary>Every id the body named, states and problems, in body order: what there is to acknowledge.</summary>
    public IReadOnlyList<long> Ids { get; }
}
