using System.Collections.Generic;
using System.Globalization;

namespace MySmpp.Texts;

/// <summary>What a text costs in SMS parts: its encoding, its length in that encoding's units and the parts it needs.</summary>
public sealed class SmsTextInfo
{
    internal SmsTextInfo(string text, SmsEncoding encoding, int characters, int units, int parts, int unitsPerPart, int unitsLeft, IReadOnlyList<string> nonGsmCharacters)
    {
        Text = text;
        Encoding = encoding;
        Characters = characters;
        Units = units;
        Parts = parts;
        UnitsPerPart = unitsPerPart;
        UnitsLeftInLastPart = unitsLeft;
        NonGsmCharacters = nonGsmCharacters;
    }

    /// <summary>The text measured.</summary>
    public string Text { get; }

    /// <summary>GSM-7 when every character is in the GSM alphabet or its extension table, else UCS-2.</summary>
    public SmsEncoding Encoding { get; }

    /// <summary>Characters as a reader counts them (a surrogate pair, e.g. an emoji, is one).</summary>
    public int Characters { get; }

    /// <summary>
    /// The length in the encoding's units: septets for GSM-7 (an extension character such as <c>€</c> or <c>{</c>
    /// counts two), UTF-16 code units for UCS-2 (an emoji counts two).
    /// </summary>
    public int Units { get; }

    /// <summary>SMS parts: 1 up to 160 septets (GSM-7) or 70 units (UCS-2), else parts of 153 or 67; 0 for an empty text.</summary>
    public int Parts { get; }

    /// <summary>Units per part: 160 or 70 for a single part, 153 or 67 per part of a concatenated message.</summary>
    public int UnitsPerPart { get; }

    /// <summary>Units still free in the last part before another part is needed.</summary>
    public int UnitsLeftInLastPart { get; }

    /// <summary>The distinct characters that made the text UCS-2 (empty for GSM-7), in order of appearance.</summary>
    public IReadOnlyList<string> NonGsmCharacters { get; }

    /// <summary>For example <c>Gsm7, 1 part (42 of 160)</c>.</summary>
    public override string ToString() => string.Format(
        CultureInfo.InvariantCulture,
        "{0}, {1} part{2} ({3} of {4})",
        Encoding,
        Parts,
        Parts == 1 ? string.Empty : "s",
        Units,
        Parts <= 1 ? UnitsPerPart : Parts * UnitsPerPart);
}
