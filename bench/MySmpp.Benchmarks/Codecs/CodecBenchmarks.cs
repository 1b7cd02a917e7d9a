using System;
using System.IO;
using System.Text.Json;
using System.Xml;
using BenchmarkDotNet.Attributes;
using MySmpp.Credentials;
using MySmpp.Http;
using MySmpp.Model;
using MySmpp.Protocol;
using MySmpp.Protocol.Json;
using MySmpp.Protocol.Xml;

namespace MySmpp.Benchmarks.Codecs;

/// <summary>
/// Parsing a response of 1,000 states, against the floor: the same bytes read by the bare reader
/// (<see cref="XmlReader"/> / <see cref="Utf8JsonReader"/>) doing nothing with them.
/// </summary>
[MemoryDiagnoser]
public class ResponseParseBenchmarks
{
    private byte[] _body = [];
    private IStateCodec _codec = JsonStateCodec.Instance;
    private StateReadContext _context = new(16L * 1024 * 1024, null, SampleBodies.States);

    /// <summary>The response body: JSON without detail (the client's default), JSON with detail, XML.</summary>
    [Params(SampleBodies.Json, SampleBodies.JsonDetail, SampleBodies.Xml)]
    public string Body { get; set; } = SampleBodies.Json;

    private const long MaxResponseBytes = 16L * 1024 * 1024;

    /// <summary>The bare reader reads with the codec's own settings (same safety settings and limits, synchronous).</summary>
    internal static XmlReaderSettings FloorSettings => XmlStateResponseReader.SettingsFor(MaxResponseBytes);

    [GlobalSetup]
    public void Setup()
    {
        _body = SampleBodies.Get(Body);
        _codec = SampleBodies.FlavourOf(Body) == MySmppProtocol.Xml ? XmlStateCodec.Instance : JsonStateCodec.Instance;
        _context = new StateReadContext(MaxResponseBytes, null, SampleBodies.States);
        int states = Parse();
        if (states != SampleBodies.States) throw new InvalidOperationException($"Parsed {states} states, expected {SampleBodies.States}.");
    }

    /// <summary>The codec as the client runs it: from the gathered answer to a list of <see cref="SmsState"/>.</summary>
    [Benchmark]
    public int Parse()
    {
        StateResponse response = _codec.ReadResponse(new ArraySegment<byte>(_body), _context);
        return response.States.Count;
    }

    /// <summary>The floor: every token of the same bytes read, nothing done with it.</summary>
    [Benchmark(Baseline = true)]
    public int Floor()
    {
        int tokens = 0;
        if (SampleBodies.FlavourOf(Body) == MySmppProtocol.Xml)
        {
            using XmlReader reader = XmlReader.Create(new MemoryStream(_body, writable: false), FloorSettings);
            while (reader.Read()) tokens++;
        }
        else
        {
            var reader = new Utf8JsonReader(_body);
            while (reader.Read()) tokens++;
        }

        return tokens;
    }
}

/// <summary>
/// The XML floor with values: the bare reader of <see cref="ResponseParseBenchmarks.Floor"/>, plus every
/// attribute visited and every value (attribute and text) read into a buffer, nothing done with them. Any
/// codec over <see cref="XmlReader"/> must do at least this; the bare floor does not touch attributes at all.
/// </summary>
[MemoryDiagnoser]
public class XmlValueFloorBenchmarks
{
    private readonly char[] _chars = new char[256];
    private byte[] _body = [];

    [GlobalSetup]
    public void Setup() => _body = SampleBodies.Get(SampleBodies.Xml);

    /// <summary>Reads every node, and every attribute's and text's value, with the codec's own settings.</summary>
    [Benchmark]
    public int FloorWithValues()
    {
        int characters = 0;
        using XmlReader reader = XmlReader.Create(new MemoryStream(_body, writable: false), ResponseParseBenchmarks.FloorSettings);
        while (reader.Read())
        {
            if (reader.NodeType == XmlNodeType.Element && reader.MoveToFirstAttribute())
            {
                do
                {
                    characters += ReadValue(reader);
                }
                while (reader.MoveToNextAttribute());
            }
            else if (reader.NodeType == XmlNodeType.Text)
            {
                characters += ReadValue(reader);
            }
        }

        return characters;
    }

    private int ReadValue(XmlReader reader)
    {
        int total = 0;
        int read;
        while ((read = reader.ReadValueChunk(_chars, 0, _chars.Length)) > 0) total += read;
        return total;
    }
}

/// <summary>Writing a request body for a batch into the pooled buffer the client sends from.</summary>
[MemoryDiagnoser]
public class RequestWriteBenchmarks : IDisposable
{
    private readonly MySmppCredential _credential = MySmppCredential.FromPassword("login", "password");
    private long[] _ids = [];

    /// <summary>Ids per request: the client's default batch, and a larger one.</summary>
    [Params(200, 1000)]
    public int Ids { get; set; } = 200;

    [GlobalSetup]
    public void Setup() => _ids = SampleBodies.Ids(Ids);

    [Benchmark]
    public long WriteJson() => Write(JsonStateCodec.Instance);

    [Benchmark]
    public long WriteXml() => Write(XmlStateCodec.Instance);

    public void Dispose()
    {
        _credential.Dispose();
        GC.SuppressFinalize(this);
    }

    internal long Write(IStateCodec codec)
    {
        using var body = new PooledBuffer(64 + (_ids.Length * 32));
        codec.WriteRequest(body, _credential, _ids, detail: false);
        return body.Length;
    }
}
