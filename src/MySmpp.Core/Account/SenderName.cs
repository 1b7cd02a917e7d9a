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
    /// The name, as a spreadsheet-safe cell: a name starting with <c>=</c>, <c>+</c>, <c>-</c> or <c>@</c> is shown with an
    /// apostrophe in front (see <see cref="SpreadsheetText"/>), which <c>-Sender</c> does not take.
    /// </summary>
    public string Name { get; }

    /// <summary>
    /// The name exactly as the gateway gave it (one safe line), for the module's own comparisons and completions; not a
    /// public property, so that nothing a user exports carries it.
    /// </summary>
    internal string Value { get; }

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
