using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using MySmpp.Client;
using MySmpp.Credentials;
using MySmpp.Emulator;
using MySmpp.Errors;
using MySmpp.Model;
using Xunit;
using Xunit.Abstractions;

namespace MySmpp.Core.Tests.Reliability;

/// <summary>
/// 100 000 id occurrences (duplicates and unknown ids among them) through an emulator that fails 20% of
/// requests in every way it knows, both flavours, retries on: every occurrence comes back exactly once
/// in input order, every state is the right one for its id, and fewer than 0.5% of ids fail. The figures
/// go to the test output and, when MYSMPP_SOAK_REPORT names a file, are appended there (markdown).
/// </summary>
[Collection(ReliabilityCollection.Name)]
[Trait(TestCategory.Name, TestCategory.Slow)]
public sealed class SoakTests
{
    private const int Occurrences = 100_000;
    private const double FaultRate = 0.20;
    private const int BatchSize = 100;
    private const int Concurrency = 4;
    private const int MaxRetries = 4;
    private static readonly TimeSpan RetryBase = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan RetryMax = TimeSpan.FromMilliseconds(250);

    private static readonly FailureModes[] Modes =
    {
        FailureModes.ServerError, FailureModes.ServiceUnavailable, FailureModes.TooManyRequests, FailureModes.HtmlErrorPage,
        FailureModes.DropConnection, FailureModes.TruncatedBody, FailureModes.Garbage,
    };

    private readonly ITestOutputHelper _output;

    public SoakTests(ITestOutputHelper output)
    {
        _output = output;
    }

    [Theory]
    [InlineData(MySmppProtocol.Json, EmulatorDialect.Documented)]
    [InlineData(MySmppProtocol.Xml, EmulatorDialect.Documented)]
    [InlineData(MySmppProtocol.Json, EmulatorDialect.Live)]
    [InlineData(MySmppProtocol.Xml, EmulatorDialect.Live)]
    public async Task Every_id_comes_back_once_in_order_with_its_own_state_through_a_failing_server(MySmppProtocol protocol, EmulatorDialect dialect)
    {
        bool live = dialect == EmulatorDialect.Live;
        (long[] input, HashSet<long> unknown, int duplicates) = Input(seed: protocol == MySmppProtocol.Json ? 101 : 202);
        FailureModes all = Modes.Aggregate(FailureModes.None, (a, m) => a | m);
        await using EmulatorServer server = await Reliability.StartEmulatorAsync(o =>
        {
            o.FailureRate = FaultRate;
            o.FailureModes = all;
            o.FaultSeed = protocol == MySmppProtocol.Json ? 5150 : 6160;
            o.TrackIdQueries = false;
            o.Dialect = dialect;
        });
        using var client = new MySmppClient(MySmppCredential.FromPassword("login", "password"), new MySmppSessionOptions
        {
            BaseAddress = server.BaseAddress,
            Protocol = protocol,
            BatchSize = BatchSize,
            MaxConcurrency = Concurrency,
            MaxRetries = MaxRetries,
            RetryBaseDelay = RetryBase,
            RetryMaxDelay = RetryMax,
            RequestTimeout = TimeSpan.FromSeconds(10),
            // Backoff waits jump a fake clock: the soak checks accounting, not time, and its retries slept three quarters of its run.
            Clock = new FakeClientClock(),
        });

        bool detail = protocol == MySmppProtocol.Json;
        long retryLines = 0;
        var results = new List<SmsStateResult>(input.Length);
        var watch = Stopwatch.StartNew();
        QueryStatistics statistics = await Task.Run(() =>
        {
            var options = new StateQueryOptions
            {
                Detail = detail,
                Log = line =>
                {
                    if (line.StartsWith("Retry ", StringComparison.Ordinal)) Interlocked.Increment(ref retryLines);
                },
            };
            using StateQuery query = client.StartQuery(options);
            foreach (long id in input)
            {
                query.Add(id);
                results.AddRange(query.TakeCompleted());
            }

            results.AddRange(query.Finish());
            return query.Statistics;
        }).WaitAsync(TimeSpan.FromMinutes(4));
        watch.Stop();

        // Exactly once, in input order.
        int lost = input.Length - results.Count;
        Assert.Equal(input.Length, results.Count);
        int outOfOrder = 0;
        for (int i = 0; i < input.Length; i++) if (results[i].Id != input[i]) outOfOrder++;
        Assert.Equal(0, outOfOrder);

        int failed = 0, wrong = 0, notFound = 0, states = 0;
        var firstProblems = new List<string>();
        var failureKinds = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (SmsStateResult result in results)
        {
            if (unknown.Contains(result.Id))
            {
                if (result.Error is MySmppIdNotFoundException) { notFound++; continue; }
                if (result.State != null) { wrong++; Note(firstProblems, "unknown id " + result.Id + " got a state"); continue; }
                failed++;
                Count(failureKinds, result.Error!);
                continue;
            }

            if (result.State != null)
            {
                states++;
                Assert.Equal(result.Id, result.State.Id);
                string? mismatch = WireAnswers.Mismatch(result.State, protocol, detail, live);
                if (mismatch != null) { wrong++; Note(firstProblems, mismatch); }
                continue;
            }

            if (result.Error is MySmppIdNotFoundException) { wrong++; Note(firstProblems, "known id " + result.Id + " reported not found"); continue; }
            failed++;
            Count(failureKinds, result.Error!);
            Assert.Contains(result.Id, result.Error!.Ids);
        }

        double failedShare = (double)failed / input.Length;
        var faults = Modes.ToDictionary(m => m, m => server.Stats.FaultsInjectedFor(m));
        string figures = Figures(protocol, input.Length, input.Distinct().Count(), duplicates, unknown.Count, statistics, server.Stats, faults,
            failed, failedShare, lost, wrong, retryLines, watch.Elapsed, failureKinds);
        _output.WriteLine(figures);
        foreach (string problem in firstProblems) _output.WriteLine(problem);
        Report(protocol, figures, input.Length, statistics, server.Stats, faults, failed, failedShare, lost, watch.Elapsed);

        Assert.True(wrong == 0, wrong + " wrong answers: " + string.Join("; ", firstProblems));
        Assert.True(notFound > 0, "no unknown id was reported as not found");
        Assert.True(failedShare < 0.005, "failed ids " + failed + " (" + failedShare.ToString("P3", CultureInfo.InvariantCulture) + ") not under 0.5%");

        // The faults really happened, in every mode, and were retried (each retry logged).
        foreach (FailureModes mode in Modes) Assert.True(faults[mode] > 0, "no " + mode + " injected");
        double observedRate = (double)server.Stats.FaultsInjected / server.Stats.Requests;
        Assert.InRange(observedRate, 0.15, 0.25);
        Assert.True(statistics.Retries > 0);
        Assert.Equal(statistics.Retries, Interlocked.Read(ref retryLines));
        Assert.Equal(input.Length, statistics.Ids);
    }

    private static (long[] Input, HashSet<long> Unknown, int Duplicates) Input(int seed)
    {
        // Mostly distinct synthetic ids; ~1% unknown (beyond the synthetic range); ~2% duplicates, half of
        // them right after their original (same open batch), half far back (asked again).
        var random = new Random(seed);
        var input = new long[Occurrences];
        var unknown = new HashSet<long>();
        int duplicates = 0;
        long next = 1_000_000 + random.Next(1000);
        for (int i = 0; i < Occurrences; i++)
        {
            int roll = random.Next(1000);
            if (i > 0 && roll < 10)
            {
                input[i] = input[i - 1 - random.Next(Math.Min(i, 20))];
                duplicates++;
            }
            else if (i > 0 && roll < 20)
            {
                input[i] = input[random.Next(i)];
                duplicates++;
            }
            else if (roll < 30)
            {
                long id = 3_000_000_000L + random.Next(1_000_000);
                unknown.Add(id);
                input[i] = id;
            }
            else
            {
                next += 1 + random.Next(50);
                input[i] = next;
            }
        }

        return (input, unknown, duplicates);
    }

    private static void Note(List<string> problems, string problem)
    {
        if (problems.Count < 10) problems.Add(problem);
    }

    private static void Count(SortedDictionary<string, int> kinds, MySmppException error)
    {
        string kind = error.GetType().Name + (error.HttpStatusCode.HasValue ? " " + error.HttpStatusCode.Value : string.Empty);
        kinds[kind] = kinds.TryGetValue(kind, out int n) ? n + 1 : 1;
    }

    private static string Figures(
        MySmppProtocol protocol, int ids, int unique, int duplicates, int unknown, QueryStatistics statistics, EmulatorStats stats,
        Dictionary<FailureModes, long> faults, int failed, double failedShare, int lost, int wrong, long retryLines, TimeSpan elapsed,
        SortedDictionary<string, int> failureKinds)
    {
        var sb = new StringBuilder();
        sb.AppendFormat(CultureInfo.InvariantCulture, "soak {0}: {1} ids ({2} unique, {3} duplicate occurrences, {4} unknown ids)", protocol, ids, unique, duplicates, unknown).AppendLine();
        sb.AppendFormat(CultureInfo.InvariantCulture, "  fault rate {0:P0} configured, {1:P1} observed ({2} faults in {3} requests the server saw)",
            FaultRate, (double)stats.FaultsInjected / stats.Requests, stats.FaultsInjected, stats.Requests).AppendLine();
        sb.Append("  faults per mode: ").AppendLine(string.Join(", ", faults.Select(f => f.Key + " " + f.Value.ToString(CultureInfo.InvariantCulture))));
        sb.AppendFormat(CultureInfo.InvariantCulture, "  client: batch {0}, {1} in flight, MaxRetries {2}, RetryBaseDelay {3} ms, RetryMaxDelay {4} ms",
            BatchSize, Concurrency, MaxRetries, RetryBase.TotalMilliseconds, RetryMax.TotalMilliseconds).AppendLine();
        sb.AppendFormat(CultureInfo.InvariantCulture, "  {0} batches, {1} requests sent, {2} retries ({3} retry log lines), {4} splits",
            statistics.Batches, statistics.Requests, statistics.Retries, retryLines, statistics.Splits).AppendLine();
        sb.AppendFormat(CultureInfo.InvariantCulture, "  failed ids {0} ({1:P3}){2}, lost {3}, wrong states {4}, elapsed {5:0.0} s",
            failed, failedShare, failureKinds.Count == 0 ? string.Empty : " [" + string.Join(", ", failureKinds.Select(k => k.Key + ": " + k.Value)) + "]",
            lost, wrong, elapsed.TotalSeconds);
        return sb.ToString();
    }

    private static void Report(
        MySmppProtocol protocol, string figures, int ids, QueryStatistics statistics, EmulatorStats stats, Dictionary<FailureModes, long> faults,
        int failed, double failedShare, int lost, TimeSpan elapsed)
    {
        string? path = Environment.GetEnvironmentVariable("MYSMPP_SOAK_REPORT");
        if (string.IsNullOrWhiteSpace(path)) return;
        var sb = new StringBuilder();
        sb.AppendFormat(CultureInfo.InvariantCulture,
            "| {0} | {1} | {2:P0} ({3:P1} observed) | {4} | {5} | {6} | {7} ({8:P3}) | {9} | {10:0.0} s |",
            protocol, ids, FaultRate, (double)stats.FaultsInjected / stats.Requests,
            string.Join(", ", faults.Select(f => f.Key + " " + f.Value.ToString(CultureInfo.InvariantCulture))),
            statistics.Requests, statistics.Retries, failed, failedShare, lost, elapsed.TotalSeconds).AppendLine();
        sb.AppendLine("<!-- " + figures.Replace("\r", string.Empty, StringComparison.Ordinal).Replace("\n", " / ", StringComparison.Ordinal) + " -->");
        string? directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory != null) Directory.CreateDirectory(directory);
        if (!File.Exists(path))
        {
            File.WriteAllText(path,
                "| flavour | ids | fault rate | faults injected per mode | requests | retries | failed ids | lost | elapsed |" + Environment.NewLine +
                "| --- | --- | --- | --- | --- | --- | --- | --- | --- |" + Environment.NewLine);
        }

        File.AppendAllText(path, sb.ToString());
    }
}
