using System;
using System.IO;
using System.Text;
using System.Xml;
using MySmpp.Credentials;
using MySmpp.Errors;

namespace MySmpp.Protocol.Xml;

/// <summary>
/// What every XML request and answer of the gateway's other endpoints shares: the <c>&lt;security&gt;</c> head written
/// without turning the secret into a string, and reader settings that refuse DTDs and bound the document.
/// </summary>
internal static class GatewayXml
{
    private static readonly XmlWriterSettings WriterSettings = new XmlWriterSettings
    {
        Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
        Indent = false,
        CloseOutput = false,
        NewLineHandling = NewLineHandling.Entitize,
    };

    /// <summary>A writer for a request body; the caller disposes it before sending.</summary>
    public static XmlWriter CreateWriter(Stream destination) => XmlWriter.Create(destination, WriterSettings);

    /// <summary>Writes <c>&lt;?xml?&gt;&lt;request&gt;&lt;security&gt;…&lt;/security&gt;</c>, leaving <c>&lt;request&gt;</c> open.</summary>
    public static void WriteRequestStart(XmlWriter writer, MySmppCredential credential)
    {
        using (SecretLease secret = credential.LeaseSecret())
        {
            WriteRequestStart(writer, credential, secret);
        }
    }

    /// <summary>The same, with a secret the caller has leased (and wipes after).</summary>
    public static void WriteRequestStart(XmlWriter writer, MySmppCredential credential, SecretLease secret)
    {
        writer.WriteStartDocument();
        writer.WriteStartElement("request");
        writer.WriteStartElement("security");
        if (credential.IsToken)
        {
            WriteSecret(writer, "token", secret);
        }
        else
        {
            writer.WriteStartElement("login");
            writer.WriteAttributeString("value", credential.Login);
            writer.WriteEndElement();
            WriteSecret(writer, "password", secret);
        }

        // The writer buffers: flush while the lease is open, so the secret is wiped with it.
        writer.WriteEndElement();
        writer.Flush();
    }

    /// <summary>
    /// The settings every XML answer of the gateway is read with: no DTD, no resolver, comments, processing
    /// instructions and white space skipped, at most <paramref name="maxCharacters"/> characters in all and
    /// <paramref name="maxEntityCharacters"/> from entities.
    /// </summary>
    public static XmlReaderSettings ReaderSettings(long maxCharacters, long maxEntityCharacters) => new XmlReaderSettings
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        IgnoreWhitespace = true,
        MaxCharactersInDocument = maxCharacters,
        MaxCharactersFromEntities = maxEntityCharacters,
        CloseInput = false,
    };

    /// <summary>Opens a reader over a complete answer and moves to its root element.</summary>
    /// <exception cref="MySmppProtocolException">The answer is empty or not XML (transient: a cut or garbled answer).</exception>
    public static XmlReader OpenAnswer(ArraySegment<byte> answer)
    {
        try
        {
            var reader = XmlReader.Create(new MemoryStream(answer.Array!, answer.Offset, answer.Count, writable: false), ReaderSettings(answer.Count + 1024L, 1024));
            if (reader.MoveToContent() != XmlNodeType.Element)
            {
                reader.Dispose();
                throw new MySmppProtocolException("The answer is not an XML document.", isTransient: true);
            }

            return reader;
        }
        catch (XmlException ex)
        {
            throw new MySmppProtocolException("The answer is not valid XML: " + MessageText.Shorten(ex.Message, 200), innerException: ex, isTransient: true);
        }
    }

    /// <summary>The text of an element, bounded and single-line, or empty.</summary>
    public static string ReadText(XmlReader reader)
    {
        if (reader.IsEmptyElement)
        {
            reader.Read();
            return string.Empty;
        }

        string text = reader.ReadElementContentAsString();
        return text.Trim();
    }

    // The secret goes from its wiped-after-use buffer into the attribute; it never becomes a string.
    private static void WriteSecret(XmlWriter writer, string name, SecretLease secret)
    {
        writer.WriteStartElement(name);
        writer.WriteStartAttribute("value");
        writer.WriteChars(secret.Buffer, 0, secret.Length);
        writer.WriteEndAttribute();
        writer.WriteEndElement();
    }
}
