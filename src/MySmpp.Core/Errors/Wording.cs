using System.Globalization;

namespace MySmpp.Errors;

/// <summary>How log lines and messages count things: "1 id", "2 ids", "1 batch", "3 batches", never "1 ids".</summary>
internal static class Wording
{
    /// <summary><paramref name="n"/> and the noun in its number: <paramref name="one"/> for 1, else <paramref name="many"/>.</summary>
    public static string Count(long n, string one, string many) =>
        n.ToString(CultureInfo.InvariantCulture) + " " + (n == 1 ? one : many);

    /// <summary>
    /// <paramref name="n"/> and a plural noun of the module's own ("ids", "recipients", "requests", "batches", "retries")
    /// in its number.
    /// </summary>
    public static string Count(long n, string many) => Count(n, Singular(many), many);

    private static string Singular(string many)
    {
        if (many.EndsWith("ies", System.StringComparison.Ordinal)) return many.Substring(0, many.Length - 3) + "y";
        if (many.EndsWith("ches", System.StringComparison.Ordinal)) return many.Substring(0, many.Length - 2);
        return many.EndsWith("s", System.StringComparison.Ordinal) ? many.Substring(0, many.Length - 1) : many;
    }
}
