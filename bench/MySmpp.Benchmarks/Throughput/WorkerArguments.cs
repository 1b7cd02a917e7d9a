using System;
using System.Collections.Generic;
using System.Globalization;
using MySmpp.Model;

namespace MySmpp.Benchmarks.Throughput;

/// <summary>The internal <c>worker</c> command line, built by <see cref="ToArguments"/> and read back by <see cref="Parse"/>.</summary>
internal sealed class WorkerArguments
{
    public Phase Phase { get; init; }

    public MySmppProtocol Flavour { get; init; }

    public int Ids { get; init; }

    public Uri BaseAddress { get; init; } = new("http://127.0.0.1:5080/");

    public int BatchSize { get; init; } = 200;

    public int Concurrency { get; init; } = 4;

    public int NaiveSample { get; init; } = 2_000;

    public int EmulatorPid { get; init; }

    public int WarmupIds { get; init; } = 50_000;

    public double WarmupSeconds { get; init; } = 5;

    /// <summary>The built module's manifest, for the cmdlet phase; empty for the others.</summary>
    public string ModulePath { get; init; } = string.Empty;

    /// <summary>Send-Sms phases: connect with <c>-NoJournal</c>, so nothing is written to a journal.</summary>
    public bool NoJournal { get; init; }

    /// <summary>Send phases: commands timed one after another per run, each of <see cref="Ids"/> recipients.</summary>
    public int Commands { get; init; } = 1;

    public static WorkerArguments Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal) { ["--module"] = string.Empty };
        for (int i = 0; i + 1 < args.Length; i += 2) values[args[i]] = args[i + 1];
        string Get(string name) => values.TryGetValue(name, out string? v) ? v : throw new FormatException("worker: missing " + name);
        int Int(string name) => int.Parse(Get(name), NumberStyles.None, CultureInfo.InvariantCulture);
        return new WorkerArguments
        {
            Phase = Enum.Parse<Phase>(Get("--phase"), ignoreCase: true),
            Flavour = Enum.Parse<MySmppProtocol>(Get("--flavour"), ignoreCase: true),
            Ids = Int("--ids"),
            BaseAddress = new Uri(Get("--base")),
            BatchSize = Int("--batch-size"),
            Concurrency = Int("--concurrency"),
            NaiveSample = Int("--naive-sample"),
            EmulatorPid = Int("--emulator-pid"),
            WarmupIds = Int("--warmup-ids"),
            WarmupSeconds = double.Parse(Get("--warmup-seconds"), NumberStyles.Float, CultureInfo.InvariantCulture),
            ModulePath = Get("--module"),
            NoJournal = values.TryGetValue("--no-journal", out string? noJournal) && bool.Parse(noJournal),
            Commands = values.ContainsKey("--commands") ? Int("--commands") : 1,
        };
    }

    public IEnumerable<string> ToArguments()
    {
        yield return "worker";
        yield return "--phase";
        yield return Phase.ToString();
        yield return "--flavour";
        yield return Flavour.ToString();
        yield return "--ids";
        yield return Ids.ToString(CultureInfo.InvariantCulture);
        yield return "--base";
        yield return BaseAddress.ToString();
        yield return "--batch-size";
        yield return BatchSize.ToString(CultureInfo.InvariantCulture);
        yield return "--concurrency";
        yield return Concurrency.ToString(CultureInfo.InvariantCulture);
        yield return "--naive-sample";
        yield return NaiveSample.ToString(CultureInfo.InvariantCulture);
        yield return "--emulator-pid";
        yield return EmulatorPid.ToString(CultureInfo.InvariantCulture);
        yield return "--warmup-ids";
        yield return WarmupIds.ToString(CultureInfo.InvariantCulture);
        yield return "--warmup-seconds";
        yield return WarmupSeconds.ToString(CultureInfo.InvariantCulture);
        if (ModulePath.Length > 0)
        {
            yield return "--module";
            yield return ModulePath;
        }

        if (NoJournal)
        {
            yield return "--no-journal";
            yield return "true";
        }

        if (Commands != 1)
        {
            yield return "--commands";
            yield return Commands.ToString(CultureInfo.InvariantCulture);
        }
    }
}
