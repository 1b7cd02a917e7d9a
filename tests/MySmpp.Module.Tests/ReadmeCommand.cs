using System;
using System.Diagnostics;
using System.IO;
using System.Linq;

namespace MySmpp.Module.Tests;

/// <summary>The README's one-line commands (the fenced block after a marker) and how a user's shell runs one.</summary>
internal static class ReadmeCommand
{
    /// <summary>The README's test command: restore, build, every test (<c>.ci/run</c> runs it).</summary>
    public const string TestMarker = "<!-- ci-commands -->";

    /// <summary>The README's main-job command.</summary>
    public const string MainJobMarker = "<!-- main-job-demo -->";

    /// <summary>The lines of the fenced block right after <paramref name="marker"/> in README.md.</summary>
    public static string[] Block(string repoRoot, string marker)
    {
        string[] readme = File.ReadAllLines(Path.Combine(repoRoot, "README.md"));
        int at = Array.FindIndex(readme, l => l.Trim() == marker);
        if (at < 0) throw new InvalidOperationException("README.md has no " + marker + " marker.");
        return readme.Skip(at + 1).SkipWhile(l => l.StartsWith("```", StringComparison.Ordinal)).TakeWhile(l => !l.StartsWith("```", StringComparison.Ordinal)).ToArray();
    }

    /// <summary>
    /// Runs <paramref name="command"/> as a user's shell does (<c>sh -c</c>, or <c>cmd /c</c> on Windows: both know
    /// <c>&amp;&amp;</c>) from <paramref name="workingDirectory"/>, with its output captured.
    /// </summary>
    public static ProcessStartInfo Shell(string command, string workingDirectory)
    {
        var start = OperatingSystem.IsWindows() ? new ProcessStartInfo("cmd.exe") : new ProcessStartInfo("/bin/sh");
        start.ArgumentList.Add(OperatingSystem.IsWindows() ? "/c" : "-c");
        start.ArgumentList.Add(command);
        start.WorkingDirectory = workingDirectory;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        return start;
    }
}
