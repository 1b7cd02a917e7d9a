using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;
using MySmpp.Benchmarks.Throughput;
using MySmpp.Credentials;
using MySmpp.Journal;
using MySmpp.Journal.Sqlite;
using MySmpp.Sending;

namespace MySmpp.Benchmarks.Journal;

/// <summary>
/// <c>journal</c>: the send journal's read side at scale. (1) A journal of <c>--entries</c> entries over 30 days (written
/// through the storage's API in batches of 1,000, as the send path writes them), then a one-day
/// <c>Get-SmsJournal -Since -Until</c> in a fresh worker process hosting PowerShell and the built module: its time, and
/// the query plan SQLite uses. (2) For each <c>--sync</c> size, a journal of that many pending entries, then
/// <c>Sync-SmsJournal</c> against an emulator process in a fresh worker: its time and peak working set, next to the
/// worker's working set before the sync, so that flat memory shows as peaks that do not grow with the size.
/// </summary>
internal static class JournalCommand
{
    private static readonly DateTimeOffset Epoch = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static int Run(string[] args)
    {
        int entries = 1000000;
        int[] syncSizes = { 10000, 100000 };
        string? work = null;
        string? module = CmdletPhase.FindBuiltModule();
        string emulatorDll = Path.Combine(AppContext.BaseDirectory, "MySmpp.Emulator.dll");
        for (int i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new FormatException(args[i] + " needs a value.");
            switch (args[i])
            {
                case "--entries": entries = int.Parse(Value(), CultureInfo.InvariantCulture); break;
                case "--sync": syncSizes = Value().Split(',').Select(v => int.Parse(v, CultureInfo.InvariantCulture)).ToArray(); break;
                case "--work": work = Path.GetFullPath(Value()); break;
                case "--module": module = Path.GetFullPath(Value()); break;
                case "--emulator": emulatorDll = Path.GetFullPath(Value()); break;
                default: throw new FormatException("Unknown option " + args[i] + ".");
            }
        }

        if (module == null) throw new FormatException("No built module found: build the solution (-c Release) or pass --module.");
        bool removeWork = work == null;
        work ??= Path.Combine(Path.GetTempPath(), "mysmpp-journal-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(work);
        try
        {
            Console.WriteLine("# Send journal benchmark");
            Console.WriteLine();
            Console.WriteLine($"{DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, .NET {Environment.Version}, module {module}");
            Console.WriteLine();
            QueryPhase(work, module, entries);
            using EmulatorProcess emulator = EmulatorProcess.Start(emulatorDll, latencyMs: 0);
            Console.WriteLine("| pending entries synced | Sync-SmsJournal s | entries/s | WS before sync MB | peak WS MB |");
            Console.WriteLine("|---:|---:|---:|---:|---:|");
            foreach (int size in syncSizes)
            {
                string path = Path.Combine(work, "sync-" + size + ".db");
                _ = Fill(path, emulator.BaseAddress, size);
                Dictionary<string, string> r = Worker("sync", module, path, emulator.BaseAddress, Epoch, Epoch.AddDays(31));
                double seconds = double.Parse(r["seconds"], CultureInfo.InvariantCulture);
                Console.WriteLine($"| {size:N0} | {seconds:0.00} | {size / seconds:N0} | {long.Parse(r["wsBefore"], CultureInfo.InvariantCulture) / 1048576.0:0} | {long.Parse(r["peakWs"], CultureInfo.InvariantCulture) / 1048576.0:0} |");
                if (r["stored"] != size.ToString(CultureInfo.InvariantCulture)) Console.WriteLine($"(!) {r["stored"]} states stored of {size}");
            }

            return 0;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (removeWork) Directory.Delete(work, recursive: true);
        }
    }

    private static void QueryPhase(string work, string module, int entries)
    {
        string path = Path.Combine(work, "query.db");
        var fill = Stopwatch.StartNew();
        TimeSpan fold = Fill(path, new Uri("http://127.0.0.1:9/"), entries);
        fill.Stop();
        DateTimeOffset since = Epoch.AddDays(10);
        DateTimeOffset until = since.AddDays(1);
        using (ISendJournal journal = Open(path))
        {
            SendJournalAccount account = Account(journal, new Uri("http://127.0.0.1:9/"));
            var query = new SendJournalQuery { Since = since.UtcDateTime, Until = until.UtcDateTime };
            TimeSpan written = fill.Elapsed - fold;
            Console.WriteLine($"Journal of {entries:N0} entries over 30 days written through the API in batches of 1,000 (intents, then outcomes): {written.TotalSeconds:0.0} s ({entries / written.TotalSeconds:N0} entries/s, both transactions); folded into entries (what the first read after a send does): {fold.TotalSeconds:0.0} s ({entries / fold.TotalSeconds:N0} entries/s); {new FileInfo(path).Length / 1048576.0:0} MB.");
            Console.WriteLine();
            Console.WriteLine("Query plan of a one-day `Get-SmsJournal -Since -Until` (`EXPLAIN QUERY PLAN`):");
            Console.WriteLine();
            Console.WriteLine("```");
            foreach (string line in ((SqliteSendJournal)journal).ExplainQuery(account, query)) Console.WriteLine(line);
            Console.WriteLine("```");
            Console.WriteLine();
            var api = Stopwatch.StartNew();
            int count = journal.Query(account, query).Count();
            api.Stop();
            Console.WriteLine($"Through the API (no PowerShell): {count:N0} entries in {api.Elapsed.TotalMilliseconds:0} ms.");
        }

        Console.WriteLine();
        Console.WriteLine("| run | `Get-SmsJournal -Since -Until` (one day) | entries | ms |");
        Console.WriteLine("|---|---|---:|---:|");
        Dictionary<string, string> r = Worker("query", module, path, new Uri("http://127.0.0.1:9/"), since, until);
        foreach (string run in new[] { "first", "second", "third" })
        {
            Console.WriteLine($"| {run}{(run == "first" ? " (opens the journal, loads SQLite)" : string.Empty)} | `$n = (Get-SmsJournal -Since ... -Until ... \\| Measure-Object).Count` | {r["count"]} | {r[run]} |");
        }

        Console.WriteLine();
    }

    // Entries as the send path writes them: intents in batches of 1,000, then the batch's outcomes (accepted with an id the
    // emulator answers). Every entry stays pending, with no final state: what Sync-SmsJournal has to sync, and what the
    // query phase reads. Then folded, as the first read after a send would: the phases measure reads of entries, not the
    // fold (returned: how long it took).
    private static TimeSpan Fill(string path, Uri gateway, int count)
    {
        using ISendJournal journal = Open(path);
        SendJournalAccount account = Account(journal, gateway);
        const int Batch = 1000;
        TimeSpan step = TimeSpan.FromTicks(TimeSpan.FromDays(30).Ticks / Math.Max(1, count));
        var message = new SmsMessage { Text = "Your code is 1234", Sender = "MyShop", CampaignName = "bench" };
        for (int start = 0; start < count; start += Batch)
        {
            SendJournalRun run = journal.StartRun(account, Guid.NewGuid(), null, Epoch + TimeSpan.FromTicks(step.Ticks * start));
            int n = Math.Min(Batch, count - start);
            var intents = new List<SendIntent>(n);
            for (int i = 0; i < n; i++) intents.Add(new SendIntent(i + 1, "7900" + ((start + i) % 10000000).ToString("0000000", CultureInfo.InvariantCulture), 1 + start + i, message, Epoch + TimeSpan.FromTicks(step.Ticks * (start + i))));
            IReadOnlyList<long> ids = journal.RecordIntents(run, intents);
            journal.RecordOutcomes(ids.Select((id, i) => SendJournalOutcome.Accepted(id, 1000000000L + start + i, 1, 1.25m, Epoch)).ToList());
        }

        var fold = Stopwatch.StartNew();
        ((SqliteSendJournal)journal).Fold();
        return fold.Elapsed;
    }

    private static ISendJournal Open(string path) => new SqliteSendJournalFactory().Open(new SendJournalOptions { Path = path });

    private static SendJournalAccount Account(ISendJournal journal, Uri gateway)
    {
        using var credential = MySmppCredential.FromPassword("login", "password");
        return journal.GetAccount(credential, gateway);
    }

    private static Dictionary<string, string> Worker(string mode, string module, string journal, Uri gateway, DateTimeOffset since, DateTimeOffset until)
    {
        string self = Environment.ProcessPath ?? throw new InvalidOperationException("Cannot tell which program is running.");
        var start = new ProcessStartInfo(self) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        if (Path.GetFileNameWithoutExtension(self).Equals("dotnet", StringComparison.OrdinalIgnoreCase)) start.ArgumentList.Add(Assembly.GetExecutingAssembly().Location);
        foreach (string a in new[] { "journal-worker", mode, module, journal, gateway.ToString(), since.UtcDateTime.ToString("o", CultureInfo.InvariantCulture), until.UtcDateTime.ToString("o", CultureInfo.InvariantCulture) }) start.ArgumentList.Add(a);
        using Process process = Process.Start(start) ?? throw new InvalidOperationException("Could not start a worker.");
        string stdout = process.StandardOutput.ReadToEnd();
        string stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        string? line = stdout.Split('\n').LastOrDefault(l => l.StartsWith("RESULT ", StringComparison.Ordinal));
        if (process.ExitCode != 0 || line == null) throw new InvalidOperationException("The " + mode + " worker failed (" + process.ExitCode + "): " + stdout + stderr);
        return line.Substring(7).Trim().Split(' ').Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
    }
}
