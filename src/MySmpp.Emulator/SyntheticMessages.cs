namespace MySmpp.Emulator;

/// <summary>
/// Deterministic statuses for ids of the synthetic range, computed from the id alone, so tests and
/// benchmarks can query millions of ids without seeding them and still check every answer.
/// </summary>
/// <remarks>
/// Independent of the simulated clock. Cheap: a hash and table look-ups; every string is a constant.
/// </remarks>
public static class SyntheticMessages
{
    // Sixteen outcomes: every documented status, single and dual channels, and a weight on deliver.
    private static readonly Outcome[] Outcomes =
    [
        new("deliver", "deliver", null),
        new("deliver", "deliver", null),
        new("deliver", "deliver", null),
        new("deliver", null, "deliver"),
        new("deliver", "deliver", "not_deliver"),
        new("read", null, "read"),
        new("read", "deliver", "read"),
        new("send", "send", null),
        new("send", null, "send"),
        new("not_deliver", "not_deliver", null),
        new("not_deliver", null, "not_deliver"),
        new("expired", "expired", null),
        new("expired", "expired", "expired"),
        new("partly_deliver", "partly_deliver", null),
        new("partly_deliver", "partly_deliver", "not_deliver"),
        new("read", null, "read"),
    ];

    private static readonly string[] Times =
    [
        "2021-04-26 15:00:07",
        "2021-04-26 15:02:41",
        "2021-04-26 15:05:13",
        "2021-04-26 15:07:59",
        "2021-04-26 15:10:22",
        "2021-04-26 15:12:36",
        "2021-04-26 15:15:03",
        "2021-04-26 15:18:45",
    ];

    private static readonly decimal[] Prices = [10.6m, 2.15m, 0.95m, 3.4m];

    /// <summary>The status answered for <paramref name="id"/> when it lies in the synthetic range.</summary>
    public static SyntheticMessage For(long id)
    {
        ulong hash = Mix((ulong)id);
        Outcome outcome = Outcomes[(int)(hash & 15)];
        string time = outcome.State == MessageStep.SendState ? string.Empty : Times[(int)((hash >> 4) & 7)];
        int parts = 1 + (int)((hash >> 8) & 3);
        decimal price = Prices[(int)((hash >> 12) & 3)];
        return new SyntheticMessage(id, outcome.State, outcome.Sms, outcome.Viber, time, parts, price);
    }

    // SplitMix64's finaliser: consecutive ids land on unrelated outcomes.
    private static ulong Mix(ulong value)
    {
        value = (value ^ (value >> 30)) * 0xBF58476D1CE4E5B9UL;
        value = (value ^ (value >> 27)) * 0x94D049BB133111EBUL;
        return value ^ (value >> 31);
    }

    private sealed record Outcome(string State, string? Sms, string? Viber);
}
