using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Threading;

namespace MySmpp.Commands;

/// <summary>Completes <c>-Sender</c> with the session's sender names, approved ones first (cached per session).</summary>
internal sealed class SenderNameCompleter : IArgumentCompleter
{
    /// <inheritdoc />
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var results = new List<CompletionResult>();
        MySmppSession? session = (fakeBoundParameters?["Session"] as PSObject)?.BaseObject as MySmppSession
            ?? fakeBoundParameters?["Session"] as MySmppSession
            ?? SessionStore.Current;
        if (session == null || !session.IsConnected) return results;
        SenderNameList names;
        try
        {
            // Completion must stay snappy: a slow gateway gives no completions rather than a hung prompt.
            names = SenderNameCache.Get(session, null, null, CancellationToken.None);
        }
        catch (Exception ex) when (ex is MySmppException || ex is OperationCanceledException)
        {
            return results;
        }

        string typed = CompletionText.Typed(wordToComplete);
        foreach (bool approved in new[] { true, false })
        {
            foreach (SenderName name in names.Names)
            {
                if ((name.State == SenderNameState.Approved) != approved) continue;
                if (!name.Value.StartsWith(typed, StringComparison.OrdinalIgnoreCase)) continue;

                // The names come from the gateway and a completion is pasted into a command line: offer only
                // names Send-Sms accepts (the spec's rule), which are plain words, so no server text can become
                // code on the user's line.
                if (!IsValidSenderName(name.Value)) continue;
                results.Add(new CompletionResult(CompletionText.Quoted(name.Value), name.Value, CompletionResultType.ParameterValue, name.Value + " (" + name.State + ")"));
            }
        }

        return results;
    }

    // platform-api.md, section 2: a sender is up to 11 Latin letters and digits, or up to 15 digits.
    private static bool IsValidSenderName(string name)
    {
        if (name.Length == 0 || name.Length > 15) return false;
        bool digitsOnly = true;
        foreach (char c in name)
        {
            bool digit = c >= '0' && c <= '9';
            if (!digit && !((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))) return false;
            digitsOnly &= digit;
        }

        return digitsOnly || name.Length <= 11;
    }
}
