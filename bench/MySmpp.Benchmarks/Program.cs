using System;
using System.Linq;
using MySmpp.Benchmarks.Codecs;
using MySmpp.Benchmarks.Throughput;

namespace MySmpp.Benchmarks;

/// <summary>
/// <c>codecs</c>: BenchmarkDotNet micro-benchmarks of the response readers and request writers.
/// <c>throughput</c>: the end-to-end harness (raw HttpClient / MySmpp client / naive loop) against an
/// emulator process on loopback. <c>worker</c> is internal: one measured phase in a fresh process.
/// </summary>
internal static class Program
{
    private const string Usage = """
        MySmpp benchmarks (run with -c Release; see bench/README.md)

          codecs [BenchmarkDotNet options]     parse and write benchmarks, then a MB/s summary
          throughput [options]                 raw / client / naive / cmdlet table against an emulator process
            --ids 10000,100000,1000000         id counts (default as shown)
            --flavours json,xml                wire flavours (default both)
            --latency-ms 0,2                   emulator latency per request; one table per value (default 0)
            --batch-size 200                   ids per request (client default 200)
            --concurrency 4                    requests in flight (client default 4)
            --repeat 3                         runs of the raw and client phases; the median is reported
            --naive-sample 2000                ids measured by the naive loop beyond which it is extrapolated
            --emulator <path>                  MySmpp.Emulator.dll to start (default: the copy next to this program)
            --module <path>                    MySmpp.psd1 for the cmdlet phase (default: this checkout's out/MySmpp/<version>/)
            --no-cmdlet                        leave the cmdlet phase out
          reports [--ids 100000,1000000] [--repeat 3] [--module <path>]
                                               ConvertTo-SmsDeliveryReport beside Get-SmsStateSummary over the same ids
          journal [options]                    the send journal: a one-day Get-SmsJournal -Since over a big journal
                                               (time and query plan) and Sync-SmsJournal's peak working set
            --entries 1000000                  entries in the journal read by -Since (30 days of them)
            --sync 10000,100000                pending entries synced, each size in a fresh worker process
            --work <folder>                    where the journals go (default: a temporary folder, removed after)
            --emulator <path>, --module <path> as for throughput
        """ + "\n" + Sending.SendBenchCommand.Usage + "\n" + Cold.ColdCommand.Usage;

    public static int Main(string[] args)
    {
        string command = args.Length == 0 ? "--help" : args[0].ToLowerInvariant();
        string[] rest = args.Skip(1).ToArray();
        try
        {
            switch (command)
            {
                case "codecs":
                    return CodecCommand.Run(rest);
                case "throughput":
                    return ThroughputCommand.Run(ThroughputOptions.Parse(rest));
                case "send":
                    return Sending.SendBenchCommand.Run(rest);
                case "cold":
                    return Cold.ColdCommand.Run(rest);
                case "reports":
                    return Reports.ReportsCommand.Run(ThroughputOptions.Parse(rest.Length == 0 ? ["--ids", "100000,1000000"] : rest));
                case "worker":
                    return WorkerCommand.Run(WorkerArguments.Parse(rest));
                case "journal":
                    return Journal.JournalCommand.Run(rest);
                case "journal-worker":
                    return Journal.JournalWorker.Run(rest);
                case "--help" or "-h" or "help":
                    Console.WriteLine(Usage);
                    return 0;
                default:
                    Console.Error.WriteLine($"Unknown command '{args[0]}'.");
                    Console.Error.WriteLine(Usage);
                    return 2;
            }
        }
        catch (FormatException ex)
        {
            Console.Error.WriteLine("error: " + ex.Message);
            return 2;
        }
    }
}
