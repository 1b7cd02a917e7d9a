using System;

namespace MySmpp.Waiting;

/// <summary>How <see cref="SmsStateWaiter"/> polls.</summary>
public sealed class SmsWaitOptions
{
    private static readonly TimeSpan DefaultMaxPollInterval = TimeSpan.FromMinutes(2);
    private TimeSpan? _maxPollInterval;

    /// <summary>When an id counts as settled. Default <see cref="SmsWaitCondition.Settled"/> (delivered, read, or finally failed).</summary>
    public SmsWaitCondition Until { get; set; } = SmsWaitCondition.Settled;

    /// <summary>How long to wait in all before reporting the ids still open. Default 10 minutes.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>The pause after the first poll. Default 10 s.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The longest pause between polls, however long the wait. Default 2 minutes, or <see cref="PollInterval"/>
    /// when that is longer (a first pause of an hour is not cut to two minutes).
    /// </summary>
    public TimeSpan MaxPollInterval
    {
        get => _maxPollInterval ?? (PollInterval > DefaultMaxPollInterval ? PollInterval : DefaultMaxPollInterval);
        set => _maxPollInterval = value;
    }

    /// <summary>Each pause is the previous one times this factor (≥ 1), up to <see cref="MaxPollInterval"/>. Default 1.5.</summary>
    public double Backoff { get; set; } = 1.5;

    /// <summary>Ask for parts and price (JSON flavour).</summary>
    public bool Detail { get; set; }

    /// <summary>Receives one line per notable step; may be called from background threads.</summary>
    public Action<string>? Log { get; set; }

    /// <summary>Receives progress after each polling round, on the thread that enumerates the wait.</summary>
    public Action<SmsWaitProgress>? Progress { get; set; }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid option.</summary>
    public void Validate()
    {
        if (Until != SmsWaitCondition.Settled && Until != SmsWaitCondition.Final && Until != SmsWaitCondition.Delivered) throw new ArgumentOutOfRangeException(nameof(Until), Until, "Until must be Settled, Final or Delivered.");
        if (Timeout < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(Timeout), Timeout, "Timeout must not be negative.");
        if (PollInterval <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(PollInterval), PollInterval, "PollInterval must be positive.");
        if (MaxPollInterval < PollInterval) throw new ArgumentOutOfRangeException(nameof(MaxPollInterval), MaxPollInterval, "MaxPollInterval must not be below PollInterval.");
        if (double.IsNaN(Backoff) || Backoff < 1 || Backoff > 10) throw new ArgumentOutOfRangeException(nameof(Backoff), Backoff, "Backoff must be between 1 and 10.");
    }
}
