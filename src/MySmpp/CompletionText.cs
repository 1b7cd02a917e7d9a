namespace MySmpp.Commands;

/// <summary>What the MySmpp completers share: the word typed so far, and a completion that survives spaces.</summary>
internal static class CompletionText
{
    /// <summary>The word being completed without the quote the user may have opened.</summary>
    public static string Typed(string? wordToComplete) => (wordToComplete ?? string.Empty).Trim('\'', '"');

    /// <summary>The text to insert: quoted (as a single-quoted string) when the value has a space.</summary>
    public static string Quoted(string value) => value.IndexOf(' ') >= 0 ? "'" + value.Replace("'", "''") + "'" : value;
}
