using System;
using System.Collections.Generic;

namespace MySmpp.Account;

/// <summary>The account's money and, per direction, how many messages it still buys (<c>balance.php</c>).</summary>
public sealed class MySmppBalance
{
    /// <summary>Creates a balance.</summary>
    public MySmppBalance(decimal? money, string? currency, IReadOnlyList<MySmppBalanceDirection> directions)
    {
        Money = money;
        Currency = currency;
        Directions = directions ?? throw new ArgumentNullException(nameof(directions));
    }

    /// <summary>The money on the account, when the answer has it.</summary>
    public decimal? Money { get; }

    /// <summary>The currency code (<c>RUR</c> or <c>RUB</c>).</summary>
    public string? Currency { get; }

    /// <summary>Messages the money buys, per kind and area; alternatives, not a sum.</summary>
    public IReadOnlyList<MySmppBalanceDirection> Directions { get; }

    /// <inheritdoc />
    public override string ToString() => (Money.HasValue ? Money.Value.ToString(System.Globalization.CultureInfo.InvariantCulture) : "?") + " " + Currency;
}
