using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Runtime;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using System.Xml;
using MySmpp.Client;
using MySmpp.Credentials;
using MySmpp.Emulator;
using MySmpp.Http;
using MySmpp.Model;
using MySmpp.Protocol;
using MySmpp.Protocol.Json;
using MySmpp.Protocol.Xml;

namespace MySmpp.Benchmarks.Throughput;

/// <summary>
/// One measured phase in a fresh process, so that its peak working set and allocations are its own:
/// the emulator runs in another process, and no earlier phase has grown this one's heap.
/// </summary>
internal static class WorkerCommand
{
    public const string ResultPrefix = "RESULT ";

    /// <summary>Measured ids: consecutive ids of the emulator's synthetic range, answered deterministically.</summary>
    public const long MeasuredIdBase = 1_000_000_000;

    /// <summary>Warm-up ids: another stretch of the synthetic range.</summary>
    public const long WarmupIdBase = 1_900_000_000;

    private const string Login = "login";
    private const string Password = "password";
    private const int MinimumWarmupRounds = 3;
    private const int NaiveWarmupIds = 200;

    public static int Run(WorkerArguments arguments)
    {
        PhaseResult result = arguments.Phase switch
        {
            Phase.Raw => RunRaw(arguments),
            Phase.Client => RunClient(arguments),
            Phase.Naive => RunNaive(arguments),
            Phase.Cmdlet or Phase.CmdletPiped or Phase.PowerShellFloor => CmdletPhase.Run(arguments),
            Phase.SendRaw or Phase.SendClient or Phase.SendCmdlet or Phase.SendCmdletNoJournal or Phase.SendLoop => Sending.SendPhases.Run(arguments),
            Phase.Summary or Phase.Report => MySmpp.Benchmarks.Reports.ReportPhase.Run(arguments),
            _ => throw new FormatException("Unknown phase."),
        };

        Console.Out.WriteLine(ResultPrefix + JsonSerializer.Serialize(result));
        Console.Out.Flush();
        return 0;
    }

    // ---------------------------------------------------------------- client

    private static PhaseResult RunClient(WorkerArguments a)
    {
        var options = new MySmppSessionOptions
        {
            BaseAddress = a.BaseAddress,
            Protocol = a.Flavour,
            BatchSize = a.BatchSize,
            MaxConcurrency = a.Concurrency,
        };
        using MySmppCredential credential = MySmppCredential.FromPassword(Login, Password);
        using var client = new MySmppClient(credential, options);

        double cold = WarmUp(a.WarmupSeconds, () => Consume(client, WarmupIdBase, a.WarmupIds, null, out _), a.WarmupIds);

        var meter = Meter.Start(a.EmulatorPid);
        long errors = Consume(client, MeasuredIdBase, a.Ids, meter.Stopwatch, out double firstResult);
        PhaseResult result = meter.Stop(Phase.Client, a, a.Ids);
        result.Errors = errors;
        result.FirstResultSeconds = firstResult;
        result.ColdIdsPerSecond = cold;
        return result;
    }

    /// <summary>Ids in, states out: counts statuses and checks every answer against the emulator's rule.</summary>
    private static long Consume(MySmppClient client, long firstId, int count, Stopwatch? clock, out double firstResultSeconds)
    {
        Span<int> byStatus = stackalloc int[8];
        long expected = firstId;
        long errors = 0;
        firstResultSeconds = -1;
        foreach (SmsStateResult result in client.GetStates(Ids(firstId, count)))
        {
            if (firstResultSeconds < 0 && clock != null) firstResultSeconds = clock.Elapsed.TotalSeconds;
            if (result.Id != expected++) errors++;
            if (result.State is { } state)
            {
                byStatus[(int)state.Status]++;
                if (!string.Equals(state.RawStatus, SyntheticMessages.For(result.Id).State, StringComparison.Ordinal)) errors++;
            }
            else
            {
                errors++;
            }
        }

        if (expected != firstId + count) errors += Math.Abs(firstId + count - expected);
        return errors;
    }

    private static IEnumerable<long> Ids(long first, int count)
    {
        for (int i = 0; i < count; i++) yield return first + i;
    }

    // ---------------------------------------------------------------- raw

    private static PhaseResult RunRaw(WorkerArguments a)
    {
        IStateCodec codec = a.Flavour == MySmppProtocol.Xml ? XmlStateCodec.Instance : JsonStateCodec.Instance;
        using MySmppCredential credential = MySmppCredential.FromPassword(Login, Password);
        var endpoint = new Uri(a.BaseAddress, codec.RelativePath);
        byte[][] warmup = BuildBodies(codec, credential, WarmupIdBase, a.WarmupIds, a.BatchSize);
        byte[][] bodies = BuildBodies(codec, credential, MeasuredIdBase, a.Ids, a.BatchSize);

        // The same handler settings as MySmppClient's own, so both sides get the same connections.
        using var http = new HttpClient(CreateHandler(a.Concurrency)) { Timeout = Timeout.InfiniteTimeSpan };
        http.DefaultRequestHeaders.UserAgent.ParseAdd("MySmpp.Benchmarks/raw");
        double cold = WarmUp(a.WarmupSeconds, () => Replay(http, endpoint, codec.MediaType, warmup, a.Concurrency), a.WarmupIds);

        var meter = Meter.Start(a.EmulatorPid);
        (long bytes, long errors) = Replay(http, endpoint, codec.MediaType, bodies, a.Concurrency);
        PhaseResult result = meter.Stop(Phase.Raw, a, a.Ids);
        result.ResponseBytes = bytes;
        result.Errors = errors;
        result.Requests = bodies.Length;
        result.ColdIdsPerSecond = cold;
        return result;
    }

    /// <summary>Request bodies written before the clock starts, by the same codec the client uses, batch for batch.</summary>
    private static byte[][] BuildBodies(IStateCodec codec, MySmppCredential credential, long firstId, int count, int batchSize)
    {
        var bodies = new byte[(count + batchSize - 1) / batchSize][];
        var ids = new long[batchSize];
        for (int b = 0; b < bodies.Length; b++)
        {
            int n = Math.Min(batchSize, count - (b * batchSize));
            for (int i = 0; i < n; i++) ids[i] = firstId + ((long)b * batchSize) + i;
            using var buffer = new PooledBuffer(64 + (n * 80));
            codec.WriteRequest(buffer, credential, ids.AsSpan(0, n), detail: false);
            bodies[b] = buffer.WrittenSpan.ToArray();
        }

        return bodies;
    }

    /// <summary>Sends every body with <paramref name="concurrency"/> requests in flight; reads each answer and drops it.</summary>
    internal static (long Bytes, long Errors) Replay(HttpClient http, Uri endpoint, string mediaType, byte[][] bodies, int concurrency)
    {
        int next = -1;
        long bytes = 0;
        long errors = 0;
        var workers = new Task[concurrency];
        for (int w = 0; w < workers.Length; w++)
        {
            workers[w] = Task.Run(async () =>
            {
                byte[] sink = new byte[64 * 1024];
                long local = 0;
                int i;
                while ((i = Interlocked.Increment(ref next)) < bodies.Length)
                {
                    var content = new ByteArrayContent(bodies[i]);
                    content.Headers.ContentType = new MediaTypeHeaderValue(mediaType) { CharSet = "utf-8" };
                    using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = content };
                    using HttpResponseMessage response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead).ConfigureAwait(false);
                    if (response.StatusCode != HttpStatusCode.OK) Interlocked.Increment(ref errors);
                    using Stream body = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
                    int n;
                    while ((n = await body.ReadAsync(sink).ConfigureAwait(false)) > 0) local += n;
                }

                Interlocked.Add(ref bytes, local);
            });
        }

        Task.WaitAll(workers);
        return (bytes, errors);
    }

    internal static HttpClientHandler CreateHandler(int concurrency) => new()
    {
        AllowAutoRedirect = false,
        UseCookies = false,
        AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate,
        MaxConnectionsPerServer = Math.Max(2, concurrency),
    };

    // ---------------------------------------------------------------- naive

    /// <summary>
    /// What a script does with Invoke-RestMethod in a loop: one request per id, one after the other, the
    /// body built as a string, the answer read as a string and parsed into a DOM. Kinder than the real
    /// thing: one HttpClient (kept-alive connection) and no PowerShell object conversion.
    /// </summary>
    private static PhaseResult RunNaive(WorkerArguments a)
    {
        bool xml = a.Flavour == MySmppProtocol.Xml;
        var endpoint = new Uri(a.BaseAddress, xml ? "xml/state.php" : "json/state.php");
        using var http = new HttpClient();
        double cold = WarmUp(Math.Min(a.WarmupSeconds, 1), () =>
        {
            for (int i = 0; i < NaiveWarmupIds; i++) NaiveOne(http, endpoint, xml, WarmupIdBase + i);
        }, NaiveWarmupIds);

        int measured = Math.Min(a.Ids, a.NaiveSample);
        var meter = Meter.Start(a.EmulatorPid);
        long errors = 0;
        for (int i = 0; i < measured; i++)
        {
            long id = MeasuredIdBase + i;
            if (!string.Equals(NaiveOne(http, endpoint, xml, id), SyntheticMessages.For(id).State, StringComparison.Ordinal)) errors++;
        }

        PhaseResult result = meter.Stop(Phase.Naive, a, measured);
        result.ColdIdsPerSecond = cold;
        result.Errors = errors;
        result.Requests = measured;
        return result;
    }

    private static string? NaiveOne(HttpClient http, Uri endpoint, bool xml, long id)
    {
        string body = xml
            ? "<?xml version=\"1.0\" encoding=\"utf-8\"?><request><security><login value=\"" + Login + "\" /><password value=\"" + Password
              + "\" /></security><get_state><id_sms>" + id + "</id_sms></get_state></request>"
            : "[{\"login\":\"" + Login + "\",\"password\":\"" + Password + "\",\"id_sms\":" + id + ",\"detail\":0}]";
        using var content = new StringContent(body, Encoding.UTF8, xml ? "text/xml" : "text/json");
        using HttpResponseMessage response = http.PostAsync(endpoint, content).GetAwaiter().GetResult();
        string text = response.Content.ReadAsStringAsync().GetAwaiter().GetResult();
        if (xml)
        {
            var document = new XmlDocument();
            document.LoadXml(text);
            return document.SelectSingleNode("/response/state")?.InnerText;
        }

        using JsonDocument json = JsonDocument.Parse(text);
        return json.RootElement.GetArrayLength() > 0 ? json.RootElement[0].GetProperty("state").GetString() : null;
    }

    // ---------------------------------------------------------------- measuring

    // Rounds go on after the minimum time while .NET is still compiling (tier-ups included), up to this long:
    // in a PowerShell host the engine's own compilations postpone the promotion of hot code for many seconds.
    private const double MaximumWarmupSeconds = 60;
    private const long SettledCompilationsPerRound = 10;
    private const double SettledCompilationShare = 0.02;

    /// <summary>
    /// Runs <paramref name="round"/> for at least <paramref name="seconds"/> (and three rounds), pausing between
    /// rounds so tiered compilation can promote the hot code, then on while a round still compiles more than
    /// <see cref="SettledCompilationsPerRound"/> methods or spends more than <see cref="SettledCompilationShare"/> of its
    /// time compiling (up to <see cref="MaximumWarmupSeconds"/>): the measured code is then in its final tier. A few big
    /// methods promoted late (a cmdlet's once-per-call loop needs 30 calls) show in the time, not in the count. Returns
    /// the first, cold round's rate in ids per second.
    /// </summary>
    internal static double WarmUp(double seconds, Action round, int idsPerRound)
    {
        var clock = Stopwatch.StartNew();
        double cold = 0;
        long compiledBefore = JitInfo.GetCompiledMethodCount();
        long compiledInRound = long.MaxValue;
        double compilingShare = 1;
        int n = 0;
        for (; n < MinimumWarmupRounds || clock.Elapsed.TotalSeconds < seconds
            || ((compiledInRound > SettledCompilationsPerRound || compilingShare > SettledCompilationShare) && clock.Elapsed.TotalSeconds < MaximumWarmupSeconds); n++)
        {
            long start = Stopwatch.GetTimestamp();
            TimeSpan compilingBefore = JitInfo.GetCompilationTime();
            round();
            TimeSpan elapsed = Stopwatch.GetElapsedTime(start);
            if (n == 0) cold = idsPerRound / elapsed.TotalSeconds;
            compilingShare = (JitInfo.GetCompilationTime() - compilingBefore).TotalSeconds / elapsed.TotalSeconds;
            Thread.Sleep(100);
            long compiled = JitInfo.GetCompiledMethodCount();
            compiledInRound = compiled - compiledBefore;
            compiledBefore = compiled;
        }

        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"warm-up: {n} rounds in {clock.Elapsed.TotalSeconds:0.0} s, {compiledInRound} methods compiled in the last one ({compilingShare:P0} of its time)"));
        return cold;
    }

    internal sealed class Meter
    {
        private readonly Process? _emulator;
        private long _allocated;
        private TimeSpan _cpu;
        private TimeSpan _emulatorCpu;
        private int _gen0;
        private int _gen1;
        private int _gen2;
        private long _workingSet;
        private double _machineBusy;

        private Meter(Process? emulator)
        {
            _emulator = emulator;
        }

        public Stopwatch Stopwatch { get; } = new();

        public static Meter Start(int emulatorPid)
        {
            Process? emulator = null;
            try
            {
                emulator = emulatorPid > 0 ? Process.GetProcessById(emulatorPid) : null;
            }
            catch (ArgumentException)
            {
                // Not running (or not visible): the emulator's CPU is then reported as 0.
            }

            var meter = new Meter(emulator);
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            using (Process self = Process.GetCurrentProcess())
            {
                meter._workingSet = self.WorkingSet64;
                meter._cpu = OwnCpu();
            }

            meter._emulatorCpu = EmulatorCpu(emulator);
            meter._machineBusy = MachineBusySeconds();
            meter._gen0 = GC.CollectionCount(0);
            meter._gen1 = GC.CollectionCount(1);
            meter._gen2 = GC.CollectionCount(2);
            meter._allocated = GC.GetTotalAllocatedBytes(precise: true);
            meter.Stopwatch.Start();
            return meter;
        }

        public PhaseResult Stop(Phase phase, WorkerArguments a, int measuredIds)
        {
            Stopwatch.Stop();
            long allocated = GC.GetTotalAllocatedBytes(precise: true) - _allocated;
            TimeSpan emulatorCpu = EmulatorCpu(_emulator) - _emulatorCpu;
            double machineBusy = MachineBusySeconds() - _machineBusy;
            using Process self = Process.GetCurrentProcess();
            return new PhaseResult
            {
                Phase = phase,
                Flavour = a.Flavour,
                Ids = a.Ids,
                MeasuredIds = measuredIds,
                Seconds = Stopwatch.Elapsed.TotalSeconds,
                AllocatedBytes = allocated,
                CpuSeconds = (OwnCpu() - _cpu).TotalSeconds,
                EmulatorCpuSeconds = emulatorCpu.TotalSeconds,
                MachineBusySeconds = machineBusy,
                PeakWorkingSetBytes = self.PeakWorkingSet64,
                BaselineWorkingSetBytes = _workingSet,
                Gen0 = GC.CollectionCount(0) - _gen0,
                Gen1 = GC.CollectionCount(1) - _gen1,
                Gen2 = GC.CollectionCount(2) - _gen2,
            };
        }

        /// <summary>CPU time all processes of the machine have used (Linux /proc/stat; 0 elsewhere): shows interference.</summary>
        private static double MachineBusySeconds()
        {
            try
            {
                if (!OperatingSystem.IsLinux()) return 0;
                using var stat = new StreamReader("/proc/stat");
                string? line = stat.ReadLine();
                if (line == null || !line.StartsWith("cpu ", StringComparison.Ordinal)) return 0;
                string[] fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                long busy = 0;
                for (int i = 1; i < fields.Length && i <= 8; i++)
                {
                    if (i == 4 || i == 5) continue; // idle, iowait
                    busy += long.Parse(fields[i], System.Globalization.CultureInfo.InvariantCulture);
                }

                return busy / 100.0; // USER_HZ
            }
            catch (IOException)
            {
                return 0;
            }
        }

        // The worker's own CPU from getrusage (microseconds), not /proc's 10 ms ticks: a phase's timed section
        // can be as short as 50 ms, where a tick is a fifth of the figure.
        private static TimeSpan OwnCpu() => Environment.CpuUsage.TotalTime;

        private static TimeSpan EmulatorCpu(Process? emulator)
        {
            if (emulator == null) return TimeSpan.Zero;
            emulator.Refresh();
            return emulator.TotalProcessorTime;
        }
    }
}
