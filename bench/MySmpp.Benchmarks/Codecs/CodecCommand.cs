using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using MySmpp.Protocol.Json;
using MySmpp.Protocol.Xml;

namespace MySmpp.Benchmarks.Codecs;

/// <summary>Runs the codec benchmarks (short job, in process) and prints parse and write speeds in MB/s.</summary>
internal static class CodecCommand
{
    public static int Run(string[] args)
    {
        // In-process: no generated project to build (works offline, no extra restore). A short job, but with
        // ten warm-up iterations: dynamic PGO needs a few seconds before the parsers run their final code, and
        // ShortRun's three warm-ups measure them half-tiered. Pass BenchmarkDotNet options (e.g. --filter *Parse*).
        IConfig config = DefaultConfig.Instance
            .AddJob(Job.ShortRun.WithWarmupCount(10).WithIterationCount(5).WithToolchain(InProcessEmitToolchain.Instance).WithId("ShortRun+warm-up"))
            .AddDiagnoser(MemoryDiagnoser.Default);
        string[] switcherArgs = args.Length == 0 ? ["--filter", "*"] : args;
        Summary[] summaries = BenchmarkSwitcher.FromTypes([typeof(ResponseParseBenchmarks), typeof(XmlValueFloorBenchmarks), typeof(RequestWriteBenchmarks)])
            .Run(switcherArgs, config)
            .ToArray();

        Console.WriteLine();
        Console.WriteLine(SpeedTable(summaries));
        return summaries.Any(s => s.HasCriticalValidationErrors) ? 1 : 0;
    }

    private static string SpeedTable(IEnumerable<Summary> summaries)
    {
        var parse = new Dictionary<(string Body, string Method), (double Ns, long Alloc)>();
        var write = new List<(int Ids, string Method, double Ns, long Alloc)>();
        double xmlValueFloorNs = double.NaN;
        foreach (Summary summary in summaries)
        {
            foreach (BenchmarkReport report in summary.Reports.Where(r => r.ResultStatistics != null))
            {
                string method = report.BenchmarkCase.Descriptor.WorkloadMethod.Name;
                object? parameter = report.BenchmarkCase.Parameters.Items.Count > 0 ? report.BenchmarkCase.Parameters.Items[0].Value : null;
                double ns = report.ResultStatistics!.Mean;
                long alloc = report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase) ?? 0;
                if (report.BenchmarkCase.Descriptor.Type == typeof(XmlValueFloorBenchmarks))
                {
                    xmlValueFloorNs = ns;
                }
                else if (report.BenchmarkCase.Descriptor.Type == typeof(ResponseParseBenchmarks) && parameter is string body)
                {
                    parse[(body, method)] = (ns, alloc);
                }
                else if (report.BenchmarkCase.Descriptor.Type == typeof(RequestWriteBenchmarks) && parameter is int ids)
                {
                    write.Add((ids, method, ns, alloc));
                }
            }
        }

        var text = new StringBuilder();
        text.AppendLine("### Codec speed (1,000 states per response; MB = 10^6 bytes)");
        text.AppendLine();
        text.AppendLine("| response | bytes | MySmpp parse MB/s | bare reader MB/s | parse / floor | parse µs | alloc per parse | alloc per state |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (string body in new[] { SampleBodies.Json, SampleBodies.JsonDetail, SampleBodies.Xml })
        {
            if (!parse.TryGetValue((body, nameof(ResponseParseBenchmarks.Parse)), out var ours) || !parse.TryGetValue((body, nameof(ResponseParseBenchmarks.Floor)), out var floor)) continue;
            int bytes = SampleBodies.Get(body).Length;
            text.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {body} | {bytes:N0} | {bytes / ours.Ns * 1e3:0} | {bytes / floor.Ns * 1e3:0} | {floor.Ns / ours.Ns:P0} | {ours.Ns / 1e3:0.0} | {ours.Alloc:N0} B | {(double)ours.Alloc / SampleBodies.States:0} B |"));
        }

        if (!double.IsNaN(xmlValueFloorNs) && parse.TryGetValue((SampleBodies.Xml, nameof(ResponseParseBenchmarks.Floor)), out var xmlFloor))
        {
            int bytes = SampleBodies.Get(SampleBodies.Xml).Length;
            text.AppendLine();
            text.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"XML floor with values (every attribute and text read, nothing done with them): {bytes / xmlValueFloorNs * 1e3:0} MB/s, {xmlFloor.Ns / xmlValueFloorNs:P0} of the bare reader."));
            if (parse.TryGetValue((SampleBodies.Xml, nameof(ResponseParseBenchmarks.Parse)), out var xmlParse))
            {
                text.AppendLine(string.Create(CultureInfo.InvariantCulture,
                    $"XML parse / floor with values: {xmlValueFloorNs / xmlParse.Ns:P0}."));
            }
        }

        if (write.Count > 0)
        {
            text.AppendLine();
            text.AppendLine("| request | ids | bytes | write MB/s | µs | ns per id | alloc per request |");
            text.AppendLine("|---|---:|---:|---:|---:|---:|---:|");
            using var bench = new RequestWriteBenchmarks();
            foreach ((int ids, string method, double ns, long alloc) in write.OrderBy(w => w.Method, StringComparer.Ordinal).ThenBy(w => w.Ids))
            {
                bench.Ids = ids;
                bench.Setup();
                long bytes = bench.Write(method == nameof(RequestWriteBenchmarks.WriteXml) ? XmlStateCodec.Instance : JsonStateCodec.Instance);
                text.AppendLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {(method == nameof(RequestWriteBenchmarks.WriteXml) ? "xml" : "json")} | {ids:N0} | {bytes:N0} | {bytes / ns * 1e3:0} | {ns / 1e3:0.0} | {ns / ids:0} | {alloc:N0} B |"));
            }
        }

        return text.ToString();
    }
}
