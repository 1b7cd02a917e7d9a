using System;
using MySmpp.Model;
using MySmpp.Sending;

namespace MySmpp.Journal;

/// <summary>
/// The journal's rules that every storage applies the same way: when an entry is final (nothing more will change, its
/// state is not asked again), and what an entry's status is.
/// </summary>
public static class SendJournalRules
{
    /// <summary>
    /// True when a state is the last one the message will have: <see cref="SmsState.IsFinal"/> (not delivered, expired,
    /// read), and also "delivered" for a message sent as SMS only, which can never become "read" (only a Viber message can).
    /// </summary>
    public static bool IsFinal(SmsChannel channel, SmsStatus status) =>
        SmsStatusWire.IsFinal(status) || (status == SmsStatus.Delivered && channel == SmsChannel.Sms);

    /// <summary>The status an entry shows: from its send outcome until a state is stored, then the state's.</summary>
    public static SmsJournalStatus StatusOf(SendJournalOutcomeKind outcome, SmsStatus? state)
    {
        switch (outcome)
        {
            case SendJournalOutcomeKind.Intent:
            case SendJournalOutcomeKind.Unknown:
                return SmsJournalStatus.Unconfirmed;
            case SendJournalOutcomeKind.Refused:
                return SmsJournalStatus.Refused;
        }

        if (!state.HasValue) return SmsJournalStatus.Accepted;
        switch (state.Value)
        {
            case SmsStatus.Sent: return SmsJournalStatus.Sent;
            case SmsStatus.Delivered: return SmsJournalStatus.Delivered;
            case SmsStatus.PartlyDelivered: return SmsJournalStatus.PartlyDelivered;
            case SmsStatus.NotDelivered: return SmsJournalStatus.NotDelivered;
            case SmsStatus.Expired: return SmsJournalStatus.Expired;
            case SmsStatus.Read: return SmsJournalStatus.Read;
            default: return SmsJournalStatus.Unknown;
        }
    }

    /// <summary>
    /// A time given to a journal filter (<c>-Since</c>, <c>-Until</c>, <c>Clear-SmsJournal -Before</c>) as UTC: UTC as it is,
    /// local or unspecified as local time. A local time keeps its kind: SpecifyKind would lose which of the two instants of
    /// a repeated hour (clocks going back) it is, which an entry's own SentAt carries; ToUniversalTime also clamps where a
    /// local offset would take DateTime.MaxValue or MinValue out of range.
    /// </summary>
    internal static DateTime FilterTimeToUtc(DateTime time) =>
        (time.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(time, DateTimeKind.Local) : time).ToUniversalTime();

    /// <summary>True when an outcome means the gateway's decision is known, so the message's texts are no longer needed to send it again.</summary>
    public static bool IsDecided(SendJournalOutcomeKind outcome) => outcome >= SendJournalOutcomeKind.Refused;
}
