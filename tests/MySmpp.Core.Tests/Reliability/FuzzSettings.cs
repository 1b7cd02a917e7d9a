using System;
using System.Globalization;

namespace MySmpp.Core.Tests.Reliability;

/// <summary>The fuzz tests' seed and size: fixed defaults (so CI is reproducible), overridable from the environment.</summary>
internal static class FuzzSettings
{
    public const int DefaultSeed = 20261122;

    public static int Seed => ReadInt("MYSMPP_FUZZ_SEED", DefaultSeed);

    /// <summary>Codec-level cases (both flavours together).</summary>
    public static int Cases => Math.Max(1, ReadInt("MYSMPP_FUZZ_CASES", 100_000));

    /// <summary>Client-level cases over HTTP.</summary>
    public static int HttpCases => Math.Max(1, ReadInt("MYSMPP_FUZZ_HTTP_CASES", 2_000));

    /// <summary>A per-case seed that depends only on the run's seed and the case number, so any case replays alone.</summary>
    public static int CaseSeed(int seed, int index)
    {
        unchecked
        {
            ulong x = ((ulong)(uint)seed << 32) | (uint)index;
            x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
            x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
            return (int)(x ^ (x >> 31));
        }
    }

    private static int ReadInt(string name, int fallback)
    {
        string? text = Environment.GetEnvironmentVariable(name);
        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) ? value : fallback;
    }
}
