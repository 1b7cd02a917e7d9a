using System.Globalization;

namespace MySmpp.Scheduled;

/// <summary>What the gateway did with one scheduled message asked to be deleted (<c>scheduled.php</c>).</summary>
public enum ScheduledOutcome
{
    /// <summary>A word this version does not know; <see cref="ScheduledDeletion.OutcomeText"/> keeps it.</summary>
    Other = 0,

    /// <summary><c>delete</c>: the message was taken out of the scheduler and will not be sent.</summary>
    Removed,

    /// <summary><c>not_found</c>: no such scheduled message (already sent, deleted, or never scheduled).</summary>
    NotFound,

    /// <summary>The answer said nothing about the id: whether it was deleted is not known.</summary>
    NotAnswered,
}

/// <summary>The gateway's answer about one id of Remove-SmsScheduled.</summary>
public sealed class ScheduledDeletion
{
    /// <summary>Creates a result.</summary>
    public ScheduledDeletion(long id, ScheduledOutcome outcome, string outcomeText)
    {
        Id = id;
        Outcome = outcome;
        OutcomeText = outcomeText;
    }

    /// <summary>The message id.</summary>
    public long Id { get; }

    /// <summary>What the gateway did.</summary>
    public ScheduledOutcome Outcome { get; }

    /// <summary>The gateway's word, as one safe line.</summary>
    public string OutcomeText { get; }

    /// <inheritdoc />
    public override string ToString() => Id.ToString(CultureInfo.InvariantCulture) + ": " + Outcome;
}
