using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using System.Xml;

namespace MySmpp.Emulator;

/// <summary>The XML flavour: <c>POST /xml/state.php</c>.</summary>
internal sealed class XmlStateProtocol : IStateProtocol
{
    public static readonly XmlStateProtocol Instance = new();

    // DTDs are refused outright (no entity expansion, no external fetches); the caller maps the
    // resulting XmlException to "Incorrect XML document format".
    private static readonly XmlReaderSettings ReaderSettings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        IgnoreComments = true,
        IgnoreWhitespace = true,
        IgnoreProcessingInstructions = true,
        CloseInput = true,
    };

    private static readonly XmlWriterSettings WriterSettings = new()
    {
        Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
        Indent = false,
        CloseOutput = false,
    };

    private XmlStateProtocol()
    {
    }

    public string ContentType => "text/xml; charset=utf-8";

    public int ErrorStatusCode => 200;

    public string FormatErrorText => ErrorTexts.IncorrectXml;

    public bool TryParse(ArraySegment<byte> body, ParsedStateRequest query)
    {
        try
        {
            using var stream = new MemoryStream(body.Array!, body.Offset, body.Count, writable: false);
            using var reader = XmlReader.Create(stream, ReaderSettings);
            if (reader.MoveToContent() != XmlNodeType.Element || reader.LocalName != "request")
            {
                return false;
            }

            string? login = null, password = null, token = null;
            if (reader.IsEmptyElement)
            {
                reader.Read();
            }
            else
            {
                reader.ReadStartElement();
                while (reader.MoveToContent() == XmlNodeType.Element)
                {
                    switch (reader.LocalName)
                    {
                        case "security":
                            ReadSecurity(reader, ref login, ref password, ref token);
                            break;
                        case "get_state":
                            ReadIds(reader, query);
                            break;
                        default:
                            reader.Skip();
                            break;
                    }
                }

                // Throws on stray text inside <request>, which makes the document malformed for us.
                reader.ReadEndElement();
            }

            // Reading to the end rejects trailing junk after the root element.
            while (reader.Read())
            {
            }

            query.Credentials.Add(new Credentials(login, password, token));
            return true;
        }
        catch (Exception ex) when (ex is XmlException or ArgumentException or NotSupportedException)
        {
            // ArgumentException / NotSupportedException: a declared encoding .NET cannot decode.
            return false;
        }
    }

    public ReadOnlyMemory<byte> WriteAnswer(IReadOnlyList<MessageSnapshot> answers) => WriteStates(answers, null);

    /// <summary>
    /// The <c>&lt;response&gt;</c> document; <paramref name="dialectAttributes"/> adds what a dialect puts after
    /// <c>time</c> (the live platform's price and parts).
    /// </summary>
    internal static ReadOnlyMemory<byte> WriteStates(IReadOnlyList<MessageSnapshot> answers, Action<XmlWriter, MessageSnapshot>? dialectAttributes)
    {
        var stream = new MemoryStream(64 + (answers.Count * 96));
        using (XmlWriter writer = XmlWriter.Create(stream, WriterSettings))
        {
            writer.WriteStartDocument();
            writer.WriteStartElement("response");
            foreach (MessageSnapshot answer in answers)
            {
                writer.WriteStartElement("state");
                writer.WriteAttributeString("id_sms", answer.Id.ToString(CultureInfo.InvariantCulture));
                writer.WriteAttributeString("time", answer.Time);
                dialectAttributes?.Invoke(writer, answer);
                if (answer.Sms is not null)
                {
                    writer.WriteAttributeString("sms", answer.Sms);
                }

                if (answer.Viber is not null)
                {
                    writer.WriteAttributeString("viber", answer.Viber);
                }

                writer.WriteString(answer.State);
                writer.WriteEndElement();
            }

            // <response></response> rather than <response />, like a templating server would print it.
            writer.WriteFullEndElement();
            writer.WriteEndDocument();
        }

        return new ReadOnlyMemory<byte>(stream.GetBuffer(), 0, (int)stream.Length);
    }

    public ReadOnlyMemory<byte> WriteError(string text)
    {
        var stream = new MemoryStream(128);
        using (XmlWriter writer = XmlWriter.Create(stream, WriterSettings))
        {
            writer.WriteStartDocument();
            writer.WriteStartElement("response");
            writer.WriteElementString("error", text);
            writer.WriteEndElement();
            writer.WriteEndDocument();
        }

        return new ReadOnlyMemory<byte>(stream.GetBuffer(), 0, (int)stream.Length);
    }

    private static void ReadSecurity(XmlReader reader, ref string? login, ref string? password, ref string? token)
    {
        if (reader.IsEmptyElement)
        {
            reader.Read();
            return;
        }

        reader.ReadStartElement();
        while (reader.MoveToContent() == XmlNodeType.Element)
        {
            switch (reader.LocalName)
            {
                case "login":
                    login = ReadValue(reader);
                    break;
                case "password":
                    password = ReadValue(reader);
                    break;
                case "token":
                    token = ReadValue(reader);
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        reader.ReadEndElement();
    }

    /// <summary>The documented <c>value</c> attribute; element text is accepted as a fallback.</summary>
    private static string ReadValue(XmlReader reader)
    {
        string? value = reader.GetAttribute("value");
        if (value is not null)
        {
            reader.Skip();
            return value;
        }

        return reader.ReadElementContentAsString();
    }

    private static void ReadIds(XmlReader reader, ParsedStateRequest query)
    {
        if (reader.IsEmptyElement)
        {
            reader.Read();
            return;
        }

        reader.ReadStartElement();
        while (reader.MoveToContent() == XmlNodeType.Element)
        {
            if (reader.LocalName == "id_sms")
            {
                string text = reader.ReadElementContentAsString();
                bool valid = long.TryParse(text.AsSpan().Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out long id);
                query.Entries.Add(new QueryEntry(id, valid, Detail: false));
            }
            else
            {
                reader.Skip();
            }
        }

        reader.ReadEndElement();
    }
}
