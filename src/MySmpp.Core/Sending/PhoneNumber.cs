using System.Globalization;
using System.Text;
using MySmpp.Errors;

namespace MySmpp.Sending;

/// <summary>The gateway's phone format: international digits without '+' (<c>79001234567</c>).</summary>
public static class PhoneNumber
{
    /// <summary>Fewest digits accepted.</summary>
    public const int MinDigits = 10;

    /// <summary>Most digits accepted (E.164).</summary>
    public const int MaxDigits = 15;

    /// <summary>
    /// Removes spaces, dashes, dots, brackets and one leading '+', and checks that 10–15 digits remain.
    /// </summary>
    /// <returns>True with the digits in <paramref name="normalized"/>; false with the reason in <paramref name="problem"/>.</returns>
    public static bool TryNormalize(string? text, out string normalized, out string problem)
    {
        normalized = string.Empty;
        string trimmed = (text ?? string.Empty).Trim();
        if (trimmed.Length == 0)
        {
            problem = "The phone number is empty.";
            return false;
        }

        var digits = new StringBuilder(trimmed.Length);
        for (int i = 0; i < trimmed.Length; i++)
        {
            char c = trimmed[i];
            if (c >= '0' && c <= '9')
            {
                digits.Append(c);
            }
            else if (c == '+' && digits.Length == 0 && i == FirstSignificant(trimmed))
            {
                // One leading '+': the international prefix the gateway does not want.
            }
            else if (c == ' ' || c == '-' || c == '(' || c == ')' || c == '.' || c == '\u00A0')
            {
                // Readability separators.
            }
            else
            {
                problem = "The phone number '" + MessageText.Shorten(trimmed, 40) + "' contains " + Describe(c) + "; only digits, spaces, dashes, brackets and a leading '+' are allowed.";
                return false;
            }
        }

        if (digits.Length < MinDigits || digits.Length > MaxDigits)
        {
            problem = "The phone number '" + MessageText.Shorten(trimmed, 40) + "' has " + digits.Length
                + " digits; international numbers have " + MinDigits + " to " + MaxDigits + " (e.g. 79001234567).";
            return false;
        }

        normalized = digits.ToString();
        problem = string.Empty;
        return true;
    }

    private static int FirstSignificant(string text)
    {
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] != '(' && text[i] != ' ') return i;
        }

        return 0;
    }

    // The offending character as a message shows it: itself when it is visible, its code point when it is not (a control
    // character, a bidirectional mark or override, a zero-width or unpaired surrogate character could hide or reorder
    // the message around it).
    private static string Describe(char c)
    {
        UnicodeCategory category = char.GetUnicodeCategory(c);
        bool invisible = MessageText.IsBlank(c) || category == UnicodeCategory.Format || category == UnicodeCategory.Surrogate
            || category == UnicodeCategory.PrivateUse || category == UnicodeCategory.OtherNotAssigned || category == UnicodeCategory.NonSpacingMark
            || category == UnicodeCategory.EnclosingMark || category == UnicodeCategory.LineSeparator || category == UnicodeCategory.ParagraphSeparator;
        return invisible
            ? "the invisible character U+" + ((int)c).ToString("X4", CultureInfo.InvariantCulture)
            : "'" + c + "' (U+" + ((int)c).ToString("X4", CultureInfo.InvariantCulture) + ")";
    }
}
