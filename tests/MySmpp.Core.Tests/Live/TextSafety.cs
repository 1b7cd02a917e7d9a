using System;
using Xunit;

namespace MySmpp.Core.Tests.Live;

/// <summary>What "shown safely" means for a text that may quote a server: one line, no control characters, bounded.</summary>
internal static class TextSafety
{
    /// <summary>Generous: our own words plus quotes of at most 200 characters.</summary>
    public const int MaxMessage = 1000;

    public static void AssertSafe(string text, int max = MaxMessage)
    {
        Assert.True(text.Length <= max, "A text of " + text.Length + " characters: " + text.Substring(0, Math.Min(80, text.Length)));
        foreach (char c in text)
        {
            Assert.False(char.IsControl(c), "Control character U+" + ((int)c).ToString("X4", System.Globalization.CultureInfo.InvariantCulture) + " in: " + text);
            Assert.False(c == '\u2028' || c == '\u2029' || (c >= '\u202A' && c <= '\u202E'), "A line separator or bidi override in: " + text);
        }
    }
}
