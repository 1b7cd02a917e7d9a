using System;
using System.Linq;
using System.Threading.Tasks;
using MySmpp.Client;
using MySmpp.Emulator;
using MySmpp.Errors;
using MySmpp.Model;
using Xunit;

namespace MySmpp.Core.Tests.Reliability;

/// <summary>A batch the gateway rejects as too large or malformed is halved down to single ids before giving up.</summary>
[Collection(ReliabilityCollection.Name)]
public sealed class BatchSplitTests
{
    [Theory]
    [InlineData(MySmppProtocol.Json)]
    [InlineData(MySmppProtocol.Xml)]
    public async Task Batches_over_the_gateways_limit_are_halved_until_accepted(MySmppProtocol protocol)
    {
        await using EmulatorServer emulator = await Reliability.StartEmulatorAsync(o => o.MaxBatchSize = 10);
        using MySmppClient client = Reliability.Client(emulator.BaseAddress, protocol, o => (o.BatchSize, o.MaxConcurrency) = (64, 2));
        long[] ids = Reliability.SyntheticIds(200);

        QueryRun run = await Reliability.RunAsync(client, ids);

        Assert.All(run.Results, r => Assert.Null(WireAnswers.Mismatch(r.State!, protocol, detail: true)));
        Assert.True(run.Statistics.Splits > 0);
        Assert.True(emulator.Stats.RejectedTooLarge > 0);
        Assert.All(emulator.Stats.RequestIdCounts, n => Assert.True(n <= 10, "an answered request carried " + n + " ids"));
        Assert.Equal(200, emulator.Stats.RequestIdCounts.Sum());
        Assert.Contains(run.Log, line => line.Contains("Splitting a batch of 64 ids into 32 + 32", StringComparison.Ordinal));

        // The first refusals teach the limit: later batches are split before sending, so refusals do not repeat per batch.
        Assert.True(emulator.Stats.RejectedTooLarge < 10, emulator.Stats.RejectedTooLarge + " refusals"); // 7 per batch of 64 without it
        Assert.Equal(0, run.Statistics.Retries); // a split is not a retry
    }

    [Theory]
    [InlineData(MySmppProtocol.Json)]
    [InlineData(MySmppProtocol.Xml)]
    public async Task A_format_error_caused_by_one_id_fails_that_id_only(MySmppProtocol protocol)
    {
        const long poison = 1_000_070;
        await using RawHttpServer server = RawHttpServer.Start(exchange =>
        {
            if (!exchange.Request.AskedIds().Contains(poison)) return exchange.RespondValidAsync();
            return exchange.Request.IsXml
                ? exchange.RespondAsync(200, exchange.ContentType, "<response><error>Incorrect XML document format</error></response>")
                : exchange.RespondAsync(400, exchange.ContentType, "{\"error\":\"Incorrect JSON document format\"}");
        });
        using MySmppClient client = Reliability.Client(server.BaseAddress, protocol, o => (o.BatchSize, o.MaxConcurrency, o.MaxRetries) = (16, 1, 3));
        long[] ids = Reliability.SyntheticIds(16);
        Assert.Contains(poison, ids);

        QueryRun run = await Reliability.RunAsync(client, ids);

        foreach (SmsStateResult result in run.Results)
        {
            if (result.Id == poison)
            {
                var error = Assert.IsType<MySmppProtocolException>(result.Error);
                Assert.True(error.RequestRejected);
                Assert.Equal(new[] { poison }, error.Ids);
                Assert.Contains("document format", error.Message, StringComparison.Ordinal);
            }
            else
            {
                Assert.Null(WireAnswers.Mismatch(result.State!, protocol, detail: true));
            }
        }

        // 16 → 8 + 8 → 4 + 4 → 2 + 2 → 1 + 1: nine requests, no retries of the rejected single id.
        Assert.Equal(9, server.RequestCount);
        Assert.Equal(4, run.Statistics.Splits);
        Assert.Equal(0, run.Statistics.Retries);
    }

    [Fact]
    public async Task When_even_single_ids_are_too_large_each_id_gets_the_rejection()
    {
        await using EmulatorServer emulator = await Reliability.StartEmulatorAsync(o => o.MaxRequestBodyBytes = 16);
        using MySmppClient client = Reliability.Client(emulator.BaseAddress, MySmppProtocol.Json, o => (o.BatchSize, o.MaxConcurrency) = (4, 1));
        long[] ids = Reliability.SyntheticIds(4);

        QueryRun run = await Reliability.RunAsync(client, ids);

        foreach (SmsStateResult result in run.Results)
        {
            var error = Assert.IsType<MySmppProtocolException>(result.Error);
            Assert.Equal(413, error.HttpStatusCode);
            Assert.Contains(result.Id, error.Ids);
        }

        // 4, 2, 1 + 1: two single ids refused mean splitting cannot help, so the other half of 2 is not sent.
        Assert.Equal(4, emulator.Stats.Requests);
        Assert.Contains(run.Errors, e => e.Message.Contains("Not sent: the gateway refuses even single ids", StringComparison.Ordinal));
    }
}
