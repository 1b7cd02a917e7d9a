using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Text;
using MySmpp.Benchmarks.Throughput;
using MySmpp.Emulator;
using MySmpp.Model;

namespace MySmpp.Benchmarks.Cold;

/// <summary>
/// <c>cold</c>: what a runbook gets. Every measured call runs in a FRESH pwsh (<see cref="FreshPowerShell"/>) that imports
/// the module, connects and makes ONE call, timed from the call; beside it, in the same run against the same emulator
/// process, the wire limit (the raw HttpClient replay, warmed), the same cmdlet warmed (the throughput harness's phase) and
/// the hand-written batched <c>Invoke-RestMethod</c> loop, also in a fresh pwsh. Then the CPU of import + connect + a one-id
/// query in a fresh pwsh beside a bare Invoke-RestMethod one-liner. Phases alternate, <c>--repeat</c> times; medians.
/// </summary>
internal static class ColdCommand
{
    public const string Usage = """
          cold [options]                       a FRESH pwsh per call (as a runbook): import, connect, ONE call, timed from the
                                               call; beside the wire limit, the warmed cmdlet and a cold batched Invoke-RestMethod loop
            --ids 2000,100000,1000000          Get-SmsState -Id sizes
            --flavours json,xml                wire flavours
            --latency-ms 0,2                   emulator latency per request; one set of tables per value
            --send-recipients 10000            Send-Sms -Phone size (0 leaves sending out); sent with Connect-MySmpp -NoJournal
            --repeat 3                         runs of every phase; medians are reported
            --warm-runs 3                      runs of the warmed phases (default: --repeat; each warms up for 5-60 s)
            --large-repeat 3                   runs of every phase for 1,000,000 ids or more (default: --repeat)
            --one-id-runs 5                    fresh pwsh runs of import + connect + a one-id query (and of a bare one-liner)
            --loop-sample 100000               ids the cold loop is given at most (rate extrapolated beyond)
            --no-warm                          leave the warmed cmdlet phases out
            --pwsh <path>                      pwsh (or pwsh.dll) to start (default: the repository's dotnet tool)
            --module <path>, --emulator <path>, --batch-size 200, --concurrency 4 as for throughput
        """;

    private const double MB = 1024 * 1024;

    public static int Run(string[] args)
    {
        Options options = Options.Parse(args);
        if (options.ModulePath == null) throw new FormatException("cold: the built module was not found; build the solution (Release) or pass --module.");
        string pwsh = FreshPowerShell.Locate(options.Pwsh);
        string emulatorDll = options.EmulatorPath ?? Path.Combine(AppContext.BaseDirectory, "MySmpp.Emulator.dll");
        string script = ColdScript.WriteTemporary();
        Console.CancelKeyPress += (_, _) => ThroughputCommand.KillChildren();
        var clock = Stopwatch.StartNew();
        var output = new StringBuilder();
        try
        {
            bool first = true;
            foreach (int latency in options.Latencies)
            {
                using EmulatorProcess emulator = EmulatorProcess.Start(emulatorDll, latency, "--no-send-tracking", "--balance", "1000000000");
                Progress($"emulator pid {emulator.ProcessId} on {emulator.BaseAddress} (latency {latency} ms); pwsh {pwsh}");
                foreach (MySmppProtocol flavour in options.Flavours) Worker(options, emulator, Phase.Raw, 200_000, flavour, warmup: true);
                if (options.SendRecipients > 0) Worker(options, emulator, Phase.SendRaw, options.SendRecipients, MySmppProtocol.Xml, warmup: true);

                var rows = new List<StateRow>();
                foreach (int ids in options.IdCounts)
                {
                    foreach (MySmppProtocol flavour in options.Flavours) rows.Add(MeasureState(options, emulator, pwsh, script, ids, flavour));
                }

                output.AppendLine(StateTable(latency, rows));
                if (options.SendRecipients > 0) output.AppendLine(SendTable(latency, MeasureSend(options, emulator, pwsh, script)));
                if (first && options.OneIdRuns > 0) output.AppendLine(OneIdTable(MeasureOneId(options, emulator, pwsh, script)));
                first = false;
            }
        }
        finally
        {
            File.Delete(script);
        }

        Console.WriteLine();
        Console.WriteLine(Invariant($"## Cold: one call in a fresh pwsh ({Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription.Trim()}, {clock.Elapsed.TotalMinutes:0.0} min, {DateTime.UtcNow:yyyy-MM-dd})"));
        Console.WriteLine();
        Console.WriteLine(Invariant($"- module: {options.ModulePath}; pwsh: {pwsh}"));
        Console.WriteLine(Invariant($"- batch size {options.BatchSize}, {options.Concurrency} requests in flight; every phase {options.Repeat} time(s) (the warmed ones {options.WarmRuns}{(options.LargeRepeat is int large && large < options.Repeat ? Invariant($"; at 1,000,000 ids or more {large}") : string.Empty)}), alternating; medians (every run in the details)"));
        Console.WriteLine();
        Console.WriteLine(output.ToString());
        return 0;
    }

    // ---------------------------------------------------------------- Get-SmsState

    private static StateRow MeasureState(Options options, EmulatorProcess emulator, string pwsh, string script, int ids, MySmppProtocol flavour)
    {
        var row = new StateRow(ids, flavour);
        int loopIds = Math.Min(ids, options.LoopSample);
        int runs = ids >= 1_000_000 ? Math.Min(options.LargeRepeat ?? options.Repeat, options.Repeat) : options.Repeat;
        for (int run = 0; run < runs; run++)
        {
            row.Raw.Add(Worker(options, emulator, Phase.Raw, ids, flavour));
            if (run < options.WarmRuns) row.Warm.Add(Worker(options, emulator, Phase.Cmdlet, ids, flavour));
            row.Cold.Add(Fresh(options, emulator, pwsh, script, "state", ids, flavour));
            row.Loop.Add(Fresh(options, emulator, pwsh, script, "state-loop", loopIds, flavour));
        }

        return row;
    }

    private static string StateTable(int latency, List<StateRow> rows)
    {
        var t = new StringBuilder();
        t.AppendLine(Invariant($"### Get-SmsState -Id in a fresh pwsh, latency {latency} ms"));
        t.AppendLine();
        t.AppendLine("| ids | flavour | (1) wire limit ids/s | (2) warmed Get-SmsState ids/s | (3) cold Get-SmsState ids/s | 3/1 | 3/2 | (4) cold batched Invoke-RestMethod loop ids/s | 3/4 | cold import + connect s (CPU s) | errors |");
        t.AppendLine("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (StateRow row in rows)
        {
            double raw = Median(row.Raw.Select(r => r.IdsPerSecond));
            double warm = row.Warm.Count > 0 ? Median(row.Warm.Select(r => r.IdsPerSecond)) : double.NaN;
            double cold = Median(row.Cold.Select(r => r.Rate));
            double loop = Median(row.Loop.Select(r => r.Rate));
            bool sampled = row.Loop[0].Count < row.Ids;
            long errors = row.Raw.Sum(r => r.Errors) + row.Warm.Sum(r => r.Errors) + row.Cold.Sum(r => r.Errors) + row.Loop.Sum(r => r.Errors);
            t.AppendLine(Invariant($"| {row.Ids:N0} | {row.Flavour} | {raw:N0} | {Rate(warm)} | {cold:N0} | {cold / raw:0.00} | {Ratio(cold, warm)} | {loop:N0}{(sampled ? " *" : string.Empty)} | {cold / loop:0.0}× | {Median(row.Cold.Select(r => r.ImportSeconds)):0.00} ({Median(row.Cold.Select(r => r.ImportCpu)):0.00}) | {errors} |"));
        }

        if (rows.Any(r => r.Loop[0].Count < r.Ids))
        {
            t.AppendLine();
            t.AppendLine(Invariant($"\\* the loop was given the first {rows.Max(r => r.Loop[0].Count):N0} ids; its rate stands for the whole count."));
        }

        t.AppendLine();
        t.AppendLine(Invariant($"<details><summary>Every run, latency {latency} ms</summary>"));
        t.AppendLine();
        t.AppendLine("| ids | flavour | phase | runs, ids/s | call CPU s (median) | methods compiled in the call | compiling s in the call | peak WS MB |");
        t.AppendLine("|---:|---|---|---|---:|---:|---:|---:|");
        foreach (StateRow row in rows)
        {
            t.AppendLine(Invariant($"| {row.Ids:N0} | {row.Flavour} | (1) wire limit | {Runs(row.Raw.Select(r => r.IdsPerSecond))} | {Median(row.Raw.Select(r => r.CpuSeconds)):0.000} | – | – | {Median(row.Raw.Select(r => r.PeakWorkingSetBytes / MB)):0} |"));
            if (row.Warm.Count > 0) t.AppendLine(Invariant($"| {row.Ids:N0} | {row.Flavour} | (2) warmed | {Runs(row.Warm.Select(r => r.IdsPerSecond))} | {Median(row.Warm.Select(r => r.CpuSeconds)):0.000} | – | – | {Median(row.Warm.Select(r => r.PeakWorkingSetBytes / MB)):0} |"));
            AppendColdDetail(t, row.Ids, row.Flavour.ToString(), "(3) cold", row.Cold);
            AppendColdDetail(t, row.Ids, row.Flavour.ToString(), "(4) cold loop", row.Loop);
        }

        t.AppendLine();
        t.AppendLine("</details>");
        return t.ToString();
    }

    // ---------------------------------------------------------------- Send-Sms

    private static SendRow MeasureSend(Options options, EmulatorProcess emulator, string pwsh, string script)
    {
        var row = new SendRow(options.SendRecipients);
        for (int run = 0; run < options.Repeat; run++)
        {
            row.Raw.Add(Worker(options, emulator, Phase.SendRaw, options.SendRecipients, MySmppProtocol.Xml));
            if (run < options.WarmRuns) row.Warm.Add(Worker(options, emulator, Phase.SendCmdlet, options.SendRecipients, MySmppProtocol.Xml));
            row.Cold.Add(Fresh(options, emulator, pwsh, script, "send", options.SendRecipients, MySmppProtocol.Xml));
            row.Loop.Add(Fresh(options, emulator, pwsh, script, "send-loop", options.SendRecipients, MySmppProtocol.Xml));
        }

        return row;
    }

    private static string SendTable(int latency, SendRow row)
    {
        double raw = Median(row.Raw.Select(r => r.IdsPerSecond));
        double warm = row.Warm.Count > 0 ? Median(row.Warm.Select(r => r.IdsPerSecond)) : double.NaN;
        double cold = Median(row.Cold.Select(r => r.Rate));
        double loop = Median(row.Loop.Select(r => r.Rate));
        long errors = row.Raw.Sum(r => r.Errors) + row.Warm.Sum(r => r.Errors) + row.Cold.Sum(r => r.Errors) + row.Loop.Sum(r => r.Errors);
        var t = new StringBuilder();
        t.AppendLine(Invariant($"### Send-Sms -Phone in a fresh pwsh (Connect-MySmpp -NoJournal), latency {latency} ms"));
        t.AppendLine();
        t.AppendLine("| recipients | (1) wire limit recipients/s | (2) warmed Send-Sms | (3) cold Send-Sms | 3/1 | 3/2 | (4) cold batched Invoke-RestMethod loop | 3/4 | cold import + connect s (CPU s) | errors |");
        t.AppendLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        t.AppendLine(Invariant($"| {row.Recipients:N0} | {raw:N0} | {Rate(warm)} | {cold:N0} | {cold / raw:0.00} | {Ratio(cold, warm)} | {loop:N0} | {cold / loop:0.0}× | {Median(row.Cold.Select(r => r.ImportSeconds)):0.00} ({Median(row.Cold.Select(r => r.ImportCpu)):0.00}) | {errors} |"));
        t.AppendLine();
        t.AppendLine(Invariant($"Every run (recipients/s): (1) {Runs(row.Raw.Select(r => r.IdsPerSecond))}; (2) {(row.Warm.Count > 0 ? Runs(row.Warm.Select(r => r.IdsPerSecond)) : "–")}; (3) {Runs(row.Cold.Select(r => r.Rate))}; (4) {Runs(row.Loop.Select(r => r.Rate))}. ")
            + Invariant($"Cold Send-Sms: call CPU {Median(row.Cold.Select(r => r.CallCpu)):0.000} s, {Median(row.Cold.Select(r => (double)r.CallCompiledMethods)):N0} methods compiled in the call, {Median(row.Cold.Select(r => r.CallCompileSeconds)):0.000} s compiling."));
        return t.ToString();
    }

    // ---------------------------------------------------------------- one id

    private static (List<ColdRun> Module, List<ColdRun> Bare) MeasureOneId(Options options, EmulatorProcess emulator, string pwsh, string script)
    {
        var module = new List<ColdRun>();
        var bare = new List<ColdRun>();
        for (int run = 0; run < options.OneIdRuns; run++)
        {
            module.Add(Fresh(options, emulator, pwsh, script, "one", 1, MySmppProtocol.Json));
            bare.Add(Fresh(options, emulator, pwsh, script, "bare", 1, MySmppProtocol.Json));
        }

        return (module, bare);
    }

    private static string OneIdTable((List<ColdRun> Module, List<ColdRun> Bare) runs)
    {
        var t = new StringBuilder();
        t.AppendLine("### Import + connect + a one-id query in a fresh pwsh (CPU)");
        t.AppendLine();
        t.AppendLine("| what | process CPU s at the end (median) | every run | start-up CPU s (pwsh, before the script) | import + connect CPU s | the query's CPU s | script CPU s (import + connect + query) |");
        t.AppendLine("|---|---:|---|---:|---:|---:|---:|");
        foreach ((string name, List<ColdRun> list) in new[] { ("module: Import-Module, Connect-MySmpp, Get-SmsState -Id (one id)", runs.Module), ("bare: one Invoke-RestMethod, no module", runs.Bare) })
        {
            t.AppendLine(Invariant($"| {name} | {Median(list.Select(r => r.TotalCpu)):0.000} | {string.Join(" · ", list.Select(r => r.TotalCpu.ToString("0.000", CultureInfo.InvariantCulture)))} | {Median(list.Select(r => r.StartupCpu)):0.000} | {Median(list.Select(r => r.ImportCpu)):0.000} | {Median(list.Select(r => r.CallCpu)):0.000} | {Median(list.Select(r => r.ImportCpu + r.CallCpu)):0.000} |"));
        }

        double extra = Median(runs.Module.Select(r => r.ImportCpu + r.CallCpu)) - Median(runs.Bare.Select(r => r.ImportCpu + r.CallCpu));
        t.AppendLine();
        t.AppendLine(Invariant($"The module's script costs {extra:0.000} s of CPU more than the bare one-liner's (medians); the whole process {Median(runs.Module.Select(r => r.TotalCpu)) / Median(runs.Bare.Select(r => r.TotalCpu)):0.00}× the bare one's."));
        return t.ToString();
    }

    // ---------------------------------------------------------------- running

    private static PhaseResult Worker(Options options, EmulatorProcess emulator, Phase phase, int ids, MySmppProtocol flavour, bool warmup = false)
    {
        bool send = phase is Phase.SendRaw or Phase.SendCmdlet;
        var arguments = new WorkerArguments
        {
            Phase = phase,
            Flavour = flavour,
            Ids = ids,
            BaseAddress = emulator.BaseAddress,
            BatchSize = options.BatchSize,
            Concurrency = options.Concurrency,
            EmulatorPid = emulator.ProcessId,
            WarmupIds = send ? 2_000 : 50_000,
            WarmupSeconds = 5,
            ModulePath = phase is Phase.Cmdlet or Phase.SendCmdlet ? options.ModulePath! : string.Empty,
            NoJournal = phase == Phase.SendCmdlet,
        };
        PhaseResult result = ThroughputCommand.RunWorker(arguments);
        Progress(Invariant($"{ids,9:N0} {flavour,-4} {phase,-10} {(warmup ? "(emulator warm-up)" : string.Empty)}: {result.IdsPerSecond,10:N0}/s, {result.Seconds:0.000} s, errors {result.Errors}"));
        return result;
    }

    private static ColdRun Fresh(Options options, EmulatorProcess emulator, string pwsh, string script, string what, int count, MySmppProtocol flavour)
    {
        int sampleEvery = Math.Max(1, count / 1000);
        var parameters = new Dictionary<string, string>
        {
            ["What"] = what,
            ["Module"] = options.ModulePath!,
            ["Base"] = emulator.BaseAddress.ToString(),
            ["Protocol"] = flavour.ToString(),
            ["Count"] = FreshPowerShell.Invariant(count),
            ["FirstId"] = FreshPowerShell.Invariant(WorkerCommand.MeasuredIdBase),
            ["BatchSize"] = FreshPowerShell.Invariant(options.BatchSize),
            ["Concurrency"] = FreshPowerShell.Invariant(options.Concurrency),
            ["SampleEvery"] = FreshPowerShell.Invariant(sampleEvery),
            ["FirstKey"] = FreshPowerShell.Invariant((1L << 40) + Random.Shared.NextInt64(1L << 50)),
        };
        ColdRun run = FreshPowerShell.Run(pwsh, script, parameters);

        // The sample of statuses against the emulator's rule for the same ids.
        for (int i = 0; i < run.Sample.Length; i++)
        {
            long id = WorkerCommand.MeasuredIdBase + ((long)i * sampleEvery);
            if (!string.Equals(run.Sample[i], SyntheticMessages.For(id).State, StringComparison.Ordinal)) run.Errors++;
        }

        if (run.Results != count) run.Errors++;
        Progress(Invariant($"{count,9:N0} {flavour,-4} fresh pwsh {what,-10}: {run.Rate,10:N0}/s, call {run.CallSeconds:0.000} s (CPU {run.CallCpu:0.000} s, {run.CallCompiledMethods} methods compiled), import+connect {run.ImportSeconds:0.000} s, process CPU {run.TotalCpu:0.000} s, errors {run.Errors}"));
        return run;
    }

    private static void AppendColdDetail(StringBuilder t, int ids, string flavour, string phase, List<ColdRun> runs) =>
        t.AppendLine(Invariant($"| {ids:N0} | {flavour} | {phase}{(runs[0].Count < ids ? Invariant($" (given {runs[0].Count:N0})") : string.Empty)} | {Runs(runs.Select(r => r.Rate))} | {Median(runs.Select(r => r.CallCpu)):0.000} | {Median(runs.Select(r => (double)r.CallCompiledMethods)):N0} | {Median(runs.Select(r => r.CallCompileSeconds)):0.000} | {Median(runs.Select(r => r.PeakWorkingSet / MB)):0} |"));

    internal static double Median(IEnumerable<double> values)
    {
        List<double> sorted = values.OrderBy(v => v).ToList();
        if (sorted.Count == 0) return double.NaN;
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static string Runs(IEnumerable<double> rates) => string.Join(" · ", rates.Select(r => r.ToString("N0", CultureInfo.InvariantCulture)));

    private static string Rate(double value) => double.IsNaN(value) ? "–" : value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Ratio(double a, double b) => double.IsNaN(b) || b <= 0 ? "–" : (a / b).ToString("0.00", CultureInfo.InvariantCulture);

    private static void Progress(string line) => Console.Error.WriteLine($"[{DateTime.Now:HH:mm:ss}] {line}");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private sealed record StateRow(int Ids, MySmppProtocol Flavour)
    {
        public List<PhaseResult> Raw { get; } = new();

        public List<PhaseResult> Warm { get; } = new();

        public List<ColdRun> Cold { get; } = new();

        public List<ColdRun> Loop { get; } = new();
    }

    private sealed record SendRow(int Recipients)
    {
        public List<PhaseResult> Raw { get; } = new();

        public List<PhaseResult> Warm { get; } = new();

        public List<ColdRun> Cold { get; } = new();

        public List<ColdRun> Loop { get; } = new();
    }

    private sealed class Options
    {
        public IReadOnlyList<int> IdCounts { get; private set; } = [2_000, 100_000, 1_000_000];

        public IReadOnlyList<MySmppProtocol> Flavours { get; private set; } = [MySmppProtocol.Json, MySmppProtocol.Xml];

        public IReadOnlyList<int> Latencies { get; private set; } = [0, 2];

        public int SendRecipients { get; private set; } = 10_000;

        public int Repeat { get; private set; } = 3;

        public int OneIdRuns { get; private set; } = 5;

        public int LoopSample { get; private set; } = 100_000;

        public int? LargeRepeat { get; private set; }

        /// <summary>Runs of the warmed cmdlet phases: a reference figure, whose worker alone warms up for 5-60 s.</summary>
        public int WarmRuns => Math.Min(_warmRuns ?? Repeat, Repeat);

        private int? _warmRuns;

        public int BatchSize { get; private set; } = 200;

        public int Concurrency { get; private set; } = 4;

        public string? Pwsh { get; private set; }

        public string? ModulePath { get; private set; } = CmdletPhase.FindBuiltModule();

        public string? EmulatorPath { get; private set; }

        public static Options Parse(string[] args)
        {
            var o = new Options();
            for (int i = 0; i < args.Length; i++)
            {
                string name = args[i];
                string Value() => i + 1 < args.Length ? args[++i] : throw new FormatException(name + " needs a value.");
                int One(int min, int max) => ThroughputOptions.Integers(Value(), name, min, max).Single();
                switch (name)
                {
                    case "--ids": o.IdCounts = ThroughputOptions.Integers(Value(), name, 1, 10_000_000); break;
                    case "--flavours" or "--flavors":
                        o.Flavours = Value().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                            .Select(f => Enum.TryParse(f, ignoreCase: true, out MySmppProtocol p) && Enum.IsDefined(p) ? p : throw new FormatException($"Unknown flavour '{f}'."))
                            .ToArray();
                        break;
                    case "--latency-ms": o.Latencies = ThroughputOptions.Integers(Value(), name, 0, 10_000); break;
                    case "--send-recipients": o.SendRecipients = One(0, 1_000_000); break;
                    case "--repeat": o.Repeat = One(1, 100); break;
                    case "--one-id-runs": o.OneIdRuns = One(0, 100); break;
                    case "--loop-sample": o.LoopSample = One(1, 10_000_000); break;
                    case "--no-warm": o._warmRuns = 0; break;
                    case "--warm-runs": o._warmRuns = One(0, 100); break;
                    case "--large-repeat": o.LargeRepeat = One(1, 100); break;
                    case "--batch-size": o.BatchSize = One(1, 100_000); break;
                    case "--concurrency": o.Concurrency = One(1, 64); break;
                    case "--pwsh": o.Pwsh = Path.GetFullPath(Value()); break;
                    case "--module": o.ModulePath = Path.GetFullPath(Value()); break;
                    case "--emulator": o.EmulatorPath = Path.GetFullPath(Value()); break;
                    default: throw new FormatException($"cold: unknown option '{name}'.");
                }
            }

            return o;
        }
    }
}
