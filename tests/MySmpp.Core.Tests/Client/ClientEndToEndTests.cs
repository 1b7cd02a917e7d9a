using System;
using System.Collections.Generic;
using System.Linq;
using MySmpp.Client;
using MySmpp.Credentials;
using MySmpp.Emulator;
using MySmpp.Errors;
using MySmpp.Model;
using Xunit;

namespace MySmpp.Core.Tests.Client;

/// <summary>The client against the emulator over loopback HTTP, in both flavours.</summary>
public class ClientEndToEndTests : IClassFixture<EmulatorFixture>
{
    private readonly EmulatorFixture _emulator;

    public ClientEndToEndTests(EmulatorFixture emulator)
    {
        _emulator = emulator;
    }

    private bool Live => _emulator.Dialect == EmulatorDialect.Live;

    [Fact]
    public void Json_with_detail_answers_the_documented_example()
    {
        using MySmppClient client = _emulator.Connect(MySmppProtocol.Json);

        SmsStateResult result = client.GetStates(new long[] { 82216 }, new StateQueryOptions { Detail = true }).Single();

        SmsState state = Assert.IsAssignableFrom<SmsState>(result.State);
        Assert.Equal(SmsStatus.Delivered, state.Status);
        Assert.Equal(new DateTime(2021, 4, 26, 15, 15, 3), state.StatusTime);
        Assert.Equal(1, state.Parts);
        Assert.Equal(10.6m, state.PricePerPart);
        Assert.Equal(10.6m, state.TotalCost);
        Assert.Equal("text/json; charset=utf-8", _emulator.Server.Stats.LastContentType);
        Assert.EndsWith("/json/state.php", client.Endpoint.AbsolutePath, StringComparison.Ordinal);
    }

    [Fact]
    public void Xml_answers_per_channel_statuses()
    {
        using MySmppClient client = _emulator.Connect(MySmppProtocol.Xml);

        SmsState[] states = client.GetStates(new long[] { 82216, 82220, 82217 }).Select(r => r.State!).ToArray();

        Assert.Equal("text/xml; charset=utf-8", _emulator.Server.Stats.LastContentType);
        Assert.Equal(SmsStatus.Delivered, states[0].SmsStatus);
        Assert.Null(states[0].ViberStatus);
        Assert.Equal(SmsStatus.Read, states[1].Status);
        Assert.Equal(SmsStatus.Delivered, states[1].SmsStatus);
        Assert.Equal(SmsStatus.Read, states[1].ViberStatus);
        Assert.Equal(SmsStatus.Sent, states[2].Status);
        Assert.Null(states[2].StatusTime);
        if (Live)
        {
            // The live dialect's XML carries num_parts and price.
            Assert.All(states, s => Assert.NotNull(s.Parts));
        }
        else
        {
            Assert.All(states, s => Assert.Null(s.Parts));
        }
    }

    [Theory]
    [InlineData(MySmppProtocol.Json)]
    [InlineData(MySmppProtocol.Xml)]
    public void A_token_works_like_login_and_password(MySmppProtocol protocol)
    {
        var options = new MySmppSessionOptions { BaseAddress = _emulator.Server.BaseAddress, Protocol = protocol };
        using var client = new MySmppClient(MySmppCredential.FromToken("token"), options);

        Assert.Equal(SmsStatus.Delivered, client.GetStates(new long[] { 82216 }).Single().State!.Status);
    }

    [Theory]
    [InlineData(MySmppProtocol.Json)]
    [InlineData(MySmppProtocol.Xml)]
    public void An_undocumented_status_is_unknown_not_an_error(MySmppProtocol protocol)
    {
        using MySmppClient client = _emulator.Connect(protocol);
        SmsState state = client.GetStates(new long[] { 82222 }).Single().State!;
        Assert.Equal(SmsStatus.Unknown, state.Status);
        Assert.Equal("queued", state.RawStatus);
    }

    [Theory]
    [InlineData(MySmppProtocol.Json)]
    [InlineData(MySmppProtocol.Xml)]
    public async System.Threading.Tasks.Task Bad_credentials_fail_every_id_with_one_authentication_error_and_no_retries(MySmppProtocol protocol)
    {
        using MySmppClient client = _emulator.Connect(protocol, batchSize: 10, concurrency: 1, password: "wrong");
        long before = _emulator.Server.Stats.Requests;

        SmsStateResult[] results = client.GetStates(Enumerable.Range(1, 35).Select(i => (long)i)).ToArray();

        Assert.Equal(35, results.Length);
        Assert.All(results, r => Assert.IsType<MySmppAuthenticationException>(r.Error));
        Assert.Equal(Live ? "Неправильный логин или пароль" : "Incorrect login or password", results[0].Error!.ServerMessage);
        // The first batch fails; later batches are not sent once the session is known to be unusable.
        Assert.Equal(1, _emulator.Server.Stats.Requests - before);
        await Assert.ThrowsAsync<MySmppAuthenticationException>(() => client.ValidateAsync());
    }

    [Theory]
    [InlineData(MySmppProtocol.Json)]
    [InlineData(MySmppProtocol.Xml)]
    public void A_locked_account_is_reported_as_such(MySmppProtocol protocol)
    {
        using MySmppClient client = _emulator.Connect(protocol, login: "locked");
        var error = Assert.IsType<MySmppAccountLockedException>(client.GetStates(new long[] { 82216 }).Single().Error);
        Assert.Equal("MySmpp.AccountLocked", error.ErrorId);
        Assert.Equal(new long[] { 82216 }, error.Ids);
    }

    [Theory]
    [InlineData(MySmppProtocol.Json)]
    [InlineData(MySmppProtocol.Xml)]
    public async System.Threading.Tasks.Task Validation_accepts_good_credentials(MySmppProtocol protocol)
    {
        using MySmppClient client = _emulator.Connect(protocol);
        await client.ValidateAsync();
    }

    [Theory]
    [InlineData(MySmppProtocol.Json)]
    [InlineData(MySmppProtocol.Xml)]
    public void Ids_the_answer_does_not_mention_become_not_found_errors(MySmppProtocol protocol)
    {
        using MySmppClient client = _emulator.Connect(protocol);

        SmsStateResult[] results = client.GetStates(new long[] { 82216, 5, 82217 }).ToArray();

        Assert.Equal(new long[] { 82216, 5, 82217 }, results.Select(r => r.Id));
        Assert.True(results[0].IsSuccess);
        var missing = Assert.IsType<MySmppIdNotFoundException>(results[1].Error);
        Assert.Equal(new long[] { 5 }, missing.Ids);
        Assert.Equal("MySmpp.IdNotFound", missing.ErrorId);
        Assert.True(results[2].IsSuccess);
    }

    [Theory]
    [InlineData(MySmppProtocol.Json)]
    [InlineData(MySmppProtocol.Xml)]
    public void Ten_thousand_ids_with_duplicates_and_unknowns_come_back_once_each_in_input_order(MySmppProtocol protocol)
    {
        var random = new Random(20261122);
        var input = new List<long>(10_000);
        while (input.Count < 10_000)
        {
            int roll = random.Next(100);
            if (roll < 10 && input.Count > 0) input.Add(input[random.Next(Math.Max(0, input.Count - 300), input.Count)]); // a duplicate, near or adjacent
            else if (roll < 15) input.Add(random.Next(2, 999)); // unknown to the emulator
            else input.Add(1_000_000 + random.Next(0, 50_000_000)); // synthetic: known, deterministic
        }

        using MySmppClient client = _emulator.Connect(protocol, batchSize: 100);
        SmsStateResult[] results = client.GetStates(input).ToArray();

        Assert.Equal(input.Count, results.Length);
        for (int i = 0; i < input.Count; i++)
        {
            long id = input[i];
            SmsStateResult result = results[i];
            Assert.Equal(id, result.Id);
            if (id < 1_000_000)
            {
                Assert.IsType<MySmppIdNotFoundException>(result.Error);
                continue;
            }

            SyntheticMessage expected = SyntheticMessages.For(id);
            SmsState state = Assert.IsAssignableFrom<SmsState>(result.State);
            Assert.Equal(id, state.Id);
            Assert.Equal(expected.State, state.RawStatus);
            Assert.Equal(expected.Time.Length == 0 ? (DateTime?)null : DateTime.Parse(expected.Time, System.Globalization.CultureInfo.InvariantCulture), state.StatusTime);
            if (protocol == MySmppProtocol.Xml)
            {
                Assert.Equal(expected.Sms, state.RawSmsStatus);
                Assert.Equal(expected.Viber, state.RawViberStatus);
            }
        }

        Assert.True(_emulator.Server.Stats.MaxRequestIdCount <= 100);
    }

    [Theory]
    [InlineData(MySmppProtocol.Json)]
    [InlineData(MySmppProtocol.Xml)]
    public void Duplicates_in_one_batch_are_asked_once_and_answered_for_each_occurrence(MySmppProtocol protocol)
    {
        long id = 1_234_567_890 + (long)protocol;
        using MySmppClient client = _emulator.Connect(protocol);

        SmsStateResult[] results = client.GetStates(new[] { id, 1_000_001, id, id }).ToArray();

        Assert.Equal(new[] { id, 1_000_001, id, id }, results.Select(r => r.Id));
        Assert.All(results, r => Assert.True(r.IsSuccess));
        Assert.Same(results[0].State, results[2].State);
        Assert.Equal(1, _emulator.Server.Stats.TimesQueried(id));
    }

    [Fact]
    public async System.Threading.Tasks.Task Batches_respect_the_batch_size_and_stream_before_the_query_finishes()
    {
        // A server of its own: its largest request is then this test's, whatever ran before in the class.
        await using EmulatorServer server = await EmulatorServer.StartAsync(new EmulatorOptions { TimeScale = 0, Dialect = _emulator.Dialect });
        using MySmppClient client = _emulator.Connect(MySmppProtocol.Json, batchSize: 25, concurrency: 2, server: server);
        using StateQuery query = client.StartQuery();

        for (long i = 0; i < 100; i++) query.Add(2_000_000 + i);

        // Four full batches were sent while adding; results arrive without calling Finish.
        var early = new List<SmsStateResult>();
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (early.Count == 0 && DateTime.UtcNow < deadline)
        {
            early.AddRange(query.TakeCompleted());
            if (early.Count == 0) System.Threading.Thread.Yield();
        }

        Assert.NotEmpty(early);
        Assert.Equal(2_000_000, early[0].Id);
        List<SmsStateResult> rest = query.Finish().ToList();
        Assert.Equal(100, early.Count + rest.Count);
        Assert.Equal(Enumerable.Range(0, 100).Select(i => 2_000_000L + i), early.Concat(rest).Select(r => r.Id));
        Assert.Equal(4, query.Statistics.Batches);
        Assert.True(server.Stats.MaxRequestIdCount <= 25);
    }

    [Fact]
    public void Invalid_ids_are_refused_before_any_request()
    {
        using MySmppClient client = _emulator.Connect(MySmppProtocol.Json);
        using StateQuery query = client.StartQuery();
        long before = _emulator.Server.Stats.Requests;

        Assert.Throws<ArgumentOutOfRangeException>(() => query.Add(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => query.Add(-7));
        Assert.Equal(before, _emulator.Server.Stats.Requests);
    }

    [Fact]
    public void A_finished_or_disposed_session_says_so()
    {
        MySmppClient client = _emulator.Connect(MySmppProtocol.Json);
        client.Dispose();
        Assert.Throws<MySmppDisconnectedException>(() => client.StartQuery());
    }

    [Fact]
    public void Plain_http_is_flagged_so_callers_can_warn()
    {
        using MySmppClient client = _emulator.Connect(MySmppProtocol.Json);
        Assert.True(client.SendsCredentialsInClear);
        Assert.Equal("login 'login' (password hidden)", client.Account);
    }
}

/// <summary>Every end-to-end test again, against the emulator speaking as the live platform does.</summary>
public sealed class ClientEndToEndLiveTests : ClientEndToEndTests, IClassFixture<LiveEmulatorFixture>
{
    public ClientEndToEndLiveTests(LiveEmulatorFixture emulator)
        : base(emulator)
    {
    }
}
