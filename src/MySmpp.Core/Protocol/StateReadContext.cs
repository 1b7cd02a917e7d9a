using System;

namespace MySmpp.Protocol;

/// <summary>What a response reader needs beyond the bytes: limits and how to present times.</summary>
internal sealed class StateReadContext
{
    public StateReadContext(long maxResponseBytes, TimeZoneInfo? serverTimeZone, int expectedStates)
    {
        MaxResponseBytes = maxResponseBytes;
        ServerTimeZone = serverTimeZone;
        ExpectedStates = expectedStates;
    }

    public long MaxResponseBytes { get; }

    public TimeZoneInfo? ServerTimeZone { get; }

    /// <summary>A capacity hint for the state list (the batch's size).</summary>
    public int ExpectedStates { get; }

    /// <summary>
    /// Where gathering the body starts: sized for the expected answer (a state is 80 to 115 bytes in either
    /// flavour), so the buffer rarely grows, and never more than the body may be.
    /// </summary>
    public int InitialBodyCapacity =>
        (int)Math.Min(Math.Max(16L * 1024, (ExpectedStates * 128L) + 256), Math.Min(MaxResponseBytes + 1, 4L * 1024 * 1024));
}
