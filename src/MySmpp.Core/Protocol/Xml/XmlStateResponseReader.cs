using System;
using System.Buffers;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using System.Xml;

namespace MySmpp.Protocol.Xml
{
    /// <summary>
    /// Reads the XML flavour's answer with an <see cref="XmlReader"/>. DTDs are prohibited and nothing is
    /// resolved (no XXE, no entity expansion). Accepted error shapes (spec/README item 7):
    /// <c>&lt;response&gt;&lt;error&gt;text&lt;/error&gt;&lt;/response&gt;</c>, a root <c>&lt;error&gt;</c>, and an
    /// <c>error</c> attribute on <c>&lt;response&gt;</c>.
    /// </summary>
    /// <remarks>
    /// A body of up to <see cref="BufferedBodyLimit"/> bytes (a batch of several hundred states) is first
    /// gathered into a pooled buffer and parsed synchronously: an asynchronous <see cref="XmlReader"/>
    /// allocates about 100 KB of buffers per document, more than such a body. A larger body is parsed
    /// from the stream as it arrives, so memory stays bounded whatever the batch size. Both paths run the
    /// same parser (<see cref="Parser{TPump}"/>). Attribute values and status texts are read as characters
    /// into a scratch buffer (<see cref="XmlReader.ReadValueChunk"/>) and names are compared as
    /// <see cref="XmlNameTable"/> atoms, so a documented state allocates nothing but its
    /// <see cref="SmsState"/>.
    /// </remarks>
    internal static class XmlStateResponseReader
    {
        /// <summary>Bodies up to this size are buffered and parsed synchronously; larger ones are streamed.</summary>
        internal const int BufferedBodyLimit = 256 * 1024;

        private const int InitialBufferSize = 16 * 1024;

        private static SettingsPair? _settings;

        private interface IPump
        {
            ValueTask<bool> ReadAsync(XmlReader reader);

            ValueTask<XmlNodeType> MoveToContentAsync(XmlReader reader);

            ValueTask SkipAsync(XmlReader reader);

            ValueTask<string> ReadElementContentAsStringAsync(XmlReader reader);

            ValueTask<int> ReadValueChunkAsync(XmlReader reader, char[] buffer, int index, int count);
        }

        public static async Task<StateResponse> ReadAsync(Stream body, StateReadContext context, CancellationToken cancellationToken)
        {
            SettingsPair settings = SettingsFor(context.MaxResponseBytes);
            // Sized for the expected answer (a state is ~90 bytes), so it rarely grows.
            int initial = (int)Math.Min(Math.Max(InitialBufferSize, (context.ExpectedStates * 128L) + 256), BufferedBodyLimit);
            byte[] buffer = ArrayPool<byte>.Shared.Rent(initial);
            int length = 0;
            try
            {
                bool complete = false;
                while (true)
                {
                    if (length == buffer.Length)
                    {
                        if (buffer.Length >= BufferedBodyLimit) break;
                        byte[] larger = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, BufferedBodyLimit));
                        Buffer.BlockCopy(buffer, 0, larger, 0, length);
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = larger;
                    }

                    int n = await body.ReadAsync(buffer, length, buffer.Length - length, cancellationToken).ConfigureAwait(false);
                    if (n == 0)
                    {
                        complete = true;
                        break;
                    }

                    length += n;
                }

                if (complete)
                {
                    using (var whole = new MemoryStream(buffer, 0, length, writable: false))
                    {
                        ValueTask<StateResponse> parsed = Parse<SyncPump>(whole, settings.Sync, context, cancellationToken);

                        // Every step of the synchronous pump completes at once, so this never blocks.
                        return parsed.IsCompleted ? parsed.Result : parsed.AsTask().GetAwaiter().GetResult();
                    }
                }

                using (var rest = new PrefixedStream(buffer, length, body))
                {
                    return await Parse<AsyncPump>(rest, settings.Async, context, cancellationToken).ConfigureAwait(false);
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }

        private static async ValueTask<StateResponse> Parse<TPump>(Stream body, XmlReaderSettings settings, StateReadContext context, CancellationToken cancellationToken)
            where TPump : struct, IPump
        {
            try
            {
                using (XmlReader reader = XmlReader.Create(body, settings))
                {
                    var parser = new Parser<TPump>(reader, context, cancellationToken);
                    try
                    {
                        return await parser.ReadDocumentAsync().ConfigureAwait(false);
                    }
                    finally
                    {
                        parser.ReleaseScratch();
                    }
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

        private static SettingsPair SettingsFor(long maxResponseBytes)
        {
            SettingsPair? cached = Volatile.Read(ref _settings);
            if (cached != null && cached.MaxResponseBytes == maxResponseBytes) return cached;
            var created = new SettingsPair(maxResponseBytes);
            Volatile.Write(ref _settings, created);
            return created;
        }

        private static MySmppProtocolException Invalid(string message, Exception? inner = null) =>
            new MySmppProtocolException(message, innerException: inner, isTransient: true);

        /// <summary>One document's parse: the reader, its name atoms, a scratch buffer for values.</summary>
        private sealed class Parser<TPump>
            where TPump : struct, IPump
        {
            private readonly XmlReader _reader;
            private readonly StateReadContext _context;
            private readonly CancellationToken _cancellationToken;
            private readonly string _state;
            private readonly string _error;
            private readonly string _response;
            private readonly string _idSms;
            private readonly string _time;
            private readonly string _sms;
            private readonly string _viber;
            private readonly string _price;
            private readonly string _numParts;
            private readonly bool _canReadValueChunk;
            private List<IdMessage>? _messages;
            private char[] _scratch;
            private TPump _pump;

            public Parser(XmlReader reader, StateReadContext context, CancellationToken cancellationToken)
            {
                _reader = reader;
                _context = context;
                _cancellationToken = cancellationToken;
                _pump = default;
                XmlNameTable names = reader.NameTable;
                _state = names.Add("state");
                _error = names.Add("error");
                _response = names.Add("response");
                _idSms = names.Add("id_sms");
                _time = names.Add("time");
                _sms = names.Add("sms");
                _viber = names.Add("viber");
                _price = names.Add("price");
                _numParts = names.Add("num_parts");
                _scratch = ArrayPool<char>.Shared.Rent(128);
                _canReadValueChunk = reader.CanReadValueChunk;
            }

            public void ReleaseScratch()
            {
                char[] scratch = _scratch;
                _scratch = Array.Empty<char>();
                if (scratch.Length > 0) ArrayPool<char>.Shared.Return(scratch);
            }

            public async ValueTask<StateResponse> ReadDocumentAsync()
            {
                XmlReader reader = _reader;
                if (await _pump.MoveToContentAsync(reader).ConfigureAwait(false) != XmlNodeType.Element)
                {
                    throw Invalid("The XML answer has no root element.");
                }

                var states = new List<SmsState>(_context.ExpectedStates);
                if (Is(reader.LocalName, _error))
                {
                    string rootError = await _pump.ReadElementContentAsStringAsync(reader).ConfigureAwait(false);
                    await ExpectEndAsync().ConfigureAwait(false);
                    return new StateResponse(states, rootError, _messages);
                }

                if (!Is(reader.LocalName, _response))
                {
                    throw Invalid("The XML answer's root is <" + MessageText.Shorten(reader.LocalName, 40) + ">, not <response>.");
                }

                string? errorText = NullIfEmpty(reader.GetAttribute("error"));
                if (reader.IsEmptyElement)
                {
                    await ExpectEndAsync().ConfigureAwait(false);
                    return new StateResponse(states, errorText, _messages);
                }

                await _pump.ReadAsync(reader).ConfigureAwait(false);
                while (!reader.EOF && !(reader.NodeType == XmlNodeType.EndElement && reader.Depth == 0))
                {
                    _cancellationToken.ThrowIfCancellationRequested();
                    if (reader.NodeType == XmlNodeType.Element && reader.Depth == 1)
                    {
                        string name = reader.LocalName;
                        if (Is(name, _state))
                        {
                            if (typeof(TPump) == typeof(SyncPump))
                            {
                                // All in one synchronous call: nothing of the state lives across an await.
                                AddIfState(states, ReadState());
                                continue;
                            }

                            bool empty = reader.IsEmptyElement;
                            StateAttributes attributes = ReadStateAttributes();
                            Validate(in attributes);
                            int length = await ReadTextContentCoreAsync(empty).ConfigureAwait(false);
                            AddIfState(states, CreateState(in attributes, length));
                            continue;
                        }

                        if (Is(name, _error))
                        {
                            // Always read (and so step over) the element; the first error text wins.
                            string text = await _pump.ReadElementContentAsStringAsync(reader).ConfigureAwait(false);
                            errorText ??= text;
                            continue;
                        }

                        // Unknown elements are tolerated, so a server that adds some does not break us.
                        await _pump.SkipAsync(reader).ConfigureAwait(false);
                        continue;
                    }

                    if (reader.NodeType == XmlNodeType.Text || reader.NodeType == XmlNodeType.CDATA)
                    {
                        throw Invalid("The XML answer has text directly inside <response>.");
                    }

                    await _pump.ReadAsync(reader).ConfigureAwait(false);
                }

                // Read to the end so that a truncated or trailing-garbage document is refused.
                await ExpectEndAsync().ConfigureAwait(false);
                return new StateResponse(states, errorText, _messages);
            }

            private static void AddIfState(List<SmsState> states, SmsState? state)
            {
                if (state != null) states.Add(state);
            }

            // Like XmlReader.GetAttribute(name) for each documented attribute (unprefixed, by atom), but
            // values are read as characters: parsed (id, time) or mapped to shared status strings.
            private StateAttributes ReadStateAttributes()
            {
                XmlReader reader = _reader;
                var result = default(StateAttributes);
                if (!reader.MoveToFirstAttribute()) return result;
                do
                {
                    // The qualified name is the local name's atom exactly when there is no prefix, and
                    // GetAttribute("id_sms") matches only an unprefixed attribute.
                    string name = reader.Name;
                    if (Is(name, _idSms))
                    {
                        if (result.HasId) continue;
                        result.HasId = true;
                        ReadOnlySpan<char> value = AttributeValue();
                        if (!TryParseId(value, out result.Id)) result.BadId = value.ToString();
                    }
                    else if (Is(name, _time))
                    {
                        if (result.HasTime) continue;
                        result.HasTime = true;
                        ReadOnlySpan<char> value = AttributeValue();
                        if (value.Length > 0)
                        {
                            if (WireTime.TryParse(value, out DateTime time)) result.Time = time;
                            else result.BadTime = value.ToString();
                        }
                    }
                    else if (Is(name, _sms))
                    {
                        if (result.Sms != null) continue;
                        result.Sms = Status(AttributeValue(), out result.SmsStatus);
                    }
                    else if (Is(name, _viber))
                    {
                        if (result.Viber != null) continue;
                        result.Viber = Status(AttributeValue(), out result.ViberStatus);
                    }
                    else if (Is(name, _price))
                    {
                        if (result.HasPrice) continue;
                        result.HasPrice = true;
                        ReadOnlySpan<char> value = AttributeValue().Trim();
                        if (value.Length > 0)
                        {
                            if (TryParsePrice(value, out decimal price)) result.Price = price;
                            else result.BadPrice = value.ToString();
                        }
                    }
                    else if (Is(name, _numParts))
                    {
                        if (result.HasParts) continue;
                        result.HasParts = true;
                        ReadOnlySpan<char> value = AttributeValue();
                        if (value.Trim().Length > 0)
                        {
                            if (TryParseId(value, out long parts) && parts <= int.MaxValue) result.Parts = (int)parts;
                            else result.BadParts = value.ToString();
                        }
                    }
                }
                while (reader.MoveToNextAttribute());

                // Left on the last attribute: Read() goes on from there to the element's content.
                return result;
            }

            // Like ReadElementContentAsString: the text of a text-only element, the reader left after its
            // end tag. The characters are left in the scratch buffer; returns their count. The synchronous
            // pump gets a plain loop (no state machine per state); the asynchronous one, the same loop awaited.
            // The synchronous pump's whole <state>: attributes, text, the state.
            private SmsState? ReadState()
            {
                bool empty = _reader.IsEmptyElement;
                StateAttributes attributes = ReadStateAttributes();
                Validate(in attributes);
                int length = ReadTextContent(empty);
                return CreateState(in attributes, length);
            }

            private int ReadTextContent(bool empty)
            {
                XmlReader reader = _reader;
                if (empty)
                {
                    reader.Read();
                    return 0;
                }

                int length = 0;
                reader.Read();
                while (true)
                {
                    switch (reader.NodeType)
                    {
                        case XmlNodeType.Text:
                        case XmlNodeType.CDATA:
                        case XmlNodeType.Whitespace:
                        case XmlNodeType.SignificantWhitespace:
                            while (true)
                            {
                                if (length == _scratch.Length) Grow(length);
                                int wanted = _scratch.Length - length;
                                int n = reader.ReadValueChunk(_scratch, length, wanted);
                                length += n;
                                if (n < wanted) break;
                            }

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
                            throw NotTextOnly(reader);
                    }
                }
            }

            private async ValueTask<int> ReadTextContentCoreAsync(bool empty)
            {
                XmlReader reader = _reader;
                if (empty)
                {
                    await _pump.ReadAsync(reader).ConfigureAwait(false);
                    return 0;
                }

                int length = 0;
                await _pump.ReadAsync(reader).ConfigureAwait(false);
                while (true)
                {
                    switch (reader.NodeType)
                    {
                        case XmlNodeType.Text:
                        case XmlNodeType.CDATA:
                        case XmlNodeType.Whitespace:
                        case XmlNodeType.SignificantWhitespace:
                            while (true)
                            {
                                if (length == _scratch.Length) Grow(length);
                                int wanted = _scratch.Length - length;
                                int n = await _pump.ReadValueChunkAsync(reader, _scratch, length, wanted).ConfigureAwait(false);
                                length += n;
                                if (n < wanted) break;
                            }

                            await _pump.ReadAsync(reader).ConfigureAwait(false);
                            break;
                        case XmlNodeType.Comment:
                        case XmlNodeType.ProcessingInstruction:
                            await _pump.ReadAsync(reader).ConfigureAwait(false);
                            break;
                        case XmlNodeType.EndElement:
                            await _pump.ReadAsync(reader).ConfigureAwait(false);
                            return length;
                        default:
                            throw NotTextOnly(reader);
                    }
                }
            }

            // What ReadElementContentAsString says about an element inside a state.
            private static XmlException NotTextOnly(XmlReader reader) => new XmlException("'" + reader.NodeType + "' is an invalid XmlNodeType.");

            // The attribute checks, in the order and with the messages they always had, before the content is read.
            private static void Validate(in StateAttributes attributes)
            {
                if (!attributes.HasId) throw Invalid("A <state> has no id_sms attribute.");
                if (attributes.BadId != null)
                {
                    throw Invalid("A <state> has id_sms '" + MessageText.Shorten(attributes.BadId, 40) + "', not a whole number in range.");
                }

                if (attributes.BadTime != null)
                {
                    throw Invalid("The <state> for id " + attributes.Id + " has time '" + MessageText.Shorten(attributes.BadTime, 40) + "', not yyyy-MM-dd HH:mm:ss.");
                }

                if (attributes.BadPrice != null)
                {
                    throw Invalid("The <state> for id " + attributes.Id + " has price '" + MessageText.Shorten(attributes.BadPrice, 40) + "', not a number of 0 or more.");
                }

                if (attributes.BadParts != null)
                {
                    throw Invalid("The <state> for id " + attributes.Id + " has num_parts '" + MessageText.Shorten(attributes.BadParts, 40) + "', not a whole number in range.");
                }

                if (attributes.Parts.HasValue && attributes.Price.HasValue && !CostFits(attributes.Parts.Value, attributes.Price.Value))
                {
                    throw Invalid("The <state> for id " + attributes.Id + " has num_parts × price out of range.");
                }
            }

            // A state, or null when the server put a message where a status goes (kept in _messages for the id).
            private SmsState? CreateState(in StateAttributes attributes, int textLength)
            {
                ReadOnlySpan<char> text = new ReadOnlySpan<char>(_scratch, 0, textLength).Trim();
                string? message = !StatusToken.IsStatus(text) ? Bounded(text)
                    : attributes.Sms != null && !StatusToken.IsStatus(attributes.Sms.AsSpan()) ? attributes.Sms
                    : attributes.Viber != null && !StatusToken.IsStatus(attributes.Viber.AsSpan()) ? attributes.Viber
                    : null;
                if (message != null)
                {
                    (_messages ??= new List<IdMessage>()).Add(new IdMessage(attributes.Id, message));
                    return null;
                }

                string status = Status(text, out SmsStatus overall);

                // An empty overall status with exactly one channel status: that channel is the message's status.
                if (status.Length == 0)
                {
                    if (attributes.Sms != null && attributes.Viber == null)
                    {
                        status = attributes.Sms;
                        overall = attributes.SmsStatus;
                    }
                    else if (attributes.Viber != null && attributes.Sms == null)
                    {
                        status = attributes.Viber;
                        overall = attributes.ViberStatus;
                    }
                }

                return new SmsState(
                    attributes.Id,
                    status,
                    overall,
                    attributes.Time,
                    MySmppProtocol.Xml,
                    attributes.Sms,
                    attributes.Sms == null ? (SmsStatus?)null : attributes.SmsStatus,
                    attributes.Viber,
                    attributes.Viber == null ? (SmsStatus?)null : attributes.ViberStatus,
                    attributes.Parts,
                    attributes.Price,
                    _context.ServerTimeZone);
            }

            // Only ever quoted (200 characters): a megabyte of it is not kept.
            private static string Bounded(ReadOnlySpan<char> text) => (text.Length > 4096 ? text.Slice(0, 4096) : text).ToString();

            private static bool TryParsePrice(ReadOnlySpan<char> text, out decimal price)
            {
                price = 0;
                if (text.Length > 64) return false;
                foreach (char c in text)
                {
                    if (!((c >= '0' && c <= '9') || c == '.')) return false;
                }

                return decimal.TryParse(text.ToString(), System.Globalization.NumberStyles.AllowDecimalPoint, System.Globalization.CultureInfo.InvariantCulture, out price);
            }

            private static bool CostFits(int parts, decimal price)
            {
                try
                {
                    _ = parts * price;
                    return true;
                }
                catch (OverflowException)
                {
                    return false;
                }
            }

            // The current attribute's value, as characters in the scratch buffer (valid until the next call).
            private ReadOnlySpan<char> AttributeValue()
            {
                XmlReader reader = _reader;
                if (!_canReadValueChunk) return reader.Value.AsSpan();
                int length = 0;
                while (true)
                {
                    if (length == _scratch.Length) Grow(length);
                    int wanted = _scratch.Length - length;
                    int n = reader.ReadValueChunk(_scratch, length, wanted);
                    length += n;

                    // A short read means the value is exhausted; only a full buffer needs another call.
                    if (n < wanted) break;
                }

                return new ReadOnlySpan<char>(_scratch, 0, length);
            }

            private void Grow(int keep)
            {
                char[] larger = ArrayPool<char>.Shared.Rent(_scratch.Length * 2);
                Array.Copy(_scratch, larger, keep);
                ArrayPool<char>.Shared.Return(_scratch);
                _scratch = larger;
            }

            private async ValueTask ExpectEndAsync()
            {
                while (await _pump.ReadAsync(_reader).ConfigureAwait(false))
                {
                    if (_reader.NodeType == XmlNodeType.Element || _reader.NodeType == XmlNodeType.Text)
                    {
                        throw Invalid("The XML answer has content after its root element.");
                    }
                }
            }

            private static bool Is(string name, string atom) => ReferenceEquals(name, atom);

            private static string? NullIfEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;

            // The shared constant of a documented status, else a new string of the characters.
            private static string Status(ReadOnlySpan<char> value, out SmsStatus status)
            {
                string? known = SmsStatusWire.KnownWireString(value, out status);
                return known ?? (value.Length == 0 ? string.Empty : value.ToString());
            }

            // long.TryParse(text, NumberStyles.AllowLeadingWhite | NumberStyles.AllowTrailingWhite, invariant).
            private static bool TryParseId(ReadOnlySpan<char> text, out long id)
            {
                id = 0;
                int start = 0;
                int end = text.Length;
                while (start < end && IsNumberWhite(text[start])) start++;
                while (end > start && IsNumberWhite(text[end - 1])) end--;
                if (start == end) return false;
                ulong value = 0;
                for (int i = start; i < end; i++)
                {
                    uint digit = (uint)(text[i] - '0');
                    if (digit > 9) return false;
                    if (value > 922337203685477580UL || (value == 922337203685477580UL && digit > 7)) return false;
                    value = (value * 10) + digit;
                }

                id = (long)value;
                return true;
            }

            // The white space .NET number parsing skips: space and \t \n \v \f \r.
            private static bool IsNumberWhite(char c) => c == ' ' || (c >= '\t' && c <= '\r');
        }

        private struct StateAttributes
        {
            public bool HasId;
            public long Id;
            public string? BadId;
            public bool HasTime;
            public DateTime? Time;
            public string? BadTime;
            public string? Sms;
            public SmsStatus SmsStatus;
            public string? Viber;
            public SmsStatus ViberStatus;
            public bool HasPrice;
            public decimal? Price;
            public string? BadPrice;
            public bool HasParts;
            public int? Parts;
            public string? BadParts;
        }

        private readonly struct SyncPump : IPump
        {
            public ValueTask<bool> ReadAsync(XmlReader reader) => new ValueTask<bool>(reader.Read());

            public ValueTask<XmlNodeType> MoveToContentAsync(XmlReader reader) => new ValueTask<XmlNodeType>(reader.MoveToContent());

            public ValueTask SkipAsync(XmlReader reader)
            {
                reader.Skip();
                return default;
            }

            public ValueTask<string> ReadElementContentAsStringAsync(XmlReader reader) => new ValueTask<string>(reader.ReadElementContentAsString());

            public ValueTask<int> ReadValueChunkAsync(XmlReader reader, char[] buffer, int index, int count) =>
                new ValueTask<int>(reader.ReadValueChunk(buffer, index, count));
        }

        private readonly struct AsyncPump : IPump
        {
            public ValueTask<bool> ReadAsync(XmlReader reader) => new ValueTask<bool>(reader.ReadAsync());

            public ValueTask<XmlNodeType> MoveToContentAsync(XmlReader reader) => new ValueTask<XmlNodeType>(reader.MoveToContentAsync());

            public ValueTask SkipAsync(XmlReader reader) => new ValueTask(reader.SkipAsync());

            public ValueTask<string> ReadElementContentAsStringAsync(XmlReader reader) => new ValueTask<string>(reader.ReadElementContentAsStringAsync());

            public ValueTask<int> ReadValueChunkAsync(XmlReader reader, char[] buffer, int index, int count) =>
                new ValueTask<int>(reader.ReadValueChunkAsync(buffer, index, count));
        }

        /// <summary>The reader settings for one MaxResponseBytes, synchronous and asynchronous; cached.</summary>
        private sealed class SettingsPair
        {
            public SettingsPair(long maxResponseBytes)
            {
                MaxResponseBytes = maxResponseBytes;
                Sync = Create(maxResponseBytes, async: false);
                Async = Create(maxResponseBytes, async: true);
            }

            public long MaxResponseBytes { get; }

            public XmlReaderSettings Sync { get; }

            public XmlReaderSettings Async { get; }

            private static XmlReaderSettings Create(long maxResponseBytes, bool async) => new XmlReaderSettings
            {
                Async = async,
                DtdProcessing = DtdProcessing.Prohibit,
                XmlResolver = null,
                IgnoreComments = true,
                IgnoreProcessingInstructions = true,
                IgnoreWhitespace = true,
                CloseInput = false,
                MaxCharactersInDocument = maxResponseBytes,
                MaxCharactersFromEntities = 0,
            };
        }
    }
}
