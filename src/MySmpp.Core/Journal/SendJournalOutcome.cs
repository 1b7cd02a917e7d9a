using System;
using MySmpp.Errors;
using MySmpp.Sending;

namespace MySmpp.Journal;

/// <summary>What the gateway answered for one journaled recipient (<see cref="ISendJournal.RecordOutcomes"/>).</summary>
public sealed class SendJournalOutcome
{
    private SendJournalOutcome(long entryId, SendJournalOutcomeKind kind, long? idSms, int? parts, decimal? price, string? errorId, string? errorText, DateTimeOffset at)
    {
        EntryId = entryId;
        Kind = kind;
        IdSms = idSms;
        Parts = parts;
        Price = price;
        ErrorId = errorId;
        ErrorText = errorText;
        At = at;
    }

    /// <summary>The entry (from <see cref="ISendJournal.RecordIntents"/>, or an entry read back for a resend).</summary>
    public long EntryId { get; }

    /// <summary>What was answered.</summary>
    public SendJournalOutcomeKind Kind { get; }

    /// <summary>The gateway's message id, when it gave one.</summary>
    public long? IdSms { get; }

    /// <summary>Parts, when the answer said.</summary>
    public int? Parts { get; }

    /// <summary>The price, when the answer said (as <see cref="SmsSendResult.Price"/>).</summary>
    public decimal? Price { get; }

    /// <summary>The ErrorId of a refusal or of the failure that left the fate unknown.</summary>
    public string? ErrorId { get; }

    /// <summary>The error's message (one line, no secret).</summary>
    public string? ErrorText { get; }

    /// <summary>When the answer arrived.</summary>
    public DateTimeOffset At { get; }

    /// <summary>Accepted, with the gateway's id.</summary>
    public static SendJournalOutcome Accepted(long entryId, long? idSms, int? parts, decimal? price, DateTimeOffset at) =>
        new SendJournalOutcome(entryId, SendJournalOutcomeKind.Accepted, idSms, parts, price, null, null, at);

    /// <summary>Already sent under this key earlier (the id when the answer repeated it).</summary>
    public static SendJournalOutcome AlreadySent(long entryId, long? idSms, int? parts, decimal? price, DateTimeOffset at) =>
        new SendJournalOutcome(entryId, SendJournalOutcomeKind.AlreadySent, idSms, parts, price, null, null, at);

    /// <summary>Refused by the gateway.</summary>
    public static SendJournalOutcome Refused(long entryId, string errorId, string errorText, DateTimeOffset at) =>
        new SendJournalOutcome(entryId, SendJournalOutcomeKind.Refused, null, null, null, errorId ?? throw new ArgumentNullException(nameof(errorId)), errorText, at);

    /// <summary>The answer was lost for good: the fate is unknown (sending again with the same key is safe).</summary>
    public static SendJournalOutcome Unknown(long entryId, string errorId, string errorText, DateTimeOffset at) =>
        new SendJournalOutcome(entryId, SendJournalOutcomeKind.Unknown, null, null, null, errorId ?? throw new ArgumentNullException(nameof(errorId)), errorText, at);

    /// <summary>
    /// The outcome a send operation reported for the recipient of <paramref name="entryId"/>: a result is
    /// <see cref="Accepted"/> or <see cref="AlreadySent"/>; a <see cref="MySmppSendRefusedException"/> is
    /// <see cref="Refused"/>; any other error (time-out, transport, protocol, a disconnect) leaves the fate
    /// <see cref="Unknown"/>.
    /// </summary>
    public static SendJournalOutcome From(long entryId, SmsSendOutcome outcome, DateTimeOffset at)
    {
        if (outcome == null) throw new ArgumentNullException(nameof(outcome));
        SmsSendResult? result = outcome.Result;
        if (result != null)
        {
            return result.AlreadySent
                ? AlreadySent(entryId, result.Id, result.Parts, result.Price, at)
                : Accepted(entryId, result.Id, result.Parts, result.Price, at);
        }

        MySmppException error = outcome.Error ?? throw new ArgumentException("The outcome has neither a result nor an error.", nameof(outcome));
        return error is MySmppSendRefusedException
            ? Refused(entryId, error.ErrorId, error.Message, at)
            : Unknown(entryId, error.ErrorId, error.Message, at);
    }
}
