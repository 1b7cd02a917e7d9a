using System;
using System.Collections.Generic;

namespace MySmpp.Journal;

/// <summary>
/// Which entries of an account <see cref="ISendJournal.Query"/> returns. Every filter given must hold (AND); a list
/// filter matches any of its values (OR). Entries come in send order (<see cref="SmsJournalEntry.SentAt"/>, then
/// <see cref="SmsJournalEntry.EntryId"/>), or in reverse with <see cref="NewestFirst"/>.
/// </summary>
public sealed class SendJournalQuery
{
    /// <summary>Sent at or after this time (a <see cref="DateTimeKind.Unspecified"/> time is local).</summary>
    public DateTime? Since { get; set; }

    /// <summary>Sent before this time (a <see cref="DateTimeKind.Unspecified"/> time is local).</summary>
    public DateTime? Until { get; set; }

    /// <summary>Statuses, including the groups <see cref="SmsJournalStatus.Pending"/> and <see cref="SmsJournalStatus.Final"/>.</summary>
    public IReadOnlyCollection<SmsJournalStatus>? Statuses { get; set; }

    /// <summary>The gateway's message ids.</summary>
    public IReadOnlyCollection<long>? Ids { get; set; }

    /// <summary>The idempotency keys.</summary>
    public IReadOnlyCollection<long>? ClientIds { get; set; }

    /// <summary>Normalised phones (digits only).</summary>
    public IReadOnlyCollection<string>? Phones { get; set; }

    /// <summary>Campaign names (exact, case-sensitive).</summary>
    public IReadOnlyCollection<string>? CampaignNames { get; set; }

    /// <summary>Run ids.</summary>
    public IReadOnlyCollection<Guid>? RunIds { get; set; }

    /// <summary>
    /// Only entries after this one in the order read: pass the last entry of a page to read the next (keyset paging; with
    /// <see cref="NewestFirst"/>, the entries sent before it).
    /// </summary>
    public SmsJournalEntry? After { get; set; }

    /// <summary>Latest first: the entries in reverse send order (with <see cref="Limit"/>, the most recent ones).</summary>
    public bool NewestFirst { get; set; }

    /// <summary>At most this many entries; null for all.</summary>
    public int? Limit { get; set; }

    /// <summary>A copy.</summary>
    public SendJournalQuery Clone() => (SendJournalQuery)MemberwiseClone();
}
