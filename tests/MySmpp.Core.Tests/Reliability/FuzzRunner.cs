using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Threading;

namespace MySmpp.Core.Tests.Reliability;

/// <summary>
/// Runs numbered fuzz cases on one background thread per core and watches them: a case that runs
/// longer than the hang limit is reported (with its number, so it can be replayed) instead of
/// blocking the test run forever.
/// </summary>
internal sealed class FuzzRunner
{
    private readonly ConcurrentQueue<string> _failures = new();
    private long _accepted;
    private long _refused;
    private long _done;
    private long _failed;

    public FuzzRunner(TimeSpan hangLimit)
    {
        HangLimit = hangLimit;
    }

    public TimeSpan HangLimit { get; }

    public long Accepted => Interlocked.Read(ref _accepted);

    public long Refused => Interlocked.Read(ref _refused);

    public long Done => Interlocked.Read(ref _done);

    /// <summary>Cases that failed (only the first few are kept in <see cref="Failures"/>).</summary>
    public long Failed => Interlocked.Read(ref _failed);

    public IProducerConsumerCollection<string> Failures => _failures;

    public double SlowestMs { get; private set; }

    public int SlowestCase { get; private set; } = -1;

    public TimeSpan Elapsed { get; private set; }

    /// <summary>Runs cases 0..count-1; <paramref name="runCase"/> returns a failure text or null and says whether the input was accepted.</summary>
    public void Run(int count, Func<int, (string? Failure, bool Accepted)> runCase)
    {
        int workers = Math.Max(1, Environment.ProcessorCount);
        int next = -1;
        int stop = 0;
        var started = new long[workers];
        var current = new int[workers];
        var slowest = new double[workers];
        var slowestCase = new int[workers];
        var finished = new CountdownEvent(workers);
        var total = Stopwatch.StartNew();

        for (int w = 0; w < workers; w++)
        {
            int worker = w;
            var thread = new Thread(() =>
            {
                try
                {
                    while (Volatile.Read(ref stop) == 0)
                    {
                        int i = Interlocked.Increment(ref next);
                        if (i >= count) break;
                        Volatile.Write(ref current[worker], i);
                        long begin = Stopwatch.GetTimestamp();
                        Volatile.Write(ref started[worker], begin);
                        (string? failure, bool accepted) = runCase(i);
                        Volatile.Write(ref started[worker], 0);
                        double ms = (Stopwatch.GetTimestamp() - begin) * 1000.0 / Stopwatch.Frequency;
                        if (ms > slowest[worker])
                        {
                            slowest[worker] = ms;
                            slowestCase[worker] = i;
                        }

                        Interlocked.Increment(ref accepted ? ref _accepted : ref _refused);
                        Interlocked.Increment(ref _done);
                        if (failure != null)
                        {
                            Interlocked.Increment(ref _failed);
                            if (_failures.Count < 25) _failures.Enqueue(failure);
                        }
                    }
                }
                finally
                {
                    finished.Signal();
                }
            })
            {
                IsBackground = true, // a hung case must not keep the test process alive
                Name = "fuzz-" + worker,
            };
            thread.Start();
        }

        while (!finished.Wait(100))
        {
            long now = Stopwatch.GetTimestamp();
            for (int w = 0; w < workers; w++)
            {
                long begin = Volatile.Read(ref started[w]);
                if (begin != 0 && now - begin > HangLimit.TotalSeconds * Stopwatch.Frequency)
                {
                    _failures.Enqueue("case #" + Volatile.Read(ref current[w]) + " did not finish within " + HangLimit.TotalSeconds + " s (hang)");
                    Interlocked.Increment(ref _failed);
                    Volatile.Write(ref stop, 1);
                }
            }

            if (Volatile.Read(ref stop) != 0)
            {
                // Give the healthy workers a moment to stop; the hung one is abandoned (background thread).
                finished.Wait(TimeSpan.FromSeconds(1));
                break;
            }
        }

        total.Stop();
        Elapsed = total.Elapsed;
        for (int w = 0; w < workers; w++)
        {
            if (slowest[w] > SlowestMs)
            {
                SlowestMs = slowest[w];
                SlowestCase = slowestCase[w];
            }
        }
    }
}
