using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using MySmpp.Account;
using MySmpp.Client;
using MySmpp.Credentials;
using MySmpp.Emulator;
using MySmpp.Errors;
using MySmpp.Model;
using MySmpp.Sending;
using Xunit;

namespace MySmpp.Core.Tests.Sending;

/// <summary>The send engine against the emulator over loopback: batching, order, idempotency under lost answers.</summary>
public class SendEngineTests
{
    [Theory]
    [InlineData(FailureModes.DropConnection)]
    [InlineData(FailureModes.All)]
    public async Task With_20_percent_of_answers_lost_after_the_server_accepted_no_phone_gets_a_message_twice(FailureModes modes)
    {
        await using EmulatorServer server = await EmulatorServer.StartAsync(new EmulatorOptions { TimeScale = 0, FailureRate = 0.2, FailureModes = modes, FaultSeed = 20261130 });
        using MySmppClient client = Connect(server, batchSize: 10, maxRetries: 12);
        string[] phones = Enumerable.Range(0, 1000).Select(i => "7900" + i.ToString("D7", System.Globalization.CultureInfo.InvariantCulture)).ToArray();

        List<SmsSendOutcome> outcomes = Send(client, phones.Select(p => new SmsMessage { Phone = p, Text = "Hello " + p, Sender = "MyShop" }));

        Assert.True(server.Stats.FaultsInjected >= 10, "faults injected: " + server.Stats.FaultsInjected);
        Assert.Equal(phones, outcomes.Select(o => o.Phone));
        Assert.All(outcomes, o => Assert.True(o.Result != null, o.Phone + ": " + o.Error?.Message));
        Assert.Equal(1000, server.Sending.Accepted);
        Assert.Equal(1000, outcomes.Select(o => o.Result!.Id).Distinct().Count());
        Assert.Equal(1000, outcomes.Select(o => o.Result!.ClientId).Distinct().Count());
        Assert.Equal(1000, server.Data.Messages.Count(m => m.Id >= EmulatorSending.FirstMessageId));
        Assert.Contains(outcomes, o => o.Result!.AlreadySent); // a retry after a lost answer met the keys the server had kept
    }

    [Fact]
    public async Task A_rerun_with_the_same_client_ids_sends_nothing_new_and_reports_already_sent()
    {
        await using EmulatorServer server = await EmulatorServer.StartAsync(new EmulatorOptions { TimeScale = 0 });
        using MySmppClient client = Connect(server, batchSize: 40);
        SmsMessage[] messages = Enumerable.Range(1, 100).Select(i => new SmsMessage { Phone = "7901" + i.ToString("D7", System.Globalization.CultureInfo.InvariantCulture), Text = "t", Sender = "MyShop", ClientId = 500000 + i }).ToArray();

        List<SmsSendOutcome> first = Send(client, messages);
        List<SmsSendOutcome> second = Send(client, messages);

        Assert.All(first, o => Assert.False(o.Result!.AlreadySent));
        Assert.All(second, o => Assert.True(o.Result!.AlreadySent));
        Assert.Equal(first.Select(o => o.Result!.Id), second.Select(o => o.Result!.Id));
        Assert.Equal(messages.Select(m => m.ClientId!.Value), second.Select(o => o.Result!.ClientId));
        Assert.Equal(100, server.Sending.Accepted);
        Assert.Equal(3, server.Sending.SendRequests / 2); // 100 recipients in batches of 40: three requests per run
    }

    [Fact]
    public async Task When_every_answer_is_lost_the_error_names_the_key_and_sending_again_with_it_sends_nothing_twice()
    {
        await using EmulatorServer server = await EmulatorServer.StartAsync(new EmulatorOptions { TimeScale = 0, FailureRate = 1.0, FailureModes = FailureModes.DropConnection });
        using MySmppClient client = Connect(server, batchSize: 5, maxRetries: 1);
        SmsMessage[] messages = Enumerable.Range(1, 10).Select(i => new SmsMessage { Phone = "7906000000" + (i % 10), Text = "t", Sender = "MyShop" }).ToArray();

        List<SmsSendOutcome> lost = Send(client, messages);

        Assert.All(lost, o => Assert.Equal("MySmpp.Transport", o.Error!.ErrorId));
        Assert.All(lost, o => Assert.Contains("client_id_sms " + o.ClientId, o.Error!.Message));
        Assert.All(lost, o => Assert.Contains("with the same key (client_id_sms " + o.ClientId + ") is safe", o.Error!.Message));
        Assert.All(lost, o => Assert.Equal(SmsSendFate.Unconfirmed, o.Fate));
        Assert.Equal(10, server.Sending.Accepted); // the server acted on the first attempt; the retry met the same keys

        server.Options.FailureRate = 0;
        for (int i = 0; i < messages.Length; i++) messages[i].ClientId = lost[i].ClientId;
        List<SmsSendOutcome> again = Send(client, messages);

        Assert.All(again, o => Assert.True(o.Result!.AlreadySent));
        Assert.Equal(10, server.Sending.Accepted);
    }

    [Fact]
    public async Task Refusals_come_back_per_recipient_in_order_with_their_error_ids()
    {
        await using EmulatorServer server = await EmulatorServer.StartAsync(new EmulatorOptions { TimeScale = 0 });
        using MySmppClient client = Connect(server);

        List<SmsSendOutcome> outcomes = Send(client, new[]
        {
            new SmsMessage { Phone = "79001112233", Text = "ok", Sender = "MyShop" },
            new SmsMessage { Phone = EmulatorSending.StopListedPhone, Text = "ok", Sender = "MyShop" },
            new SmsMessage { Phone = "12", Text = "ok", Sender = "MyShop" },
            new SmsMessage { Phone = "79001112233", Text = "ok", Sender = EmulatorSending.RegisteringSender },
            new SmsMessage { Phone = "88812345678", Text = "ok", Sender = "MyShop" },
            new SmsMessage { Phone = "79001112233", Text = "best casino", Sender = "MyShop" },
            new SmsMessage { Phone = "79001112233", Text = "ok", Sender = "TooLongSenderName" },
        });

        Assert.NotNull(outcomes[0].Result);
        Assert.Equal(
            new[] { "MySmpp.StopListed", "MySmpp.InvalidPhone", "MySmpp.SenderNotAllowed", "MySmpp.DestinationClosed", "MySmpp.TextRejected", "MySmpp.InvalidArgument" },
            outcomes.Skip(1).Select(o => o.Error!.ErrorId));
        Assert.Equal(5, server.Sending.Accepted + server.Sending.Refused); // the two refused before sending never reached the server
    }

    [Fact]
    public async Task The_balance_decreases_and_runs_out_and_the_refusal_says_the_message_is_kept()
    {
        await using EmulatorServer server = await EmulatorServer.StartAsync(new EmulatorOptions { TimeScale = 0 });
        server.Sending.SetBalance("login", 2.5m);
        using MySmppClient client = Connect(server);

        List<SmsSendOutcome> outcomes = Send(client, Enumerable.Range(0, 3).Select(i => new SmsMessage { Phone = "7902000000" + i, Text = "t", Sender = "MyShop" }));

        Assert.NotNull(outcomes[0].Result);
        Assert.NotNull(outcomes[1].Result);
        var refused = Assert.IsType<MySmppSendRefusedException>(outcomes[2].Error);
        Assert.Equal("MySmpp.InsufficientFunds", refused.ErrorId);
        Assert.True(refused.KeptByGateway);
        MySmppBalance balance = await client.GetBalanceAsync();
        Assert.Equal(0m, balance.Money);
    }

    [Fact]
    public async Task Bad_credentials_stop_the_operation_and_later_batches_are_not_sent()
    {
        await using EmulatorServer server = await EmulatorServer.StartAsync(new EmulatorOptions { TimeScale = 0 });
        var options = new MySmppSessionOptions { BaseAddress = server.BaseAddress, Protocol = MySmppProtocol.Xml, BatchSize = 10, MaxConcurrency = 1 };
        using var client = new MySmppClient(MySmppCredential.FromPassword("login", "wrong"), options);

        List<SmsSendOutcome> outcomes = Send(client, Enumerable.Range(0, 30).Select(i => new SmsMessage { Phone = "790300000" + i.ToString("D2", System.Globalization.CultureInfo.InvariantCulture), Text = "t", Sender = "MyShop" }));

        Assert.All(outcomes, o => Assert.Equal("MySmpp.AuthenticationFailed", o.Error!.ErrorId));
        Assert.Equal(1, server.Sending.SendRequests);
        Assert.Equal(0, server.Sending.Accepted);
    }

    [Fact]
    public async Task The_live_dialect_refuses_in_Russian_on_the_sending_and_account_endpoints_and_the_client_maps_it()
    {
        await using EmulatorServer server = await EmulatorServer.StartAsync(new EmulatorOptions { TimeScale = 0, Dialect = EmulatorDialect.Live });
        var options = new MySmppSessionOptions { BaseAddress = server.BaseAddress, Protocol = MySmppProtocol.Xml, BatchSize = 10, MaxConcurrency = 1 };
        using (var wrong = new MySmppClient(MySmppCredential.FromPassword("login", "wrong"), options))
        {
            SmsSendOutcome outcome = Assert.Single(Send(wrong, new[] { new SmsMessage { Phone = "79030000001", Text = "t", Sender = "MyShop" } }));
            Assert.Equal("MySmpp.AuthenticationFailed", outcome.Error!.ErrorId);
            Assert.Contains("Неправильный логин или пароль", outcome.Error.ServerMessage, StringComparison.Ordinal);
        }

        using (var locked = new MySmppClient(MySmppCredential.FromPassword("locked", "password"), options))
        {
            MySmppException error = await Assert.ThrowsAnyAsync<MySmppException>(() => locked.GetBalanceAsync());
            Assert.Equal("MySmpp.AccountLocked", error.ErrorId);
            Assert.Contains("Ваш аккаунт заблокирован", error.ServerMessage, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Sent_messages_go_through_their_statuses_on_the_simulated_clock()
    {
        await using EmulatorServer server = await EmulatorServer.StartAsync(new EmulatorOptions { TimeScale = 0 });
        using MySmppClient client = Connect(server);
        List<SmsSendOutcome> sent = Send(client, Enumerable.Range(0, 5).Select(i => new SmsMessage { Phone = "7904000000" + i, Text = "t", Sender = "MyShop" }));
        long[] ids = sent.Select(o => o.Result!.Id!.Value).ToArray();

        Assert.All(client.GetStates(ids), r => Assert.Equal(SmsStatus.Sent, r.State!.Status));
        server.Clock.Advance(TimeSpan.FromSeconds(60));
        Assert.All(client.GetStates(ids), r => Assert.Equal(SmsStatus.Delivered, r.State!.Status));
    }

    [Theory]
    [InlineData(MySmppProtocol.Json)]
    [InlineData(MySmppProtocol.Xml)]
    public async Task Balance_and_sender_names_come_from_the_emulator_in_the_sessions_protocol(MySmppProtocol protocol)
    {
        await using EmulatorServer server = await EmulatorServer.StartAsync(new EmulatorOptions { TimeScale = 0 });
        using MySmppClient client = Connect(server, protocol: protocol);

        MySmppBalance balance = await client.GetBalanceAsync();
        SenderNameList senders = await client.GetSenderNamesAsync();

        Assert.Equal(EmulatorSending.DefaultBalance, balance.Money);
        Assert.Equal("RUR", balance.Currency);
        Assert.Contains(balance.Directions, d => d.Kind == "viber" && d.Unlimited);
        Assert.Contains(balance.Directions, d => d.Kind == "sms" && d.MessagesLeft == 8000);
        Assert.True(senders.IsUsable(EmulatorSending.ApprovedSender));
        Assert.False(senders.IsUsable(EmulatorSending.RegisteringSender));
    }

    [Fact]
    public async Task Generated_keys_are_unique_numeric_and_visible()
    {
        await using EmulatorServer server = await EmulatorServer.StartAsync(new EmulatorOptions { TimeScale = 0 });
        using MySmppClient client = Connect(server);

        List<SmsSendOutcome> outcomes = Send(client, Enumerable.Range(0, 300).Select(i => new SmsMessage { Phone = "79050000000", Text = "t" + i, Sender = "MyShop" }));

        long[] keys = outcomes.Select(o => o.Result!.ClientId).ToArray();
        Assert.Equal(300, keys.Distinct().Count());
        Assert.All(keys, k => Assert.True(k > 0));
        Assert.All(keys, k => Assert.True(server.Sending.KnowsKey("login", k)));
    }

    private static MySmppClient Connect(EmulatorServer server, int batchSize = 200, int maxRetries = 4, MySmppProtocol protocol = MySmppProtocol.Xml)
    {
        var options = new MySmppSessionOptions
        {
            BaseAddress = server.BaseAddress,
            Protocol = protocol,
            BatchSize = batchSize,
            MaxConcurrency = 4,
            MaxRetries = maxRetries,
            RetryBaseDelay = TimeSpan.FromMilliseconds(5),
            RetryMaxDelay = TimeSpan.FromMilliseconds(50),
            RequestTimeout = TimeSpan.FromSeconds(30),
        };
        return new MySmppClient(MySmppCredential.FromPassword("login", "password"), options);
    }

    private static List<SmsSendOutcome> Send(MySmppClient client, IEnumerable<SmsMessage> messages)
    {
        var outcomes = new List<SmsSendOutcome>();
        using SmsSendOperation operation = client.StartSend();
        foreach (SmsMessage message in messages)
        {
            operation.Add(message);
            outcomes.AddRange(operation.TakeCompleted());
        }

        outcomes.AddRange(operation.Finish());
        return outcomes;
    }
}
