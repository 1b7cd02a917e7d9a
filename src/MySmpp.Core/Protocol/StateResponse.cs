using System.Collections.Generic;

namespace MySmpp.Protocol
{
    /// <summary>What one response said: the states it carried, or the gateway's error text.</summary>
    internal sealed class StateResponse
    {
        public StateResponse(List<SmsState> states, string? errorText)
        {
            States = states;
            ErrorText = errorText;
        }

        public List<SmsState> States { get; }

        /// <summary>The gateway's error text (<c>error</c> element, attribute or JSON property), or null.</summary>
        public string? ErrorText { get; }
    }
}
