using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace MySmpp.Commands
{
    /// <summary>Completes a fixed list of names, each with a tool tip.</summary>
    public abstract class NameCompleter : IArgumentCompleter
    {
        /// <summary>The names and their tool tips.</summary>
        protected abstract IEnumerable<KeyValuePair<string, string>> Names();

        /// <inheritdoc />
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            string typed = (wordToComplete ?? string.Empty).Trim('\'', '"');
            var results = new List<CompletionResult>();
            foreach (KeyValuePair<string, string> name in Names())
            {
                if (name.Key.StartsWith(typed, StringComparison.OrdinalIgnoreCase))
                {
                    string text = name.Key.IndexOf(' ') >= 0 ? "'" + name.Key.Replace("'", "''") + "'" : name.Key;
                    results.Add(new CompletionResult(text, name.Key, CompletionResultType.ParameterValue, name.Value));
                }
            }

            return results;
        }
    }

    /// <summary>Completes <c>-Protocol</c>: Json, Xml.</summary>
    public sealed class ProtocolCompleter : NameCompleter
    {
        /// <inheritdoc />
        protected override IEnumerable<KeyValuePair<string, string>> Names()
        {
            yield return new KeyValuePair<string, string>(nameof(MySmppProtocol.Json), "POST /json/state.php; -Detail adds parts and price (default)");
            yield return new KeyValuePair<string, string>(nameof(MySmppProtocol.Xml), "POST /xml/state.php; carries per-channel SMS and Viber statuses");
        }
    }

    /// <summary>Completes <c>-Until</c>: Final, Delivered.</summary>
    public sealed class WaitConditionCompleter : NameCompleter
    {
        /// <inheritdoc />
        protected override IEnumerable<KeyValuePair<string, string>> Names()
        {
            yield return new KeyValuePair<string, string>(nameof(SmsWaitCondition.Final), "Until NotDelivered, Expired or Read (the documented final statuses)");
            yield return new KeyValuePair<string, string>(nameof(SmsWaitCondition.Delivered), "Until Delivered or Read, or any final status");
        }
    }

    /// <summary>Completes <c>-ServerTimeZone</c> with the time zone ids this system knows.</summary>
    public sealed class TimeZoneCompleter : NameCompleter
    {
        /// <inheritdoc />
        protected override IEnumerable<KeyValuePair<string, string>> Names()
        {
            foreach (TimeZoneInfo zone in TimeZoneInfo.GetSystemTimeZones())
            {
                yield return new KeyValuePair<string, string>(zone.Id, zone.DisplayName);
            }
        }
    }
}
