using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Security;

namespace MySmpp.Module.Tests;

/// <summary>
/// A PowerShell host whose user answers every confirmation prompt from a script of answers and whose
/// prompts are recorded, so a test can prove what -Confirm asks, how often, and what happens per answer.
/// </summary>
public sealed class AnsweringHost : PSHost
{
    private readonly AnsweringUserInterface _ui;

    /// <param name="answers">The choice labels to pick, in order (e.g. "&amp;Yes", "&amp;No"); the last one repeats.</param>
    public AnsweringHost(params string[] answers) => _ui = new AnsweringUserInterface(answers);

    /// <summary>The prompts shown, each as "caption | message".</summary>
    public IReadOnlyList<string> Prompts => _ui.Prompts;

    public override string Name => "MySmpp.Module.Tests.AnsweringHost";

    public override Version Version { get; } = new(1, 0);

    public override Guid InstanceId { get; } = Guid.NewGuid();

    public override PSHostUserInterface UI => _ui;

    public override CultureInfo CurrentCulture => CultureInfo.InvariantCulture;

    public override CultureInfo CurrentUICulture => CultureInfo.InvariantCulture;

    public override void SetShouldExit(int exitCode)
    {
    }

    public override void EnterNestedPrompt() => throw new NotSupportedException();

    public override void ExitNestedPrompt() => throw new NotSupportedException();

    public override void NotifyBeginApplication()
    {
    }

    public override void NotifyEndApplication()
    {
    }

    private sealed class AnsweringUserInterface : PSHostUserInterface
    {
        private readonly string[] _answers;
        private readonly List<string> _prompts = new();

        public AnsweringUserInterface(string[] answers) => _answers = answers;

        public IReadOnlyList<string> Prompts => _prompts;

        public override PSHostRawUserInterface? RawUI => null;

        public override int PromptForChoice(string caption, string message, Collection<ChoiceDescription> choices, int defaultChoice)
        {
            string answer = _answers[Math.Min(_prompts.Count, _answers.Length - 1)];
            _prompts.Add(caption + " | " + message);
            for (int i = 0; i < choices.Count; i++)
            {
                if (string.Equals(choices[i].Label, answer, StringComparison.OrdinalIgnoreCase)) return i;
            }

            throw new InvalidOperationException("No choice '" + answer + "' among " + string.Join(", ", System.Linq.Enumerable.Select(choices, c => c.Label)));
        }

        public override Dictionary<string, PSObject> Prompt(string caption, string message, Collection<FieldDescription> descriptions) => throw new NotSupportedException("The test host answers confirmations only.");

        public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName) => throw new NotSupportedException();

        public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName, PSCredentialTypes allowedCredentialTypes, PSCredentialUIOptions options) => throw new NotSupportedException();

        public override string ReadLine() => throw new NotSupportedException();

        public override SecureString ReadLineAsSecureString() => throw new NotSupportedException();

        public override void Write(string value)
        {
        }

        public override void Write(ConsoleColor foregroundColor, ConsoleColor backgroundColor, string value)
        {
        }

        public override void WriteLine(string value)
        {
        }

        public override void WriteErrorLine(string value)
        {
        }

        public override void WriteDebugLine(string message)
        {
        }

        public override void WriteProgress(long sourceId, ProgressRecord record)
        {
        }

        public override void WriteVerboseLine(string message)
        {
        }

        public override void WriteWarningLine(string message)
        {
        }
    }
}
