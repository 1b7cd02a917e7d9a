namespace MySmpp.Emulator;

/// <summary>How the emulator words its answers.</summary>
public enum EmulatorDialect
{
    /// <summary>
    /// Exactly as the seed documents describe: English error texts, JSON errors with HTTP 400, unknown ids
    /// left out, numbers as numbers, no price in XML. The default: docs/emulator.md shows these answers.
    /// </summary>
    Documented,

    /// <summary>
    /// As the live platform answers (platform-api.md, section 1): Russian error texts, every error with
    /// HTTP 200, unknown ids answered in-line with a sentence, XML <c>price</c>/<c>num_parts</c>, JSON values
    /// as strings, and a batch over <c>--max-batch</c> refused as a malformed document instead of HTTP 413.
    /// </summary>
    Live,
}
