using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MySmpp.Client;
using MySmpp.Credentials;
using MySmpp.Emulator;
using MySmpp.Errors;
using MySmpp.Model;
using Xunit;

namespace MySmpp.Core.Tests.Reliability;

/// <summary>
/// The reliability tests run one after another (one xunit collection): the soak and the fuzz load both
/// cores, and the cancellation and Retry-After tests measure time, so they must not run under that load.
/// </summary>
[CollectionDefinition(Name)]
public sealed class ReliabilityCollection : ICollectionFixture<ThreadPoolHeadroom>
{
    public const string Name = "Reliability";
}

/// <summary>
/// Gives the thread pool room before the timing tests run. Test classes elsewhere block pool threads
/// (synchronous queries under xunit's parallelism), and a starved pool adds threads about one per
/// second: that delay belongs to the test host, not to the client under test (whose consumer, the
/// PowerShell pipeline thread, is not a pool thread).
/// </summary>
public sealed class ThreadPoolHeadroom
{
    public ThreadPoolHeadroom()
    {
        ThreadPool.GetMinThreads(out int workers, out int io);
        ThreadPool.SetMinThreads(Math.Max(workers, 32), Math.Max(io, 32));
    }
}

/// <summary>
/// Runs blocking work (a query's Finish()) on a dedicated thread, as the PowerShell pipeline thread would,
/// and notes the moment it ended, so a test measures the client and not the scheduling of its own awaits.
/// </summary>
internal sealed class BlockingRun
{
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _ended;

    private BlockingRun(Action body)
    {
        var thread = new Thread(() =>
        {
            try
            {
                body();
                Interlocked.Exchange(ref _ended, System.Diagnostics.Stopwatch.GetTimestamp());
                _done.SetResult();
            }
            catch (Exception ex)
            {
                Interlocked.Exchange(ref _ended, System.Diagnostics.Stopwatch.GetTimestamp());
                Error = ex;
                _done.SetResult();
            }
        })
        {
            IsBackground = true,
            Name = "blocking-run",
        };
        thread.Start();
    }

    public Task Completion => _done.Task;

    public Exception? Error { get; private set; }

    public bool IsCompleted => _done.Task.IsCompleted;

    public static BlockingRun Start(Action body) => new(body);

    /// <summary>Time from <paramref name="since"/> (a Stopwatch timestamp) to the end of the work.</summary>
    public TimeSpan EndedAfter(long since) => TimeSpan.FromSeconds((Interlocked.Read(ref _ended) - since) / (double)System.Diagnostics.Stopwatch.Frequency);
}

/// <summary>Clients for the reliability tests: fast retries, short bounds, the emulator's or a test's credentials.</summary>
internal static class Reliability
{
    /// <summary>Recognisable secrets: they must never appear in a message, a log line or a ToString().</summary>
    public const string Password = "Pa55-Zz9!SECRET-pw";

    public const string Token = "tok-SECRET-Qq7";

    /// <summary>A bound for any single test step that should take milliseconds: reaching it means a hang.</summary>
    public static readonly TimeSpan HangBound = TimeSpan.FromSeconds(20);

    public static MySmppSessionOptions Options(Uri baseAddress, MySmppProtocol protocol, Action<MySmppSessionOptions>? configure = null)
    {
        var options = new MySmppSessionOptions
        {
            BaseAddress = baseAddress,
            Protocol = protocol,
            BatchSize = 10,
            MaxConcurrency = 2,
            MaxRetries = 2,
            RetryBaseDelay = TimeSpan.FromMilliseconds(5),
            RetryMaxDelay = TimeSpan.FromMilliseconds(50),
            RequestTimeout = TimeSpan.FromSeconds(10),
        };
        configure?.Invoke(options);
        return options;
    }

    public static MySmppClient Client(Uri baseAddress, MySmppProtocol protocol, Action<MySmppSessionOptions>? configure = null, MySmppCredential? credential = null) =>
        new(credential ?? MySmppCredential.FromPassword("login", "password"), Options(baseAddress, protocol, configure));

    /// <summary>Runs a whole query on a worker thread, bounded by <see cref="HangBound"/>, collecting results and log lines.</summary>
    public static async Task<QueryRun> RunAsync(MySmppClient client, IReadOnlyList<long> ids, bool detail = true, CancellationToken cancellationToken = default)
    {
        var log = new ConcurrentQueue<string>();
        var options = new StateQueryOptions { Detail = detail, Log = log.Enqueue };
        var watch = System.Diagnostics.Stopwatch.StartNew();
        QueryStatistics? statistics = null;
        Task<List<SmsStateResult>> work = Task.Run(() =>
        {
            var results = new List<SmsStateResult>(ids.Count);
            using StateQuery query = client.StartQuery(options, cancellationToken);
            statistics = query.Statistics;
            foreach (long id in ids)
            {
                query.Add(id);
                results.AddRange(query.TakeCompleted());
            }

            results.AddRange(query.Finish());
            return results;
        });
        List<SmsStateResult> all = await work.WaitAsync(HangBound);
        watch.Stop();
        Assert.Equal(ids.Count, all.Count);
        for (int i = 0; i < ids.Count; i++) Assert.Equal(ids[i], all[i].Id);
        return new QueryRun(all, statistics!, log.ToArray(), watch.Elapsed);
    }

    /// <summary>Polls <paramref name="condition"/> (bounded) until it holds: readiness without sleeping a fixed time.</summary>
    public static async Task<bool> EventuallyAsync(Func<bool> condition, TimeSpan timeout)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            if (watch.Elapsed > timeout) return false;
            await Task.Delay(10);
        }

        return true;
    }

    public static Task<EmulatorServer> StartEmulatorAsync(Action<EmulatorOptions>? configure = null)
    {
        var options = new EmulatorOptions { TimeScale = 0, FaultSeed = 4242 };
        configure?.Invoke(options);
        return EmulatorServer.StartAsync(options);
    }

    public static long[] SyntheticIds(int count, long first = 1_000_000) =>
        Enumerable.Range(0, count).Select(i => first + (i * 7L)).ToArray();
}

/// <summary>What one query produced.</summary>
internal sealed record QueryRun(IReadOnlyList<SmsStateResult> Results, QueryStatistics Statistics, IReadOnlyList<string> Log, TimeSpan Elapsed)
{
    public IEnumerable<MySmppException> Errors => Results.Where(r => r.Error != null).Select(r => r.Error!);
}
