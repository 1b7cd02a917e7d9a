using System;
using System.Collections.Generic;

namespace MySmpp.Texts;

/// <summary>
/// Counts the SMS parts of a text as the networks do (3GPP TS 23.038 and 23.040). A text is GSM-7 when every
/// character is in the GSM default alphabet or its extension table (<c>^{}\[~]|€</c> and form feed, two septets each);
/// otherwise the whole text is UCS-2. One part holds 160 septets or 70 UCS-2 units; a longer text is split into
/// parts of 153 or 67 (the rest of each part carries the concatenation header), and a part never ends in the middle
/// of an extension character's escape or of a surrogate pair, so such a character moves whole to the next part.
/// </summary>
public static class SmsTextMeasure
{
    /// <summary>Septets in a single GSM-7 part.</summary>
    public const int Gsm7SinglePart = 160;

    /// <summary>Septets per part of a concatenated GSM-7 message.</summary>
    public const int Gsm7ConcatenatedPart = 153;

    /// <summary>UCS-2 units in a single part.</summary>
    public const int Ucs2SinglePart = 70;

    /// <summary>UCS-2 units per part of a concatenated message.</summary>
    public const int Ucs2ConcatenatedPart = 67;

    // The GSM 03.38 default alphabet (one septet each), by code point. Line feed and carriage return are in it.
    private const string Basic =
        "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
        + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";

    // The extension table: an escape septet plus one, so two septets each.
    private const string Extension = "\f^{}\\[~]|€";

    private static readonly HashSet<char> BasicSet = new HashSet<char>(Basic);
    private static readonly HashSet<char> ExtensionSet = new HashSet<char>(Extension);

    /// <summary>True when <paramref name="c"/> is in the GSM default alphabet or its extension table.</summary>
    public static bool IsGsm7(char c) => BasicSet.Contains(c) || ExtensionSet.Contains(c);

    /// <summary>Septets <paramref name="c"/> takes in GSM-7: 1, 2 for an extension character, 0 when it is not GSM-7.</summary>
    public static int Septets(char c) => BasicSet.Contains(c) ? 1 : ExtensionSet.Contains(c) ? 2 : 0;

    /// <summary>Measures <paramref name="text"/> (null is empty).</summary>
    public static SmsTextInfo Measure(string? text)
    {
        text ??= string.Empty;
        var nonGsm = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        int characters = 0;
        for (int i = 0; i < text.Length; i++)
        {
            characters++;
            char c = text[i];
            bool pair = char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]);
            if (pair || !IsGsm7(c))
            {
                string character = pair ? text.Substring(i, 2) : c.ToString();
                if (seen.Add(character)) nonGsm.Add(character);
            }

            if (pair) i++;
        }

        return nonGsm.Count == 0 ? Pack(text, SmsEncoding.Gsm7, characters, nonGsm) : Pack(text, SmsEncoding.Ucs2, characters, nonGsm);
    }

    // Fills parts character by character, so that a two-unit character never straddles two parts.
    private static SmsTextInfo Pack(string text, SmsEncoding encoding, int characters, IReadOnlyList<string> nonGsm)
    {
        bool gsm = encoding == SmsEncoding.Gsm7;
        int single = gsm ? Gsm7SinglePart : Ucs2SinglePart;
        int concatenated = gsm ? Gsm7ConcatenatedPart : Ucs2ConcatenatedPart;

        int units = 0;
        for (int i = 0; i < text.Length; i++)
        {
            units += Width(text, ref i, gsm);
        }

        if (units == 0) return new SmsTextInfo(text, encoding, 0, 0, 0, single, single, nonGsm);
        if (units <= single) return new SmsTextInfo(text, encoding, characters, units, 1, single, single - units, nonGsm);

        int parts = 1;
        int used = 0;
        for (int i = 0; i < text.Length; i++)
        {
            int width = Width(text, ref i, gsm);
            if (used + width > concatenated)
            {
                parts++;
                used = 0;
            }

            used += width;
        }

        return new SmsTextInfo(text, encoding, characters, units, parts, concatenated, concatenated - used, nonGsm);
    }

    // The units of the character at i (moving i past a surrogate pair's second half).
    private static int Width(string text, ref int i, bool gsm)
    {
        if (gsm) return Septets(text[i]);
        if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
        {
            i++;
            return 2;
        }

        return 1;
    }
}
