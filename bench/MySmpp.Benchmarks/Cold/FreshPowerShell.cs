using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using MySmpp.Benchmarks.Throughput;

namespace MySmpp.Benchmarks.Cold;

/// <summary>
/// A fresh <c>pwsh</c> process started as a scheduled task or an Azure Automation job starts one: <c>pwsh -NoProfile
/// -NonInteractive -File script.ps1</c>, nothing of ours loaded. Each run is a new process; the script prints one
/// <c>RESULT {json}</c> line, read back as a <see cref="ColdRun"/>.
/// </summary>
internal static class FreshPowerShell
{
    /// <summary>
    /// The pwsh to start: an explicit path (an installed <c>pwsh</c>, or a <c>pwsh.dll</c> run by the dotnet host), else the
    /// repository's own PowerShell (the <c>powershell</c> dotnet tool of .config/dotnet-tools.json, from the NuGet cache).
    /// </summary>
    public static string Locate(string? explicitPath)
    {
        if (!string.IsNullOrEmpty(explicitPath))
        {
            return File.Exists(explicitPath) ? Path.GetFullPath(explicitPath) : throw new FileNotFoundException("--pwsh: no such file.", explicitPath);
        }

        string? manifest = null;
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder != null && manifest == null; folder = folder.Parent)
        {
            string candidate = Path.Combine(folder.FullName, ".config", "dotnet-tools.json");
            if (File.Exists(candidate)) manifest = candidate;
        }

        if (manifest == null) throw new FileNotFoundException("No .config/dotnet-tools.json above the harness; pass --pwsh.");
        using JsonDocument tools = JsonDocument.Parse(File.ReadAllText(manifest));
        string version = tools.RootElement.GetProperty("tools").GetProperty("powershell").GetProperty("version").GetString()
            ?? throw new FormatException(manifest + " names no PowerShell version.");
        string packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        string tool = Path.Combine(packages, "powershell", version, "tools");
        string flavour = OperatingSystem.IsWindows() ? "win" : "unix";
        string? pwsh = Directory.Exists(tool)
            ? Directory.GetFiles(tool, "pwsh.dll", SearchOption.AllDirectories).FirstOrDefault(p => Path.GetFileName(Path.GetDirectoryName(p)) == flavour)
            : null;
        return pwsh ?? throw new FileNotFoundException($"The PowerShell {version} dotnet tool is not in {packages}: run 'dotnet tool restore', or pass --pwsh.");
    }

    /// <summary>Runs <paramref name="script"/> (a file) in a fresh pwsh with the given parameters; returns its result line.</summary>
    public static ColdRun Run(string pwsh, string script, IReadOnlyDictionary<string, string> parameters)
    {
        var start = pwsh.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)
            ? new ProcessStartInfo(EmulatorProcess.DotnetHost()) { ArgumentList = { pwsh } }
            : new ProcessStartInfo(pwsh);
        foreach (string argument in new[] { "-NoProfile", "-NonInteractive", "-NoLogo", "-File", script }) start.ArgumentList.Add(argument);
        foreach ((string name, string value) in parameters)
        {
            start.ArgumentList.Add("-" + name);
            start.ArgumentList.Add(value);
        }

        start.UseShellExecute = false;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        var clock = Stopwatch.StartNew();
        using Process process = Process.Start(start) ?? throw new InvalidOperationException("Could not start pwsh.");
        var stderr = new System.Text.StringBuilder();
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data != null) lock (stderr) stderr.AppendLine(e.Data);
        };
        process.BeginErrorReadLine();
        string stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        double wall = clock.Elapsed.TotalSeconds;
        string? line = stdout.Split('\n').Select(l => l.Trim()).LastOrDefault(l => l.StartsWith(WorkerCommand.ResultPrefix, StringComparison.Ordinal));
        if (process.ExitCode != 0 || line == null)
        {
            throw new InvalidOperationException($"pwsh {Path.GetFileName(script)} failed with exit code {process.ExitCode}:{Environment.NewLine}{stdout}{stderr}");
        }

        ColdRun run = JsonSerializer.Deserialize<ColdRun>(line[WorkerCommand.ResultPrefix.Length..])
            ?? throw new InvalidOperationException("pwsh printed an empty result.");
        run.ProcessSeconds = wall;
        return run;
    }

    public static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);
}

/// <summary>What one fresh pwsh measured (the names are the script's).</summary>
internal sealed class ColdRun
{
    /// <summary>CPU the process had used when the script started: the runtime's and PowerShell's start-up, nothing of ours.</summary>
    public double StartupCpu { get; set; }

    /// <summary>Import-Module and Connect-MySmpp (or, for the loop, reading the credential): wall seconds.</summary>
    public double ImportSeconds { get; set; }

    /// <summary>CPU of the same.</summary>
    public double ImportCpu { get; set; }

    /// <summary>The measured call, from its start to its last result collected in a variable: wall seconds.</summary>
    public double CallSeconds { get; set; }

    /// <summary>CPU of the process (every thread) over the call.</summary>
    public double CallCpu { get; set; }

    /// <summary>CPU of the whole process at the end of the measured call (start-up included).</summary>
    public double TotalCpu { get; set; }

    /// <summary>Ids (or recipients) the call was given.</summary>
    public int Count { get; set; }

    /// <summary>Results collected.</summary>
    public int Results { get; set; }

    /// <summary>Errors written, results out of order, missing or wrong (the sample of statuses, checked by the harness).</summary>
    public long Errors { get; set; }

    /// <summary>Every <c>SampleEvery</c>-th result's raw status, for the harness to check against the emulator's rule.</summary>
    public string[] Sample { get; set; } = Array.Empty<string>();

    /// <summary>Peak working set of the process at the end.</summary>
    public long PeakWorkingSet { get; set; }

    /// <summary>Methods the runtime compiled over the call (JitInfo; 0 when PowerShell cannot tell).</summary>
    public long CallCompiledMethods { get; set; }

    /// <summary>Time the runtime spent compiling over the call, seconds (all threads).</summary>
    public double CallCompileSeconds { get; set; }

    /// <summary>The whole process, start to exit, as the harness saw it.</summary>
    public double ProcessSeconds { get; set; }

    public double Rate => CallSeconds > 0 ? Count / CallSeconds : 0;
}
