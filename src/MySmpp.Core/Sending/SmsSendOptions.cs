using System;
using MySmpp.Client;
using MySmpp.Journal;

namespace MySmpp.Sending;

/// <summary>Per-operation settings of <see cref="MySmppClient.StartSend"/>.</summary>
public sealed class SmsSendOptions
{
    /// <summary>Receives log lines (requests, retries), from any thread; never a secret.</summary>
    public Action<string>? Log { get; set; }

    /// <summary>Recipients per request; the session's BatchSize when null.</summary>
    public int? BatchSize { get; set; }

    /// <summary>
    /// The send journal every recipient is written to before its request leaves (and its outcome after); null sends
    /// without one. Needs <see cref="JournalAccount"/>.
    /// </summary>
    public ISendJournal? Journal { get; set; }

    /// <summary>The account the journal's entries belong to (<see cref="ISendJournal.GetAccount"/>).</summary>
    public SendJournalAccount? JournalAccount { get; set; }

    /// <summary>
    /// Makes the send a restartable job (needs <see cref="Journal"/>): a row an earlier run of the same job reached is sent
    /// with the key it had (or reported already sent), a row at a known position whose phone or text changed is refused,
    /// and rows no run reached go out with new keys.
    /// </summary>
    public string? JobName { get; set; }
}
