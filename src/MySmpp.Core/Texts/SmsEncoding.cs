namespace MySmpp.Texts;

/// <summary>How an SMS text travels: in 7-bit GSM characters, or in UCS-2 when one character is not in the GSM alphabet.</summary>
public enum SmsEncoding
{
    /// <summary>The GSM 03.38 default alphabet and its extension table (an extension character takes two septets).</summary>
    Gsm7 = 0,

    /// <summary>UCS-2 (UTF-16 code units): any other character, Cyrillic included.</summary>
    Ucs2 = 1,
}
