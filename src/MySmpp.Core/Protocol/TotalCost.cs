using System;

namespace MySmpp.Protocol;

/// <summary>The total cost of a message (parts × price) must be a decimal too, or reading it later would throw.</summary>
internal static class TotalCost
{
    /// <summary>True when <paramref name="parts"/> × <paramref name="price"/> is representable.</summary>
    public static bool Fits(int parts, decimal price)
    {
        try
        {
            _ = parts * price;
            return true;
        }
        catch (OverflowException)
        {
            return false;
        }
    }
}
