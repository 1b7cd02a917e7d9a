using System;
using System.Collections.Generic;
using System.Text;
using MySmpp.Account;
using MySmpp.PhoneInfo;

namespace MySmpp.Spending;

/// <summary>
/// Which balance direction a phone's messages are charged at. The balance names a direction by an area that is an
/// operator (<c>МТС</c>), a region, a country (<c>Russia</c>, <c>Россия</c>) or nothing; a phone is matched in that
/// order, most specific first: its operator (English or Russian names of the main operators agree, see
/// <see cref="OperatorNames"/>) or region (when <see cref="SmsPhoneInfo"/> from Get-SmsPhoneInfo is given),
/// then its country (by calling code, <see cref="CountryNames"/>), then a direction without an area (the account's
/// price everywhere). Among the directions of the first level that matches, the highest price is taken (the price
/// lists of one area may differ by type of text), so an estimate never understates. No match means no price.
/// </summary>
internal static class DirectionMatch
{
    // Calling code -> the names a balance may give the country (English and Russian). Longest code first wins.
    private static readonly KeyValuePair<string, string[]>[] CountryNames =
    {
        new KeyValuePair<string, string[]>("76", new[] { "Kazakhstan", "Казахстан" }),
        new KeyValuePair<string, string[]>("77", new[] { "Kazakhstan", "Казахстан" }),
        new KeyValuePair<string, string[]>("7", new[] { "Russia", "Russian Federation", "Россия", "РФ", "Российская Федерация" }),
        new KeyValuePair<string, string[]>("380", new[] { "Ukraine", "Украина" }),
        new KeyValuePair<string, string[]>("375", new[] { "Belarus", "Беларусь", "Белоруссия" }),
        new KeyValuePair<string, string[]>("374", new[] { "Armenia", "Армения" }),
        new KeyValuePair<string, string[]>("373", new[] { "Moldova", "Молдова", "Молдавия" }),
        new KeyValuePair<string, string[]>("372", new[] { "Estonia", "Эстония" }),
        new KeyValuePair<string, string[]>("371", new[] { "Latvia", "Латвия" }),
        new KeyValuePair<string, string[]>("370", new[] { "Lithuania", "Литва" }),
        new KeyValuePair<string, string[]>("992", new[] { "Tajikistan", "Таджикистан" }),
        new KeyValuePair<string, string[]>("993", new[] { "Turkmenistan", "Туркменистан" }),
        new KeyValuePair<string, string[]>("994", new[] { "Azerbaijan", "Азербайджан" }),
        new KeyValuePair<string, string[]>("995", new[] { "Georgia", "Грузия" }),
        new KeyValuePair<string, string[]>("996", new[] { "Kyrgyzstan", "Киргизия", "Кыргызстан" }),
        new KeyValuePair<string, string[]>("998", new[] { "Uzbekistan", "Узбекистан" }),
    };

    // The main Russian operators' names in English and Russian: the platform's documents show both (def.php answers in
    // the English reference, balance directions in Russian), so an operator matches a direction named in either.
    private static readonly string[][] OperatorNames =
    {
        new[] { "MTS", "МТС" },
        new[] { "MegaFon", "МегаФон" },
        new[] { "Beeline", "Билайн", "VimpelCom", "ВымпелКом" },
        new[] { "Tele2", "Теле2" },
        new[] { "Yota", "Йота" },
    };

    /// <summary>
    /// The direction <paramref name="phone"/> is charged at among <paramref name="directions"/> of <paramref name="kind"/>
    /// that carry a price (an unlimited one without a price counts as free), or null.
    /// </summary>
    public static MySmppBalanceDirection? Find(IReadOnlyList<MySmppBalanceDirection> directions, string kind, string phone, SmsPhoneInfo? info, string? textType)
    {
        var priced = new List<MySmppBalanceDirection>();
        foreach (MySmppBalanceDirection direction in directions)
        {
            if (string.Equals(direction.Kind, kind, StringComparison.OrdinalIgnoreCase) && PriceOf(direction).HasValue) priced.Add(direction);
        }

        if (priced.Count == 0) return null;
        string? country = CountryOf(phone);
        List<MySmppBalanceDirection> level =
            Matching(priced, d => info?.Operator != null && SameOperator(d.Area, info.Operator))
            ?? Matching(priced, d => info?.Region != null && SameName(d.Area, info.Region))
            ?? Matching(priced, d => country != null && NamesCountry(d.Area, country))
            ?? Matching(priced, d => string.IsNullOrWhiteSpace(d.Area))
            ?? new List<MySmppBalanceDirection>();
        if (level.Count == 0) return null;

        // A type of text narrows the choice when the balance has it; otherwise every price of the area counts.
        if (!string.IsNullOrEmpty(textType))
        {
            List<MySmppBalanceDirection>? typed = Matching(level, d => SameName(d.TextType, textType!));
            if (typed != null) level = typed;
        }

        MySmppBalanceDirection highest = level[0];
        foreach (MySmppBalanceDirection direction in level)
        {
            if (PriceOf(direction)!.Value > PriceOf(highest)!.Value) highest = direction;
        }

        return highest;
    }

    /// <summary>
    /// True when a priced <c>sms</c> or <c>viber</c> direction names an operator or a region (an area that is neither
    /// blank nor a country of the table): only <see cref="SmsPhoneInfo"/> can match a phone to it, so an estimate needs
    /// Get-SmsPhoneInfo's answer. Without such a direction the country decides and no lookup is needed.
    /// </summary>
    public static bool NeedsPhoneInfo(IReadOnlyList<MySmppBalanceDirection> directions)
    {
        foreach (MySmppBalanceDirection direction in directions)
        {
            bool charged = string.Equals(direction.Kind, "sms", StringComparison.OrdinalIgnoreCase) || string.Equals(direction.Kind, "viber", StringComparison.OrdinalIgnoreCase);
            if (charged && PriceOf(direction).HasValue && !string.IsNullOrWhiteSpace(direction.Area) && !IsCountry(direction.Area!)) return true;
        }

        return false;
    }

    /// <summary>The price of one message or part: the balance's, or 0 for an unlimited direction without one.</summary>
    public static decimal? PriceOf(MySmppBalanceDirection direction) => direction.Price ?? (direction.Unlimited ? 0m : (decimal?)null);

    /// <summary>The calling code of the country table that <paramref name="phone"/> starts with (the longest), or null.</summary>
    internal static string? CountryOf(string phone)
    {
        string? best = null;
        foreach (KeyValuePair<string, string[]> country in CountryNames)
        {
            if (phone.StartsWith(country.Key, StringComparison.Ordinal) && (best == null || country.Key.Length > best.Length)) best = country.Key;
        }

        return best;
    }

    private static bool IsCountry(string area)
    {
        foreach (KeyValuePair<string, string[]> country in CountryNames)
        {
            if (NamesCountry(area, country.Key)) return true;
        }

        return false;
    }

    private static bool NamesCountry(string? area, string code)
    {
        foreach (KeyValuePair<string, string[]> country in CountryNames)
        {
            if (country.Key != code) continue;
            foreach (string name in country.Value)
            {
                if (SameName(area, name)) return true;
            }
        }

        return false;
    }

    private static List<MySmppBalanceDirection>? Matching(List<MySmppBalanceDirection> directions, Func<MySmppBalanceDirection, bool> test)
    {
        List<MySmppBalanceDirection>? found = null;
        foreach (MySmppBalanceDirection direction in directions)
        {
            if (test(direction)) (found ??= new List<MySmppBalanceDirection>()).Add(direction);
        }

        return found;
    }

    // The same name, or two names of one operator (MTS and МТС).
    private static bool SameOperator(string? area, string name)
    {
        if (SameName(area, name)) return true;
        foreach (string[] names in OperatorNames)
        {
            bool areaNamed = false, nameNamed = false;
            foreach (string known in names)
            {
                areaNamed |= SameName(area, known);
                nameNamed |= SameName(name, known);
            }

            if (areaNamed && nameNamed) return true;
        }

        return false;
    }

    // Names compared as letters and digits only, case-insensitively, ё as е: "МегаФон" = "Мегафон", "Tele2" = "TELE 2".
    internal static bool SameName(string? a, string b)
    {
        if (string.IsNullOrWhiteSpace(a) || string.IsNullOrWhiteSpace(b)) return false;
        string left = Normal(a!);
        return left.Length > 0 && string.Equals(left, Normal(b), StringComparison.Ordinal);
    }

    private static string Normal(string name)
    {
        var normal = new StringBuilder(name.Length);
        foreach (char c in name)
        {
            if (!char.IsLetterOrDigit(c)) continue;
            char lower = char.ToLowerInvariant(c);
            normal.Append(lower == 'ё' ? 'е' : lower);
        }

        return normal.ToString();
    }
}
