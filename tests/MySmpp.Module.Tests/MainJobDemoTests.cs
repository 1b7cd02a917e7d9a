using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Xunit;

namespace MySmpp.Module.Tests;

/// <summary>
/// The README's one-command main job (the line after &lt;!-- main-job-demo --&gt;), run as written from the
/// repository root by the system's shell: it restores the repository's pwsh and runs the demo in it, which must
/// succeed, write the CSV and the HTML report it names, and leave no emulator running.
/// </summary>
[Collection(ModuleCollection.Name)]
public sealed class MainJobDemoTests
{
    private readonly ModuleFixture _module;

    public MainJobDemoTests(ModuleFixture module) => _module = module;

    [Fact]
    public async Task The_readme_main_job_command_writes_the_report_and_leaves_nothing_running()
    {
        string[] readme = File.ReadAllLines(Path.Combine(_module.RepoRoot, "README.md"));
        int marker = Array.FindIndex(readme, l => l.Trim() == "<!-- main-job-demo -->");
        Assert.True(marker >= 0, "README.md has no <!-- main-job-demo --> marker.");
        string[] block = readme.Skip(marker + 1).SkipWhile(l => l.StartsWith("```", StringComparison.Ordinal)).TakeWhile(l => !l.StartsWith("```", StringComparison.Ordinal)).ToArray();
        string command = Assert.Single(block).Trim();

        // It stands alone: it restores the repository's pwsh itself, then runs the demo in it (no pwsh on PATH needed).
        Assert.Equal("dotnet tool restore && dotnet pwsh ./tools/Invoke-MainJobDemo.ps1", command);
        ProcessStartInfo start = ReadmeCommand.Shell(command, _module.RepoRoot);
        start.Environment["NO_COLOR"] = "1";
        using Process process = Process.Start(start)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(5)), "The demo did not finish within 5 minutes.");
        string output = await stdout + await stderr;
        Assert.True(process.ExitCode == 0, "The demo failed:\n" + output);

        Match emulator = Regex.Match(output, @"Emulator: http://127\.0\.0\.1:\d+ \(process (\d+)\), the gateway for this demo");
        Assert.True(emulator.Success, "The demo did not say which emulator it started:\n" + output);
        int pid = int.Parse(emulator.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains("Emulator stopped (process " + pid + " exited: True).", output, StringComparison.Ordinal);
        Assert.False(IsRunning(pid), "The emulator (process " + pid + ") is still running after the demo.");

        Match csv = Regex.Match(output, @"CSV: (.+)");
        Assert.True(csv.Success, "The demo did not print the CSV path:\n" + output);
        string[] rows = File.ReadAllLines(csv.Groups[1].Value.Trim());
        Assert.StartsWith("\"Id\",\"Status\"", rows[0], StringComparison.Ordinal);
        Assert.Contains(rows, r => r.StartsWith("\"82218\",\"NotDelivered\"", StringComparison.Ordinal));
        Assert.DoesNotContain(rows, r => r.Contains("\"Delivered\"", StringComparison.Ordinal) || r.Contains("\"Read\"", StringComparison.Ordinal));
        Assert.Contains(output.Split('\n'), l => l.StartsWith("82218", StringComparison.Ordinal) && l.Contains("NotDelivered", StringComparison.Ordinal));

        // It ends with the delivery report of everything it found, and says where.
        Match report = Regex.Match(output, @"Report: (.+)");
        Assert.True(report.Success, "The demo did not print the report's path:\n" + output);
        Assert.True(output.TrimEnd().IndexOf("Report: ", StringComparison.Ordinal) > output.IndexOf("CSV: ", StringComparison.Ordinal), "The report comes after the CSV.");
        string page = File.ReadAllText(report.Groups[1].Value.Trim());
        Assert.StartsWith("<!DOCTYPE html>", page, StringComparison.Ordinal);
        Assert.Contains("<title>Main job: delivery report</title>", page, StringComparison.Ordinal);
        Assert.Contains("data-kpi=\"total\">20<", page, StringComparison.Ordinal);
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using Process p = Process.GetProcessById(pid);
            return !p.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
