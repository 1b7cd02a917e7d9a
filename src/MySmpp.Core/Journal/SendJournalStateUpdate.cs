using System;
using MySmpp.Model;

namespace MySmpp.Journal;

/// <summary>A state read from the gateway for one entry (<see cref="ISendJournal.RecordStates"/>).</summary>
public sealed class SendJournalStateUpdate
{
    /// <summary>Creates an update; whether the state is final follows <see cref="SendJournalRules.IsFinal"/> for the entry's channel.</summary>
    public SendJournalStateUpdate(SmsJournalEntry entry, SmsState state, DateTimeOffset syncedAt)
    {
        if (entry == null) throw new ArgumentNullException(nameof(entry));
        State = state ?? throw new ArgumentNullException(nameof(state));
        if (entry.Id.HasValue && entry.Id.Value != state.Id) throw new ArgumentException("The state's id " + state.Id + " is not the entry's " + entry.Id.Value + ".", nameof(state));
        EntryId = entry.EntryId;
        IsFinal = SendJournalRules.IsFinal(entry.Channel, state.Status);
        SyncedAt = syncedAt;
    }

    /// <summary>The entry.</summary>
    public long EntryId { get; }

    /// <summary>The state.</summary>
    public SmsState State { get; }

    /// <summary>True when the state is the message's last one.</summary>
    public bool IsFinal { get; }

    /// <summary>When the state was read.</summary>
    public DateTimeOffset SyncedAt { get; }
}
