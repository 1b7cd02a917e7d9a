using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using MySmpp.Callbacks;
using MySmpp.Client;
using MySmpp.Core.Tests.Reliability;
using MySmpp.Credentials;
using MySmpp.Emulator;
using MySmpp.Errors;
using MySmpp.Inbound;
using MySmpp.Model;
using MySmpp.PhoneInfo;
using MySmpp.Protocol;
using MySmpp.Scheduled;
using MySmpp.Sending;
using MySmpp.StopList;
using Xunit;

namespace MySmpp.Core.Tests.Platform;

/// <summary>Replies, stop list, scheduler, number information and the webhook end to end against the emulator, in both dialects.</summary>
public class PlatformClientTests
{
    private static readonly DateTime Epoch = EmulatorOptions.DefaultEpoch;

    private static Task<EmulatorServer> Start(EmulatorDialect dialect, Action<EmulatorOptions>? configure = null)
    {
        var options = new EmulatorOptions { TimeScale = 0, Dialect = dialect };
        configure?.Invoke(options);
        return EmulatorServer.StartAsync(options);
    }

    private static MySmppClient Connect(EmulatorServer server, string login = "login", string password = "password", int maxRetries = 4) =>
        new MySmppClient(MySmppCredential.FromPassword(login, password), new MySmppSessionOptions
        {
            BaseAddress = server.BaseAddress,
            MaxRetries = maxRetries,
            RetryBaseDelay = TimeSpan.FromMilliseconds(5),
            RetryMaxDelay = TimeSpan.FromMilliseconds(50),
        });

    private static List<SmsSendOutcome> Send(MySmppClient client, params SmsMessage[] messages)
    {
        var outcomes = new List<SmsSendOutcome>();
        using SmsSendOperation operation = client.StartSend();
        foreach (SmsMessage message in messages) operation.Add(message);
        outcomes.AddRange(operation.Finish());
        return outcomes;
    }

    [Theory]
    [InlineData(EmulatorDialect.Documented)]
    [InlineData(EmulatorDialect.Live)]
    public async Task Replies_come_in_order_with_their_russian_texts(EmulatorDialect dialect)
    {
        await using EmulatorServer server = await Start(dialect);
        using MySmppClient client = Connect(server);

        ItemList<SmsInbound> replies = await client.GetInboundAsync(Epoch.Date);

        Assert.Equal(new long[] { 9001, 9002, 9003, 9004, 9005 }, replies.Items.Select(r => r.Id));
        Assert.Equal("Да, подтверждаю заказ 123", replies.Items[1].Text);
        Assert.Equal(("SHOP", EmulatorPlatform.ReplyNumber), (replies.Items[3].Prefix, replies.Items[3].To));
        Assert.Empty(replies.Problems);
    }

    [Fact]
    public async Task Polling_from_the_last_reply_never_returns_one_twice_nor_misses_one_arriving_in_the_same_second()
    {
        await using EmulatorServer server = await Start(EmulatorDialect.Documented);
        using MySmppClient client = Connect(server);
        var seen = new List<long>();
        DateTime since = Epoch.Date;

        async Task Poll()
        {
            ItemList<SmsInbound> replies = await client.GetInboundAsync(since);
            seen.AddRange(replies.Items.Select(r => r.Id));
            if (replies.Items.Count > 0) since = replies.Items[^1].ReceivedAt;
        }

        await Poll();
        server.Clock.Advance(TimeSpan.FromSeconds(10.5)); // the account's clock reads 15:20:10.5
        server.Platform.AddReply(new EmulatorReply(9100, 10, "79001110100", EmulatorPlatform.ReplyNumber, string.Empty, "STOP"));
        await Poll(); // ends before 15:20:10, the second still running: 9100 waits
        server.Platform.AddReply(new EmulatorReply(9101, 10, "79001110101", EmulatorPlatform.ReplyNumber, string.Empty, "stop")); // the same second, later
        server.Clock.Advance(TimeSpan.FromSeconds(1));
        await Poll();
        await Poll();
        server.Clock.Advance(TimeSpan.FromSeconds(200)); // 9006 and 9007 arrive (+90 s, +150 s)
        await Poll();
        await Poll();

        Assert.Equal(new long[] { 9001, 9002, 9003, 9004, 9005, 9100, 9101, 9006, 9007 }, seen);
    }

    [Fact]
    public async Task An_explicit_period_is_exclusive_at_both_ends_and_a_backwards_one_is_refused()
    {
        await using EmulatorServer server = await Start(EmulatorDialect.Documented);
        using MySmppClient client = Connect(server);

        ItemList<SmsInbound> between = await client.GetInboundAsync(new DateTime(2021, 4, 26, 14, 20, 0), new DateTime(2021, 4, 26, 15, 10, 0));

        Assert.Equal(new long[] { 9002, 9003 }, between.Items.Select(r => r.Id));
        await Assert.ThrowsAsync<ArgumentException>(() => client.GetInboundAsync(Epoch, Epoch));
        Assert.Empty((await client.GetInboundAsync(Epoch.AddHours(1))).Items); // after the account's time: nothing asked
    }

    [Theory]
    [InlineData(EmulatorDialect.Documented)]
    [InlineData(EmulatorDialect.Live)]
    public async Task A_number_put_on_the_stop_list_is_listed_refused_when_sent_to_and_can_be_taken_off(EmulatorDialect dialect)
    {
        await using EmulatorServer server = await Start(dialect);
        using MySmppClient client = Connect(server);

        ItemList<StopListChange> added = await client.ChangeStopListAsync(new[] { "79001110001", "79001110003" }, Array.Empty<string>());
        ItemList<StopListEntry> listed = await client.GetStopListAsync();
        List<SmsSendOutcome> sent = Send(client, new SmsMessage { Phone = "79001110001", Text = "Sale", Sender = "MyShop" }, new SmsMessage { Phone = "79001110002", Text = "Sale", Sender = "MyShop" });
        ItemList<StopListChange> removed = await client.ChangeStopListAsync(Array.Empty<string>(), new[] { "79001110003", "79001119999" });

        Assert.All(added.Items, c => Assert.Equal(StopListOutcome.Added, c.Outcome));
        Assert.Equal(new[] { "79001110001", "79001110003", EmulatorSending.StopListedPhone }, listed.Items.Select(e => e.Phone));
        Assert.Equal("MySmpp.StopListed", sent[0].Error!.ErrorId);
        Assert.NotNull(sent[1].Result);
        Assert.Equal(new[] { StopListOutcome.Removed, StopListOutcome.NotFound }, removed.Items.Select(c => c.Outcome));
        Assert.Equal(new[] { "79001110001", EmulatorSending.StopListedPhone }, server.Platform.StopList("login"));
    }

    [Theory]
    [InlineData(EmulatorDialect.Documented)]
    [InlineData(EmulatorDialect.Live)]
    public async Task The_scheduler_lists_every_page_and_deletes_and_a_send_with_a_future_time_waits_in_it(EmulatorDialect dialect)
    {
        await using EmulatorServer server = await Start(dialect, o => o.ScheduledPageSize = 7);
        using MySmppClient client = Connect(server);
        List<SmsSendOutcome> sent = Send(client, new SmsMessage { Phone = "79001234567", Text = "Напоминание о визите", Sender = "MyShop", SendAt = Epoch.AddHours(1), CampaignName = "Reminders" });
        long scheduledId = sent[0].Result!.Id!.Value;

        List<ScheduledSms> all = await ListAsync(client);

        Assert.Equal(EmulatorPlatform.ScheduledDemoCount + 1, all.Count);
        ScheduledSms mine = Assert.Single(all, s => s.Id == scheduledId);
        Assert.Equal(("79001234567", "Напоминание о визите", "Reminders", Epoch.AddHours(1), "sms"), (mine.Phone, mine.Text, mine.Campaign, mine.SendAt!.Value, mine.Type));
        Assert.Equal(SmsStatus.Sent, client.GetStates(new[] { scheduledId }).Single().State!.Status);

        ItemList<ScheduledDeletion> deleted = await client.DeleteScheduledAsync(new[] { EmulatorPlatform.FirstScheduledId, EmulatorPlatform.FirstScheduledId + 1, 42L });
        Assert.Equal(new[] { ScheduledOutcome.Removed, ScheduledOutcome.Removed, ScheduledOutcome.NotFound }, deleted.Items.Select(d => d.Outcome));
        Assert.Equal(SmsStatus.NotDelivered, client.GetStates(new[] { EmulatorPlatform.FirstScheduledId }).Single().State!.Status);
        Assert.Equal(EmulatorPlatform.ScheduledDemoCount - 1, (await ListAsync(client)).Count);

        server.Clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromMinutes(2)); // the reminder went out
        Assert.DoesNotContain(await ListAsync(client), s => s.Id == scheduledId);
        Assert.Equal(SmsStatus.Delivered, client.GetStates(new[] { scheduledId }).Single().State!.Status);
    }

    private static async Task<List<ScheduledSms>> ListAsync(MySmppClient client)
    {
        var listing = new ScheduledListing();
        var items = new List<ScheduledSms>();
        while (listing.NextPage is int page) items.AddRange(listing.Accept(await client.GetScheduledPageAsync(page)));
        Assert.True(listing.IsComplete);
        return items;
    }

    [Fact]
    public async Task A_scheduler_that_changes_while_it_is_read_is_still_read_whole()
    {
        await using EmulatorServer server = await Start(EmulatorDialect.Documented, o => o.ScheduledPageSize = 5);
        using MySmppClient client = Connect(server);
        var listing = new ScheduledListing();
        var items = new List<long>();
        while (listing.NextPage is int page)
        {
            ScheduledPage answer = await client.GetScheduledPageAsync(page);
            if (listing.Pass == 1 && page == 2)
            {
                // Between pages 2 and 3: two messages of page 1 are cancelled and three more are scheduled.
                await client.DeleteScheduledAsync(new[] { EmulatorPlatform.FirstScheduledId, EmulatorPlatform.FirstScheduledId + 1 });
                server.Platform.Schedule("login", 3, Epoch.AddHours(8));
            }

            items.AddRange(listing.Accept(answer).Select(s => s.Id));
        }

        Assert.Equal(items.Count, items.Distinct().Count());
        Assert.True(listing.ChangedWhileReading);
        Assert.True(listing.IsComplete);
        Assert.Subset(items.ToHashSet(), Enumerable.Range(2, EmulatorPlatform.ScheduledDemoCount - 2).Select(i => EmulatorPlatform.FirstScheduledId + i).ToHashSet());
        Assert.Equal(EmulatorPlatform.ScheduledDemoCount + 3, items.Count); // the two cancelled had been read before they went
    }

    [Theory]
    [InlineData(EmulatorDialect.Documented, "MegaFon", "Novosibirsk region")]
    [InlineData(EmulatorDialect.Live, "МегаФон", "Новосибирская область")]
    public async Task Number_information_gives_operator_region_and_utc_offset(EmulatorDialect dialect, string @operator, string region)
    {
        await using EmulatorServer server = await Start(dialect);
        using MySmppClient client = Connect(server);

        ItemList<SmsPhoneInfo> infos = await client.GetPhoneInfoAsync(new[] { "79131234567", "79111234567", "79991234567", "380501234567" });

        Assert.Equal((@operator, region, (TimeSpan?)TimeSpan.FromHours(7)), (infos.Items[0].Operator, infos.Items[0].Region, infos.Items[0].UtcOffset));
        Assert.Equal(TimeSpan.FromHours(2), infos.Items[1].UtcOffset);
        Assert.False(infos.Items[2].IsKnown);
        Assert.False(infos.Items[3].IsKnown);
    }

    [Fact]
    public async Task The_accounts_time_is_the_simulated_clock()
    {
        await using EmulatorServer server = await Start(EmulatorDialect.Documented);
        using MySmppClient client = Connect(server);
        server.Clock.Advance(TimeSpan.FromSeconds(75));

        Assert.Equal(Epoch.AddSeconds(75), await client.GetAccountTimeAsync());
    }

    [Theory]
    [InlineData(EmulatorDialect.Documented, "Incorrect login or password")]
    [InlineData(EmulatorDialect.Live, "Неправильный логин или пароль")]
    public async Task Every_new_request_reports_bad_credentials_and_a_locked_account_as_typed_errors(EmulatorDialect dialect, string text)
    {
        await using EmulatorServer server = await Start(dialect);
        using MySmppClient wrong = Connect(server, password: "wrong");
        using MySmppClient locked = Connect(server, login: "locked");
        var calls = new Func<MySmppClient, Task>[]
        {
            c => c.GetInboundAsync(Epoch.Date, Epoch),
            c => c.GetStopListAsync(),
            c => c.ChangeStopListAsync(new[] { "79001234567" }, Array.Empty<string>()),
            c => c.GetScheduledPageAsync(1),
            c => c.DeleteScheduledAsync(new[] { 1L }),
            c => c.GetPhoneInfoAsync(new[] { "79001234567" }),
            c => c.GetAccountTimeAsync(),
        };

        foreach (Func<MySmppClient, Task> call in calls)
        {
            MySmppAuthenticationException refused = await Assert.ThrowsAsync<MySmppAuthenticationException>(() => call(wrong));
            Assert.Equal(text, refused.ServerMessage);
            await Assert.ThrowsAsync<MySmppAccountLockedException>(() => call(locked));
        }
    }

    [Fact]
    public async Task Lost_answers_of_stop_list_changes_and_deletions_are_retried_safely()
    {
        await using EmulatorServer server = await Start(EmulatorDialect.Documented, o =>
        {
            o.FailureRate = 0.5;
            o.FailureModes = FailureModes.DropConnection | FailureModes.TruncatedBody | FailureModes.ServerError;
            o.FaultSeed = 7;
        });
        using MySmppClient client = Connect(server, maxRetries: 20);
        string[] phones = Enumerable.Range(0, 50).Select(i => "7900200" + i.ToString("D4", System.Globalization.CultureInfo.InvariantCulture)).ToArray();

        ItemList<StopListChange> added = await client.ChangeStopListAsync(phones, Array.Empty<string>());
        ItemList<ScheduledDeletion> deleted = await client.DeleteScheduledAsync(Enumerable.Range(0, 10).Select(i => EmulatorPlatform.FirstScheduledId + i).ToArray());

        Assert.True(server.Stats.FaultsInjected > 0);
        Assert.All(added.Items, c => Assert.Equal(StopListOutcome.Added, c.Outcome));
        Assert.Equal(51, server.Platform.StopList("login").Count);
        Assert.All(deleted.Items, d => Assert.True(d.Outcome is ScheduledOutcome.Removed or ScheduledOutcome.NotFound)); // a retry after a lost answer finds it gone
        Assert.Equal(EmulatorPlatform.ScheduledDemoCount - 10, server.Platform.ScheduledIds("login", Epoch).Count);
    }

    [Theory]
    [InlineData(EmulatorCallbackFormat.Json, MySmppProtocol.Json)]
    [InlineData(EmulatorCallbackFormat.Xml, MySmppProtocol.Xml)]
    public async Task The_webhook_pushes_the_states_the_status_query_gives_and_stops_when_acknowledged(EmulatorCallbackFormat format, MySmppProtocol protocol)
    {
        var received = new ConcurrentQueue<StatusCallbackContent>();
        await using RawHttpServer receiver = RawHttpServer.Start(async exchange =>
        {
            exchange.Request.Headers.TryGetValue("Content-Type", out string? type);
            StatusCallbackContent content = StatusCallback.Parse(Encoding.UTF8.GetString(exchange.Request.Body), type);
            received.Enqueue(content);
            StatusCallbackAcknowledgement ack = StatusCallback.Acknowledge(content.Ids, content.Protocol);
            await exchange.RespondAsync(200, ack.ContentType, ack.Body);
        });
        await using EmulatorServer server = await Start(EmulatorDialect.Documented, o =>
        {
            o.CallbackUrl = receiver.BaseAddress;
            o.CallbackFormat = format;
            o.CallbackInterval = TimeSpan.FromMilliseconds(20);
        });
        using MySmppClient client = new MySmppClient(MySmppCredential.FromPassword("login", "password"), new MySmppSessionOptions { BaseAddress = server.BaseAddress, Protocol = protocol });
        long[] ids = Send(client, Enumerable.Range(0, 3).Select(i => new SmsMessage { Phone = "7900300000" + i, Text = "t", Sender = "MyShop", Channel = i == 2 ? SmsChannel.Viber : SmsChannel.Sms, ViberSender = i == 2 ? "MyShop" : null }).ToArray())
            .Select(o => o.Result!.Id!.Value).ToArray();

        server.Clock.Advance(TimeSpan.FromSeconds(61)); // every message delivered (5 to 59 s after sending)
        Assert.True(await WaitAsync(() => server.Callbacks.Acknowledged >= 3), "acknowledged: " + server.Callbacks.Acknowledged);
        server.Clock.Advance(TimeSpan.FromMinutes(2)); // the Viber message read: one more push
        Assert.True(await WaitAsync(() => server.Callbacks.Acknowledged >= 4), "acknowledged: " + server.Callbacks.Acknowledged);
        await Task.Delay(200);

        Dictionary<long, SmsState> queried = client.GetStates(ids).ToDictionary(r => r.Id, r => r.State!);
        Dictionary<long, SmsState> pushed = received.SelectMany(c => c.States).GroupBy(s => s.Id).ToDictionary(g => g.Key, g => g.Last());
        Assert.Equal(ids.OrderBy(i => i), pushed.Keys.OrderBy(i => i));
        foreach (long id in ids)
        {
            Assert.Equal((queried[id].Status, queried[id].StatusTime, queried[id].SmsStatus, queried[id].ViberStatus), (pushed[id].Status, pushed[id].StatusTime, pushed[id].SmsStatus, pushed[id].ViberStatus));
        }

        Assert.All(received, c => Assert.Equal(protocol, c.Protocol));
        Assert.Equal(0, server.Callbacks.Abandoned);
        Assert.Equal(server.Callbacks.StatesPushed, server.Callbacks.Acknowledged); // every push acknowledged at once: the answer was read whole
        long posts = server.Callbacks.Posts;
        await Task.Delay(200);
        Assert.Equal(posts, server.Callbacks.Posts); // nothing left to push
    }

    [Fact]
    public async Task An_unacknowledged_status_is_pushed_five_times_then_given_up()
    {
        int requests = 0;
        await using RawHttpServer receiver = RawHttpServer.Start(async exchange =>
        {
            System.Threading.Interlocked.Increment(ref requests);
            await exchange.RespondAsync(200, "text/json", "[]");
        });
        await using EmulatorServer server = await Start(EmulatorDialect.Live, o =>
        {
            o.CallbackUrl = receiver.BaseAddress;
            o.CallbackInterval = TimeSpan.FromMilliseconds(20);
        });
        using MySmppClient client = Connect(server);
        Send(client, new SmsMessage { Phone = "79003000000", Text = "t", Sender = "MyShop" });

        server.Clock.Advance(TimeSpan.FromMinutes(2));

        Assert.True(await WaitAsync(() => server.Callbacks.Abandoned == 1), "abandoned: " + server.Callbacks.Abandoned);
        Assert.Equal(5, server.Callbacks.StatesPushed);
        Assert.Equal(0, server.Callbacks.Acknowledged);
    }

    [Fact]
    public async Task An_answer_over_MaxResponseBytes_is_refused_not_read()
    {
        string huge = "<response>" + string.Concat(Enumerable.Range(0, 100_000).Select(i => "<phone>7900" + i.ToString("D7", System.Globalization.CultureInfo.InvariantCulture) + "</phone>")) + "</response>";
        await using RawHttpServer server = RawHttpServer.Start(exchange => exchange.RespondAsync(200, "text/xml; charset=utf-8", huge));
        using var client = new MySmppClient(MySmppCredential.FromPassword("login", "password"), new MySmppSessionOptions
        {
            BaseAddress = server.BaseAddress,
            MaxResponseBytes = 64 * 1024,
            MaxRetries = 1,
            RetryBaseDelay = TimeSpan.FromMilliseconds(5),
        });

        MySmppProtocolException error = await Assert.ThrowsAsync<MySmppProtocolException>(() => client.GetStopListAsync());

        Assert.Contains("65536", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, server.RequestCount); // not retried: asking again would bring the same answer
    }

    [Fact]
    public async Task A_server_that_echoes_the_request_never_gets_the_secret_into_an_error()
    {
        const string Secret = "Pw-9e1d7c33";
        await using RawHttpServer server = RawHttpServer.Start(exchange =>
            exchange.RespondAsync(200, "text/xml; charset=utf-8", "<response><error>" + System.Security.SecurityElement.Escape(Encoding.UTF8.GetString(exchange.Request.Body)) + "</error></response>"));
        using var client = new MySmppClient(MySmppCredential.FromPassword("login", Secret), new MySmppSessionOptions { BaseAddress = server.BaseAddress, MaxRetries = 0 });
        var calls = new Func<Task>[]
        {
            () => client.GetInboundAsync(Epoch.Date, Epoch),
            () => client.GetStopListAsync(),
            () => client.ChangeStopListAsync(new[] { "79001234567" }, new[] { "79001234568" }),
            () => client.GetScheduledPageAsync(2),
            () => client.DeleteScheduledAsync(new[] { 5L }),
            () => client.GetPhoneInfoAsync(new[] { "79001234567" }),
            () => client.GetAccountTimeAsync(),
        };

        foreach (Func<Task> call in calls)
        {
            MySmppException error = await Assert.ThrowsAnyAsync<MySmppException>(call);
            Assert.DoesNotContain(Secret, error.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(Secret, error.ServerMessage ?? string.Empty, StringComparison.Ordinal);
            Assert.DoesNotContain(Secret, error.ToString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_sender_name_with_spaces_and_punctuation_the_platform_allows_is_sent()
    {
        await using EmulatorServer server = await Start(EmulatorDialect.Documented);
        server.Sending.Senders.Add(new KeyValuePair<string, string>("O'Hara & Co", "completed"));
        using MySmppClient client = Connect(server);

        List<SmsSendOutcome> sent = Send(client, new SmsMessage { Phone = "79001234567", Text = "Hi", Sender = "O'Hara & Co" }, new SmsMessage { Phone = "79001234568", Text = "Hi", Sender = "O'Hara; Co" });

        Assert.NotNull(sent[0].Result);
        Assert.Equal("MySmpp.InvalidArgument", sent[1].Error!.ErrorId); // refused before sending: ";" is not allowed
        Assert.Equal(1, server.Sending.Accepted);
    }

    private static async Task<bool> WaitAsync(Func<bool> condition)
    {
        for (int i = 0; i < 200 && !condition(); i++) await Task.Delay(50);
        return condition();
    }
}
