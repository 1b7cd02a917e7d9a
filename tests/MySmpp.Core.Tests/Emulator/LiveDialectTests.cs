using System.Net;
using System.Text.Json;
using System.Threading.Tasks;
using MySmpp.Emulator;
using Xunit;

namespace MySmpp.Core.Tests.Emulator;

/// <summary>The emulator's <c>--dialect live</c>: the live platform's answers (platform-api.md, section 1), on the wire.</summary>
public sealed class LiveDialectTests
{
    private static Task<EmulatorServer> StartLiveAsync(int maxBatch = 0) =>
        EmulatorTestHost.StartAsync(o =>
        {
            o.Dialect = EmulatorDialect.Live;
            o.MaxBatchSize = maxBatch;
        });

    [Theory]
    [InlineData("""[{"login":"login","password":"wrong","id_sms":82216}]""", "Неправильный логин или пароль")]
    [InlineData("""[{"login":"locked","password":"password","id_sms":82216}]""", "Ваш аккаунт заблокирован")]
    [InlineData("", "POST данные отсутствуют")]
    [InlineData("""[{"login":"login",""", "Неправильный формат JSON документа")]
    public async Task Json_errors_are_Russian_with_HTTP_200(string body, string text)
    {
        await using EmulatorServer server = await StartLiveAsync();

        RawReply reply = await RawHttp.PostJsonAsync(server, body);

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        using JsonDocument json = JsonDocument.Parse(reply.Body);
        Assert.Equal(text, json.RootElement.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Xml_errors_are_Russian_with_HTTP_200()
    {
        await using EmulatorServer server = await StartLiveAsync();

        RawReply reply = await RawHttp.PostXmlAsync(server, RawHttp.XmlRequest("<login value=\"login\"/><password value=\"wrong\"/>", "82216"));

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Contains("<error>Неправильный логин или пароль</error>", reply.Body, System.StringComparison.Ordinal);
    }

    [Fact]
    public async Task Xml_answers_carry_price_and_num_parts_and_unknown_ids_in_line()
    {
        await using EmulatorServer server = await StartLiveAsync();

        RawReply reply = await RawHttp.PostXmlAsync(server, RawHttp.XmlRequest("<login value=\"login\"/><password value=\"password\"/>", "82216", "5"));

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Contains("<state id_sms=\"82216\" time=\"2021-04-26 15:15:03\" price=\"10.6\" num_parts=\"1\" sms=\"deliver\">deliver</state>", reply.Body, System.StringComparison.Ordinal);
        Assert.Contains("<state id_sms=\"5\" time=\"\" price=\"1.49\">Сообщение с таким ID не принималось</state>", reply.Body, System.StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_values_are_strings_and_unknown_ids_in_line()
    {
        await using EmulatorServer server = await StartLiveAsync();

        RawReply reply = await RawHttp.PostJsonAsync(server, """[{"login":"login","password":"password","id_sms":82216,"detail":1},{"login":"login","password":"password","id_sms":5,"detail":1}]""");

        Assert.StartsWith("""[{"id_sms":"82216","time_change_state":"2021-04-26 15:15:03","state":"deliver","num_parts":"1","price":"10.6000000"}""", reply.Body, System.StringComparison.Ordinal);
        Assert.Contains("""{"id_sms":"5","time_change_state":"","state":"Сообщение с таким ID не принималось"}""", reply.Body, System.StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_batch_over_the_limit_is_refused_as_a_malformed_document()
    {
        await using EmulatorServer server = await StartLiveAsync(maxBatch: 1);

        RawReply reply = await RawHttp.PostXmlAsync(server, RawHttp.XmlRequest("<login value=\"login\"/><password value=\"password\"/>", "82216", "82217"));

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Contains("<error>Неправильный формат XML документа</error>", reply.Body, System.StringComparison.Ordinal);
    }
}
