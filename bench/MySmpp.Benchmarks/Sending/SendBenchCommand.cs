using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using MySmpp.Benchmarks.Throughput;
using MySmpp.Model;

namespace MySmpp.Benchmarks.Sending;

/// <summary>
/// <c>send</c>: sending N recipients (default 10,000) five ways against one emulator process, each phase in a fresh
/// worker process after its warm-up, raw, client, cmdlet (journal on), cmdlet (-NoJournal) and loop alternating
/// <c>--repeat</c> times; prints recipients per second, the ratios the issues ask for (client ÷ raw, cmdlet ÷ raw,
/// cmdlet ÷ loop, journal on ÷ off) and the CPU per recipient of the
/// worker and of the emulator, which says which side is the limit.
/// </summary>
internal static class SendBenchCommand
{
    public const string Usage = """
          send [options]                       Send-Sms / client / bare HttpClient / Invoke-RestMethod loop, sending
            --recipients 10000                 recipients per command
            --commands 1                       commands timed one after another per run (steadier at 0-2 ms)
            --journal-only                     only (3) and (3b): the journal's cost, in a fraction of the time
            --latency-ms 0,2                   emulator latency per request; one table per value (default 0,2)
            --batch-size 200 --concurrency 4   the client's defaults
            --repeat 3                         runs per phase; the median is reported
            --module <path>                    MySmpp.psd1 (default: this checkout's out/)
        """;

    private static readonly Phase[] Phases = { Phase.SendRaw, Phase.SendClient, Phase.SendCmdlet, Phase.SendCmdletNoJournal, Phase.SendLoop };

    private static readonly Phase[] JournalPhases = { Phase.SendCmdlet, Phase.SendCmdletNoJournal };

    public static int Run(string[] args)
    {
        var options = Parse(args);
        string emulatorDll = Path.Combine(AppContext.BaseDirectory, "MySmpp.Emulator.dll");
        var output = new StringBuilder();
        var clock = Stopwatch.StartNew();
        foreach (int latency in options.Latencies)
        {
            // Enough money for every message of every run (the emulator charges each accepted message).
            using EmulatorProcess emulator = EmulatorProcess.Start(emulatorDll, latency, "--no-send-tracking", "--balance", "1000000000");
            Progress($"emulator pid {emulator.ProcessId} on {emulator.BaseAddress} (latency {latency} ms)");
            Phase[] phases = options.JournalOnly ? JournalPhases : Phases;
            var runs = phases.ToDictionary(p => p, _ => new List<PhaseResult>());
            for (int run = 0; run < options.Repeat; run++)
            {
                foreach (Phase phase in phases) runs[phase].Add(RunWorker(options, emulator, phase, run));
            }

            output.AppendLine(Table(latency, runs));
        }

        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"## Sending {options.Recipients:N0} recipients{(options.Commands > 1 ? $" per command, {options.Commands} commands per run" : string.Empty)}, batch {options.BatchSize}, {options.Concurrency} in flight ({Environment.ProcessorCount} cores, {clock.Elapsed.TotalMinutes:0.0} min, {DateTime.UtcNow:yyyy-MM-dd})"));
        Console.WriteLine();
        Console.WriteLine(output.ToString());
        return 0;
    }

    private static string Table(int latency, Dictionary<Phase, List<PhaseResult>> runs)
    {
        PhaseResult Median(Phase p) => runs[p].OrderBy(r => r.IdsPerSecond).ElementAt(runs[p].Count / 2);
        PhaseResult cmdlet = Median(Phase.SendCmdlet), unjournaled = Median(Phase.SendCmdletNoJournal);
        double[] pairs = runs[Phase.SendCmdlet].Zip(runs[Phase.SendCmdletNoJournal], (j, n) => j.IdsPerSecond / n.IdsPerSecond).ToArray();
        string journal = string.Create(CultureInfo.InvariantCulture,
            $"Send-Sms with the journal ÷ with -NoJournal **{cmdlet.IdsPerSecond / unjournaled.IdsPerSecond:0.00}** (median runs), **{pairs.OrderBy(r => r).ElementAt(pairs.Length / 2):0.00}** (median of the run pairs: {string.Join(" · ", pairs.Select(r => r.ToString("0.00", CultureInfo.InvariantCulture)))}).");
        var t = new StringBuilder();
        t.AppendLine(string.Create(CultureInfo.InvariantCulture, $"### {latency} ms latency"));
        t.AppendLine();
        t.AppendLine("| phase | recipients/s (median) | every run | worker CPU µs/recipient | emulator CPU µs/recipient | alloc B/recipient | errors |");
        t.AppendLine("|---|---:|---|---:|---:|---:|---:|");
        foreach (Phase phase in runs.Keys)
        {
            PhaseResult m = Median(phase);
            string every = string.Join(" · ", runs[phase].Select(r => r.IdsPerSecond.ToString("N0", CultureInfo.InvariantCulture)));
            t.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {Name(phase)} | {m.IdsPerSecond:N0} | {every} | {m.CpuSeconds * 1e6 / m.MeasuredIds:0.0} | {m.EmulatorCpuSeconds * 1e6 / m.MeasuredIds:0.0} | {m.AllocatedBytesPerId:N0} | {runs[phase].Sum(r => r.Errors)} |"));
        }

        t.AppendLine();
        if (!runs.ContainsKey(Phase.SendRaw))
        {
            t.AppendLine(journal);
            return t.ToString();
        }

        PhaseResult raw = Median(Phase.SendRaw), client = Median(Phase.SendClient), loop = Median(Phase.SendLoop);
        t.AppendLine(string.Create(CultureInfo.InvariantCulture,
            $"client ÷ raw **{client.IdsPerSecond / raw.IdsPerSecond:0.00}**, Send-Sms ÷ raw **{cmdlet.IdsPerSecond / raw.IdsPerSecond:0.00}**, Send-Sms ÷ Invoke-RestMethod loop **{cmdlet.IdsPerSecond / loop.IdsPerSecond:0.0}×**, ")
            + journal + " "
            + string.Create(CultureInfo.InvariantCulture, $"At 0 ms the worker and the emulator share the two cores: the raw phase's emulator CPU ({raw.EmulatorCpuSeconds * 1e6 / raw.MeasuredIds:0.0} µs) against its worker's ({raw.CpuSeconds * 1e6 / raw.MeasuredIds:0.0} µs) per recipient says which side is the limit."));
        return t.ToString();
    }

    private static string Name(Phase phase) => phase switch
    {
        Phase.SendRaw => "(1) raw HttpClient replay",
        Phase.SendClient => "(2) client (SmsSendOperation)",
        Phase.SendCmdlet => "(3) Send-Sms (journal on)",
        Phase.SendCmdletNoJournal => "(3b) Send-Sms -NoJournal",
        _ => "(4) batched Invoke-RestMethod loop",
    };

    private static PhaseResult RunWorker(Options options, EmulatorProcess emulator, Phase phase, int run)
    {
        var arguments = new WorkerArguments
        {
            Phase = phase,
            Flavour = MySmppProtocol.Xml,
            Ids = options.Recipients,
            BaseAddress = emulator.BaseAddress,
            BatchSize = options.BatchSize,
            Concurrency = options.Concurrency,
            EmulatorPid = emulator.ProcessId,
            WarmupIds = 2_000,
            WarmupSeconds = 5,
            ModulePath = phase == Phase.SendCmdlet || phase == Phase.SendCmdletNoJournal ? options.ModulePath : string.Empty,
            Commands = options.Commands,
        };

        PhaseResult result = ThroughputCommand.RunWorker(arguments);
        Progress(string.Create(CultureInfo.InvariantCulture, $"{Name(phase),-36} run {run + 1}: {result.IdsPerSecond,10:N0} recipients/s, {result.Seconds:0.000} s, errors {result.Errors}"));
        return result;
    }

    private static Options Parse(string[] args)
    {
        var options = new Options { ModulePath = CmdletPhase.FindBuiltModule() ?? string.Empty };
        for (int i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new FormatException(args[i] + " needs a value.");
            int Int() => int.Parse(Value(), NumberStyles.None, CultureInfo.InvariantCulture);
            switch (args[i])
            {
                case "--recipients": options.Recipients = Int(); break;
                case "--latency-ms": options.Latencies = Value().Split(',').Select(v => int.Parse(v, NumberStyles.None, CultureInfo.InvariantCulture)).ToArray(); break;
                case "--batch-size": options.BatchSize = Int(); break;
                case "--concurrency": options.Concurrency = Int(); break;
                case "--repeat": options.Repeat = Int(); break;
                case "--commands": options.Commands = Int() is > 0 and var n ? n : throw new FormatException("--commands must be at least 1."); break;
                case "--module": options.ModulePath = Value(); break;
                case "--journal-only": options.JournalOnly = true; break;
                default: throw new FormatException("send: unknown option " + args[i]);
            }
        }

        if (options.ModulePath.Length == 0) throw new FormatException("send: the built module was not found; build the solution (Release) or pass --module.");
        return options;
    }

    private static void Progress(string line) => Console.Error.WriteLine($"[{DateTime.Now:HH:mm:ss}] {line}");

    private sealed class Options
    {
        public int Recipients { get; set; } = 10_000;

        public int Commands { get; set; } = 1;

        public bool JournalOnly { get; set; }

        public int[] Latencies { get; set; } = { 0, 2 };

        public int BatchSize { get; set; } = 200;

        public int Concurrency { get; set; } = 4;

        public int Repeat { get; set; } = 3;

        public string ModulePath { get; set; } = string.Empty;
    }
}
