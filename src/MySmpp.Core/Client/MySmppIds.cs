using System.Globalization;
using MySmpp.Errors;

namespace MySmpp.Client;

/// <summary>The rules for a message id as users type it or export it (CSV cells, pipeline strings).</summary>
internal static class MySmppIds
{
    /// <summary>
    /// Parses an id from text: optional surrounding white space, decimal digits only, a positive
    /// 64-bit value. Returns false with a reason (naming no secret) otherwise. One text is one id: digits
    /// with separators (<c>1,234</c>, <c>82 218</c> with any space, <c>1.234</c>, <c>1'234</c>) are refused with a
    /// reason that names the value and says how to pass several ids, never read as one or several ids: a
    /// spreadsheet's thousands separator must not turn one message into other messages.
    /// </summary>
    public static bool TryParse(string? text, out long id, out string? problem)
    {
        id = 0;
        if (text == null || text.Trim().Length == 0)
        {
            problem = "The id is empty.";
            return false;
        }

        string trimmed = text.Trim();
        if (LooksGroupedOrListed(trimmed))
        {
            problem = "'" + MessageText.Shorten(Visible(trimmed), 60) + "' is not one message id: one string holds one id, and separators in it "
                + "(a thousands separator, a decimal point, a list) are refused, not guessed at. To pass several ids, pass each as its "
                + "own value, or split the text first.";
            return false;
        }

        if (!long.TryParse(trimmed, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out id))
        {
            if (IsDigits(trimmed))
            {
                problem = "'" + MessageText.Shorten(trimmed, 40) + "' is out of range for a message id (ids are whole numbers from 1 to "
                    + long.MaxValue.ToString(CultureInfo.InvariantCulture) + ").";
                return false;
            }

            problem = "'" + MessageText.Shorten(trimmed, 40) + "' is not a message id (expected a positive whole number).";
            return false;
        }

        return IsValid(id, out problem);
    }

    // Digits and at least one separator, nothing else: the shapes a spreadsheet's grouped number
    // (1,234; 82 218 with a plain, no-break or thin space; 1.234; 1'234) or a typed list take.
    internal static bool LooksGroupedOrListed(string trimmed)
    {
        bool digit = false, separator = false;
        foreach (char c in trimmed)
        {
            if (c >= '0' && c <= '9') digit = true;
            else if (c == ',' || c == ';' || c == '.' || c == '\'' || c == '_' || char.IsWhiteSpace(c)) separator = true;
            else return false; // not a number at all: the generic reason says so
        }

        return digit && separator;
    }

    // A no-break or thin space looks like a space in a message: name it, so the user can find it in the file
    // (before the message is made one safe line, which would turn it into a plain space).
    private static string Visible(string text)
    {
        var shown = new System.Text.StringBuilder(text.Length + 8);
        foreach (char c in text)
        {
            if (c == ' ' || (!char.IsWhiteSpace(c) && !char.IsControl(c))) shown.Append(c);
            else shown.Append("[U+").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture)).Append(']');
        }

        return shown.ToString();
    }

    private static bool IsDigits(string text)
    {
        int start = text.Length > 0 && (text[0] == '+' || text[0] == '-') ? 1 : 0;
        if (start == text.Length) return false;
        for (int i = start; i < text.Length; i++)
        {
            if (text[i] < '0' || text[i] > '9') return false;
        }

        return true;
    }

    /// <summary>True when <paramref name="id"/> is a positive id; otherwise false with a reason.</summary>
    public static bool IsValid(long id, out string? problem)
    {
        problem = id > 0 ? null : "Message ids are positive whole numbers; got " + id.ToString(CultureInfo.InvariantCulture) + ".";
        return problem == null;
    }
}
