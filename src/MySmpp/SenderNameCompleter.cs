using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Threading;
using MySmpp.Account;
using MySmpp.Errors;
using MySmpp.Sending;

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

                // The names come from the gateway and a completion is pasted into a command line: offer only names
                // Send-Sms accepts (the platform's rule, SmsMessageRules.IsValidSender: ASCII letters, digits, spaces and
                // a fixed set of punctuation), and put any name that is not plain letters and digits in single quotes,
                // where PowerShell expands nothing and only a single quote needs doubling. So no server text can become
                // code on the user's line.
                if (!SmsMessageRules.IsValidSender(name.Value, out _)) continue;
                results.Add(new CompletionResult(Quoted(name.Value), name.Value, CompletionResultType.ParameterValue, name.Value + " (" + name.State + ")"));
            }
        }

        return results;
    }

    // Letters and digits go as they are; anything else in single quotes (a single quote doubled).
    internal static string Quoted(string name)
    {
        foreach (char c in name)
        {
            if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) return "'" + name.Replace("'", "''") + "'";
        }

        return name;
    }
}
