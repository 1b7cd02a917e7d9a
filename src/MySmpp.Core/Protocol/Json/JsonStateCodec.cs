using System;
using System.Buffers;
using System.Buffers.Text;
using System.Text.Json;
using MySmpp.Credentials;
using MySmpp.Http;
using MySmpp.Model;

namespace MySmpp.Protocol.Json;

/// <summary>
/// The JSON flavour: <c>POST json/state.php</c>, an array of request objects (credentials repeated in
/// each, as documented) answered by an array of states or <c>{"error": "…"}</c>.
/// </summary>
internal sealed class JsonStateCodec : IStateCodec
{
    public static readonly JsonStateCodec Instance = new JsonStateCodec();

    private static readonly JsonWriterOptions WriterOptions = new JsonWriterOptions { SkipValidation = true };

    private static ReadOnlySpan<byte> EmptyArray => "[]"u8;

    private static ReadOnlySpan<byte> ArrayStart => "["u8;

    private static ReadOnlySpan<byte> DetailZeroTail => ",\"detail\":0}"u8;

    private static ReadOnlySpan<byte> DetailOneTail => ",\"detail\":1}"u8;

    public MySmppProtocol Protocol => MySmppProtocol.Json;

    public string RelativePath => "json/state.php";

    public string MediaType => "text/json";

    /// <summary>
    /// Writes <c>[{"login":…,"password":…,"id_sms":1,"detail":0},…]</c>, exactly what <see cref="Utf8JsonWriter"/>
    /// writes object by object, without redoing the credentials for every id: the first object's head
    /// (<c>{"login":…,"id_sms":</c>) is written once by the JSON writer, so escaping is the writer's own,
    /// and copied from the buffer for every further id. The secret is written from its wiped-after-use
    /// buffer and lives only in the body buffer, which is wiped too; it never becomes a string.
    /// </summary>
    public void WriteRequest(PooledBuffer body, MySmppCredential credential, ReadOnlySpan<long> ids, bool detail)
    {
        if (ids.Length == 0)
        {
            body.Write(EmptyArray);
            return;
        }

        body.Write(ArrayStart);
        int headStart = (int)body.Length;
        using (SecretLease secret = credential.LeaseSecret())
        using (var writer = new Utf8JsonWriter((IBufferWriter<byte>)body, WriterOptions))
        {
            writer.WriteStartObject();
            if (credential.IsToken)
            {
                writer.WriteString(JsonNames.Token, secret.Chars);
            }
            else
            {
                writer.WriteString(JsonNames.Login, credential.Login);
                writer.WriteString(JsonNames.Password, secret.Chars);
            }

            writer.WritePropertyName(JsonNames.IdSms);
            writer.Flush();
        }

        int headLength = (int)body.Length - headStart;
        ReadOnlySpan<byte> tail = detail ? DetailOneTail : DetailZeroTail;
        for (int i = 0; i < ids.Length; i++)
        {
            if (i > 0)
            {
                body.WriteByte((byte)',');
                body.Repeat(headStart, headLength);
            }

            Span<byte> digits = body.GetSpan(20);
            if (!Utf8Formatter.TryFormat(ids[i], digits, out int written)) throw new InvalidOperationException("A 64-bit integer always fits 20 bytes.");
            body.Advance(written);
            body.Write(tail);
        }

        body.WriteByte((byte)']');
    }

    public StateResponse ReadResponse(ArraySegment<byte> body, StateReadContext context)
    {
        JsonStateResponseReader.ValidateUtf8(body.Array ?? Array.Empty<byte>(), body.Offset, body.Count);
        return JsonStateResponseReader.Read(body.AsSpan(), context);
    }
}
