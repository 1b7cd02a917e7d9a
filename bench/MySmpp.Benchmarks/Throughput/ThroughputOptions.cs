using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using MySmpp.Model;

namespace MySmpp.Benchmarks.Throughput;

/// <summary>The <c>throughput</c> command line.</summary>
internal sealed class ThroughputOptions
{
    public IReadOnlyList<int> IdCounts { get; private set; } = [10_000, 100_000, 1_000_000];

    public IReadOnlyList<MySmppProtocol> Flavours { get; private set; } = [MySmppProtocol.Json, MySmppProtocol.Xml];

    public IReadOnlyList<int> LatenciesMs { get; private set; } = [0];

    public int BatchSize { get; private set; } = 200;

    public int Concurrency { get; private set; } = 4;

    public int Repeat { get; private set; } = 3;

    public int NaiveSample { get; private set; } = 2_000;

    public string? EmulatorPath { get; private set; }

    /// <summary>The module the cmdlet phase imports; null leaves that phase out (no built module found).</summary>
    public string? ModulePath { get; private set; } = CmdletPhase.FindBuiltModule();

    public int WarmupIds { get; private set; } = 50_000;

    public double WarmupSeconds { get; private set; } = 5;

    public static ThroughputOptions Parse(string[] args)
    {
        var options = new ThroughputOptions();
        for (int i = 0; i < args.Length; i++)
        {
            string name = args[i];
            string Value() => i + 1 < args.Length ? args[++i] : throw new FormatException(name + " needs a value.");
            switch (name)
            {
                case "--ids":
                    options.IdCounts = Integers(Value(), name, 1, 100_000_000);
                    break;
                case "--flavours" or "--flavors" or "--protocols":
                    options.Flavours = Value().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                        .Select(f => Enum.TryParse(f, ignoreCase: true, out MySmppProtocol p) && Enum.IsDefined(p) ? p : throw new FormatException($"Unknown flavour '{f}'."))
                        .ToArray();
                    break;
                case "--latency-ms":
                    options.LatenciesMs = Integers(Value(), name, 0, 10_000);
                    break;
                case "--batch-size":
                    options.BatchSize = Integers(Value(), name, 1, 100_000).Single();
                    break;
                case "--concurrency":
                    options.Concurrency = Integers(Value(), name, 1, 64).Single();
                    break;
                case "--repeat":
                    options.Repeat = Integers(Value(), name, 1, 100).Single();
                    break;
                case "--naive-sample":
                    options.NaiveSample = Integers(Value(), name, 10, 100_000_000).Single();
                    break;
                case "--warmup-ids":
                    options.WarmupIds = Integers(Value(), name, 1_000, 10_000_000).Single();
                    break;
                case "--warmup-seconds":
                    options.WarmupSeconds = Integers(Value(), name, 0, 600).Single();
                    break;
                case "--module":
                    options.ModulePath = Path.GetFullPath(Value());
                    break;
                case "--no-cmdlet":
                    options.ModulePath = null;
                    break;
                case "--emulator":
                    options.EmulatorPath = Path.GetFullPath(Value());
                    break;
                default:
                    throw new FormatException($"Unknown option '{name}'.");
            }
        }

        return options;
    }

    internal static int[] Integers(string text, string name, int min, int max)
    {
        int[] values = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(v => int.TryParse(v.Replace("_", string.Empty, StringComparison.Ordinal), NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n >= min && n <= max
                ? n
                : throw new FormatException($"{name}: '{v}' is not a whole number between {min} and {max}."))
            .ToArray();
        return values.Length > 0 ? values : throw new FormatException(name + " needs at least one value.");
    }
}
