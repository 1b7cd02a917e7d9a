using System;
using System.Text;

namespace MySmpp.Model;

/// <summary>
/// Text from the gateway as a cell of a file a user exports (<c>Export-Csv</c>) may hold it. A spreadsheet runs a cell
/// that starts with <c>=</c>, <c>+</c>, <c>-</c> or <c>@</c> (or a tab or carriage return before one) as a formula, so a
/// hostile server's <c>=HYPERLINK(…)</c> would act when the file is opened: such a value is written as text, behind an
/// apostrophe. The one guard for every record the module returns with server text in it (sender names, balance
/// directions, state records).
/// </summary>
internal static class SpreadsheetText
{
    /// <summary>The longest cell written.</summary>
    public const int MaxLength = 200;

    /// <summary>
    /// <paramref name="value"/> as one safe line (control characters as spaces, at most <see cref="MaxLength"/>
    /// characters, trimmed), behind an apostrophe when a spreadsheet would take it for a formula; null stays null.
    /// </summary>
    public static string? Cell(string? value)
    {
        if (value == null) return null;
        var safe = new StringBuilder(Math.Min(value.Length, MaxLength));
        foreach (char c in value)
        {
            if (safe.Length == MaxLength) break;
            safe.Append(char.IsControl(c) ? ' ' : c);
        }

        string line = safe.ToString().Trim();
        return IsFormula(value, line) ? "'" + line : line;
    }

    /// <summary>True when a spreadsheet would run <paramref name="value"/> as a formula.</summary>
    public static bool LooksLikeFormula(string? value) => value != null && IsFormula(value, value.Trim());

    private static bool IsFormula(string raw, string line) =>
        line.Length > 0 && (line[0] == '=' || line[0] == '+' || line[0] == '-' || line[0] == '@' || raw[0] == '\t' || raw[0] == '\r');
}
