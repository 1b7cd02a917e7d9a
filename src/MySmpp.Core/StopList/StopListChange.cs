namespace MySmpp.StopList;

/// <summary>What the gateway did with one number of a stop-list change (<c>stop.php</c>).</summary>
public enum StopListOutcome
{
    /// <summary>A word this version does not know; <see cref="StopListChange.OutcomeText"/> keeps it.</summary>
    Other = 0,

    /// <summary><c>add</c>: the number is on the stop list now.</summary>
    Added,

    /// <summary><c>delete</c>: the number was taken off the stop list.</summary>
    Removed,

    /// <summary><c>not_found</c>: the number was not on the stop list, so there was nothing to remove.</summary>
    NotFound,

    /// <summary>The answer said nothing about the number: whether it changed is not known.</summary>
    NotAnswered,
}

/// <summary>The gateway's answer about one number of Add-MySmppStopList or Remove-MySmppStopList.</summary>
public sealed class StopListChange
{
    /// <summary>Creates a change.</summary>
    public StopListChange(string phone, bool add, StopListOutcome outcome, string outcomeText)
    {
        Phone = phone;
        Action = add ? "Add" : "Remove";
        Outcome = outcome;
        OutcomeText = outcomeText;
    }

    /// <summary>The number: digits, international, no '+'.</summary>
    public string Phone { get; }

    /// <summary>What was asked: <c>Add</c> or <c>Remove</c>.</summary>
    public string Action { get; }

    /// <summary>What the gateway did.</summary>
    public StopListOutcome Outcome { get; }

    /// <summary>The gateway's word, as one safe line (<c>add</c>, <c>delete</c>, <c>not_found</c>, or another text).</summary>
    public string OutcomeText { get; }

    /// <inheritdoc />
    public override string ToString() => Phone + ": " + Outcome;
}
