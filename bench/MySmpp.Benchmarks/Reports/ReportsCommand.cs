using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using MySmpp.Benchmarks.Throughput;
using MySmpp.Emulator;
using MySmpp.Model;
using MySmpp.Reporting;

namespace MySmpp.Benchmarks.Reports;

/// <summary>
/// <c>reports</c>: ConvertTo-SmsDeliveryReport beside Get-SmsStateSummary over the same emulator ids in one run
/// (JSON with -Detail, 0 ms latency), each in fresh worker processes, alternating, median of --repeat; then the two
/// models alone on synthetic states in this process (no PowerShell, no network), to show what the report's
/// aggregation costs per state. Prints a Markdown table.
/// </summary>
internal static class ReportsCommand
{
    public static int Run(ThroughputOptions options)
    {
        if (options.ModulePath == null) throw new FormatException("reports: build the module first (dotnet build -c Release) or pass --module.");
        string emulatorDll = options.EmulatorPath ?? Path.Combine(AppContext.BaseDirectory, "MySmpp.Emulator.dll");
        Console.CancelKeyPress += (_, _) => ThroughputCommand.KillChildren();
        var clock = Stopwatch.StartNew();
        var rows = new List<(int Ids, List<PhaseResult> Summary, List<PhaseResult> Report)>();
        using (EmulatorProcess emulator = EmulatorProcess.Start(emulatorDll, 0))
        {
            ThroughputCommand.RunWorker(options, emulator, Phase.Raw, 200_000, MySmppProtocol.Json, -1);
            foreach (int ids in options.IdCounts)
            {
                var summary = new List<PhaseResult>();
                var report = new List<PhaseResult>();
                for (int run = 0; run < options.Repeat; run++)
                {
                    summary.Add(ThroughputCommand.RunWorker(options, emulator, Phase.Summary, ids, MySmppProtocol.Json, run));
                    report.Add(ThroughputCommand.RunWorker(options, emulator, Phase.Report, ids, MySmppProtocol.Json, run));
                }

                rows.Add((ids, summary, report));
            }
        }

        (double summaryNs, double reportNs, double renderMs, long modelAllocated) = ModelsAlone(1_000_000);
        var text = new StringBuilder();
        CultureInfo c = CultureInfo.InvariantCulture;
        text.AppendLine(string.Create(c, $"### Delivery report beside Get-SmsStateSummary ({Environment.ProcessorCount} cores, {clock.Elapsed.TotalMinutes:0} min, median of {options.Repeat})"));
        text.AppendLine();
        text.AppendLine("| ids | summary s | report s | report ÷ summary | summary peak WS MB | report peak WS MB | report WS before MB | page KB | errors |");
        text.AppendLine("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach ((int ids, List<PhaseResult> summary, List<PhaseResult> report) in rows)
        {
            PhaseResult s = Median(summary);
            PhaseResult r = Median(report);
            text.AppendLine(string.Create(c,
                $"| {ids:N0} | {s.Seconds:0.00} | {r.Seconds:0.00} | {r.Seconds / s.Seconds:0.00} | {s.PeakWorkingSetBytes / 1048576.0:0} | {r.PeakWorkingSetBytes / 1048576.0:0} | {r.BaselineWorkingSetBytes / 1048576.0:0} | {r.OutputBytes / 1024.0:0.0} | {summary.Sum(x => x.Errors) + report.Sum(x => x.Errors)} |"));
        }

        text.AppendLine();
        text.AppendLine("Every run (s): " + string.Join("; ", rows.Select(row => string.Create(c,
            $"{row.Ids:N0} ids summary {string.Join("/", row.Summary.Select(x => x.Seconds.ToString("0.00", c)))}, report {string.Join("/", row.Report.Select(x => x.Seconds.ToString("0.00", c)))}"))));
        text.AppendLine();
        text.AppendLine(string.Create(c,
            $"The models alone, 1,000,000 synthetic states in one process: SmsStateSummary.Add {summaryNs:0} ns/state, DeliveryReportBuilder.Add {reportNs:0} ns/state ({reportNs / summaryNs:0.0}×), {modelAllocated / 1_000_000.0:0} B/state allocated by the builder; rendering the page {renderMs:0.0} ms."));
        Console.WriteLine();
        Console.WriteLine(text.ToString());
        return 0;
    }

    private static PhaseResult Median(List<PhaseResult> runs) => runs.OrderBy(r => r.Seconds).ElementAt(runs.Count / 2);

    /// <summary>Both models over the same synthetic states (the emulator's answers for the measured ids), three rounds, the last timed.</summary>
    private static (double SummaryNs, double ReportNs, double RenderMs, long Allocated) ModelsAlone(int count)
    {
        var states = new SmsState[count];
        for (int i = 0; i < count; i++)
        {
            SyntheticMessage m = SyntheticMessages.For(WorkerCommand.MeasuredIdBase + i);
            DateTime? time = m.Time.Length == 0 ? null : DateTime.Parse(m.Time, CultureInfo.InvariantCulture);
            states[i] = new SmsState(m.Id, m.State, time, MySmppProtocol.Json, m.Sms, m.Viber, m.Parts, m.Price);
        }

        double summaryNs = 0, reportNs = 0, renderMs = 0;
        long allocated = 0;
        for (int round = 0; round < 3; round++)
        {
            var watch = Stopwatch.StartNew();
            var summary = new SmsStateSummary();
            foreach (SmsState state in states) summary.Add(state);
            summaryNs = watch.Elapsed.TotalMilliseconds * 1e6 / count;

            long before = GC.GetAllocatedBytesForCurrentThread();
            watch.Restart();
            var builder = new DeliveryReportBuilder();
            foreach (SmsState state in states) builder.Add(state);
            reportNs = watch.Elapsed.TotalMilliseconds * 1e6 / count;
            allocated = GC.GetAllocatedBytesForCurrentThread() - before;

            watch.Restart();
            string page = SmsDeliveryReportRenderer.Render(builder.Build(), SmsDeliveryReportFormat.Html);
            renderMs = watch.Elapsed.TotalMilliseconds;
            if (builder.Summary.Total != summary.Total || page.Length == 0) throw new InvalidOperationException("The models disagree.");
        }

        return (summaryNs, reportNs, renderMs, allocated);
    }
}
