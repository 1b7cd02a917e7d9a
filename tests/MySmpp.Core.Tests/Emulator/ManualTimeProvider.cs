using System;

namespace MySmpp.Core.Tests.Emulator;

/// <summary>A real-time source that only moves when told, for clock arithmetic tests.</summary>
internal sealed class ManualTimeProvider : TimeProvider
{
    private long _timestamp;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => _timestamp;

    public void Advance(TimeSpan by) => _timestamp += by.Ticks;
}
