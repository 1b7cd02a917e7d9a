using System.Linq;
using System.Threading.Tasks;
using MySmpp.Client;
using MySmpp.Emulator;
using MySmpp.Model;
using Xunit;

namespace MySmpp.Core.Tests.Client;

/// <summary>
/// One session used from several threads at once, as <c>ForEach-Object -Parallel</c> with
/// <c>-Session $using:session</c> does: each query keeps its own order and answers.
/// </summary>
public class SharedSessionTests : IClassFixture<EmulatorFixture>
{
    private readonly EmulatorFixture _emulator;

    public SharedSessionTests(EmulatorFixture emulator)
    {
        _emulator = emulator;
    }

    [Theory]
    [InlineData(MySmppProtocol.Json)]
    [InlineData(MySmppProtocol.Xml)]
    public async Task Parallel_queries_on_one_session_each_get_their_own_answers_in_order(MySmppProtocol protocol)
    {
        using MySmppClient client = _emulator.Connect(protocol, batchSize: 50, concurrency: 2);

        long[][] inputs = Enumerable.Range(0, 6)
            .Select(t => Enumerable.Range(0, 1_000).Select(i => 1_500_000L + (t * 10_000) + (i * 7)).ToArray())
            .ToArray();
        SmsStateResult[][] outputs = await Task.WhenAll(inputs.Select(ids => Task.Run(() => client.GetStates(ids).ToArray())));

        for (int t = 0; t < inputs.Length; t++)
        {
            Assert.Equal(inputs[t], outputs[t].Select(r => r.Id));
            Assert.All(outputs[t], r => Assert.Equal(SyntheticMessages.For(r.Id).State, r.State!.RawStatus));
        }
    }
}
