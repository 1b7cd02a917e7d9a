using System;
using System.Buffers.Text;
using System.Text;
using System.Xml;
using MySmpp.Credentials;
using MySmpp.Http;
using MySmpp.Model;

namespace MySmpp.Protocol.Xml;

/// <summary>
/// The XML flavour: <c>POST xml/state.php</c>, one <c>&lt;request&gt;</c> carrying the credentials once
/// and every id of the batch, answered by <c>&lt;response&gt;&lt;state …&gt;</c> elements or an error.
/// </summary>
internal sealed class XmlStateCodec : IStateCodec
{
    public static readonly XmlStateCodec Instance = new XmlStateCodec();

    // For the head alone: closing the writer must not close <request>, the ids follow.
    private static readonly XmlWriterSettings HeadWriterSettings = new XmlWriterSettings
    {
        Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
        Indent = false,
        CloseOutput = false,
        WriteEndDocumentOnClose = false,
    };

    private static ReadOnlySpan<byte> Head => "<?xml version=\"1.0\" encoding=\"utf-8\"?><request><security>"u8;

    private static ReadOnlySpan<byte> TokenStart => "<token value=\""u8;

    private static ReadOnlySpan<byte> LoginStart => "<login value=\""u8;

    private static ReadOnlySpan<byte> PasswordStart => "<password value=\""u8;

    private static ReadOnlySpan<byte> EmptyElementEnd => "\" />"u8;

    private static ReadOnlySpan<byte> SecurityEnd => "</security>"u8;

    private static ReadOnlySpan<byte> EmptyGetState => "<get_state />"u8;

    private static ReadOnlySpan<byte> GetStateStart => "<get_state>"u8;

    private static ReadOnlySpan<byte> GetStateEnd => "</get_state>"u8;

    private static ReadOnlySpan<byte> IdStart => "<id_sms>"u8;

    private static ReadOnlySpan<byte> IdEnd => "</id_sms>"u8;

    private static ReadOnlySpan<byte> RequestEnd => "</request>"u8;

    public MySmppProtocol Protocol => MySmppProtocol.Xml;

    public string RelativePath => "xml/state.php";

    public string MediaType => "text/xml";

    // The XML flavour has no "detail"; per-channel statuses always come.
    public void WriteRequest(PooledBuffer body, MySmppCredential credential, ReadOnlySpan<long> ids, bool detail) => WriteRequest(body, credential, ids);

    /// <summary>
    /// Writes the request byte for byte as <see cref="XmlWriter"/> does, without one: credentials made of
    /// plain ASCII (no character XML escapes) are copied as they are, anything else goes through an
    /// <see cref="XmlWriter"/> (which escapes or refuses it); ids are formatted straight into
    /// the buffer, no string per id.
    /// </summary>
    private static void WriteRequest(PooledBuffer body, MySmppCredential credential, ReadOnlySpan<long> ids)
    {
        using (SecretLease secret = credential.LeaseSecret())
        {
            if ((credential.IsToken || IsPlain(credential.Login.AsSpan())) && IsPlain(secret.Chars))
            {
                body.Write(Head);
                if (credential.IsToken)
                {
                    body.Write(TokenStart);
                    WriteAscii(body, secret.Chars);
                    body.Write(EmptyElementEnd);
                }
                else
                {
                    body.Write(LoginStart);
                    WriteAscii(body, credential.Login.AsSpan());
                    body.Write(EmptyElementEnd);
                    body.Write(PasswordStart);
                    WriteAscii(body, secret.Chars);
                    body.Write(EmptyElementEnd);
                }

                body.Write(SecurityEnd);
            }
            else
            {
                WriteHeadWithXmlWriter(body, credential, secret);
            }
        }

        if (ids.Length == 0)
        {
            body.Write(EmptyGetState);
        }
        else
        {
            body.Write(GetStateStart);
            foreach (long id in ids)
            {
                body.Write(IdStart);
                Span<byte> digits = body.GetSpan(20);
                if (!Utf8Formatter.TryFormat(id, digits, out int written)) throw new InvalidOperationException("A 64-bit integer always fits 20 bytes.");
                body.Advance(written);
                body.Write(IdEnd);
            }

            body.Write(GetStateEnd);
        }

        body.Write(RequestEnd);
    }

    // Up to and including </security>, with <request> left open for the caller.
    private static void WriteHeadWithXmlWriter(PooledBuffer body, MySmppCredential credential, SecretLease secret)
    {
        using (XmlWriter writer = XmlWriter.Create(body, HeadWriterSettings))
        {
            GatewayXml.WriteRequestStart(writer, credential, secret);
        }
    }

    // Printable ASCII that XmlWriter writes unchanged inside a double-quoted attribute.
    private static bool IsPlain(ReadOnlySpan<char> text)
    {
        foreach (char c in text)
        {
            if (c < 0x20 || c > 0x7E || c == '<' || c == '>' || c == '&' || c == '"' || c == '\'') return false;
        }

        return true;
    }

    private static void WriteAscii(PooledBuffer body, ReadOnlySpan<char> text)
    {
        Span<byte> bytes = body.GetSpan(text.Length);
        for (int i = 0; i < text.Length; i++) bytes[i] = (byte)text[i];
        body.Advance(text.Length);
    }

    public StateResponse ReadResponse(ArraySegment<byte> body, StateReadContext context) => XmlStateResponseReader.Read(body, context);
}
