using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;

namespace MySmpp.Module.Tests;

/// <summary>A hosted runspace with the module imported; runs scripts and keeps every stream apart.</summary>
public sealed class Shell : IDisposable
{
    private const string TerminatingVariable = "MySmppTestTerminatingError";
    private readonly Runspace _runspace;

    public Shell(Runspace runspace) => _runspace = runspace;

    public Runspace Runspace => _runspace;

    /// <summary>Runs <paramref name="script"/> (its arguments are <c>$args</c>) and returns all its streams.</summary>
    public ShellResult Run(string script, params object?[] arguments)
    {
        using PowerShell ps = PowerShell.Create();
        ps.Runspace = _runspace;

        // A terminating error ends a hosted script's statement, not the script: catch it so a test can tell
        // a terminating error (ThrowTerminatingError) from a non-terminating one (WriteError).
        _runspace.SessionStateProxy.SetVariable(TerminatingVariable, null);
        ps.AddScript("try {\n" + script + "\n} catch { $global:" + TerminatingVariable + " = $_ }");
        foreach (object? argument in arguments) ps.AddArgument(argument);
        Collection<PSObject> output = new Collection<PSObject>();
        Exception? terminating = null;
        ErrorRecord? terminatingRecord = null;
        try
        {
            output = ps.Invoke();
        }
        catch (RuntimeException e)
        {
            terminating = e;
            terminatingRecord = e.ErrorRecord;
        }

        if (terminating == null && _runspace.SessionStateProxy.GetVariable(TerminatingVariable) is ErrorRecord caught)
        {
            terminating = caught.Exception is IContainsErrorRecord ? caught.Exception : new RuntimeException(caught.ToString(), caught.Exception, caught);
            terminatingRecord = caught;
        }

        return new ShellResult(
            output.Where(o => o != null).ToList(),
            ps.Streams.Error.ToList(),
            terminating,
            ps.Streams.Warning.Select(w => w.Message).ToList(),
            ps.Streams.Verbose.Select(v => v.Message).ToList(),
            ps.Streams.Debug.Select(d => d.Message).ToList(),
            ps.Streams.Progress.ToList(),
            ps.Streams.Information.Select(i => i.MessageData?.ToString() ?? string.Empty).ToList())
        {
            TerminatingRecord = terminatingRecord,
        };
    }

    /// <summary>Sets a variable in the runspace (objects keep their identity).</summary>
    public void Set(string name, object? value) => _runspace.SessionStateProxy.SetVariable(name, value);

    public object? Get(string name) => _runspace.SessionStateProxy.GetVariable(name);

    public void Dispose() => _runspace.Dispose();
}

/// <summary>What a script wrote, stream by stream; <see cref="Terminating"/> is the exception that stopped it.</summary>
public sealed record ShellResult(
    IReadOnlyList<PSObject> Output,
    IReadOnlyList<ErrorRecord> Errors,
    Exception? Terminating,
    IReadOnlyList<string> Warnings,
    IReadOnlyList<string> Verbose,
    IReadOnlyList<string> Debug,
    IReadOnlyList<ProgressRecord> Progress,
    IReadOnlyList<string> Information)
{
    /// <summary>The error record of the terminating error, if there was one.</summary>
    public ErrorRecord? TerminatingRecord { get; init; }

    /// <summary>Every text the script made visible: output (as formatted strings), errors, warnings, verbose, debug, information, progress.</summary>
    public string AllText() => string.Join("\n",
        Output.Select(o => o.ToString())
            .Concat(Errors.Select(e => e.ToString() + " " + e.Exception))
            .Concat(Terminating == null ? Array.Empty<string>() : new[] { Terminating.ToString(), TerminatingRecord?.ToString() ?? string.Empty })
            .Concat(Warnings).Concat(Verbose).Concat(Debug).Concat(Information)
            .Concat(Progress.Select(p => p.Activity + " " + p.StatusDescription + " " + p.CurrentOperation)));

    /// <summary>Throws with every error's text when the script wrote an error or was stopped.</summary>
    public ShellResult ThrowOnError()
    {
        if (Terminating != null) throw new InvalidOperationException("The script stopped: " + Terminating.Message, Terminating);
        if (Errors.Count > 0) throw new InvalidOperationException("The script wrote errors: " + string.Join(" | ", Errors.Select(e => e.FullyQualifiedErrorId + ": " + e)));
        return this;
    }
}
