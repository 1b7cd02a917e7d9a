namespace MySmpp.Account;

/// <summary>Where a sender name stands with the gateway's moderation.</summary>
public enum SenderNameState
{
    /// <summary>A state this version does not know; <see cref="SenderName.StateText"/> keeps it.</summary>
    Unknown = 0,

    /// <summary>Being registered (<c>order</c>): not usable yet.</summary>
    Registering,

    /// <summary>Usable (<c>completed</c>).</summary>
    Approved,

    /// <summary>Refused (<c>rejected</c>).</summary>
    Rejected,
}
