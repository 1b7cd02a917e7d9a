using System.Collections.Generic;
using MySmpp.Model;

namespace MySmpp.Protocol;

/// <summary>What one response said: the states it carried, messages about single ids, or the gateway's error text.</summary>
internal sealed class StateResponse
{
    private static readonly List<IdMessage> NoMessages = new List<IdMessage>(0);

    public StateResponse(List<SmsState> states, string? errorText, List<IdMessage>? idMessages = null)
    {
        States = states;
        ErrorText = errorText;
        IdMessages = idMessages ?? NoMessages;
    }

    public List<SmsState> States { get; }

    /// <summary>Ids the server answered with a text instead of a status (in answer order).</summary>
    public List<IdMessage> IdMessages { get; }

    /// <summary>The gateway's error text (<c>error</c> element, attribute or JSON property), or null.</summary>
    public string? ErrorText { get; }

    /// <summary>True when the answer says something about at least one id.</summary>
    public bool HasAnswers => States.Count > 0 || IdMessages.Count > 0;
}
