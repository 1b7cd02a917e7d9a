using System;
using System.Buffers;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.Json;
using System.Xml;
using MySmpp.Emulator;
using MySmpp.Model;

namespace MySmpp.Benchmarks.Codecs;

/// <summary>
/// Response bodies of <see cref="States"/> states, byte for byte what the emulator answers for
/// consecutive ids of its synthetic range (every documented status, one or two channels, empty times).
/// </summary>
internal static class SampleBodies
{
    public const int States = 1_000;

    public const long FirstId = 1_000_000_000;

    public const string Json = "json";

    public const string JsonDetail = "json-detail";

    public const string Xml = "xml";

    private static readonly Lazy<byte[]> JsonBody = new(() => WriteJson(detail: false));
    private static readonly Lazy<byte[]> JsonDetailBody = new(() => WriteJson(detail: true));
    private static readonly Lazy<byte[]> XmlBody = new(WriteXml);

    public static byte[] Get(string name) => name switch
    {
        Json => JsonBody.Value,
        JsonDetail => JsonDetailBody.Value,
        Xml => XmlBody.Value,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Unknown body."),
    };

    public static MySmppProtocol FlavourOf(string name) => name == Xml ? MySmppProtocol.Xml : MySmppProtocol.Json;

    public static long[] Ids(int count)
    {
        var ids = new long[count];
        for (int i = 0; i < count; i++) ids[i] = FirstId + i;
        return ids;
    }

    // The emulator's JsonStateProtocol.WriteAnswer, over SyntheticMessages.
    private static byte[] WriteJson(bool detail)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Span<byte> price = stackalloc byte[64];
            writer.WriteStartArray();
            for (int i = 0; i < States; i++)
            {
                SyntheticMessage m = SyntheticMessages.For(FirstId + i);
                writer.WriteStartObject();
                writer.WriteNumber("id_sms", m.Id);
                writer.WriteString("time_change_state", m.Time);
                writer.WriteString("state", m.State);
                if (detail)
                {
                    writer.WriteNumber("num_parts", m.Parts);
                    writer.WritePropertyName("price");
                    if (!m.Price.TryFormat(price, out int written, "F7", CultureInfo.InvariantCulture)) throw new InvalidOperationException("price");
                    writer.WriteRawValue(price[..written], skipInputValidation: true);
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        return buffer.WrittenSpan.ToArray();
    }

    // The emulator's XmlStateProtocol.WriteAnswer, over SyntheticMessages.
    private static byte[] WriteXml()
    {
        var stream = new MemoryStream();
        var settings = new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = false, CloseOutput = false };
        using (XmlWriter writer = XmlWriter.Create(stream, settings))
        {
            writer.WriteStartDocument();
            writer.WriteStartElement("response");
            for (int i = 0; i < States; i++)
            {
                SyntheticMessage m = SyntheticMessages.For(FirstId + i);
                writer.WriteStartElement("state");
                writer.WriteAttributeString("id_sms", m.Id.ToString(CultureInfo.InvariantCulture));
                writer.WriteAttributeString("time", m.Time);
                if (m.Sms is not null) writer.WriteAttributeString("sms", m.Sms);
                if (m.Viber is not null) writer.WriteAttributeString("viber", m.Viber);
                writer.WriteString(m.State);
                writer.WriteEndElement();
            }

            writer.WriteFullEndElement();
            writer.WriteEndDocument();
        }

        return stream.ToArray();
    }
}
