namespace MySmpp.Emulator;

/// <summary>The error texts, exactly as the documents spell them.</summary>
internal static class ErrorTexts
{
    public const string IncorrectXml = "Incorrect XML document format";
    public const string IncorrectJson = "Incorrect JSON document format";
    public const string IncorrectCredentials = "Incorrect login or password";
    public const string AccountLocked = "Your account is locked";
    public const string PostDataMissing = "POST data is missing";

    /// <summary>Not from the documents: the plain-text body of our own HTTP 413 answers.</summary>
    public const string TooLarge = "Request Entity Too Large";
}
