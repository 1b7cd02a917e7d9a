using System;

namespace MySmpp.Emulator;

/// <summary>
/// The emulator's numbering plan behind <c>/xml/def.php</c> and the per-operator prices: a few Russian prefixes with an
/// operator, a region and a time zone (hours from Moscow), every other Russian number on Beeline in Moscow, and
/// <c>unknown</c> for <c>7999…</c> and every non-Russian number. Names are English in the documented dialect (as the
/// vendor's English reference shows them) and Russian in the live one.
/// </summary>
public static class EmulatorPhonePlan
{
    private static readonly Entry[] Entries =
    [
        new("7900", "Tele2", "Теле2", "Krasnodar Krai", "Краснодарский край", 0),
        new("7911", "MTS", "МТС", "Kaliningrad region", "Калининградская область", -1),
        new("7913", "MegaFon", "МегаФон", "Novosibirsk region", "Новосибирская область", 4),
        new("7914", "MTS", "МТС", "Kamchatka Krai", "Камчатский край", 9),
        new("7922", "MegaFon", "МегаФон", "Tyumen region", "Тюменская область", 2),
    ];

    private static readonly Entry Moscow = new("7", "Beeline", "Билайн", "Moscow", "Москва", 0);

    /// <summary>The operator, region and time zone of <paramref name="phone"/> in a dialect; nulls for an unknown number.</summary>
    public static (string? Operator, string? Region, int? TimeZone) Lookup(string phone, EmulatorDialect dialect)
    {
        ArgumentNullException.ThrowIfNull(phone);
        Entry? entry = Find(phone);
        if (entry is null) return (null, null, null);
        bool live = dialect == EmulatorDialect.Live;
        return (live ? entry.OperatorRu : entry.Operator, live ? entry.RegionRu : entry.Region, entry.TimeZone);
    }

    /// <summary>The operator's Russian name (the balance's area), or null for an unknown number.</summary>
    public static string? OperatorArea(string phone) => Find(phone)?.OperatorRu;

    private static Entry? Find(string phone)
    {
        if (!phone.StartsWith('7') || phone.StartsWith("7999", StringComparison.Ordinal)) return null;
        foreach (Entry entry in Entries)
        {
            if (phone.StartsWith(entry.Prefix, StringComparison.Ordinal)) return entry;
        }

        return Moscow;
    }

    private sealed record Entry(string Prefix, string Operator, string OperatorRu, string Region, string RegionRu, int TimeZone);
}
