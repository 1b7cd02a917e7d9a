using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace MySmpp.Commands;

/// <summary>Completes <c>-ServerTimeZone</c> with the time zone ids this system knows, each with its display name.</summary>
internal sealed class TimeZoneCompleter : IArgumentCompleter
{
    /// <inheritdoc />
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        string typed = CompletionText.Typed(wordToComplete);
        var results = new List<CompletionResult>();
        foreach (TimeZoneInfo zone in TimeZoneInfo.GetSystemTimeZones())
        {
            if (zone.Id.StartsWith(typed, StringComparison.OrdinalIgnoreCase))
            {
                results.Add(new CompletionResult(CompletionText.Quoted(zone.Id), zone.Id, CompletionResultType.ParameterValue, zone.DisplayName));
            }
        }

        return results;
    }
}
