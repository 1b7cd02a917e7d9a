using System;
using System.Collections.Generic;

namespace MySmpp.Account;

/// <summary>The account's sender names and whether any name may be used.</summary>
public sealed class SenderNameList
{
    /// <summary>Creates a list.</summary>
    public SenderNameList(bool anyNameAllowed, IReadOnlyList<SenderName> names)
    {
        AnyNameAllowed = anyNameAllowed;
        Names = names ?? throw new ArgumentNullException(nameof(names));
    }

    /// <summary>True when any name may be used (<c>any_originator</c> TRUE).</summary>
    public bool AnyNameAllowed { get; }

    /// <summary>The names the account registered.</summary>
    public IReadOnlyList<SenderName> Names { get; }

    /// <summary>True when <paramref name="name"/> may be used: any name is allowed, or it is approved (compared ignoring case).</summary>
    public bool IsUsable(string name)
    {
        if (AnyNameAllowed) return true;
        foreach (SenderName sender in Names)
        {
            if (sender.State == SenderNameState.Approved && string.Equals(sender.Value, name, StringComparison.OrdinalIgnoreCase)) return true;
        }

        return false;
    }
}
