using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using MySmpp.Model;
using Xunit;
using Xunit.Abstractions;

namespace MySmpp.Core.Tests.Reliability;

/// <summary>
/// The client end to end against mutated answers served over HTTP by the raw server: every id gets
/// exactly one state or typed error, nothing unhandled escapes, and no id is ever given a state that
/// belongs to another id of its request. Seeded like the codec fuzz (MYSMPP_FUZZ_SEED, MYSMPP_FUZZ_HTTP_CASES).
/// </summary>
[Collection(ReliabilityCollection.Name)]
[Trait(TestCategory.Name, TestCategory.Slow)]
public sealed class ClientFuzzTests
{
    private const int IdsPerRequest = 5;

    private readonly ITestOutputHelper _output;

    public ClientFuzzTests(ITestOutputHelper output)
    {
        _output = output;
    }

    [Fact]
    public async Task Mutated_answers_over_http_give_each_id_one_state_or_typed_error_and_never_another_ids_state()
    {
        int seed = FuzzSettings.Seed;
        int cases = FuzzSettings.HttpCases;
        var served = new ConcurrentDictionary<long, Served>();
        await using RawHttpServer server = RawHttpServer.Start(async exchange =>
        {
            bool xml = exchange.Request.IsXml;
            long[] asked = exchange.Request.AskedIds();

            // The mutation depends on the run's seed and what was asked, not on request order.
            var random = new Random(FuzzSettings.CaseSeed(seed, (int)(asked.FirstOrDefault() % int.MaxValue) ^ asked.Length));
            byte[] valid = Encoding.UTF8.GetBytes(WireAnswers.For(xml ? MySmppProtocol.Xml : MySmppProtocol.Json, asked, detail: true));
            bool intact = random.Next(10) == 0;
            string description = "intact";
            byte[] body = intact ? valid : ResponseMutator.Mutate(random, valid, xml, out description);
            var record = new Served(asked, intact, description, body);
            foreach (long id in asked) served[id] = record;
            await exchange.RespondAsync(200, WireAnswers.ContentType(xml ? MySmppProtocol.Xml : MySmppProtocol.Json), body);
        });

        int statesIntact = 0, statesAltered = 0, errors = 0, unjudged = 0;
        var kinds = new ConcurrentDictionary<string, int>();
        var failures = new ConcurrentQueue<string>();
        var watch = System.Diagnostics.Stopwatch.StartNew();
        using var json = Reliability.Client(server.BaseAddress, MySmppProtocol.Json, o => (o.BatchSize, o.MaxRetries, o.MaxConcurrency) = (IdsPerRequest, 0, 1));
        using var xmlClient = Reliability.Client(server.BaseAddress, MySmppProtocol.Xml, o => (o.BatchSize, o.MaxRetries, o.MaxConcurrency) = (IdsPerRequest, 0, 1));

        await Parallel.ForEachAsync(Enumerable.Range(0, cases), new ParallelOptions { MaxDegreeOfParallelism = 2 }, async (i, _) =>
        {
            // Distinct ids per case, so an answer can only be about its own request's ids.
            long first = 1_000_000 + ((long)i * 100);
            long[] ids = Enumerable.Range(0, IdsPerRequest).Select(k => first + (k * 13)).ToArray();
            MySmppProtocol protocol = i % 2 == 0 ? MySmppProtocol.Json : MySmppProtocol.Xml;
            QueryRun run = await Reliability.RunAsync(protocol == MySmppProtocol.Json ? json : xmlClient, ids, detail: true);
            foreach (SmsStateResult result in run.Results)
            {
                if (result.Error != null)
                {
                    Interlocked.Increment(ref errors);
                    kinds.AddOrUpdate(result.Error.GetType().Name, 1, (_, n) => n + 1);
                    if (result.Error.Message.Contains("Unexpected failure", StringComparison.Ordinal))
                    {
                        failures.Enqueue("case #" + i + ": an unhandled exception was turned into: " + result.Error.Message + Describe(served, result.Id));
                    }

                    continue;
                }

                SmsState state = result.State!;
                if (state.Id != result.Id) failures.Enqueue("case #" + i + ": state of " + state.Id + " handed out for " + result.Id);
                string? touch = CodecFuzzTests.Touch(state);
                if (touch != null) failures.Enqueue("case #" + i + ": state of " + result.Id + " throws when read: " + touch + Describe(served, result.Id));
                string? mismatch = WireAnswers.Mismatch(state, protocol, detail: true);
                Served? record = served.TryGetValue(result.Id, out Served? r) ? r : null;
                if (record == null)
                {
                    failures.Enqueue("case #" + i + ": id " + result.Id + " got a state though nothing was served for it");
                    continue;
                }

                if (mismatch == null)
                {
                    Interlocked.Increment(ref statesIntact);
                    continue;
                }

                // A well-formed but altered answer is the server's word (the client cannot know better); an
                // intact answer must come through exactly; and an id may only get what the document says about
                // that id — judged by an independent reader of the served bytes.
                Interlocked.Increment(ref statesAltered);
                if (record.Intact)
                {
                    failures.Enqueue("case #" + i + ": an intact answer came through altered: " + mismatch);
                    continue;
                }

                Dictionary<long, List<AnswerOracle.Said>>? said = AnswerOracle.Read(record.Body, protocol == MySmppProtocol.Xml, out string? why);
                if (said == null)
                {
                    Interlocked.Increment(ref unjudged);
                    failures.Enqueue("case #" + i + ": id " + result.Id + " got a state from an answer that is not well-formed (" + why + ")" + Describe(served, result.Id));
                    continue;
                }

                string? judged = AnswerOracle.Judge(state, said, protocol == MySmppProtocol.Xml);
                if (judged != null) failures.Enqueue("case #" + i + ": " + judged + Describe(served, result.Id));
            }
        });
        watch.Stop();

        string summary = string.Format(CultureInfo.InvariantCulture,
            "http fuzz: seed {0}, {1} requests ({2} ids): {3} states as sent, {4} states from altered but well-formed answers ({8} of them from answers that are not well-formed), {5} typed errors [{6}], {7:0.0} s",
            seed, server.RequestCount, cases * IdsPerRequest, statesIntact, statesAltered, errors,
            string.Join(", ", kinds.OrderBy(k => k.Key, StringComparer.Ordinal).Select(k => k.Key + " " + k.Value)), watch.Elapsed.TotalSeconds, unjudged);
        _output.WriteLine(summary);
        foreach (string failure in failures.Take(20)) _output.WriteLine(failure);
        Assert.True(failures.IsEmpty, summary + Environment.NewLine + string.Join(Environment.NewLine, failures.Take(20)));
        Assert.True(server.RequestCount >= cases);
        Assert.True(statesIntact > 0 && errors > 0, "the mix should hold both answers and refusals");
    }

    private static string Describe(ConcurrentDictionary<long, Served> served, long id) =>
        served.TryGetValue(id, out Served? record)
            ? " [served " + record.Description + ": " + Convert.ToBase64String(record.Body) + "]"
            : " [nothing served for this id]";

    private sealed record Served(long[] Ids, bool Intact, string Description, byte[] Body);
}
