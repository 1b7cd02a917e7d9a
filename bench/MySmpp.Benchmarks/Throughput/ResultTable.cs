using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Runtime.InteropServices;
using System.Text;

namespace MySmpp.Benchmarks.Throughput;

/// <summary>Markdown tables of the harness's results, ready to paste into a README.</summary>
internal static class ResultTable
{
    private const double MB = 1024 * 1024;

    public static string Header(ThroughputOptions options, string emulatorDll, TimeSpan elapsed)
    {
        var text = new StringBuilder();
        text.AppendLine("## MySmpp throughput harness");
        text.AppendLine();
        text.AppendLine(Invariant($"- machine: {Environment.ProcessorCount} logical cores, {RuntimeInformation.OSDescription.Trim()}, {RuntimeInformation.FrameworkDescription}; the emulator runs in its own process on the same machine (loopback), so it competes with the measured side for the same cores"));
        text.AppendLine(Invariant($"- batch size {options.BatchSize}, {options.Concurrency} requests in flight (raw and client), raw/client median of {options.Repeat} run(s), naive sampled at {options.NaiveSample:N0} ids"));
        text.AppendLine(Invariant($"- every phase runs in a fresh worker process, warmed up first (rounds of {options.WarmupIds:N0} ids for at least {options.WarmupSeconds:0} s; naive: rounds of 200 for 1 s), then timed; emulator warmed up with 200,000 ids per flavour: {emulatorDll}"));
        text.AppendLine(Invariant($"- whole run: {elapsed.TotalSeconds:0} s"));
        return text.ToString();
    }

    public static string Summary(int latencyMs, IReadOnlyList<ThroughputCommand.Row> rows)
    {
        var text = new StringBuilder();
        text.AppendLine(Invariant($"### Emulator latency {latencyMs} ms per request"));
        text.AppendLine();
        text.AppendLine("| ids | flavour | (1) raw ids/s | (2) client ids/s | (3) naive ids/s | (4) cmdlet ids/s | (5) piped ids/s | 2/1 | 2/3 | 4/2 | 5/2 | first result (share of total) | peak WS MB 1 / 2 / 4 | alloc B/id 1 / 2 / 4 / 5 | errors 1 / 2 / 3 / 4 / 5 |");
        text.AppendLine("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        bool sampled = false;
        foreach (ThroughputCommand.Row row in rows)
        {
            bool naiveSampled = row.Naive.MeasuredIds < row.Naive.Ids;
            sampled |= naiveSampled;
            text.AppendLine(
                Invariant($"| {row.Ids:N0} | {row.Flavour} | {row.Raw.IdsPerSecond:N0} | {row.Client.IdsPerSecond:N0} | {row.Naive.IdsPerSecond:N0}{(naiveSampled ? " *" : string.Empty)} ")
                + Invariant($"| {Rate(row.Cmdlet)} | {Rate(row.Piped)} ")
                + Invariant($"| {Ratio(row.Client, row.Raw):0.00} | {Ratio(row.Client, row.Naive):N0}× | {RatioText(row.Cmdlet, row.Client)} | {RatioText(row.Piped, row.Client)} ")
                + Invariant($"| {row.Client.FirstResultSeconds * 1000:0.0} ms ({Share(row.Client):0.00} %) ")
                + Invariant($"| {row.Raw.PeakWorkingSetBytes / MB:0} / {row.Client.PeakWorkingSetBytes / MB:0} / {(row.Cmdlet is { } w ? (w.PeakWorkingSetBytes / MB).ToString("0", CultureInfo.InvariantCulture) : "–")} ")
                + Invariant($"| {row.Raw.AllocatedBytesPerId:0} / {row.Client.AllocatedBytesPerId:0} / {Bytes(row.Cmdlet)} / {Bytes(row.Piped)} ")
                + Invariant($"| {row.Raw.Errors} / {row.Client.Errors} / {row.Naive.Errors} / {Errors(row.Cmdlet)} / {Errors(row.Piped)} |"));
        }

        if (sampled)
        {
            text.AppendLine();
            text.AppendLine(Invariant($"\\* naive: the first {rows.Max(r => r.Naive.MeasuredIds):N0} ids measured, rate extrapolated to the full count ({string.Join(", ", rows.Where(r => r.Naive.MeasuredIds < r.Naive.Ids).Select(r => Invariant($"{r.Ids:N0} {r.Flavour} ids ≈ {r.Ids / r.Naive.IdsPerSecond / 60:0.0} min")))})."));
        }

        return text.ToString();
    }

    public static string Details(int latencyMs, IReadOnlyList<ThroughputCommand.Row> rows)
    {
        var text = new StringBuilder();
        text.AppendLine(Invariant($"<details><summary>Per-phase details, latency {latencyMs} ms</summary>"));
        text.AppendLine();
        text.AppendLine("| ids | flavour | phase | runs, ids/s | cold ids/s | timed s | worker CPU µs/id | emulator CPU µs/id | other load % | GCs gen0/1/2 | WS before MB | peak WS MB | alloc B/id | response MB |");
        text.AppendLine("|---:|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (ThroughputCommand.Row row in rows)
        {
            AppendDetail(text, row, row.Raw, row.RawRuns);
            AppendDetail(text, row, row.Client, row.ClientRuns);
            AppendDetail(text, row, row.Naive, [row.Naive]);
            if (row.Cmdlet is { } cmdlet) AppendDetail(text, row, cmdlet, row.CmdletRuns);
            if (row.Piped is { } piped) AppendDetail(text, row, piped, row.PipedRuns);
            if (row.Floor is { } floor) AppendDetail(text, row, floor, row.FloorRuns);
        }

        text.AppendLine();
        text.AppendLine("</details>");
        return text.ToString();
    }

    public static string Targets(int latencyMs, IReadOnlyList<ThroughputCommand.Row> rows)
    {
        var text = new StringBuilder();
        text.AppendLine(Invariant($"Targets, latency {latencyMs} ms:"));
        text.AppendLine();
        double worst = rows.SelectMany(r => r.RawRuns.Concat(r.ClientRuns).Concat(r.CmdletRuns).Concat(r.PipedRuns).Concat(r.FloorRuns).Append(r.Naive)).Select(r => r.OtherLoadPercent).Where(p => !double.IsNaN(p)).DefaultIfEmpty(0).Max();
        if (worst > 15)
        {
            text.AppendLine(Invariant($"- warning: other processes used up to {worst:0} % of a core during a timed section; the throughput figures of that run are disturbed (see \"other load\")."));
        }

        foreach (ThroughputCommand.Row row in rows.Where(r => r.Ids == 100_000))
        {
            double ratio = Ratio(row.Client, row.Raw);
            text.AppendLine(Invariant($"- client/raw ≥ 0.8 at 100,000 ids, {row.Flavour}: {ratio:0.00} {Verdict(ratio >= 0.8)}"));
        }

        foreach (ThroughputCommand.Row row in rows.Where(r => r.Ids == 100_000 && r.Cmdlet != null))
        {
            double ratio = Ratio(row.Cmdlet!, row.Client);
            text.AppendLine(Invariant($"- cmdlet/client ≥ 0.8 at 100,000 ids, {row.Flavour}: {ratio:0.00} {Verdict(ratio >= 0.8)}"));
        }

        // With no latency both processes are CPU-bound on the same cores, so ids/s ≈ cores ÷ (worker + emulator
        // CPU per id). A cmdlet spends at least the client's CPU plus the pipeline's floor (6) per state, which
        // caps cmdlet/client at (client + emulator) ÷ (client + emulator + floor), whatever the cmdlet does.
        // (The floor also builds its states, which the client does too: the cap is a little low, by ~0.05 µs.)
        foreach (ThroughputCommand.Row row in rows.Where(r => latencyMs == 0 && r.Floor != null))
        {
            double client = Micro(row.Client.CpuSeconds, row.Client);
            double emulator = Micro(row.Client.EmulatorCpuSeconds, row.Client);
            double floor = Micro(row.Floor!.CpuSeconds, row.Floor);
            double cap = (client + emulator) / (client + emulator + floor);
            text.AppendLine(Invariant($"- (bound) cmdlet/client at {row.Ids:N0} ids, {row.Flavour}: PowerShell's floor (6) is {floor:0.00} µs of CPU per state; with the client's {client:0.00} µs and the emulator's {emulator:0.00} µs on the same cores, no cmdlet that writes one object per state gets above ≈ {cap:0.00}"));
        }

        foreach (ThroughputCommand.Row row in rows.Where(r => r.Ids == 100_000 && r.Piped != null))
        {
            text.AppendLine(Invariant($"- (no target) piped cmdlet/client at 100,000 ids, {row.Flavour}: {Ratio(row.Piped!, row.Client):0.00}: PowerShell binds each piped id on its own"));
        }

        foreach (ThroughputCommand.Row row in rows)
        {
            double ratio = Ratio(row.Client, row.Naive);
            text.AppendLine(Invariant($"- client/naive ≥ 50× at {row.Ids:N0} ids, {row.Flavour}: {ratio:N0}× {Verdict(ratio >= 50)}"));
        }

        foreach (ThroughputCommand.Row row in rows.Where(r => r.Ids == 1_000_000))
        {
            double mb = row.Client.PeakWorkingSetBytes / MB;
            text.AppendLine(Invariant($"- peak working set < 150 MB at 1,000,000 ids, {row.Flavour}: {mb:0} MB {Verdict(mb < 150)}"));
        }

        foreach (ThroughputCommand.Row row in rows)
        {
            double perId = row.Client.AllocatedBytesPerId;
            text.AppendLine(Invariant($"- allocated < 1 KB per id at {row.Ids:N0} ids, {row.Flavour}: {perId:0} B {Verdict(perId < 1024)}"));
        }

        foreach (ThroughputCommand.Row row in rows.Where(r => r.Ids == 100_000))
        {
            double share = Share(row.Client);
            text.AppendLine(Invariant($"- first result before 5 % of the total at 100,000 ids, {row.Flavour}: {share:0.00} % {Verdict(share < 5)}"));
        }

        return text.ToString();
    }

    private static void AppendDetail(StringBuilder text, ThroughputCommand.Row row, PhaseResult result, List<PhaseResult> runs)
    {
        string perRun = string.Join(" · ", runs.Select(r => r.IdsPerSecond.ToString("N0", CultureInfo.InvariantCulture)));
        text.AppendLine(
            Invariant($"| {row.Ids:N0} | {row.Flavour} | {result.Phase}{(result.MeasuredIds < result.Ids ? Invariant($" (sample {result.MeasuredIds:N0})") : string.Empty)} | {perRun} ")
            + Invariant($"| {result.ColdIdsPerSecond:N0} | {result.Seconds:0.000} | {Micro(result.CpuSeconds, result):0.00} | {Micro(result.EmulatorCpuSeconds, result):0.00} | {(double.IsNaN(result.OtherLoadPercent) ? "–" : result.OtherLoadPercent.ToString("0", CultureInfo.InvariantCulture))} ")
            + Invariant($"| {result.Gen0}/{result.Gen1}/{result.Gen2} | {result.BaselineWorkingSetBytes / MB:0} | {result.PeakWorkingSetBytes / MB:0} ")
            + Invariant($"| {result.AllocatedBytesPerId:N0} | {result.ResponseBytes / MB:0.0} |"));
    }

    private static string Rate(PhaseResult? result) => result == null ? "–" : result.IdsPerSecond.ToString("N0", CultureInfo.InvariantCulture);

    private static string RatioText(PhaseResult? result, PhaseResult baseline) => result == null ? "–" : Ratio(result, baseline).ToString("0.00", CultureInfo.InvariantCulture);

    private static string Bytes(PhaseResult? result) => result == null ? "–" : result.AllocatedBytesPerId.ToString("N0", CultureInfo.InvariantCulture);

    private static string Errors(PhaseResult? result) => result == null ? "–" : result.Errors.ToString(CultureInfo.InvariantCulture);

    private static double Micro(double seconds, PhaseResult result) => result.MeasuredIds > 0 ? seconds * 1e6 / result.MeasuredIds : 0;

    private static double Ratio(PhaseResult a, PhaseResult b) => b.IdsPerSecond > 0 ? a.IdsPerSecond / b.IdsPerSecond : double.NaN;

    private static double Share(PhaseResult client) => client.Seconds > 0 ? 100 * client.FirstResultSeconds / client.Seconds : double.NaN;

    private static string Verdict(bool met) => met ? "**met**" : "**MISSED**";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
