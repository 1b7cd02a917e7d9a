using System;

namespace MySmpp.Journal;

/// <summary>How <see cref="ISendJournalFactory.Open"/> opens a journal.</summary>
public sealed class SendJournalOptions
{
    /// <summary>The journal's file; created with its folder when missing. Default: <see cref="SendJournalLocation.DefaultPath()"/>.</summary>
    public string Path { get; set; } = string.Empty;

    /// <summary>
    /// How long a write waits for another writer (another runspace or process) before it fails with
    /// <c>MySmpp.JournalLocked</c>. Default 30 seconds.
    /// </summary>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Keep the texts (SMS, Viber, button) after the gateway's answer is known. Off by default: the texts are needed only to
    /// send a recipient again while its fate is unknown.
    /// </summary>
    public bool KeepText { get; set; }

    /// <summary>A copy.</summary>
    public SendJournalOptions Clone() => (SendJournalOptions)MemberwiseClone();
}
