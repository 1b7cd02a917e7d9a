using System;
using System.Buffers;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;

namespace MySmpp.Emulator;

/// <summary>
/// A flavour as the live platform speaks it (<see cref="EmulatorDialect.Live"/>): requests are read as
/// documented, but errors are Russian and come with HTTP 200, XML states carry <c>price</c> and
/// <c>num_parts</c>, JSON values are strings, and an unknown id is answered with a sentence where the status goes.
/// </summary>
internal sealed class LiveStateProtocol : IStateProtocol
{
    public static readonly LiveStateProtocol Xml = new(XmlStateProtocol.Instance, isXml: true);
    public static readonly LiveStateProtocol Json = new(JsonStateProtocol.Instance, isXml: false);

    private readonly IStateProtocol _documented;
    private readonly bool _isXml;

    private LiveStateProtocol(IStateProtocol documented, bool isXml)
    {
        _documented = documented;
        _isXml = isXml;
    }

    public string ContentType => _documented.ContentType;

    /// <summary>Errors come with HTTP 200 in both flavours (platform-api.md 1.2).</summary>
    public int ErrorStatusCode => 200;

    public string FormatErrorText => LiveTexts.Translate(_documented.FormatErrorText);

    /// <summary>What the live server answers for an id it never accepted.</summary>
    public static MessageSnapshot NotAccepted(long id) => new(id, LiveTexts.NotAccepted, null, null, string.Empty, 0, 1.49m, false);

    public bool TryParse(ArraySegment<byte> body, ParsedStateRequest query) => _documented.TryParse(body, query);

    public ReadOnlyMemory<byte> WriteError(string text) => _documented.WriteError(LiveTexts.Translate(text));

    public ReadOnlyMemory<byte> WriteAnswer(IReadOnlyList<MessageSnapshot> answers) => _isXml ? WriteXml(answers) : WriteJson(answers);

    private static ReadOnlyMemory<byte> WriteXml(IReadOnlyList<MessageSnapshot> answers) => XmlStateProtocol.WriteStates(answers, static (writer, answer) =>
    {
        writer.WriteAttributeString("price", answer.Price.ToString(CultureInfo.InvariantCulture));
        if (answer.State != LiveTexts.NotAccepted)
        {
            writer.WriteAttributeString("num_parts", answer.Parts.ToString(CultureInfo.InvariantCulture));
        }
    });

    // Every value a string, as the platform's clients' fixtures show ("id_sms":"82216", "price":"10.6000000").
    private static ReadOnlyMemory<byte> WriteJson(IReadOnlyList<MessageSnapshot> answers)
    {
        var buffer = new ArrayBufferWriter<byte>(16 + (answers.Count * 128));
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartArray();
            foreach (MessageSnapshot answer in answers)
            {
                writer.WriteStartObject();
                writer.WriteString("id_sms", answer.Id.ToString(CultureInfo.InvariantCulture));
                writer.WriteString("time_change_state", answer.Time);
                writer.WriteString("state", answer.State);
                if (answer.Detail)
                {
                    writer.WriteString("num_parts", answer.Parts.ToString(CultureInfo.InvariantCulture));
                    writer.WriteString("price", answer.Price.ToString("F7", CultureInfo.InvariantCulture));
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        return buffer.WrittenMemory;
    }
}
