namespace MySmpp.Emulator;

/// <summary>
/// How many parts the emulated platform charges a text: GSM-7 (160 septets, 153 per part of a longer text, extension
/// characters counting two) unless a character is outside the GSM alphabet, then UCS-2 (70, 67 per part). The
/// emulator's own count, independent of the module's, so a test of the module's estimate has something to agree with.
/// </summary>
internal static class EmulatorTextParts
{
    private const string Basic = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
    private const string Extension = "\f^{}\\[~]|€";

    public static int Count(string text)
    {
        bool gsm = true;
        foreach (char c in text)
        {
            if (!Basic.Contains(c) && !Extension.Contains(c)) gsm = false;
        }

        int single = gsm ? 160 : 70;
        int part = gsm ? 153 : 67;
        int total = 0;
        for (int i = 0; i < text.Length; i++) total += Width(text, ref i, gsm);
        if (total == 0) return 1;
        if (total <= single) return 1;
        int parts = 1, used = 0;
        for (int i = 0; i < text.Length; i++)
        {
            int width = Width(text, ref i, gsm);
            if (used + width > part)
            {
                parts++;
                used = 0;
            }

            used += width;
        }

        return parts;
    }

    private static int Width(string text, ref int i, bool gsm)
    {
        if (gsm) return Extension.Contains(text[i]) ? 2 : 1;
        if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
        {
            i++;
            return 2;
        }

        return 1;
    }
}
