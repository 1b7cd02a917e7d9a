using System;
using System.Globalization;
using MySmpp.Errors;

namespace MySmpp.Protocol;

/// <summary>
/// How the account endpoints' values are read: times in the documents' formats, ids and phone numbers as digits, and
/// every text the server wrote as one safe line of bounded length (<see cref="MessageText.SafeLine"/>).
/// </summary>
internal static class AnswerValue
{
    /// <summary>The longest text of a message kept from an answer (a reply, a scheduled message's text).</summary>
    public const int MaxMessageText = 2000;

    /// <summary>The longest name kept (an operator, a region, a sender, a campaign).</summary>
    public const int MaxName = 100;

    private static readonly string[] TimeFormats =
    {
        "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm",
    };

    /// <summary>A time as the documents write it (<c>YYYY-MM-DD hh:mm:ss</c>, or without seconds); Kind Unspecified.</summary>
    public static bool TryTime(string? text, out DateTime value) =>
        DateTime.TryParseExact((text ?? string.Empty).Trim(), TimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out value);

    /// <summary>The same, with null for an empty text.</summary>
    public static bool TryOptionalTime(string? text, out DateTime? value)
    {
        value = null;
        if (string.IsNullOrWhiteSpace(text)) return true;
        if (!TryTime(text, out DateTime time)) return false;
        value = time;
        return true;
    }

    /// <summary>A positive whole number of digits only.</summary>
    public static bool TryId(string? text, out long value) =>
        long.TryParse((text ?? string.Empty).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out value) && value > 0;

    /// <summary>A phone number as the server writes it: 5 to 20 digits, an optional leading '+' dropped.</summary>
    public static bool TryPhone(string? text, out string digits)
    {
        digits = string.Empty;
        string trimmed = (text ?? string.Empty).Trim();
        if (trimmed.StartsWith("+", StringComparison.Ordinal)) trimmed = trimmed.Substring(1);
        if (trimmed.Length < 5 || trimmed.Length > 20) return false;
        foreach (char c in trimmed)
        {
            if (c < '0' || c > '9') return false;
        }

        digits = trimmed;
        return true;
    }

    /// <summary>Server text as it may be shown: one safe line of at most <paramref name="max"/> characters; null stays null.</summary>
    public static string? Line(string? text, int max) => text == null ? null : MessageText.SafeLine(text, max);

    /// <summary>A quote of a value for a message about it.</summary>
    public static string Quote(string? text) => "'" + MessageText.Shorten(text, 40) + "'";

    /// <summary>An answer whose content is wrong (not a cut: asking again gives the same).</summary>
    public static MySmppProtocolException Wrong(string message) => new MySmppProtocolException(message);
}
