namespace MySmpp.Spending;

/// <summary>Why a spend cap did not admit a recipient.</summary>
public enum SpendRefusal
{
    /// <summary>Admitted.</summary>
    None = 0,

    /// <summary>Its estimated cost would take the total over the cap (and so would every later recipient's).</summary>
    OverCap,

    /// <summary>No balance direction with a price matched the recipient, so the cost cannot be bounded.</summary>
    NoPrice,
}

/// <summary>A spend cap's decision about one recipient, in input order.</summary>
public sealed class SpendDecision
{
    internal SpendDecision(int index, SpendEstimate estimate, SpendRefusal refusal, decimal totalAfter, decimal cap)
    {
        Index = index;
        Estimate = estimate;
        Refusal = refusal;
        TotalAfter = totalAfter;
        Cap = cap;
    }

    /// <summary>The recipient's position in the input, from 0.</summary>
    public int Index { get; }

    /// <summary>The recipient's estimate.</summary>
    public SpendEstimate Estimate { get; }

    /// <summary>True when the recipient may be sent.</summary>
    public bool Admitted => Refusal == SpendRefusal.None;

    /// <summary>Why not, or <see cref="SpendRefusal.None"/>.</summary>
    public SpendRefusal Refusal { get; }

    /// <summary>The estimated total of the recipients admitted so far, this one included when admitted.</summary>
    public decimal TotalAfter { get; }

    /// <summary>The cap.</summary>
    public decimal Cap { get; }
}
