using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using MySmpp.Errors;
using MySmpp.Model;
using MySmpp.Protocol;
using MySmpp.Protocol.Json;
using MySmpp.Protocol.Xml;
using Xunit;
using Xunit.Abstractions;

namespace MySmpp.Core.Tests.Reliability;

/// <summary>
/// Mutated valid answers fed to both codecs' response readers: the only exception allowed out is
/// <see cref="MySmppProtocolException"/>. Seeded and reproducible: set MYSMPP_FUZZ_SEED / MYSMPP_FUZZ_CASES,
/// or replay one case with <see cref="ReplayOneCase"/>'s environment variable MYSMPP_FUZZ_CASE.
/// </summary>
[Collection(ReliabilityCollection.Name)]
[Trait(TestCategory.Name, TestCategory.Slow)]
public sealed class CodecFuzzTests
{
    private readonly ITestOutputHelper _output;

    public CodecFuzzTests(ITestOutputHelper output)
    {
        _output = output;
    }

    internal static IReadOnlyList<byte[]> JsonCorpus { get; } = BuildCorpus(xml: false);

    internal static IReadOnlyList<byte[]> XmlCorpus { get; } = BuildCorpus(xml: true);

    [Fact]
    public void Mutated_answers_raise_only_the_protocol_error()
    {
        int seed = FuzzSettings.Seed;
        int cases = FuzzSettings.Cases;
        var runner = new FuzzRunner(TimeSpan.FromSeconds(10));
        runner.Run(cases, i =>
        {
            string? failure = RunCase(seed, i, out bool accepted);
            return (failure, accepted);
        });

        string summary = string.Format(CultureInfo.InvariantCulture,
            "codec fuzz: seed {0}, {1} of {2} cases run ({3} parsed, {4} refused with MySmppProtocolException), {9} failed, {5:0.0} s on {6} threads, slowest case #{7} {8:0.0} ms",
            seed, runner.Done, cases, runner.Accepted, runner.Refused, runner.Elapsed.TotalSeconds, Environment.ProcessorCount, runner.SlowestCase, runner.SlowestMs, runner.Failed);
        _output.WriteLine(summary);
        foreach (string failure in runner.Failures) _output.WriteLine(failure);
        Assert.True(runner.Failures.Count == 0, summary + Environment.NewLine + string.Join(Environment.NewLine, runner.Failures));
        Assert.Equal(cases, runner.Done);
    }

    /// <summary>
    /// Replays the case named by MYSMPP_FUZZ_CASE (with MYSMPP_FUZZ_SEED), or without it the first ten cases of the
    /// default run: a case rebuilt from its number must be the very answer the run fed the readers (else a failure
    /// the run reports could not be reproduced), and must pass.
    /// </summary>
    [Fact]
    public void ReplayOneCase()
    {
        string? named = Environment.GetEnvironmentVariable("MYSMPP_FUZZ_CASE");
        int seed = named == null ? FuzzSettings.DefaultSeed : FuzzSettings.Seed;
        int[] indexes = named == null ? Enumerable.Range(0, 10).ToArray() : new[] { int.Parse(named, CultureInfo.InvariantCulture) };
        var flavours = new HashSet<string>(StringComparer.Ordinal);
        foreach (int index in indexes)
        {
            var trace = new TraceLines();
            var again = new TraceLines();
            string? failure = RunCase(seed, index, out bool accepted, trace);
            string? failureAgain = RunCase(seed, index, out bool acceptedAgain, again);
            string line = Assert.Single(trace.Lines);
            _output.WriteLine("case #" + index + ": " + line + " -> " + (accepted ? "accepted" : "refused"));

            Assert.Equal(line, Assert.Single(again.Lines));
            Assert.Equal(accepted, acceptedAgain);
            Assert.Equal(failure, failureAgain);
            Assert.Null(failure);
            flavours.Add(line.Substring(0, line.IndexOf(' ', StringComparison.Ordinal)));
        }

        if (named == null) Assert.Equal(new[] { "json", "xml" }, flavours.OrderBy(f => f, StringComparer.Ordinal));
    }

    [Fact]
    public void Known_hostile_answers_are_refused_with_the_protocol_error()
    {
        // A few hand-written worst cases, so the property does not rest on the random walk finding them.
        var cases = new List<(bool Xml, string Body)>
        {
            (true, "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">]><response><state id_sms=\"1000001\" time=\"\">&c;</state></response>"),
            (true, "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><response><state id_sms=\"1000001\" time=\"\">&x;</state></response>"),
            (true, "<response><state id_sms=\"99999999999999999999\" time=\"\">send</state></response>"),
            (true, "<response><state id_sms=\"1000001\" time=\"2021-02-30 10:00:00\">send</state></response>"),
            (true, "<response>" + string.Concat(Enumerable.Repeat("<a>", 100_000)) + "</response>"),
            (false, "[{\"id_sms\":1000001,\"state\":\"read\",\"num_parts\":2147483647,\"price\":79228162514264337593543950335}]"),
            (false, "[{\"id_sms\":1000001,\"state\":\"read\",\"num_parts\":2,\"price\":79228162514264337593543950335}]"),
            (false, "[{\"id_sms\":1000001,\"state\":\"read\",\"num_parts\":-1}]"),
            (false, "[{\"id_sms\":99999999999999999999,\"state\":\"read\"}]"),
            (false, "[{\"id_sms\":1e3,\"state\":\"read\"}]"),
            (false, "[{\"id_sms\":1000001,\"state\":\"read\",\"price\":1e999}]"),
            (false, string.Concat(Enumerable.Repeat("[", 100_000))),
            (false, "[{\"id_sms\":1000001,\"state\":\"\\uD800\"}]"),
        };
        var failures = new List<string>();
        foreach ((bool xml, string body) in cases)
        {
            string? failure = Check(xml, Encoding.UTF8.GetBytes(body), 1 << 20, out _);
            if (failure != null) failures.Add(failure + " <- " + (body.Length > 200 ? body.Substring(0, 200) + "…" : body));
        }

        foreach (byte[] bad in new[] { new byte[] { (byte)'[', (byte)'{', (byte)'"', (byte)'i', (byte)'d', (byte)'_', (byte)'s', (byte)'m', (byte)'s', (byte)'"', (byte)':', (byte)'1', (byte)',', (byte)'"', (byte)'s', (byte)'t', (byte)'a', (byte)'t', (byte)'e', (byte)'"', (byte)':', (byte)'"', 0xC3, 0x28, (byte)'"', (byte)'}', (byte)']' } })
        {
            string? failure = Check(false, bad, 1 << 20, out _);
            if (failure != null) failures.Add(failure);
            byte[] xmlBad = Encoding.UTF8.GetBytes("<response><state id_sms=\"1\" time=\"\">").Concat(new byte[] { 0xC3, 0x28 }).Concat(Encoding.UTF8.GetBytes("</state></response>")).ToArray();
            failure = Check(true, xmlBad, 1 << 20, out _);
            if (failure != null) failures.Add(failure);
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    internal static string? RunCase(int seed, int index, out bool accepted, ITestOutputHelper? trace = null)
    {
        var random = new Random(FuzzSettings.CaseSeed(seed, index));
        bool xml = random.Next(2) == 0;
        IReadOnlyList<byte[]> corpus = xml ? XmlCorpus : JsonCorpus;
        byte[] valid = corpus[random.Next(corpus.Count)];
        byte[] mutated = ResponseMutator.Mutate(random, valid, xml, out string description);

        // Mostly a roomy limit; sometimes one the mutation may cross.
        long limit = random.Next(8) == 0 ? 1024 + random.Next(4096) : 1 << 20;
        trace?.WriteLine((xml ? "xml" : "json") + " " + description + " limit " + limit + ": " + Convert.ToBase64String(mutated));
        string? failure = Check(xml, mutated, limit, out accepted);
        return failure == null ? null : string.Format(CultureInfo.InvariantCulture,
            "case #{0} (seed {1}, {2}, {3}): {4}", index, seed, xml ? "xml" : "json", description, failure);
    }

    private static string? Check(bool xml, byte[] body, long limit, out bool accepted)
    {
        accepted = false;
        IStateCodec codec = xml ? XmlStateCodec.Instance : JsonStateCodec.Instance;
        try
        {
            StateResponse response = codec.ReadResponse(new ArraySegment<byte>(body), new StateReadContext(limit, null, 8));
            accepted = true;
            if (response.States == null) return "a null state list";
            foreach (SmsState state in response.States)
            {
                if (state == null || state.RawStatus == null) return "a null state or status";
                string? broken = Touch(state);
                if (broken != null) return "an accepted state throws when read: " + broken;
            }

            // Differential check against an independent reader: only well-formed answers are accepted, and
            // each state is exactly what the document says about its id.
            return response.States.Count == 0 ? null : AnswerOracle.JudgeResponse(response.States, body, xml);
        }
        catch (MySmppProtocolException ex)
        {
            // The documented type; its message must be printable, and it carries no ids at this level.
            return ex.Message.Length == 0 ? "an empty message" : null;
        }
        catch (Exception ex)
        {
            return ex.GetType().FullName + ": " + ex.Message + " at " + FirstFrame(ex);
        }
    }

    /// <summary>
    /// Reads every property of an accepted state, as PowerShell's formatter would: a state the reader
    /// let through must not throw later (e.g. a total cost that overflows).
    /// </summary>
    internal static string? Touch(SmsState state)
    {
        try
        {
            _ = state.Id;
            _ = state.Status;
            _ = state.StatusTime;
            _ = state.StatusTimeOffset;
            _ = state.IsFinal;
            _ = state.IsDelivered;
            _ = state.SmsStatus;
            _ = state.ViberStatus;
            _ = state.RawSmsStatus;
            _ = state.RawViberStatus;
            _ = state.Parts;
            _ = state.PricePerPart;
            _ = state.TotalCost;
            _ = state.Protocol;
            _ = state.ToString();
            return null;
        }
        catch (Exception ex)
        {
            return ex.GetType().FullName + ": " + ex.Message + " at " + FirstFrame(ex);
        }
    }

    private static string FirstFrame(Exception ex)
    {
        // The first frame in our code says where the exception got out.
        string[] frames = (ex.StackTrace ?? string.Empty).Split('\n');
        string? ours = frames.FirstOrDefault(f => f.Contains("MySmpp.", StringComparison.Ordinal));
        return (ours ?? frames[0]).Trim();
    }

    private static IReadOnlyList<byte[]> BuildCorpus(bool xml)
    {
        var bodies = new List<string>();
        long[] one = { 1_000_001 };
        long[] five = { 1_000_002, 1_000_003, 1_000_004, 1_000_005, 1_000_006 };
        long[] twenty = Enumerable.Range(0, 20).Select(i => 1_500_000L + (i * 7919)).ToArray();
        if (xml)
        {
            bodies.Add(WireAnswers.Xml(one));
            bodies.Add(WireAnswers.Xml(five));
            bodies.Add(WireAnswers.Xml(twenty));
            bodies.Add(WireAnswers.Xml(five).Replace("><", ">\n  <", StringComparison.Ordinal));
            bodies.Add("<?xml version=\"1.0\" encoding=\"utf-8\"?><response/>");
            bodies.Add(WireAnswers.Error(MySmppProtocol.Xml, "Incorrect login or password"));
            bodies.Add("<error>Incorrect XML document format</error>");
            bodies.Add("<response error=\"Your account is locked\"/>");
            bodies.Add("<?xml version=\"1.0\" encoding=\"utf-8\" ?>\n<response>\n     <state id_sms=\"82216\" time=\"2021-04-26 15:15:03\" sms=\"deliver\">deliver</state>\n     <state id_sms=\"82217\" time=\"\" sms=\"send\" viber=\"send\">send</state>\n</response>");
            bodies.Add("<?xml version=\"1.0\" encoding=\"windows-1251\"?><response><state id_sms=\"1000001\" time=\"\">send</state></response>");
        }
        else
        {
            bodies.Add(WireAnswers.Json(one));
            bodies.Add(WireAnswers.Json(five));
            bodies.Add(WireAnswers.Json(twenty));
            bodies.Add(WireAnswers.Json(five, detail: false));
            bodies.Add("[\n    {\n        \"id_sms\": 82216,\n        \"time_change_state\": \"2021-04-26 15:15:03\",\n        \"state\": \"deliver\",\n        \"num_parts\": 1,\n        \"price\": 10.6000000\n    }\n]");
            bodies.Add("[{\"id_sms\":\"1000001\",\"time_change_state\":\"\",\"state\":\"send\",\"num_parts\":\"1\",\"price\":\"10.6\"}]");
            bodies.Add("[]");
            bodies.Add(WireAnswers.Error(MySmppProtocol.Json, "Incorrect login or password"));
            bodies.Add("{\"error\":\"Your account is locked\"}");
            bodies.Add("[{\"id_sms\":1000001,\"time_change_state\":null,\"state\":\"send\",\"num_parts\":null,\"price\":null,\"extra\":{\"a\":[1,2,{\"b\":null}]}}]");
        }

        return bodies.Select(b => Encoding.UTF8.GetBytes(b)).ToArray();
    }

    /// <summary>Keeps what a case traces (its flavour, mutation, limit and mutated body), to compare two replays.</summary>
    private sealed class TraceLines : ITestOutputHelper
    {
        public List<string> Lines { get; } = new List<string>();

        public void WriteLine(string message) => Lines.Add(message);

        public void WriteLine(string format, params object[] args) => Lines.Add(string.Format(CultureInfo.InvariantCulture, format, args));
    }
}
