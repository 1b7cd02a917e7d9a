using System;
using MySmpp.Model;

namespace MySmpp.Account;

/// <summary>One sender name of the account (<c>originator.php</c>); every text of it is a spreadsheet-safe cell.</summary>
public sealed class SenderName
{
    /// <summary>Creates a sender name.</summary>
    public SenderName(string name, SenderNameState state, string stateText, bool anyNameAllowed)
        : this(name, state, stateText, anyNameAllowed, null, null, null, null)
    {
    }

    /// <summary>Creates a sender name with the comments and the operator the full answer gives (platform-api.md 7.6).</summary>
    public SenderName(string name, SenderNameState state, string stateText, bool anyNameAllowed, string? managerComment, string? comment, string? @operator, string? template)
    {
        Value = name ?? throw new ArgumentNullException(nameof(name));
        Name = SpreadsheetText.Cell(name)!;
        State = state;
        StateText = SpreadsheetText.Cell(stateText)!;
        AnyNameAllowed = anyNameAllowed;
        ManagerComment = SpreadsheetText.Cell(managerComment);
        Comment = SpreadsheetText.Cell(comment);
        Operator = SpreadsheetText.Cell(@operator);
        Template = SpreadsheetText.Cell(template);
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

    /// <summary>The manager's comment (<c>history</c>): for a rejected name, why it was rejected. One safe line, or null.</summary>
    public string? ManagerComment { get; }

    /// <summary>The account's own comment on the name (<c>comment</c>), or null.</summary>
    public string? Comment { get; }

    /// <summary>The operator the name is registered with (<c>operator</c>), or null.</summary>
    public string? Operator { get; }

    /// <summary>The template name (<c>template</c>), or null.</summary>
    public string? Template { get; }

    /// <summary>True when messages may go out under this name.</summary>
    public bool IsUsable => AnyNameAllowed || State == SenderNameState.Approved;

    /// <inheritdoc />
    public override string ToString() => Value + " (" + State + ")";
}
