using System.Globalization;
using MySmpp.Account;
using MySmpp.Sending;
using MySmpp.Texts;

namespace MySmpp.Spending;

/// <summary>What one recipient's message is estimated to cost before it is sent.</summary>
public sealed class SpendEstimate
{
    internal SpendEstimate(string phone, SmsChannel channel, SmsTextInfo text, MySmppBalanceDirection? smsDirection, MySmppBalanceDirection? viberDirection, decimal? cost, string? problem)
    {
        Phone = phone;
        Channel = channel;
        Text = text;
        SmsDirection = smsDirection;
        ViberDirection = viberDirection;
        Cost = cost;
        Problem = problem;
    }

    /// <summary>The recipient, as given.</summary>
    public string Phone { get; }

    /// <summary>The channel the estimate is for.</summary>
    public SmsChannel Channel { get; }

    /// <summary>The SMS text's encoding and parts (<see cref="SmsTextMeasure"/>).</summary>
    public SmsTextInfo Text { get; }

    /// <summary>The balance direction whose price an SMS part is charged at, when one matched.</summary>
    public MySmppBalanceDirection? SmsDirection { get; }

    /// <summary>The balance direction whose price a Viber message is charged at, when one matched.</summary>
    public MySmppBalanceDirection? ViberDirection { get; }

    /// <summary>The estimated cost; null when no direction with a price matched (see <see cref="Problem"/>).</summary>
    public decimal? Cost { get; }

    /// <summary>Why there is no cost, or null.</summary>
    public string? Problem { get; }

    /// <summary>True when the estimate has a cost.</summary>
    public bool IsPriced => Cost.HasValue;

    /// <summary>For example <c>79001234567: 2 parts × 1.25 = 2.50</c>.</summary>
    public override string ToString() => Phone + ": " + (Cost.HasValue ? Cost.Value.ToString(CultureInfo.InvariantCulture) : "no price (" + Problem + ")");
}
