using System;
using System.Collections.Generic;
using System.Linq;
using MySmpp.Account;
using MySmpp.PhoneInfo;
using MySmpp.Sending;
using MySmpp.Spending;
using MySmpp.Texts;
using Xunit;

namespace MySmpp.Core.Tests.Platform;

/// <summary>The spend estimate (parts × the price of the phone's direction) and the cap that admits recipients in input order.</summary>
public class SpendEstimatorTests
{
    private static MySmppBalanceDirection Direction(string kind, string? area, decimal? price, string? textType = null, bool unlimited = false) =>
        new MySmppBalanceDirection(kind, area, price, textType, unlimited ? null : 100, unlimited, unlimited ? "Unlim" : "100");

    private static MySmppBalance Balance(params MySmppBalanceDirection[] directions) => new MySmppBalance(100m, "RUB", directions);

    // The emulator's balance: Russia 1.25, MTS 1.40, MegaFon 1.10, Viber unlimited without a price.
    private static readonly MySmppBalance Emulated = Balance(
        Direction("sms", "Russia", 1.25m, "Сервисные"),
        Direction("sms", "МТС", 1.40m, "Сервисные"),
        Direction("sms", "МегаФон", 1.10m, "Сервисные"),
        Direction("viber", "Russia", null, unlimited: true));

    [Fact]
    public void An_sms_costs_its_parts_times_the_price_of_the_phones_direction()
    {
        var estimator = new SpendEstimator(Emulated);
        string cyrillic = new string('я', 71); // UCS-2, 2 parts
        string latin = new string('a', 161); // GSM-7, 2 parts

        SpendEstimate russia = estimator.Estimate("79001234567", "Hi");
        SpendEstimate mts = estimator.Estimate("79141234567", cyrillic, SmsChannel.Sms, new SmsPhoneInfo("79141234567", "МТС", "Камчатский край", 9));
        SpendEstimate megafon = estimator.Estimate("79131234567", latin, SmsChannel.Sms, new SmsPhoneInfo("79131234567", "Мегафон", null, 4));

        Assert.Equal(1.25m, russia.Cost);
        Assert.Equal("Russia", russia.SmsDirection!.Area);
        Assert.Equal(2.80m, mts.Cost);
        Assert.Equal((SmsEncoding.Ucs2, 2), (mts.Text.Encoding, mts.Text.Parts));
        Assert.Equal(2.20m, megafon.Cost); // "Мегафон" matches "МегаФон": case and punctuation do not matter
        Assert.True(russia.IsPriced);
    }

    [Fact]
    public void Without_phone_information_the_country_decides_and_an_unlisted_country_has_no_price()
    {
        var estimator = new SpendEstimator(Emulated);

        SpendEstimate russian = estimator.Estimate("79141234567", "Hi");
        SpendEstimate kazakh = estimator.Estimate("77011234567", "Hi");
        SpendEstimate ukrainian = estimator.Estimate("380501234567", "Hi");

        Assert.Equal(1.25m, russian.Cost); // the operator is unknown without Get-SmsPhoneInfo: the country's price
        Assert.Null(kazakh.Cost); // +7 7xx is Kazakhstan, not Russia
        Assert.Null(ukrainian.Cost);
        Assert.Contains("no sms direction", ukrainian.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Among_equally_good_directions_the_highest_price_wins_unless_a_text_type_is_preferred()
    {
        MySmppBalance balance = Balance(Direction("sms", "Россия", 1.10m, "Сервисные"), Direction("sms", "Россия", 1.90m, "Рекламные"));

        Assert.Equal(1.90m, new SpendEstimator(balance).Estimate("79001234567", "x").Cost);
        Assert.Equal(1.10m, new SpendEstimator(balance, "сервисные").Estimate("79001234567", "x").Cost);
        Assert.Equal(1.90m, new SpendEstimator(balance, "Транзакционные").Estimate("79001234567", "x").Cost);
    }

    [Fact]
    public void A_direction_without_an_area_prices_every_phone_and_one_without_a_price_prices_none()
    {
        Assert.Equal(0.5m, new SpendEstimator(Balance(Direction("sms", null, 0.5m))).Estimate("380501234567", "x").Cost);
        Assert.Null(new SpendEstimator(Balance(Direction("sms", "Russia", null))).Estimate("79001234567", "x").Cost);
        Assert.Null(new SpendEstimator(Balance()).Estimate("79001234567", "x").Cost);
    }

    [Fact]
    public void Viber_costs_one_message_and_viber_with_sms_fallback_costs_both()
    {
        MySmppBalance balance = Balance(Direction("sms", "Russia", 1.25m), Direction("viber", "Russia", 0.60m));
        var estimator = new SpendEstimator(balance);
        string longText = new string('a', 400); // 3 SMS parts

        Assert.Equal(0.60m, estimator.Estimate("79001234567", longText, SmsChannel.Viber).Cost);
        Assert.Equal(0.60m + 3.75m, estimator.Estimate("79001234567", longText, SmsChannel.ViberThenSms).Cost);
        Assert.Equal(0m, new SpendEstimator(Emulated).Estimate("79001234567", "x", SmsChannel.Viber).Cost); // unlimited, no price: no money spent
    }

    [Fact]
    public void The_cap_admits_a_prefix_of_the_input_and_refuses_every_recipient_from_the_first_that_does_not_fit()
    {
        var estimator = new SpendEstimator(Emulated);
        var cap = new SpendCap(5.00m);
        var decisions = new List<SpendDecision>
        {
            cap.Admit(estimator.Estimate("79001234567", "Hi")), // 1.25
            cap.Admit(estimator.Estimate("79141234567", new string('я', 71), SmsChannel.Sms, new SmsPhoneInfo("79141234567", "МТС", null, 9))), // 2.80 -> 4.05
            cap.Admit(estimator.Estimate("380501234567", "Hi")), // no price: refused on its own
            cap.Admit(estimator.Estimate("79001234568", new string('a', 161))), // 2.50 -> 6.55: over
            cap.Admit(estimator.Estimate("79001234569", "x")), // 1.25 would fit, but the cap is closed
        };

        Assert.Equal(new[] { SpendRefusal.None, SpendRefusal.None, SpendRefusal.NoPrice, SpendRefusal.OverCap, SpendRefusal.OverCap }, decisions.Select(d => d.Refusal));
        Assert.Equal(new[] { 0, 1, 2, 3, 4 }, decisions.Select(d => d.Index));
        Assert.Equal(4.05m, cap.Total);
        Assert.Equal((2, 3, true), (cap.Admitted, cap.Refused, cap.IsClosed));
        Assert.Equal(4.05m, decisions[^1].TotalAfter);
    }

    [Fact]
    public void An_exact_fit_is_admitted_and_a_zero_cap_admits_only_free_messages()
    {
        var estimator = new SpendEstimator(Emulated);
        var exact = new SpendCap(2.50m);
        Assert.True(exact.Admit(estimator.Estimate("79001234567", "a")).Admitted);
        Assert.True(exact.Admit(estimator.Estimate("79001234567", "b")).Admitted);
        Assert.False(exact.Admit(estimator.Estimate("79001234567", "c")).Admitted);

        var zero = new SpendCap(0m);
        Assert.True(zero.Admit(estimator.Estimate("79001234567", "x", SmsChannel.Viber)).Admitted);
        Assert.False(zero.Admit(estimator.Estimate("79001234567", "x")).Admitted);
        Assert.Throws<ArgumentOutOfRangeException>(() => new SpendCap(-1m));
    }

    [Fact]
    public void With_mixed_encodings_and_directions_the_admitted_total_never_exceeds_the_cap()
    {
        var random = new Random(20261130);
        var estimator = new SpendEstimator(Emulated);
        string[] texts = { "Hi", new string('a', 161), new string('€', 81), "Привет", new string('я', 135), "Код 1234 😀", string.Empty };
        string[] phones = { "79001234567", "79141234567", "79131234567", "79111234567", "380501234567", "77011234567" };
        string?[] operators = { null, "МТС", "МегаФон", "МТС", null, null };
        for (int round = 0; round < 500; round++)
        {
            decimal capValue = random.Next(0, 4000) / 100m;
            var cap = new SpendCap(capValue);
            decimal admitted = 0m;
            bool closed = false;
            for (int i = 0; i < 40; i++)
            {
                int p = random.Next(phones.Length);
                SmsPhoneInfo? info = operators[p] == null || random.Next(2) == 0 ? null : new SmsPhoneInfo(phones[p], operators[p], null, 0);
                SpendDecision decision = cap.Admit(estimator.Estimate(phones[p], texts[random.Next(texts.Length)], (SmsChannel)random.Next(3), info));
                if (decision.Admitted)
                {
                    Assert.False(closed, "nothing is admitted after the cap closed");
                    admitted += decision.Estimate.Cost!.Value;
                }
                else if (decision.Refusal == SpendRefusal.OverCap)
                {
                    closed = true;
                }
                else
                {
                    Assert.Null(decision.Estimate.Cost);
                }

                Assert.True(admitted <= capValue, "admitted " + admitted + " over the cap " + capValue);
                Assert.Equal(admitted, cap.Total);
            }
        }
    }
}
