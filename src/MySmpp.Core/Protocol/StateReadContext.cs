using System;

namespace MySmpp.Protocol
{
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
    }
}
