using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;
using MySmpp.Account;
using MySmpp.Client;
using MySmpp.Emulator;
using MySmpp.Errors;
using MySmpp.Model;
using MySmpp.PhoneInfo;
using MySmpp.Sending;
using MySmpp.Spending;
using Xunit;

namespace MySmpp.Core.Tests.Platform;

/// <summary>
/// Send-Sms -MaxTotalCost and -QuietHours end to end (<see cref="SendRulePlanner"/> in front of a real send against the
/// emulator): the cap never lets the spend go over and what is sent is a prefix, across encodings, channels and
/// directions; quiet hours never schedule a recipient inside its window, across zones and midnight, on a frozen clock.
/// </summary>
public sealed class SendRulesTests
{
    private const string Login = "login";
    private const decimal ViberPrice = 0.60m;

    // One recipient of the mix, and what the balance says it costs (worked out by hand, not by the module).
    private sealed record Row(string Phone, string Text, SmsChannel Channel, decimal? Cost);

    // The emulator's prices: Russia 1.25 a part, MTS 1.40, MegaFon 1.10, Viber 0.60; no direction for Ukraine.
    private static readonly Row[] Mix =
    {
        new("79001110001", "Hi", SmsChannel.Sms, 1.25m), // Tele2 -> Russia, GSM-7, 1 part
        new("79141110002", new string('я', 71), SmsChannel.Sms, 2.80m), // MTS, UCS-2, 71 > 70: 2 parts
        new("79131110003", new string('a', 161), SmsChannel.Sms, 2.20m), // MegaFon, GSM-7, 161 > 160: 2 parts
        new("380501234567", "Hi", SmsChannel.Sms, null), // no direction: no price
        new("79221110005", new string('€', 81), SmsChannel.Sms, 2.20m), // MegaFon, extension characters: 162 septets, 2 parts
        new("79001110006", string.Concat(Enumerable.Repeat("😀", 36)), SmsChannel.Sms, 2.50m), // UCS-2 surrogate pairs: 72 units, 2 parts
        new("79991110007", new string('b', 400), SmsChannel.Viber, 0.60m), // unknown operator, Viber: one message whatever its length
        new("79141110008", "Привет", SmsChannel.ViberThenSms, 2.00m), // Viber 0.60 + the MTS fallback 1.40
        new("79001110009", new string('c', 459), SmsChannel.Sms, 3.75m), // 3 parts of 153
        new("79111110010", new string('Ё', 70), SmsChannel.Sms, 1.40m), // MTS Kaliningrad, UCS-2, exactly one part
        new("79001110011", "Hi", SmsChannel.Viber, 0.60m),
        new("79131110012", new string('z', 160), SmsChannel.ViberThenSms, 1.70m), // Viber 0.60 + MegaFon 1.10, exactly one part
    };

    public static IEnumerable<object[]> DialectsAndProtocols() =>
        from dialect in new[] { EmulatorDialect.Documented, EmulatorDialect.Live }
        from protocol in new[] { MySmppProtocol.Json, MySmppProtocol.Xml }
        select new object[] { dialect, protocol };

    [Theory]
    [MemberData(nameof(DialectsAndProtocols))]
    public async Task The_cap_is_never_exceeded_and_what_is_sent_is_a_prefix_across_encodings_channels_and_directions(EmulatorDialect dialect, MySmppProtocol protocol)
    {
        await using EmulatorServer server = await Start(dialect);
        using MySmppClient client = Connect(server, protocol, batchSize: 5);
        decimal total = Mix.Sum(r => r.Cost ?? 0m);
        Assert.Equal(21.00m, total);

        foreach (decimal cap in new[] { 0m, 1.24m, 1.25m, 4.05m, 4.06m, 6.24m, 8.45m, 12m, 17.30m, 20.99m, 21m, 100m })
        {
            decimal before = server.Sending.GetBalance(Login);
            int receivedBefore = server.Sending.Received.Count;

            (List<SmsSendOutcome> outcomes, SendRulePlanner planner) = Send(client, Mix.Select(Message), new SmsSendRules { MaxTotalCost = cap });

            // The oracle: admit in input order while the total fits; the first that does not closes the cap.
            var expected = new List<string>();
            decimal admitted = 0m;
            bool closed = false;
            foreach (Row row in Mix)
            {
                if (closed)
                {
                    expected.Add("MySmpp.SpendCapExceeded"); // from the first over the cap on, priced or not
                }
                else if (row.Cost is not decimal cost)
                {
                    expected.Add("MySmpp.PriceUnknown");
                }
                else if (admitted + cost > cap)
                {
                    closed = true;
                    expected.Add("MySmpp.SpendCapExceeded");
                }
                else
                {
                    admitted += cost;
                    expected.Add("Accepted");
                }
            }

            string because = "cap " + cap.ToString(CultureInfo.InvariantCulture) + ", " + dialect + ", " + protocol;
            Assert.Equal(Enumerable.Range(0, Mix.Length).Select(i => (long)i), outcomes.Select(o => o.Position));
            Assert.True(expected.SequenceEqual(outcomes.Select(o => o.Fate == SmsSendFate.Accepted ? "Accepted" : o.Error!.ErrorId)), because + ": " + string.Join(", ", outcomes.Select(o => o.Fate + " " + o.Error?.ErrorId)));

            // What the gateway charged is the estimate, never over the cap; what it received is the admitted prefix, in order.
            decimal spent = before - server.Sending.GetBalance(Login);
            Assert.Equal(admitted, planner.EstimatedSpend);
            Assert.Equal(admitted, spent);
            Assert.True(spent <= cap, because);
            string[] received = server.Sending.Received.Skip(receivedBefore).Select(r => r.Phone).ToArray();
            Assert.Equal(outcomes.Where(o => o.Fate == SmsSendFate.Accepted).Select(o => o.Phone), received.OrderBy(p => Array.FindIndex(Mix, r => r.Phone == p)));
            int firstOver = expected.IndexOf("MySmpp.SpendCapExceeded");
            if (firstOver >= 0) Assert.DoesNotContain("Accepted", expected.Skip(firstOver));
        }
    }

    [Fact]
    public async Task A_refused_recipient_comes_out_in_its_place_with_a_typed_error_and_no_key()
    {
        await using EmulatorServer server = await Start(EmulatorDialect.Live);
        using MySmppClient client = Connect(server, MySmppProtocol.Json, batchSize: 3);

        // Tele2 1.25, Ukraine (no price), MTS 2.80, MegaFon 2.20 (over), Ukraine again (after the cap was reached).
        Row[] rows = { Mix[0], Mix[3], Mix[1], Mix[2], Mix[3] };
        (List<SmsSendOutcome> outcomes, SendRulePlanner planner) = Send(client, rows.Select(Message), new SmsSendRules { MaxTotalCost = 4.05m });

        Assert.Equal(new[] { SmsSendFate.Accepted, SmsSendFate.Refused, SmsSendFate.Accepted, SmsSendFate.Refused, SmsSendFate.Refused }, outcomes.Select(o => o.Fate));
        var unpriced = Assert.IsType<MySmppSendRefusedException>(outcomes[1].Error);
        Assert.Equal((SendRefusal.PriceUnknown, "MySmpp.PriceUnknown", "380501234567"), (unpriced.Refusal, unpriced.ErrorId, unpriced.Phone));
        Assert.Contains("no sms direction with a price matches 380501234567", unpriced.Message, StringComparison.Ordinal);
        var over = Assert.IsType<MySmppSendRefusedException>(outcomes[3].Error);
        Assert.Equal((SendRefusal.SpendCapExceeded, "MySmpp.SpendCapExceeded", "79131110003"), (over.Refusal, over.ErrorId, over.Phone));
        Assert.Contains("estimated at 2.20 (2 SMS parts (Gsm7) × 1.10 of sms МегаФон)", over.Message, StringComparison.Ordinal);
        Assert.Contains("4.05 over the cap", over.Message, StringComparison.Ordinal);
        Assert.Equal("MySmpp.SpendCapExceeded", outcomes[4].Error!.ErrorId);
        Assert.Contains("cap was reached earlier", outcomes[4].Error!.Message, StringComparison.Ordinal);
        Assert.All(outcomes.Where(o => o.Fate == SmsSendFate.Refused), o => Assert.Null(o.ClientId));
        Assert.Equal((2, 1, 4.05m), (planner.OverCap, planner.PriceUnknown, planner.EstimatedSpend));
        Assert.Equal(2, server.Sending.Accepted);
    }

    [Fact]
    public async Task A_job_run_again_under_a_lower_cap_reports_rows_an_earlier_run_sent_as_already_sent_not_refused()
    {
        // The cap is applied before the operation looks the row up in the job: a row an earlier run of the job sent must
        // still come out as sent, not "refused, it was not sent" (a reason to send it again by hand, outside the job).
        await using EmulatorServer server = await Start(EmulatorDialect.Live);
        using var journal = new MySmpp.Core.Tests.Journal.TempJournal();
        Row[] rows = { Mix[0], Mix[1] };
        using (MySmppClient client = Connect(server, MySmppProtocol.Json, batchSize: 3))
        {
            Assert.All(Send(client, rows.Select(Message), new SmsSendRules { MaxTotalCost = 100m }, Job(journal)).Outcomes, o => Assert.Equal(SmsSendFate.Accepted, o.Fate));
        }

        List<SmsSendOutcome> again;
        using (MySmppClient client = Connect(server, MySmppProtocol.Json, batchSize: 3))
        {
            again = Send(client, rows.Select(Message), new SmsSendRules { MaxTotalCost = 1.00m }, Job(journal)).Outcomes;
        }

        Assert.Equal(2, server.Sending.Accepted);
        Assert.Equal(new[] { SmsSendFate.AlreadySent, SmsSendFate.AlreadySent }, again.Select(o => o.Fate));
    }

    [Fact]
    public async Task Lookups_go_one_request_per_chunk_are_kept_for_the_session_and_stop_once_the_cap_is_closed()
    {
        await using EmulatorServer server = await Start(EmulatorDialect.Documented);
        using MySmppClient client = Connect(server, MySmppProtocol.Xml, batchSize: 4);
        SmsMessage[] messages = Enumerable.Range(0, 10).Select(i => Message(new Row("7914222" + i.ToString("D4", CultureInfo.InvariantCulture), "Hi", SmsChannel.Sms, 1.40m))).ToArray();

        (List<SmsSendOutcome> first, _) = Send(client, messages, new SmsSendRules { MaxTotalCost = 100m });
        Assert.All(first, o => Assert.Equal(SmsSendFate.Accepted, o.Fate));
        Assert.Equal((3L, 10L, 1L), (server.Platform.PhoneInfoRequests, server.Platform.PhoneInfoNumbers, server.Sending.BalanceRequests));
        Assert.Equal(14.00m, EmulatorSending.DefaultBalance - server.Sending.GetBalance(Login)); // MTS's price: the operator was known

        // A second command with the same phones asks nothing more of def.php; the balance is read once per command.
        (List<SmsSendOutcome> second, _) = Send(client, messages, new SmsSendRules { MaxTotalCost = 100m, QuietHours = QuietHoursWindow.Parse("00:00-00:01") });
        Assert.Equal(10, second.Count);
        Assert.Equal((3L, 2L), (server.Platform.PhoneInfoRequests, server.Sending.BalanceRequests));

        // New phones and a cap closed by the second chunk: the later chunks are not looked up.
        SmsMessage[] fresh = Enumerable.Range(0, 12).Select(i => Message(new Row("7913333" + i.ToString("D4", CultureInfo.InvariantCulture), "Hi", SmsChannel.Sms, 1.10m))).ToArray();
        (List<SmsSendOutcome> capped, _) = Send(client, fresh, new SmsSendRules { MaxTotalCost = 5.50m });
        Assert.Equal(5, capped.Count(o => o.Fate == SmsSendFate.Accepted));
        Assert.Equal(7, capped.Count(o => o.Error?.ErrorId == "MySmpp.SpendCapExceeded"));
        Assert.Equal(5L, server.Platform.PhoneInfoRequests);
    }

    [Fact]
    public async Task Quiet_hours_never_schedule_a_recipient_inside_its_window_across_zones_and_midnight()
    {
        // The emulator's clock is frozen at the account's (Moscow) time; the client's clock is set to the same instant
        // and both move together, 37 minutes a step, over more than a day, so every zone crosses midnight and both ends
        // of each window.
        var start = new DateTime(2026, 11, 30, 18, 0, 30);
        await using EmulatorServer server = await Start(EmulatorDialect.Live, start.AddHours(3));
        var clock = new SetClock(new DateTimeOffset(start, TimeSpan.Zero));
        using MySmppClient client = Connect(server, MySmppProtocol.Json, batchSize: 4, clock);

        // The zones, as the emulator's numbering plan has them (worked out here, not asked of the module).
        var zones = new Dictionary<string, TimeSpan>
        {
            ["79111230001"] = TimeSpan.FromHours(2), // Kaliningrad
            ["79001230002"] = TimeSpan.FromHours(3), // Krasnodar
            ["79221230003"] = TimeSpan.FromHours(5), // Tyumen
            ["79131230004"] = TimeSpan.FromHours(7), // Novosibirsk
            ["79141230005"] = TimeSpan.FromHours(12), // Kamchatka
            ["79991230006"] = TimeSpan.FromHours(3), // unknown: Moscow time
        };
        int moved = 0, sentNow = 0;
        foreach (string text in new[] { "21:00-09:00", "13:00-14:30" })
        {
            QuietHoursWindow window = QuietHoursWindow.Parse(text);
            for (int step = 0; step < 42; step++)
            {
                DateTime now = clock.At.UtcDateTime;
                int receivedBefore = server.Sending.Received.Count;
                var messages = zones.Keys.Select(p => new SmsMessage { Phone = p, Text = "Sale", Sender = "MyShop" }).ToList();

                // The same phones with a -SendAt of their own (a UTC time, and one typed in the account's time): the window applies to it.
                messages.Add(new SmsMessage { Phone = "79141230005", Text = "Later", Sender = "MyShop", SendAt = DateTime.SpecifyKind(now.AddHours(7), DateTimeKind.Utc) });
                messages.Add(new SmsMessage { Phone = "79131230004", Text = "Later", Sender = "MyShop", SendAt = DateTime.SpecifyKind(now.AddHours(3 + 11), DateTimeKind.Unspecified) });

                (List<SmsSendOutcome> outcomes, SendRulePlanner planner) = Send(client, messages, new SmsSendRules { QuietHours = window });

                Assert.All(outcomes, o => Assert.Equal(SmsSendFate.Accepted, o.Fate));
                List<ReceivedRecipient> received = server.Sending.Received.Skip(receivedBefore).ToList();
                Assert.Equal(messages.Count, received.Count);
                int movedNow = 0;
                foreach (ReceivedRecipient r in received)
                {
                    TimeSpan zone = zones[r.Phone];
                    DateTime? own = r.Text == "Later" ? (r.Phone == "79141230005" ? now.AddHours(7) : now.AddHours(11)) : null;
                    DateTime from = own ?? now;
                    string because = text + " at " + now.ToString("u", CultureInfo.InvariantCulture) + " for " + r.Phone + " (" + r.TimeSend + ")";
                    if (r.TimeSend == null)
                    {
                        // Sent now: not quiet there now, nor in the next minutes the message takes to arrive.
                        Assert.Null(own);
                        Assert.False(window.Contains((from + zone).TimeOfDay), because);
                        Assert.False(window.Contains((from + SendRulePlanner.Lead + zone).TimeOfDay), because);
                        sentNow++;
                        continue;
                    }

                    DateTime at = DateTime.ParseExact(r.TimeSend, "yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture).AddHours(-3); // the account's (Moscow) time, to UTC
                    DateTime local = at + zone;
                    Assert.False(window.Contains(local.TimeOfDay), because); // never inside the window
                    if (own.HasValue && at == new DateTime(own.Value.Ticks - (own.Value.Ticks % TimeSpan.TicksPerMinute))) continue; // its own time, left as it was
                    Assert.True(window.Contains(local.AddMinutes(-1).TimeOfDay), because); // the window's end: the first allowed minute
                    Assert.True(at > from && at - from <= TimeSpan.FromDays(1), because);
                    movedNow++;
                }

                moved += movedNow;
                Assert.Equal(movedNow, planner.Moved);
                Assert.Equal(1, planner.UnknownZones); // 79991230006
                clock.At += TimeSpan.FromMinutes(37);
                server.Clock.Advance(TimeSpan.FromMinutes(37));
            }
        }

        Assert.True(moved > 50 && sentNow > 50, moved + " moved, " + sentNow + " sent at once");
        Assert.Equal(2L, server.Platform.PhoneInfoRequests); // six phones, asked once for the session (in the first command's two chunks)
    }

    [Fact]
    public async Task A_validity_that_ends_inside_the_quiet_hours_refuses_the_recipient_and_a_past_send_time_is_refused_as_before()
    {
        var start = new DateTime(2026, 11, 30, 19, 30, 0); // 22:30 in Moscow, 21:30 in Kaliningrad, 07:30 in Kamchatka
        await using EmulatorServer server = await Start(EmulatorDialect.Documented, start.AddHours(3));
        using MySmppClient client = Connect(server, MySmppProtocol.Xml, batchSize: 10, new SetClock(new DateTimeOffset(start, TimeSpan.Zero)));
        DateTime utc(double hours) => DateTime.SpecifyKind(start.AddHours(hours), DateTimeKind.Utc);

        (List<SmsSendOutcome> outcomes, SendRulePlanner planner) = Send(client, new[]
        {
            new SmsMessage { Phone = "79001230001", Text = "a", Sender = "MyShop", ValidUntil = utc(2) }, // quiet until 09:00 Moscow, valid until 00:30: refused
            new SmsMessage { Phone = "79001230002", Text = "b", Sender = "MyShop", ValidUntil = utc(12) }, // valid until 10:30 Moscow: moved to 09:00
            new SmsMessage { Phone = "79141230003", Text = "c", Sender = "MyShop", ValidUntil = utc(2) }, // Kamchatka: 07:30, quiet until 09:00 there = 21:00 UTC
            new SmsMessage { Phone = "79001230004", Text = "d", Sender = "MyShop", SendAt = utc(-1) }, // an hour ago: refused as past, as without quiet hours
        }, new SmsSendRules { QuietHours = QuietHoursWindow.Parse("21:00-09:00") });

        Assert.Equal(new[] { SmsSendFate.Refused, SmsSendFate.Accepted, SmsSendFate.Accepted, SmsSendFate.Refused }, outcomes.Select(o => o.Fate));
        Assert.Equal("MySmpp.InvalidArgument", outcomes[0].Error!.ErrorId);
        Assert.Contains("it is quiet time for 79001230001 (UTC+03:00) until 2026-12-01 09:00 there, and the end of validity comes before that", outcomes[0].Error!.Message, StringComparison.Ordinal);
        Assert.Equal(SmsMessageField.QuietHours, Assert.IsType<MySmppSendRefusedException>(outcomes[0].Error).Field);
        Assert.Equal(SmsMessageField.SendAt, Assert.IsType<MySmppSendRefusedException>(outcomes[3].Error).Field);
        Assert.Contains("already past", outcomes[3].Error!.Message, StringComparison.Ordinal);
        Assert.Equal(new[] { "2026-12-01 09:00", "2026-12-01 00:00" }, server.Sending.Received.Select(r => r.TimeSend));
        Assert.Equal((2, 1), (planner.Moved, planner.QuietHoursRefused));
    }

    [Fact]
    public async Task A_window_that_starts_within_minutes_counts_as_begun_so_nothing_arrives_in_its_first_minutes()
    {
        var start = new DateTime(2026, 11, 30, 17, 57, 10); // 20:57:10 in Moscow, 19:57:10 in Kaliningrad
        await using EmulatorServer server = await Start(EmulatorDialect.Live, start.AddHours(3));
        using MySmppClient client = Connect(server, MySmppProtocol.Json, batchSize: 10, new SetClock(new DateTimeOffset(start, TimeSpan.Zero)));

        (List<SmsSendOutcome> outcomes, SendRulePlanner planner) = Send(client, new[]
        {
            new SmsMessage { Phone = "79001230001", Text = "a", Sender = "MyShop" },
            new SmsMessage { Phone = "79111230002", Text = "b", Sender = "MyShop" },
        }, new SmsSendRules { QuietHours = QuietHoursWindow.Parse("21:00-09:00") });

        Assert.All(outcomes, o => Assert.Equal(SmsSendFate.Accepted, o.Fate));
        Assert.Equal(new[] { "2026-12-01 09:00", null }, server.Sending.Received.Select(r => r.TimeSend));
        Assert.Equal(1, planner.Moved);
    }

    [Fact]
    public async Task A_lookup_that_fails_stops_the_send_and_every_recipient_comes_out_not_sent_with_its_key()
    {
        await using EmulatorServer server = await Start(EmulatorDialect.Documented, configure: o => o.StalledPaths = new HashSet<string>(StringComparer.Ordinal) { "/xml/def.php" });
        using MySmppClient client = Connect(server, MySmppProtocol.Xml, batchSize: 3, configure: o => (o.RequestTimeout, o.MaxRetries) = (TimeSpan.FromMilliseconds(300), 0));

        (List<SmsSendOutcome> outcomes, _) = Send(client, Enumerable.Range(0, 7).Select(i => new SmsMessage { Phone = "7900444000" + i, Text = "x", Sender = "MyShop" }), new SmsSendRules { QuietHours = QuietHoursWindow.Parse("21:00-09:00") });

        Assert.Equal(Enumerable.Range(0, 7).Select(i => (long)i), outcomes.Select(o => o.Position));
        Assert.All(outcomes, o =>
        {
            Assert.Equal(SmsSendFate.NotSent, o.Fate);
            Assert.NotNull(o.ClientId);
            Assert.Contains("Quiet hours need the recipients' time zones, and looking them up (def.php) failed", o.Error!.Message, StringComparison.Ordinal);
        });
        Assert.Equal("MySmpp.Timeout", outcomes[0].Error!.ErrorId);
        Assert.Equal(0, server.Sending.SendRequests);
    }

    [Fact]
    public async Task Recipients_held_when_the_send_is_cancelled_come_out_not_sent_and_nothing_is_asked()
    {
        await using EmulatorServer server = await Start(EmulatorDialect.Documented);
        using MySmppClient client = Connect(server, MySmppProtocol.Xml, batchSize: 10);
        using SmsSendOperation operation = client.StartSend();
        var planner = new SendRulePlanner(client, operation, new SmsSendRules { MaxTotalCost = 10m, QuietHours = QuietHoursWindow.Parse("21:00-09:00") });
        for (int i = 0; i < 3; i++) planner.Add(new SmsMessage { Phone = "7900555000" + i, Text = "x", Sender = "MyShop" });

        operation.Cancel();
        planner.Finish();
        List<SmsSendOutcome> outcomes = operation.Finish().ToList();

        Assert.Equal(3, outcomes.Count);
        Assert.All(outcomes, o => Assert.Equal((SmsSendFate.NotSent, true), (o.Fate, o.ClientId.HasValue)));
        Assert.Equal((0L, 0L, 0L), (server.Platform.PhoneInfoRequests, server.Sending.BalanceRequests, server.Sending.SendRequests));
    }

    [Fact]
    public async Task Ten_thousand_recipients_stream_through_in_order_with_one_lookup_per_chunk()
    {
        await using EmulatorServer server = await Start(EmulatorDialect.Live);
        using MySmppClient client = Connect(server, MySmppProtocol.Json, batchSize: 200);
        int n = 10_000;

        (List<SmsSendOutcome> outcomes, SendRulePlanner planner) = Send(client, Enumerable.Range(0, n).Select(i => new SmsMessage { Phone = "7913" + i.ToString("D7", CultureInfo.InvariantCulture), Text = "x", Sender = "MyShop" }), new SmsSendRules { MaxTotalCost = 5_000m, QuietHours = QuietHoursWindow.Parse("13:00-13:01") });

        Assert.Equal(Enumerable.Range(0, n).Select(i => (long)i), outcomes.Select(o => o.Position));
        Assert.Equal(4_545, outcomes.Count(o => o.Fate == SmsSendFate.Accepted)); // 1.10 each: 4,545 × 1.10 = 4,999.50
        Assert.Equal(n - 4_545, outcomes.Count(o => o.Error?.ErrorId == "MySmpp.SpendCapExceeded"));
        Assert.Equal((long)(n / 200), server.Platform.PhoneInfoRequests); // quiet hours look every chunk up
        Assert.Equal(4_999.50m, planner.EstimatedSpend);
    }

    [Fact]
    public void Operator_level_prices_need_phone_information_and_country_prices_do_not()
    {
        static MySmppBalanceDirection D(string kind, string? area, decimal? price) => new(kind, area, price, null, 1, false, "1");

        Assert.True(DirectionMatch.NeedsPhoneInfo(new[] { D("sms", "Russia", 1m), D("sms", "МТС", 1.4m) }));
        Assert.True(DirectionMatch.NeedsPhoneInfo(new[] { D("viber", "Тюменская область", 1m) }));
        Assert.False(DirectionMatch.NeedsPhoneInfo(new[] { D("sms", "Россия", 1m), D("sms", null, 2m), D("viber", "Kazakhstan", 1m) }));
        Assert.False(DirectionMatch.NeedsPhoneInfo(new[] { D("sms", "МТС", null), D("whatsapp", "МТС", 1m) })); // no price, or a kind never charged here

        // An operator named in English by def.php matches its Russian direction in the balance, and the other way round.
        var balance = new MySmppBalance(100m, "RUB", new[] { D("sms", "Russia", 1.25m), D("sms", "МТС", 1.40m), D("sms", "MegaFon", 1.10m) });
        var estimator = new SpendEstimator(balance);
        Assert.Equal(1.40m, estimator.Estimate("79141234567", "x", SmsChannel.Sms, new SmsPhoneInfo("79141234567", "MTS", null, 9)).Cost);
        Assert.Equal(1.10m, estimator.Estimate("79131234567", "x", SmsChannel.Sms, new SmsPhoneInfo("79131234567", "Мегафон", null, 4)).Cost);
        Assert.Equal(1.25m, estimator.Estimate("79001234567", "x", SmsChannel.Sms, new SmsPhoneInfo("79001234567", "Tele2", null, 0)).Cost);
    }

    [Fact]
    public void The_phone_cache_forgets_the_least_recently_used_beyond_its_capacity_and_shares_names()
    {
        var cache = new PhoneInfoCache(capacity: 3);
        for (int i = 1; i <= 3; i++) cache.Store(new SmsPhoneInfo("7900000000" + i, new string("МТС".ToCharArray()), null, 0));
        Assert.True(cache.TryGet("79000000001", out _)); // now the most recently used
        cache.Store(new SmsPhoneInfo("79000000004", "МТС", null, 0));

        Assert.Equal(3, cache.Count);
        Assert.False(cache.TryGet("79000000002", out _));
        Assert.True(cache.TryGet("79000000001", out SmsPhoneInfo? one));
        Assert.True(cache.TryGet("79000000004", out SmsPhoneInfo? four));
        Assert.Same(one!.Operator, four!.Operator);
        Assert.Throws<ArgumentOutOfRangeException>(() => new PhoneInfoCache(0));
    }

    [Fact]
    public void A_time_in_the_accounts_clock_is_read_back_as_the_instant_it_names()
    {
        var wall = new DateTime(2026, 12, 1, 9, 0, 0, DateTimeKind.Unspecified);

        Assert.Equal(new DateTime(2026, 12, 1, 6, 0, 0, DateTimeKind.Utc), AccountTime.FromOffset(TimeSpan.FromHours(3)).ToUtc(wall));
        Assert.Equal(DateTimeKind.Utc, AccountTime.Moscow.ToUtc(wall).Kind);
        Assert.Equal(wall, AccountTime.FromOffset(TimeSpan.FromHours(5)).ToAccountTime(AccountTime.FromOffset(TimeSpan.FromHours(5)).ToUtc(wall)));
        Assert.Equal(DateTime.MinValue.Ticks, AccountTime.FromOffset(TimeSpan.FromHours(3)).ToUtc(DateTime.MinValue).Ticks); // clamped, not thrown
    }

    private static SmsMessage Message(Row row) => new()
    {
        Phone = row.Phone,
        Text = row.Text,
        Sender = "MyShop",
        Channel = row.Channel,
    };

    private static Task<EmulatorServer> Start(EmulatorDialect dialect, DateTime? epoch = null, Action<EmulatorOptions>? configure = null) =>
        Reliability.Reliability.StartEmulatorAsync(o =>
        {
            (o.Dialect, o.ViberPrice) = (dialect, ViberPrice);
            if (epoch.HasValue) o.Epoch = epoch.Value;
            configure?.Invoke(o);
        });

    private static MySmppClient Connect(EmulatorServer server, MySmppProtocol protocol, int batchSize, ClientClock? clock = null, Action<MySmppSessionOptions>? configure = null) =>
        Reliability.Reliability.Client(server.BaseAddress, protocol, o =>
        {
            (o.BatchSize, o.MaxConcurrency) = (batchSize, 2);
            if (clock != null) o.Clock = clock;
            configure?.Invoke(o);
        });

    // A job of the journal, "capped".
    private static SmsSendOptions Job(MySmpp.Core.Tests.Journal.TempJournal journal) =>
        new SmsSendOptions { Journal = journal.Journal, JournalAccount = journal.Account, JobName = "capped" };

    // Recipients through the planner into a send, outcomes taken as they come (as Send-Sms does).
    private static (List<SmsSendOutcome> Outcomes, SendRulePlanner Planner) Send(MySmppClient client, IEnumerable<SmsMessage> messages, SmsSendRules rules, SmsSendOptions? options = null)
    {
        var outcomes = new List<SmsSendOutcome>();
        using SmsSendOperation operation = client.StartSend(options);
        var planner = new SendRulePlanner(client, operation, rules);
        foreach (SmsMessage message in messages)
        {
            planner.Add(message);
            outcomes.AddRange(operation.TakeCompleted());
        }

        planner.Finish();
        outcomes.AddRange(operation.Finish());
        return (outcomes, planner);
    }

    /// <summary>The machine's clock for everything but the wall-clock time, which the test sets.</summary>
    private sealed class SetClock : ClientClock
    {
        public SetClock(DateTimeOffset at) => At = at;

        public DateTimeOffset At { get; set; }

        public override DateTimeOffset UtcNow => At;
    }
}
