using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.Json;
using MySmpp.Model;

namespace MySmpp.Benchmarks.Throughput;

/// <summary>
/// Orchestrates the harness: one emulator process per latency setting, and for every id count and
/// flavour the raw, client, cmdlet, piped, PowerShell-floor and naive phases, each in a fresh worker process; prints the tables.
/// </summary>
internal static class ThroughputCommand
{
    private static readonly object ChildrenGate = new();
    private static readonly List<Process> Children = new();

    public static int Run(ThroughputOptions options)
    {
        string emulatorDll = options.EmulatorPath ?? Path.Combine(AppContext.BaseDirectory, "MySmpp.Emulator.dll");
        var tables = new List<(int LatencyMs, List<Row> Rows)>();
        Console.CancelKeyPress += (_, _) => KillChildren();
        var clock = Stopwatch.StartNew();

        foreach (int latency in options.LatenciesMs)
        {
            var rows = new List<Row>();
            using (EmulatorProcess emulator = EmulatorProcess.Start(emulatorDll, latency))
            {
                Progress($"emulator pid {emulator.ProcessId} on {emulator.BaseAddress} (latency {latency} ms)");

                // The emulator is a .NET process too: let it reach its steady state before anything is measured.
                foreach (MySmppProtocol flavour in options.Flavours)
                {
                    RunWorker(options, emulator, Phase.Raw, 200_000, flavour, -1);
                }

                foreach (int ids in options.IdCounts)
                {
                    foreach (MySmppProtocol flavour in options.Flavours)
                    {
                        rows.Add(MeasureRow(options, emulator, ids, flavour));
                    }
                }
            }

            tables.Add((latency, rows));
        }

        Console.WriteLine();
        Console.WriteLine(ResultTable.Header(options, emulatorDll, clock.Elapsed));
        foreach ((int latency, List<Row> rows) in tables)
        {
            Console.WriteLine(ResultTable.Summary(latency, rows));
            Console.WriteLine(ResultTable.Details(latency, rows));
            Console.WriteLine(ResultTable.Targets(latency, rows));
        }

        return 0;
    }

    private static Row MeasureRow(ThroughputOptions options, EmulatorProcess emulator, int ids, MySmppProtocol flavour)
    {
        var raw = new List<PhaseResult>();
        var client = new List<PhaseResult>();
        var cmdlet = new List<PhaseResult>();
        var piped = new List<PhaseResult>();
        var floor = new List<PhaseResult>();

        // Alternating raw, client and cmdlet spreads any drift of the machine over every side.
        for (int run = 0; run < options.Repeat; run++)
        {
            raw.Add(RunWorker(options, emulator, Phase.Raw, ids, flavour, run));
            client.Add(RunWorker(options, emulator, Phase.Client, ids, flavour, run));
            if (options.ModulePath != null)
            {
                cmdlet.Add(RunWorker(options, emulator, Phase.Cmdlet, ids, flavour, run));
                piped.Add(RunWorker(options, emulator, Phase.CmdletPiped, ids, flavour, run));
                floor.Add(RunWorker(options, emulator, Phase.PowerShellFloor, ids, flavour, run));
            }
        }

        PhaseResult naive = RunWorker(options, emulator, Phase.Naive, ids, flavour, 0);
        return new Row(ids, flavour, Median(raw), Median(client), naive, raw, client, cmdlet.Count > 0 ? Median(cmdlet) : null, cmdlet, piped.Count > 0 ? Median(piped) : null, piped, floor.Count > 0 ? Median(floor) : null, floor);
    }

    private static PhaseResult Median(List<PhaseResult> runs)
    {
        List<PhaseResult> sorted = runs.OrderBy(r => r.IdsPerSecond).ToList();
        return sorted[sorted.Count / 2];
    }

    internal static PhaseResult RunWorker(ThroughputOptions options, EmulatorProcess emulator, Phase phase, int ids, MySmppProtocol flavour, int run)
    {
        var arguments = new WorkerArguments
        {
            Phase = phase,
            Flavour = flavour,
            Ids = ids,
            BaseAddress = emulator.BaseAddress,
            BatchSize = options.BatchSize,
            Concurrency = options.Concurrency,
            NaiveSample = options.NaiveSample,
            EmulatorPid = emulator.ProcessId,
            WarmupIds = options.WarmupIds,
            WarmupSeconds = options.WarmupSeconds,
            ModulePath = phase is Phase.Cmdlet or Phase.CmdletPiped or Phase.PowerShellFloor or Phase.Summary or Phase.Report ? options.ModulePath ?? string.Empty : string.Empty,
        };

        PhaseResult result = RunWorker(arguments);
        Progress($"{ids,9:N0} ids {flavour,-4} {phase,-6} {(run < 0 ? "warm-up" : "run " + (run + 1))}: {result.IdsPerSecond,12:N0} ids/s, {result.Seconds,8:0.000} s, peak WS {result.PeakWorkingSetBytes / 1048576.0,6:0.0} MB, {result.AllocatedBytesPerId,8:0} B/id, errors {result.Errors}");
        return result;
    }

    /// <summary>Runs one phase in a fresh worker process (this program's <c>worker</c> command) and reads its result line.</summary>
    internal static PhaseResult RunWorker(WorkerArguments arguments)
    {
        ProcessStartInfo start = SelfStartInfo();
        foreach (string argument in arguments.ToArguments()) start.ArgumentList.Add(argument);
        start.UseShellExecute = false;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;

        using Process process = Process.Start(start) ?? throw new InvalidOperationException("Could not start a worker.");
        lock (ChildrenGate) Children.Add(process);
        try
        {
            var stderr = new System.Text.StringBuilder();
            process.ErrorDataReceived += (_, e) =>
            {
                if (e.Data != null) lock (stderr) stderr.AppendLine(e.Data);
            };
            process.BeginErrorReadLine();
            string stdout = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            string? line = stdout.Split('\n').Select(l => l.Trim()).LastOrDefault(l => l.StartsWith(WorkerCommand.ResultPrefix, StringComparison.Ordinal));
            if (process.ExitCode != 0 || line == null)
            {
                throw new InvalidOperationException($"The {arguments.Phase} worker ({arguments.Flavour}, {arguments.Ids} ids) failed with exit code {process.ExitCode}:{Environment.NewLine}{stdout}{stderr}");
            }

            return JsonSerializer.Deserialize<PhaseResult>(line[WorkerCommand.ResultPrefix.Length..])
                ?? throw new InvalidOperationException("A worker printed an empty result.");
        }
        finally
        {
            lock (ChildrenGate) Children.Remove(process);
        }
    }

    private static ProcessStartInfo SelfStartInfo()
    {
        string self = Environment.ProcessPath ?? throw new InvalidOperationException("Cannot tell which program is running.");
        if (Path.GetFileNameWithoutExtension(self).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
        {
            var viaHost = new ProcessStartInfo(self);
            viaHost.ArgumentList.Add(Assembly.GetExecutingAssembly().Location);
            return viaHost;
        }

        return new ProcessStartInfo(self);
    }

    internal static void KillChildren()
    {
        lock (ChildrenGate)
        {
            foreach (Process child in Children)
            {
                try
                {
                    child.Kill(entireProcessTree: true);
                }
                catch (InvalidOperationException)
                {
                    // Exited already.
                }
            }
        }
    }

    private static void Progress(string line)
    {
        Console.Error.WriteLine($"[{DateTime.Now:HH:mm:ss}] {line}");
    }

    internal sealed record Row(int Ids, MySmppProtocol Flavour, PhaseResult Raw, PhaseResult Client, PhaseResult Naive, List<PhaseResult> RawRuns, List<PhaseResult> ClientRuns, PhaseResult? Cmdlet, List<PhaseResult> CmdletRuns, PhaseResult? Piped, List<PhaseResult> PipedRuns, PhaseResult? Floor, List<PhaseResult> FloorRuns);
}
