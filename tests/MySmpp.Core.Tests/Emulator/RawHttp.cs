using System;
using System.Net.Http;
using System.Text;
using System.Threading.Tasks;
using MySmpp.Emulator;

namespace MySmpp.Core.Tests.Emulator;

/// <summary>Posts bodies to the emulator with a plain HttpClient, exactly as written, so tests see the wire format.</summary>
internal static class RawHttp
{
    public const string JsonPath = "json/state.php";
    public const string XmlPath = "xml/state.php";

    public static HttpClient ClientFor(EmulatorServer server) => new() { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };

    public static HttpRequestMessage Request(string path, string body, string contentType)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        return new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
    }

    public static Task<RawReply> PostJsonAsync(EmulatorServer server, string body, string contentType = "text/json; charset=utf-8")
        => PostAsync(server, JsonPath, body, contentType);

    public static Task<RawReply> PostXmlAsync(EmulatorServer server, string body, string contentType = "text/xml; charset=utf-8")
        => PostAsync(server, XmlPath, body, contentType);

    public static async Task<RawReply> PostAsync(EmulatorServer server, string path, string body, string contentType)
    {
        using HttpClient client = ClientFor(server);
        using HttpRequestMessage request = Request(path, body, contentType);
        using HttpResponseMessage response = await client.SendAsync(request);
        byte[] bytes = await response.Content.ReadAsByteArrayAsync();
        return new RawReply(
            response.StatusCode,
            response.Content.Headers.ContentType?.ToString(),
            Encoding.UTF8.GetString(bytes),
            bytes,
            response.Headers);
    }

    /// <summary>The XML request of the documents, with login/password or a token and the given id texts.</summary>
    public static string XmlRequest(string security, params string[] ids)
    {
        var sb = new StringBuilder("<?xml version=\"1.0\" encoding=\"utf-8\" ?>\n<request>\n  <security>")
            .Append(security).Append("</security>\n  <get_state>");
        foreach (string id in ids)
        {
            sb.Append("<id_sms>").Append(id).Append("</id_sms>");
        }

        return sb.Append("</get_state>\n</request>").ToString();
    }

    public const string LoginPassword = "<login value=\"login\" /><password value=\"password\" />";

    public const string Token = "<token value=\"token\" />";
}
