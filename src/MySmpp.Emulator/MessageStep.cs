using System;
using System.Globalization;

namespace MySmpp.Emulator;

/// <summary>One point of a message's timeline: from <see cref="AfterSeconds"/> on, the message has this status.</summary>
public sealed class MessageStep
{
    /// <summary>The status for which the documents transmit an empty time.</summary>
    public const string SendState = "send";

    // The formatted time is cached per epoch because answers repeat it for every query of the id.
    private volatile TimeText? _timeText;

    /// <summary>Creates a step.</summary>
    /// <param name="afterSeconds">Simulated seconds after the emulator's start (negative: before it).</param>
    /// <param name="state">The overall status, e.g. <c>deliver</c>; any string is allowed.</param>
    /// <param name="sms">The SMS channel status, if the message has an SMS channel.</param>
    /// <param name="viber">The Viber channel status, if the message has a Viber channel.</param>
    /// <remarks>
    /// With neither channel given, the step is an SMS-only step (<c>sms</c> = <paramref name="state"/>),
    /// since every answer the documents show names at least one channel.
    /// </remarks>
    public MessageStep(double afterSeconds, string state, string? sms = null, string? viber = null)
    {
        if (double.IsNaN(afterSeconds) || double.IsInfinity(afterSeconds))
        {
            throw new ArgumentOutOfRangeException(nameof(afterSeconds), afterSeconds, "The offset must be a finite number of seconds.");
        }

        ArgumentException.ThrowIfNullOrEmpty(state);
        AfterSeconds = afterSeconds;
        State = state;
        Sms = sms is null && viber is null ? state : sms;
        Viber = viber;
    }

    /// <summary>Simulated seconds after the emulator's start at which this status applies.</summary>
    public double AfterSeconds { get; }

    /// <summary>The overall status.</summary>
    public string State { get; }

    /// <summary>The SMS channel status, or null.</summary>
    public string? Sms { get; }

    /// <summary>The Viber channel status, or null.</summary>
    public string? Viber { get; }

    /// <summary>The wire time of this step for a server started at <paramref name="epoch"/>; empty for <c>send</c>.</summary>
    internal string FormatTime(DateTime epoch)
    {
        if (State == SendState)
        {
            return string.Empty;
        }

        TimeText? cached = _timeText;
        if (cached is null || cached.Epoch != epoch)
        {
            DateTime at = epoch.AddSeconds(Math.Floor(AfterSeconds));
            cached = new TimeText(epoch, at.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture));
            _timeText = cached;
        }

        return cached.Text;
    }

    private sealed record TimeText(DateTime Epoch, string Text);
}
