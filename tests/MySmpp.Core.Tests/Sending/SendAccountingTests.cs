using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;
using MySmpp.Client;
using MySmpp.Core.Tests.Reliability;
using MySmpp.Emulator;
using MySmpp.Errors;
using MySmpp.Model;
using MySmpp.Sending;
using Xunit;

namespace MySmpp.Core.Tests.Sending;

/// <summary>
/// Sending you can trust, against the emulator with the faults each case needs: every recipient accounted for once with
/// its fate and key whatever stops the send, nothing sent twice, keys a re-run can trust, times in the account's time,
/// one bad row failing alone, refused batches split (issue 21, items 1–8 and 11).
/// </summary>
public sealed class SendAccountingTests
{
    [Theory]
    [InlineData(EmulatorDialect.Live, "Аккаунт заблокирован")]
    [InlineData(EmulatorDialect.Documented, "Your account is locked")]
    public async Task A_lock_on_a_recipients_line_stops_the_send_and_every_recipient_keeps_its_fate(EmulatorDialect dialect, string text)
    {
        await using EmulatorServer server = await Start(o => (o.Dialect, o.SendFault, o.SendFaultAfter) = (dialect, SendFault.Lock, 7));
        using MySmppClient client = Connect(server, batchSize: 5, maxConcurrency: 1);

        List<SmsSendOutcome> outcomes = Send(client, Messages(20, "7911000"));

        Assert.Equal(20, outcomes.Count);
        Assert.Equal(Enumerable.Range(0, 20).Select(i => (long)i), outcomes.Select(o => o.Position));
        Assert.All(outcomes.Take(7), o => Assert.Equal(SmsSendFate.Accepted, o.Fate));
        Assert.All(outcomes.Skip(7).Take(3), o =>
        {
            // The rest of the request that met the lock: refused, the typed session error, in either language.
            Assert.Equal(SmsSendFate.Refused, o.Fate);
            Assert.Equal("MySmpp.AccountLocked", o.Error!.ErrorId);
            Assert.Contains(text, o.Error.ServerMessage, StringComparison.Ordinal);
        });
        Assert.All(outcomes.Skip(10), o =>
        {
            Assert.Equal(SmsSendFate.NotSent, o.Fate);
            Assert.Contains("client_id_sms " + o.ClientId!.Value.ToString(CultureInfo.InvariantCulture), o.Error!.Message, StringComparison.Ordinal);
        });
        Assert.Equal(2, server.Sending.SendRequests); // nothing sent after the lock was seen
        Assert.Equal(7, server.Sending.Accepted);
    }

    [Fact]
    public async Task Stop_lets_the_requests_in_flight_finish_and_sends_nothing_more()
    {
        await using EmulatorServer server = await Start(o => o.LatencyMs = 200);
        using MySmppClient client = Connect(server, batchSize: 4, maxConcurrency: 2);
        using SmsSendOperation send = client.StartSend();
        var outcomes = new List<SmsSendOutcome>();
        foreach (SmsMessage message in Messages(8, "7912000")) send.Add(message); // two requests in flight, no room for a third

        send.Stop(new MySmppStoppedException("stopped by the test"));
        foreach (SmsMessage message in Messages(4, "7912100")) send.Add(message);
        outcomes.AddRange(send.Finish());

        Assert.Equal(12, outcomes.Count);
        Assert.All(outcomes.Take(8), o => Assert.Equal(SmsSendFate.Accepted, o.Fate)); // in flight when stopped: finished
        Assert.All(outcomes.Skip(8), o => Assert.Equal(SmsSendFate.NotSent, o.Fate));
        Assert.Equal(8, server.Sending.Accepted);
        Assert.IsType<MySmppStoppedException>(send.StopReason);
    }

    [Fact]
    public async Task Cancel_aborts_the_requests_in_flight_and_their_recipients_come_out_unconfirmed_with_their_keys()
    {
        await using EmulatorServer server = await Start(o => (o.SendFault, o.SendFaultAfter) = (SendFault.Stall, 0));
        using MySmppClient client = Connect(server, batchSize: 3, maxConcurrency: 2);
        using SmsSendOperation send = client.StartSend();
        foreach (SmsMessage message in Messages(6, "7913000")) send.Add(message);
        Assert.True(await Reliability.Reliability.EventuallyAsync(() => server.Stats.Requests == 2, Reliability.Reliability.HangBound));

        send.Cancel();
        List<SmsSendOutcome> outcomes = await Task.Run(() => send.Finish().ToList()).WaitAsync(Reliability.Reliability.HangBound);

        Assert.All(outcomes, o =>
        {
            Assert.Equal(SmsSendFate.Unconfirmed, o.Fate);
            Assert.Equal("MySmpp.Stopped", o.Error!.ErrorId);
            Assert.Contains("same key (client_id_sms " + o.ClientId!.Value.ToString(CultureInfo.InvariantCulture) + ") is safe", o.Error.Message, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task Two_rows_with_one_key_and_different_messages_are_both_refused_before_anything_is_sent()
    {
        await using EmulatorServer server = await Start();
        using MySmppClient client = Connect(server);

        List<SmsSendOutcome> outcomes = Send(client, new[]
        {
            new SmsMessage { Phone = "79140000001", Text = "Your code is 1111", Sender = "MyShop", ClientId = 777 },
            new SmsMessage { Phone = "79140000002", Text = "Your code is 2222", Sender = "MyShop", ClientId = 778 },
            new SmsMessage { Phone = "79140000003", Text = "Your code is 3333", Sender = "MyShop", ClientId = 777 },
        });

        Assert.Equal(new[] { "MySmpp.DuplicateClientId", null, "MySmpp.DuplicateClientId" }, outcomes.Select(o => o.Error?.ErrorId));
        Assert.Contains("row 0 (79140000001) and row 2 (79140000003)", outcomes[0].Error!.Message, StringComparison.Ordinal);
        Assert.Equal(outcomes[0].Error!.Message, outcomes[2].Error!.Message);
        Assert.Equal(new[] { "79140000002" }, server.Sending.Received.Select(r => r.Phone));
    }

    [Fact]
    public async Task A_row_repeating_another_under_its_key_is_not_sent_again_and_shares_its_id()
    {
        await using EmulatorServer server = await Start();
        using MySmppClient client = Connect(server);
        var message = new SmsMessage { Phone = "+7 914 000-00-05", Text = "Order 5 is ready", Sender = "MyShop", ClientId = 905 };

        List<SmsSendOutcome> outcomes = Send(client, new[] { message, message.Clone(), new SmsMessage { Phone = "79140000005", Text = "Order 5 is ready", Sender = "MyShop", ClientId = 905 } });

        Assert.Equal(new[] { SmsSendFate.Accepted, SmsSendFate.AlreadySent, SmsSendFate.AlreadySent }, outcomes.Select(o => o.Fate));
        Assert.Single(outcomes.Select(o => o.Result!.Id).Distinct());
        Assert.Single(server.Sending.Received);
        Assert.Equal(1, server.Sending.Accepted);
    }

    [Fact]
    public async Task A_key_that_a_different_row_used_in_an_earlier_batch_refuses_only_the_later_row()
    {
        await using EmulatorServer server = await Start();
        using MySmppClient client = Connect(server, batchSize: 2, maxConcurrency: 1);

        List<SmsSendOutcome> outcomes = Send(client, new[]
        {
            new SmsMessage { Phone = "79140000011", Text = "a", Sender = "MyShop", ClientId = 11 },
            new SmsMessage { Phone = "79140000012", Text = "b", Sender = "MyShop", ClientId = 12 },
            new SmsMessage { Phone = "79140000013", Text = "c", Sender = "MyShop", ClientId = 11 },
        });

        Assert.Equal(SmsSendFate.Accepted, outcomes[0].Fate);
        Assert.Equal("MySmpp.DuplicateClientId", outcomes[2].Error!.ErrorId);
        Assert.Contains("Row 0 had already been sent; this one was not", outcomes[2].Error!.Message, StringComparison.Ordinal);
        Assert.Equal(2, server.Sending.Accepted);
    }

    [Theory]
    [InlineData(ClientIdStorage.Int32)]
    [InlineData(ClientIdStorage.Double)]
    public async Task A_gateway_with_narrower_keys_is_detected_not_trusted_with_generated_keys(ClientIdStorage storage)
    {
        await using EmulatorServer server = await Start(o => o.ClientIdStorage = storage);
        using MySmppClient client = Connect(server, batchSize: 2, maxConcurrency: 1);

        List<SmsSendOutcome> outcomes = Send(client, Messages(6, "7915000"));

        // Generated keys are consecutive in [2^62, 2^63): a 32-bit column clamps them all to one key, a double makes
        // neighbours equal. Whatever the gateway then answers "already sent" to was NOT sent, and says so.
        Assert.Equal(SmsSendFate.Accepted, outcomes[0].Fate);
        Assert.Contains(outcomes.Skip(1), o => o.Fate == SmsSendFate.Refused);
        Assert.All(outcomes.Where(o => o.Fate != SmsSendFate.Accepted), o =>
        {
            Assert.Equal(SmsSendFate.Refused, o.Fate);
            Assert.Equal("MySmpp.ClientIdCollision", o.Error!.ErrorId);
            Assert.Contains("NOT sent", o.Error.Message, StringComparison.Ordinal);
        });
        Assert.Equal(outcomes.Count(o => o.Fate == SmsSendFate.Accepted), server.Sending.Accepted);
        Assert.DoesNotContain(outcomes, o => o.Fate == SmsSendFate.AlreadySent);
    }

    [Fact]
    public async Task An_already_sent_after_a_lost_answer_is_the_gateway_keeping_its_word_not_a_collision()
    {
        await using EmulatorServer server = await Start(o => (o.FailureRate, o.FailureModes) = (1.0, FailureModes.DropConnection));
        using MySmppClient client = Connect(server, batchSize: 3, maxConcurrency: 1, maxRetries: 3);
        using SmsSendOperation send = client.StartSend();
        foreach (SmsMessage message in Messages(3, "7915100")) send.Add(message);
        Assert.True(await Reliability.Reliability.EventuallyAsync(() => server.Sending.SendRequests >= 2, Reliability.Reliability.HangBound));
        server.Options.FailureRate = 0;

        List<SmsSendOutcome> outcomes = await Task.Run(() => send.Finish().ToList()).WaitAsync(Reliability.Reliability.HangBound);

        Assert.All(outcomes, o => Assert.Equal(SmsSendFate.AlreadySent, o.Fate));
        Assert.Equal(3, server.Sending.Accepted);
    }

    [Fact]
    public void Generated_keys_are_19_digits_and_start_at_random()
    {
        var first = new ClientIdGenerator();
        var second = new ClientIdGenerator();
        long a = first.Next();

        Assert.InRange(a, ClientIdGenerator.Smallest, long.MaxValue - (1L << 32));
        Assert.Equal(a + 1, first.Next());
        Assert.NotEqual(a, second.Next());
        Assert.Equal(19, a.ToString(CultureInfo.InvariantCulture).Length);
    }

    [Theory]
    [InlineData(EmulatorDialect.Documented)]
    [InlineData(EmulatorDialect.Live)]
    public async Task A_batch_over_the_gateways_limit_is_split_and_every_recipient_is_sent_once(EmulatorDialect dialect)
    {
        await using EmulatorServer server = await Start(o => (o.Dialect, o.MaxBatchSize) = (dialect, 4));
        using MySmppClient client = Connect(server, batchSize: 200);
        var log = new ConcurrentQueue<string>();

        List<SmsSendOutcome> outcomes = Send(client, Messages(10, "7916000"), log.Enqueue, out SendStatistics statistics);

        Assert.All(outcomes, o => Assert.Equal(SmsSendFate.Accepted, o.Fate));
        Assert.Equal(10, server.Sending.Accepted);
        Assert.True(statistics.Splits >= 2, "splits: " + statistics.Splits);
        Assert.Contains(log, line => line.StartsWith("Splitting a batch of 10 recipients", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_recipient_refused_alone_as_malformed_names_its_key_and_says_it_was_not_sent()
    {
        await using RawHttpServer server = RawHttpServer.Start(exchange => exchange.RespondAsync(200, "text/xml", "<response><error>Неправильный формат XML документа</error></response>"));
        using MySmppClient client = Reliability.Reliability.Client(server.BaseAddress, MySmppProtocol.Xml, o => (o.BatchSize, o.MaxConcurrency) = (1, 1));

        SmsSendOutcome outcome = Assert.Single(Send(client, Messages(1, "7916100")));

        Assert.Equal(SmsSendFate.Refused, outcome.Fate);
        Assert.Equal("MySmpp.Protocol", outcome.Error!.ErrorId);
        Assert.Contains("client_id_sms " + outcome.ClientId!.Value.ToString(CultureInfo.InvariantCulture), outcome.Error.Message, StringComparison.Ordinal);
        Assert.Contains("did nothing with it", outcome.Error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("unknown", outcome.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_utc_send_time_goes_out_as_the_same_instant_in_the_accounts_time_from_time_php()
    {
        await using EmulatorServer server = await Start(o => o.AccountUtcOffset = TimeSpan.FromHours(5));
        using MySmppClient client = Connect(server);
        DateTime at = DateTime.UtcNow.AddHours(2);
        var log = new ConcurrentQueue<string>();

        SmsSendOutcome outcome = Assert.Single(Send(client, new[] { new SmsMessage { Phone = "79170000001", Text = "later", Sender = "MyShop", SendAt = at, ValidUntil = at.AddHours(1).ToLocalTime() } }, log.Enqueue, out _));

        Assert.Equal(SmsSendFate.Accepted, outcome.Fate);
        ReceivedRecipient wire = Assert.Single(server.Sending.Received);
        Assert.Equal(at.AddHours(5).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture), wire.TimeSend);
        Assert.Equal(at.AddHours(6).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture), wire.ValidityPeriod);
        Assert.Contains(log, line => line.Contains("UTC+05:00, from time.php", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Without_time_php_the_send_time_goes_out_in_Moscow_time_and_the_log_says_so()
    {
        await using RawHttpServer server = RawHttpServer.Start(exchange =>
            exchange.Request.Target.EndsWith("time.php", StringComparison.Ordinal)
                ? exchange.RespondAsync(500, "text/plain", "no time today")
                : exchange.RespondAsync(200, "text/xml", "<response><information number_sms=\"1\" id_sms=\"5\">send</information></response>"));
        using MySmppClient client = Reliability.Reliability.Client(server.BaseAddress, MySmppProtocol.Xml);
        DateTime at = DateTime.UtcNow.AddHours(2);
        var log = new ConcurrentQueue<string>();

        SmsSendOutcome outcome = Assert.Single(Send(client, new[] { new SmsMessage { Phone = "79170000002", Text = "later", Sender = "MyShop", SendAt = at } }, log.Enqueue, out _));

        Assert.Equal(SmsSendFate.Accepted, outcome.Fate);
        string body = server.Requests.Single(r => r.Target.EndsWith("/xml/", StringComparison.Ordinal)).BodyText;
        Assert.Contains("time_send=\"" + at.AddHours(3).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + "\"", body, StringComparison.Ordinal);
        Assert.Contains(log, line => line.Contains("Moscow time (UTC+03:00)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_session_time_zone_is_used_without_asking_time_php()
    {
        await using EmulatorServer server = await Start(o => o.AccountUtcOffset = TimeSpan.FromHours(7));
        TimeZoneInfo samara = TimeZoneInfo.FindSystemTimeZoneById("Europe/Samara"); // UTC+4 all year
        using MySmppClient client = Connect(server, configure: o => o.ServerTimeZone = samara);
        DateTime at = DateTime.UtcNow.AddHours(3);

        Assert.Single(Send(client, new[] { new SmsMessage { Phone = "79170000003", Text = "later", Sender = "MyShop", SendAt = at } }), o => o.Fate == SmsSendFate.Accepted);

        Assert.Equal(at.AddHours(4).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture), Assert.Single(server.Sending.Received).TimeSend);
    }

    [Fact]
    public async Task A_send_time_already_past_in_the_accounts_time_is_refused_not_sent_now()
    {
        await using EmulatorServer server = await Start();
        using MySmppClient client = Connect(server);

        List<SmsSendOutcome> outcomes = Send(client, new[]
        {
            new SmsMessage { Phone = "79170000004", Text = "t", Sender = "MyShop", SendAt = DateTime.UtcNow.AddHours(-1) },
            new SmsMessage { Phone = "79170000005", Text = "t", Sender = "MyShop", ValidUntil = DateTime.Now.AddMinutes(-5) },
            new SmsMessage { Phone = "79170000006", Text = "t", Sender = "MyShop", SendAt = DateTime.UtcNow.AddSeconds(-20) },
        });

        Assert.Equal("MySmpp.InvalidArgument", outcomes[0].Error!.ErrorId);
        Assert.Equal(SmsMessageField.SendAt, Assert.IsType<MySmppSendRefusedException>(outcomes[0].Error).Field);
        Assert.Contains("already past", outcomes[0].Error!.Message, StringComparison.Ordinal);
        Assert.Equal("MySmpp.InvalidArgument", outcomes[1].Error!.ErrorId);
        Assert.Equal(SmsMessageField.ValidUntil, Assert.IsType<MySmppSendRefusedException>(outcomes[1].Error).Field);
        Assert.Equal(SmsSendFate.Accepted, outcomes[2].Fate); // within a minute: the clock's drift, sent
        Assert.Equal(new[] { "79170000006" }, server.Sending.Received.Select(r => r.Phone));
    }

    // The characters as code points: test data cannot carry half a surrogate pair (it is serialised as UTF-8).
    [Theory]
    [InlineData("Text", 0xD83D)]
    [InlineData("Text", 0xFFFE)]
    [InlineData("ButtonText", 0x0001)]
    [InlineData("CampaignName", 0x0001)]
    [InlineData("ViberText", 0xDC00)]
    public async Task One_unwritable_character_fails_only_its_own_recipient_naming_the_field_and_key_position(string field, int character)
    {
        await using EmulatorServer server = await Start();
        using MySmppClient client = Connect(server);
        List<SmsMessage> messages = Messages(200, "7918000", viber: true).ToList();
        typeof(SmsMessage).GetProperty(field)!.SetValue(messages[57], "Cut " + (char)character + " here");

        List<SmsSendOutcome> outcomes = Send(client, messages);

        Assert.Equal(199, outcomes.Count(o => o.Fate == SmsSendFate.Accepted));
        SmsSendOutcome bad = outcomes[57];
        Assert.Equal(SmsSendFate.Refused, bad.Fate);
        Assert.Equal("MySmpp.InvalidArgument", bad.Error!.ErrorId);
        Assert.Equal(Enum.Parse<SmsMessageField>(field), Assert.IsType<MySmppSendRefusedException>(bad.Error).Field);
        Assert.StartsWith("Character 5 of the ", bad.Error.Message, StringComparison.Ordinal);
        Assert.Equal(199, server.Sending.Accepted);
    }

    [Theory]
    [InlineData("Shop\u202Eevil")]
    [InlineData("Магазин")]
    [InlineData("AVeryLongViberSenderNameThatGoesOnAndOnForeverMore")]
    public async Task A_viber_sender_name_is_checked_like_an_sms_sender_name(string viberSender)
    {
        await using EmulatorServer server = await Start();
        using MySmppClient client = Connect(server);

        SmsSendOutcome outcome = Assert.Single(Send(client, new[] { new SmsMessage { Phone = "79180000001", Text = "t", Channel = SmsChannel.Viber, ViberSender = viberSender } }));

        Assert.Equal("MySmpp.InvalidArgument", outcome.Error!.ErrorId);
        Assert.Equal(SmsMessageField.ViberSender, Assert.IsType<MySmppSendRefusedException>(outcome.Error).Field);
        Assert.DoesNotContain('\u202E', outcome.Error.Message);
        Assert.Empty(server.Sending.Received);
    }

    [Theory]
    [InlineData("7900\u200F1234567")]
    [InlineData("\u202E79001234567")]
    [InlineData("7900\u200B123\u200E4567")]
    public async Task An_invalid_phone_is_quoted_without_the_invisible_characters_that_made_it_so(string phone)
    {
        await using EmulatorServer server = await Start();
        using MySmppClient client = Connect(server);

        SmsSendOutcome outcome = Assert.Single(Send(client, new[] { new SmsMessage { Phone = phone, Text = "t", Sender = "MyShop" } }));

        Assert.Equal("MySmpp.InvalidPhone", outcome.Error!.ErrorId);
        Assert.Matches(@"U\+20[0-9A-F]{2}", outcome.Error.Message);
        Assert.DoesNotContain(outcome.Error.Message, c => c == '\u200B' || c == '\u200E' || c == '\u200F' || c == '\u202E');
        Assert.DoesNotContain(outcome.Phone, c => c == '\u200B' || c == '\u200E' || c == '\u200F' || c == '\u202E');
    }

    [Fact]
    public async Task One_id_sms_given_to_two_recipients_is_trusted_for_neither()
    {
        await using RawHttpServer server = RawHttpServer.Start(exchange => exchange.RespondAsync(200, "text/xml",
            "<response><information number_sms=\"1\" id_sms=\"42\">send</information><information number_sms=\"2\" id_sms=\"42\">send</information>"
            + "<information number_sms=\"3\" id_sms=\"43\">send</information></response>"));
        using MySmppClient client = Reliability.Reliability.Client(server.BaseAddress, MySmppProtocol.Xml, o => o.BatchSize = 3);

        List<SmsSendOutcome> outcomes = Send(client, Messages(3, "7919000"));

        Assert.Equal(new[] { SmsSendFate.Unconfirmed, SmsSendFate.Unconfirmed, SmsSendFate.Accepted }, outcomes.Select(o => o.Fate));
        Assert.All(outcomes.Take(2), o =>
        {
            Assert.Equal("MySmpp.Protocol", o.Error!.ErrorId);
            Assert.Contains("gave id_sms 42 to 2 recipients", o.Error.Message, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task An_advisory_request_to_a_stalled_gateway_ends_within_its_limit_and_the_commands_time()
    {
        await using RawHttpServer server = RawHttpServer.Start(exchange => exchange.StallUntilClientClosesAsync());
        using MySmppClient client = Reliability.Reliability.Client(server.BaseAddress, MySmppProtocol.Xml, o => (o.RequestTimeout, o.MaxRetries) = (TimeSpan.FromSeconds(30), 4));
        var watch = System.Diagnostics.Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<MySmppTransportException>(() => client.GetSenderNamesAdvisoryAsync(TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(300), null, default));

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), "took " + watch.Elapsed);
        Assert.Equal("MySmpp.Timeout", error.ErrorId);
        Assert.Equal(1, server.RequestCount); // one attempt, no retries
    }

    private static Task<EmulatorServer> Start(Action<EmulatorOptions>? configure = null) => Reliability.Reliability.StartEmulatorAsync(configure);

    private static MySmppClient Connect(EmulatorServer server, int batchSize = 10, int maxConcurrency = 2, int maxRetries = 2, Action<MySmppSessionOptions>? configure = null) =>
        Reliability.Reliability.Client(server.BaseAddress, MySmppProtocol.Xml, o =>
        {
            (o.BatchSize, o.MaxConcurrency, o.MaxRetries) = (batchSize, maxConcurrency, maxRetries);
            configure?.Invoke(o);
        });

    private static IEnumerable<SmsMessage> Messages(int count, string prefix, bool viber = false) =>
        Enumerable.Range(0, count).Select(i => new SmsMessage
        {
            Phone = prefix + i.ToString("D4", CultureInfo.InvariantCulture),
            Text = "Hello " + i.ToString(CultureInfo.InvariantCulture),
            Sender = "MyShop",
            Channel = viber ? SmsChannel.ViberThenSms : SmsChannel.Sms,
            ViberText = viber ? "Viber hello" : null,
            ButtonText = viber ? "Open" : null,
            ButtonUrl = viber ? new Uri("https://example.com/") : null,
        });

    private static List<SmsSendOutcome> Send(MySmppClient client, IEnumerable<SmsMessage> messages) => Send(client, messages, null, out _);

    private static List<SmsSendOutcome> Send(MySmppClient client, IEnumerable<SmsMessage> messages, Action<string>? log, out SendStatistics statistics)
    {
        var outcomes = new List<SmsSendOutcome>();
        using SmsSendOperation operation = client.StartSend(new SmsSendOptions { Log = log });
        foreach (SmsMessage message in messages)
        {
            operation.Add(message);
            outcomes.AddRange(operation.TakeCompleted());
        }

        outcomes.AddRange(operation.Finish());
        statistics = operation.Statistics;
        return outcomes;
    }
}
