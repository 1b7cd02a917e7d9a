using System;

namespace MySmpp.Spending;

/// <summary>
/// A cap on what one command may spend, deciding recipient by recipient in input order (so it streams). A recipient is
/// admitted while the estimated total, its own cost included, stays within the cap. The first recipient that would
/// take the total over the cap is refused, and so is every later one: the cap admits a prefix of the input, never a
/// cheaper recipient further on, so what went out is easy to tell from what did not. A recipient without a price
/// (no balance direction matched) is refused on its own, since its cost cannot be bounded, and does not close the cap.
/// Not thread-safe: one per command.
/// </summary>
public sealed class SpendCap
{
    private int _next;

    /// <summary>Creates a cap.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="cap"/> is negative.</exception>
    public SpendCap(decimal cap)
    {
        if (cap < 0) throw new ArgumentOutOfRangeException(nameof(cap), cap, "The cap must be 0 or more.");
        Cap = cap;
    }

    /// <summary>The cap.</summary>
    public decimal Cap { get; }

    /// <summary>The estimated total of the recipients admitted so far.</summary>
    public decimal Total { get; private set; }

    /// <summary>Recipients admitted so far.</summary>
    public int Admitted { get; private set; }

    /// <summary>Recipients refused so far.</summary>
    public int Refused { get; private set; }

    /// <summary>True once a recipient went over the cap: every later one is refused.</summary>
    public bool IsClosed { get; private set; }

    /// <summary>Decides about the next recipient in input order.</summary>
    public SpendDecision Admit(SpendEstimate estimate)
    {
        if (estimate == null) throw new ArgumentNullException(nameof(estimate));
        int index = _next++;
        SpendRefusal refusal;
        if (!estimate.Cost.HasValue)
        {
            refusal = SpendRefusal.NoPrice;
        }
        else if (IsClosed || Total + estimate.Cost.Value > Cap)
        {
            IsClosed = true;
            refusal = SpendRefusal.OverCap;
        }
        else
        {
            Total += estimate.Cost.Value;
            refusal = SpendRefusal.None;
        }

        if (refusal == SpendRefusal.None) Admitted++;
        else Refused++;
        return new SpendDecision(index, estimate, refusal, Total, Cap);
    }
}
