using System.IO;
using System.Text;
using MySmpp.Credentials;
using MySmpp.Model;
using MySmpp.Protocol;
using MySmpp.Protocol.Json;
using MySmpp.Protocol.Xml;

namespace MySmpp.Core.Tests.Codecs;

/// <summary>Runs the codecs over in-memory bytes, as the client runs them over a gathered answer.</summary>
internal static class CodecHarness
{
    public static IStateCodec For(MySmppProtocol protocol) =>
        protocol == MySmppProtocol.Xml ? XmlStateCodec.Instance : JsonStateCodec.Instance;

    public static StateResponse Read(MySmppProtocol protocol, string body, long maxBytes = 1 << 20) =>
        Read(protocol, Encoding.UTF8.GetBytes(body), maxBytes);

    public static StateResponse Read(MySmppProtocol protocol, byte[] body, long maxBytes = 1 << 20) =>
        For(protocol).ReadResponse(new System.ArraySegment<byte>(body), new StateReadContext(maxBytes, null, 4));

    public static string WriteRequest(MySmppProtocol protocol, MySmppCredential credential, long[] ids, bool detail)
    {
        using var buffer = new MySmpp.Http.PooledBuffer();
        For(protocol).WriteRequest(buffer, credential, ids, detail);
        return Encoding.UTF8.GetString(buffer.WrittenSpan.ToArray());
    }

    public static string TestData(string name) => File.ReadAllText(Path.Combine(System.AppContext.BaseDirectory, "TestData", name));
}
