namespace MySmpp;

/// <summary>One sender name of the account (<c>originator.php</c>).</summary>
public sealed class SenderName
{
    /// <summary>Creates a sender name.</summary>
    public SenderName(string name, SenderNameState state, string stateText, bool anyNameAllowed)
    {
        Name = name;
        State = state;
        StateText = stateText;
        AnyNameAllowed = anyNameAllowed;
    }

    /// <summary>The name.</summary>
    public string Name { get; }

    /// <summary>Its moderation state.</summary>
    public SenderNameState State { get; }

    /// <summary>The state as the gateway wrote it (<c>order</c>, <c>completed</c>, <c>rejected</c>).</summary>
    public string StateText { get; }

    /// <summary>True when the account may use any sender name (<c>any_originator</c> TRUE).</summary>
    public bool AnyNameAllowed { get; }

    /// <summary>True when messages may go out under this name.</summary>
    public bool IsUsable => AnyNameAllowed || State == SenderNameState.Approved;

    /// <inheritdoc />
    public override string ToString() => Name + " (" + State + ")";
}
