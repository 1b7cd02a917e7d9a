using System;
using System.Collections.Generic;
using MySmpp.Account;
using MySmpp.PhoneInfo;
using MySmpp.Sending;
using MySmpp.Texts;

namespace MySmpp.Spending;

/// <summary>
/// Estimates what a message to one recipient costs, from the text (<see cref="SmsTextMeasure"/>: parts of a GSM-7 or
/// UCS-2 text) and the account's balance directions (<see cref="MySmppBalance.Directions"/>: the price of one part per
/// kind of message and area). An SMS costs parts × the price of the phone's <c>sms</c> direction; a Viber message the
/// price of its <c>viber</c> direction (one message, whatever its length); Viber with SMS fallback both, since the
/// fallback may be sent too. How a phone is matched to a direction is described on <see cref="DirectionMatch"/>: its
/// operator or region (given <see cref="SmsPhoneInfo"/>), its country, then a direction without an area, the highest
/// price among equally good matches. When no direction with a price matches, the estimate has no cost and says why:
/// a <see cref="SpendCap"/> then refuses the recipient rather than guess. Thread-safe (immutable).
/// </summary>
public sealed class SpendEstimator
{
    private readonly IReadOnlyList<MySmppBalanceDirection> _directions;

    /// <summary>Creates an estimator over <paramref name="balance"/>'s directions.</summary>
    /// <param name="balance">The account's balance (Get-MySmppBalance).</param>
    /// <param name="textType">The kind of text (<c>type_text</c>, e.g. <c>Сервисные</c>) whose price to prefer where an area has several.</param>
    public SpendEstimator(MySmppBalance balance, string? textType = null)
    {
        if (balance == null) throw new ArgumentNullException(nameof(balance));
        _directions = balance.Directions;
        TextType = textType;
    }

    /// <summary>The kind of text whose price is preferred, or null for the highest price of the area.</summary>
    public string? TextType { get; }

    /// <summary>Estimates one recipient's message.</summary>
    /// <param name="phone">The recipient, in the gateway's format (digits, international, no '+'; see <see cref="PhoneNumber.TryNormalize"/>).</param>
    /// <param name="text">The SMS text (for <see cref="SmsChannel.Viber"/> it is only measured).</param>
    /// <param name="channel">The channel the message goes by.</param>
    /// <param name="info">What Get-SmsPhoneInfo knows about the phone (operator, region), if anything.</param>
    public SpendEstimate Estimate(string phone, string? text, SmsChannel channel = SmsChannel.Sms, SmsPhoneInfo? info = null)
    {
        if (phone == null) throw new ArgumentNullException(nameof(phone));
        SmsTextInfo measured = SmsTextMeasure.Measure(text);
        MySmppBalanceDirection? sms = null;
        MySmppBalanceDirection? viber = null;
        decimal cost = 0m;
        if (channel != SmsChannel.Viber)
        {
            sms = DirectionMatch.Find(_directions, "sms", phone, info, TextType);
            if (sms == null) return new SpendEstimate(phone, channel, measured, null, null, null, "no sms direction with a price matches " + phone);
            cost += measured.Parts * DirectionMatch.PriceOf(sms)!.Value;
        }

        if (channel != SmsChannel.Sms)
        {
            viber = DirectionMatch.Find(_directions, "viber", phone, info, TextType);
            if (viber == null) return new SpendEstimate(phone, channel, measured, sms, null, null, "no viber direction with a price matches " + phone);
            cost += DirectionMatch.PriceOf(viber)!.Value;
        }

        return new SpendEstimate(phone, channel, measured, sms, viber, cost, null);
    }
}
