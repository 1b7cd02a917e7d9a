using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Threading;
using System.Xml;
using MySmpp.Errors;
using MySmpp.Model;

namespace MySmpp.Protocol.Xml;

/// <summary>
/// Reads the XML flavour's answer with an <see cref="XmlReader"/>. DTDs are prohibited and nothing is
/// resolved (no XXE, no entity expansion). Accepted error shapes (the platform's wider documentation
/// shows all three): <c>&lt;response&gt;&lt;error&gt;text&lt;/error&gt;&lt;/response&gt;</c>, a root
/// <c>&lt;error&gt;</c>, and an <c>error</c> attribute on <c>&lt;response&gt;</c>.
/// </summary>
/// <remarks>
/// The body is gathered into a pooled buffer (bounded by MaxResponseBytes, as for JSON) and parsed once,
/// synchronously: an asynchronous <see cref="XmlReader"/> allocates about 100 KB of buffers per document,
/// more than a batch's answer. Attribute values and status texts are read as characters into a scratch
/// buffer (<see cref="XmlReader.ReadValueChunk"/>) and names are compared as <see cref="XmlNameTable"/>
/// atoms, so a documented state allocates nothing but its <see cref="SmsState"/>.
/// </remarks>
internal static class XmlStateResponseReader
{
    private static XmlReaderSettings? _settings;

    internal static MySmppProtocolException Invalid(string message, Exception? inner = null) =>
        new MySmppProtocolException(message, innerException: inner, isTransient: true);

    public static StateResponse Read(ArraySegment<byte> body, StateReadContext context) => Parse(body, context, acceptRequestRoot: false);

    /// <summary>
    /// Reads a complete status document that the platform pushed (the status webhook, platform-api.md 7.1): the same
    /// <c>&lt;state&gt;</c> elements as an answer, under <c>&lt;response&gt;</c> or, as the vendor's older reference
    /// shows the pushed document, <c>&lt;request&gt;</c>.
    /// </summary>
    internal static StateResponse ParsePushed(ArraySegment<byte> body, StateReadContext context) => Parse(body, context, acceptRequestRoot: true);

    private static StateResponse Parse(ArraySegment<byte> body, StateReadContext context, bool acceptRequestRoot)
    {
        try
        {
            using (var stream = new MemoryStream(body.Array ?? Array.Empty<byte>(), body.Offset, body.Count, writable: false))
            using (XmlReader reader = XmlReader.Create(stream, SettingsFor(context.MaxResponseBytes)))
            using (var parser = new Parser(reader, context, acceptRequestRoot))
            {
                return parser.ReadDocument();
            }
        }
        catch (XmlException ex)
        {
            throw Invalid("The XML answer is malformed: " + ex.Message, ex);
        }
        catch (DecoderFallbackException ex)
        {
            throw Invalid("The XML answer is not valid text: " + ex.Message, ex);
        }
        catch (ArgumentException ex)
        {
            throw Invalid("The XML answer is malformed: " + ex.Message, ex);
        }
    }

    // One settings object per MaxResponseBytes in use (in practice one per process): created once, shared.
    // Internal so that the codec benchmark's bare-reader floor reads with exactly these settings.
    internal static XmlReaderSettings SettingsFor(long maxResponseBytes)
    {
        XmlReaderSettings? cached = Volatile.Read(ref _settings);
        if (cached != null && cached.MaxCharactersInDocument == maxResponseBytes) return cached;
        XmlReaderSettings created = GatewayXml.ReaderSettings(maxResponseBytes, maxEntityCharacters: 0);
        Volatile.Write(ref _settings, created);
        return created;
    }

    /// <summary>One document's parse: the reader, its name atoms, a scratch buffer for values.</summary>
    private sealed class Parser : IDisposable
    {
        private readonly XmlReader _reader;
        private readonly StateReadContext _context;
        private readonly bool _acceptRequestRoot;
        private readonly XmlStateNames _names;
        private readonly XmlValueBuffer _values;
        private List<IdMessage>? _messages;
        private WireTime.LastDate _lastDate;

        public Parser(XmlReader reader, StateReadContext context, bool acceptRequestRoot)
        {
            _reader = reader;
            _context = context;
            _acceptRequestRoot = acceptRequestRoot;
            _names = new XmlStateNames(reader.NameTable);
            _values = new XmlValueBuffer(reader);
        }

        public void Dispose() => _values.Dispose();

        public StateResponse ReadDocument()
        {
            XmlReader reader = _reader;
            if (reader.MoveToContent() != XmlNodeType.Element)
            {
                throw Invalid("The XML answer has no root element.");
            }

            var states = new List<SmsState>(_context.ExpectedStates);
            if (XmlStateNames.Is(reader.LocalName, _names.Error))
            {
                string rootError = reader.ReadElementContentAsString();
                ExpectEnd();
                return new StateResponse(states, rootError, _messages);
            }

            if (!XmlStateNames.Is(reader.LocalName, _names.Response) && !(_acceptRequestRoot && reader.LocalName == "request"))
            {
                throw Invalid("The XML answer's root is <" + MessageText.Shorten(reader.LocalName, 40) + ">, not <response>.");
            }

            string? errorText = NullIfEmpty(reader.GetAttribute("error"));
            if (reader.IsEmptyElement)
            {
                ExpectEnd();
                return new StateResponse(states, errorText, _messages);
            }

            reader.Read();
            while (!reader.EOF && !(reader.NodeType == XmlNodeType.EndElement && reader.Depth == 0))
            {
                if (reader.NodeType == XmlNodeType.Element && reader.Depth == 1)
                {
                    string name = reader.LocalName;
                    if (XmlStateNames.Is(name, _names.State))
                    {
                        SmsState? state = ReadState();
                        if (state != null) states.Add(state);
                    }
                    else if (XmlStateNames.Is(name, _names.Error))
                    {
                        // Always read (and so step over) the element; the first error text wins.
                        string text = reader.ReadElementContentAsString();
                        errorText ??= text;
                    }
                    else
                    {
                        // Unknown elements are tolerated, so a server that adds some does not break us.
                        reader.Skip();
                    }

                    continue;
                }

                if (reader.NodeType == XmlNodeType.Text || reader.NodeType == XmlNodeType.CDATA)
                {
                    throw Invalid("The XML answer has text directly inside <response>.");
                }

                reader.Read();
            }

            // Read to the end so that a truncated or trailing-garbage document is refused.
            ExpectEnd();
            return new StateResponse(states, errorText, _messages);
        }

        // A whole <state>: attributes (checked before the content is read), text, the state.
        private SmsState? ReadState()
        {
            bool empty = _reader.IsEmptyElement;
            XmlStateAttributes attributes = XmlStateAttributes.Read(_reader, _names, _values, ref _lastDate);
            attributes.Validate();
            int length = ReadTextContent(empty);
            return attributes.ToState(_values.Text(length), _context.ServerTimeZone, ref _messages);
        }

        // Like ReadElementContentAsString: the text of a text-only element, the reader left after its
        // end tag. The characters are left in the value buffer; returns their count.
        private int ReadTextContent(bool empty)
        {
            XmlReader reader = _reader;
            reader.Read();
            if (empty) return 0;
            int length = 0;
            while (true)
            {
                switch (reader.NodeType)
                {
                    case XmlNodeType.Text:
                    case XmlNodeType.CDATA:
                    case XmlNodeType.Whitespace:
                    case XmlNodeType.SignificantWhitespace:
                        length = _values.Append(length);
                        reader.Read();
                        break;
                    case XmlNodeType.Comment:
                    case XmlNodeType.ProcessingInstruction:
                        reader.Read();
                        break;
                    case XmlNodeType.EndElement:
                        reader.Read();
                        return length;
                    default:
                        // What ReadElementContentAsString says about an element inside a state.
                        throw new XmlException("'" + reader.NodeType + "' is an invalid XmlNodeType.");
                }
            }
        }

        private void ExpectEnd()
        {
            while (_reader.Read())
            {
                if (_reader.NodeType == XmlNodeType.Element || _reader.NodeType == XmlNodeType.Text)
                {
                    throw Invalid("The XML answer has content after its root element.");
                }
            }
        }

        private static string? NullIfEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;
    }
}
