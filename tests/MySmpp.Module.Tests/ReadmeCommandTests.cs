using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using Xunit;

namespace MySmpp.Module.Tests;

/// <summary>
/// The README's test command is one line that needs nothing but the .NET SDK (it restores the repository's own pwsh,
/// builds, and runs every test), and it is exactly what CI runs: <c>.ci/run</c> extracts it from the README, and the
/// GitHub workflow runs the same line. (MainJobDemoTests runs the other one-line command, the main job.)
/// </summary>
[Collection(ModuleCollection.Name)]
public sealed class ReadmeCommandTests
{
    private readonly ModuleFixture _module;

    public ReadmeCommandTests(ModuleFixture module) => _module = module;

    private string TestCommand => Assert.Single(ReadmeCommand.Block(_module.RepoRoot, ReadmeCommand.TestMarker)).Trim();

    [Fact]
    public void The_test_command_is_one_line_that_restores_builds_and_runs_every_test_without_a_pwsh_on_PATH()
    {
        string[] steps = TestCommand.Split("&&", StringSplitOptions.TrimEntries);
        Assert.Equal("dotnet tool restore", steps[0]);
        Assert.StartsWith("dotnet build MySmpp.sln", steps[1], StringComparison.Ordinal);
        Assert.Equal("dotnet pwsh ./build.ps1 -Task Test", steps[^1]);
        Assert.All(steps, s => Assert.StartsWith("dotnet ", s, StringComparison.Ordinal));
        Assert.DoesNotContain("-SkipPester", TestCommand, StringComparison.Ordinal);
    }

    [Fact]
    public void Ci_run_runs_exactly_the_readme_test_command()
    {
        string? bash = new[] { "/bin/bash", "/usr/bin/bash", @"C:\Program Files\Git\bin\bash.exe" }.FirstOrDefault(File.Exists);
        Assert.True(bash != null, "No bash to run .ci/run with.");
        var start = new ProcessStartInfo(bash!) { WorkingDirectory = _module.RepoRoot, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(".ci/run");
        start.ArgumentList.Add("--print");
        using Process process = Process.Start(start)!;
        string printed = process.StandardOutput.ReadToEnd();
        Assert.True(process.WaitForExit(30_000), ".ci/run --print did not finish.");
        Assert.Equal(0, process.ExitCode);
        Assert.Equal(TestCommand, printed.Trim());
    }

    [Fact]
    public void The_GitHub_workflow_runs_the_same_line()
    {
        string workflow = File.ReadAllText(Path.Combine(_module.RepoRoot, ".github", "workflows", "ci.yml"));
        Assert.Contains("run: " + TestCommand + "\n", workflow.Replace("\r\n", "\n", StringComparison.Ordinal), StringComparison.Ordinal);
    }
}
