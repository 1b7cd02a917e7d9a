using System;
using System.Collections.Generic;

namespace MySmpp.Protocol;

/// <summary>
/// What a listing answer held: the items that could be read, and one problem per item that could not (a missing or
/// malformed field), so that one bad item neither hides the others nor disappears silently.
/// </summary>
public sealed class ItemList<T>
{
    private static readonly string[] None = Array.Empty<string>();

    /// <summary>Creates a list.</summary>
    public ItemList(IReadOnlyList<T> items, IReadOnlyList<string>? problems = null)
    {
        Items = items ?? throw new ArgumentNullException(nameof(items));
        Problems = problems ?? None;
    }

    /// <summary>The items read, in answer order.</summary>
    public IReadOnlyList<T> Items { get; }

    /// <summary>What was wrong with each item that could not be read: safe, single-line texts.</summary>
    public IReadOnlyList<string> Problems { get; }
}
