using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Management.Automation.Language;
using MySmpp.Errors;
using MySmpp.Journal;

namespace MySmpp.Commands;

/// <summary>
/// Completes <c>-CampaignName</c> and <c>-RunId</c> of the journal cmdlets from the session's journal: the values of the
/// last 30 days (the latest 5,000 entries at most), latest first. Never opens a journal the session has not opened yet (a completion must not create a file
/// or wait on a lock), and offers only values that are safe to paste into a command line.
/// </summary>
internal sealed class JournalValueCompleter : IArgumentCompleter
{
    private const int MaxEntriesRead = 5000;

    /// <inheritdoc />
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var results = new List<CompletionResult>();
        MySmppSession? session = (fakeBoundParameters?["Session"] as PSObject)?.BaseObject as MySmppSession
            ?? fakeBoundParameters?["Session"] as MySmppSession
            ?? SessionStore.Current;
        if (session == null || !session.IsConnected || !session.JournalIsOpen) return results;

        var seen = new List<string>();
        try
        {
            ISendJournal journal = session.OpenJournal()!;
            var query = new SendJournalQuery { Since = DateTime.Now.AddDays(-30), Limit = MaxEntriesRead, NewestFirst = true };
            foreach (SmsJournalEntry entry in journal.Query(session.JournalAccount(), query))
            {
                string? value = string.Equals(parameterName, "RunId", StringComparison.OrdinalIgnoreCase) ? entry.RunId.ToString("D") : entry.CampaignName;
                if (value != null && !seen.Contains(value)) seen.Add(value);
            }
        }
        catch (Exception ex) when (ex is MySmppJournalException || ex is MySmppDisconnectedException || ex is InvalidOperationException)
        {
            return results;
        }

        string typed = CompletionText.Typed(wordToComplete);
        foreach (string value in seen)
        {
            if (!value.StartsWith(typed, StringComparison.OrdinalIgnoreCase) || !IsPlain(value)) continue;
            results.Add(new CompletionResult(CompletionText.Quoted(value), value, CompletionResultType.ParameterValue, value));
        }

        return results;
    }

    // A campaign name is the user's own text, but the journal is a file: offer only names without quotes, backticks,
    // dollar signs or control characters, so a completion can never turn into code on the command line.
    private static bool IsPlain(string value)
    {
        foreach (char c in value)
        {
            if (char.IsControl(c) || c == '\'' || c == '"' || c == '`' || c == '$' || c == '\u2018' || c == '\u2019' || c == '\u201C' || c == '\u201D') return false;
        }

        return value.Length > 0 && value.Length <= 200;
    }
}
