using System;
using System.Numerics;
using System.Threading;

namespace MySmpp.Emulator;

/// <summary>Decides, per request, the injected latency and whether and how the request fails.</summary>
/// <remarks>One seeded <see cref="Random"/> behind a lock: reproducible for a given seed and request order, and thread-safe.</remarks>
internal sealed class FaultInjector
{
    private readonly EmulatorOptions _options;
    private readonly Random _random;
    private readonly Lock _gate = new();

    public FaultInjector(EmulatorOptions options)
    {
        _options = options;
        _random = options.FaultSeed is int seed ? new Random(seed) : new Random();
    }

    /// <summary>The delay to add before handling this request.</summary>
    public TimeSpan NextLatency()
    {
        int latency = _options.LatencyMs;
        int jitter = _options.LatencyJitterMs;
        if (jitter > 0)
        {
            lock (_gate)
            {
                latency += _random.Next(jitter + 1);
            }
        }

        return TimeSpan.FromMilliseconds(latency);
    }

    /// <summary>The failure to inject into this request, or <see cref="FailureModes.None"/>.</summary>
    public FailureModes NextFailure()
    {
        double rate = _options.FailureRate;
        FailureModes enabled = _options.FailureModes;
        if (rate <= 0 || enabled == FailureModes.None)
        {
            return FailureModes.None;
        }

        lock (_gate)
        {
            if (_random.NextDouble() >= rate)
            {
                return FailureModes.None;
            }

            // Uniform among the enabled flags: pick the n-th set bit.
            int pick = _random.Next(BitOperations.PopCount((uint)enabled));
            uint bits = (uint)enabled;
            for (int i = 0; i < pick; i++)
            {
                bits &= bits - 1;
            }

            return (FailureModes)(bits & (~bits + 1));
        }
    }

    /// <summary>0 or 1, for the Retry-After of a 429.</summary>
    public int NextRetryAfterSeconds()
    {
        lock (_gate)
        {
            return _random.Next(2);
        }
    }

    /// <summary>Random bytes that are neither JSON nor XML: the first byte is never ASCII.</summary>
    public byte[] NextGarbage()
    {
        lock (_gate)
        {
            byte[] garbage = new byte[64 + _random.Next(449)];
            _random.NextBytes(garbage);
            garbage[0] |= 0x80;
            return garbage;
        }
    }
}
