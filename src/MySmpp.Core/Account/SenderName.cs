using System;

namespace MySmpp;

/// <summary>One sender name of the account (<c>originator.php</c>).</summary>
public sealed class SenderName
{
    /// <summary>Creates a sender name.</summary>
    public SenderName(string name, SenderNameState state, string stateText, bool anyNameAllowed)
    {
        Value = name ?? throw new ArgumentNullException(nameof(name));
        Name = SpreadsheetText.Cell(name)!;
        State = state;
        StateText = SpreadsheetText.Cell(stateText)!;
        AnyNameAllowed = anyNameAllowed;
    }

    /// <summary>
    /// The name as a spreadsheet-safe cell: a name starting with <c>=</c>, <c>+</c>, <c>-</c> or <c>@</c> has an apostrophe
    /// in front (see <see cref="SpreadsheetText"/>); <see cref="Value"/> is the name itself.
    /// </summary>
    public string Name { get; }

    /// <summary>The name exactly as the gateway gave it (one safe line), to pass to <c>Send-Sms -Sender</c>.</summary>
    public string Value { get; }

    /// <summary>Its moderation state.</summary>
    public SenderNameState State { get; }

    /// <summary>The state as the gateway wrote it (<c>order</c>, <c>completed</c>, <c>rejected</c>).</summary>
    public string StateText { get; }

    /// <summary>True when the account may use any sender name (<c>any_originator</c> TRUE).</summary>
    public bool AnyNameAllowed { get; }

    /// <summary>True when messages may go out under this name.</summary>
    public bool IsUsable => AnyNameAllowed || State == SenderNameState.Approved;

    /// <inheritdoc />
    public override string ToString() => Value + " (" + State + ")";
}
