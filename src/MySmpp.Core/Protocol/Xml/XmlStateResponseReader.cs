using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using System.Xml;

namespace MySmpp.Protocol.Xml
{
    /// <summary>
    /// Reads the XML flavour's answer with an <see cref="XmlReader"/> straight from the response stream.
    /// DTDs are prohibited and nothing is resolved (no XXE, no entity expansion). Accepted error shapes
    /// (spec/README item 7): <c>&lt;response&gt;&lt;error&gt;text&lt;/error&gt;&lt;/response&gt;</c>, a root
    /// <c>&lt;error&gt;</c>, and an <c>error</c> attribute on <c>&lt;response&gt;</c>.
    /// </summary>
    internal static class XmlStateResponseReader
    {
        public static async Task<StateResponse> ReadAsync(Stream body, StateReadContext context, CancellationToken cancellationToken)
        {
            var settings = new XmlReaderSettings
            {
                Async = true,
                DtdProcessing = DtdProcessing.Prohibit,
                XmlResolver = null,
                IgnoreComments = true,
                IgnoreProcessingInstructions = true,
                IgnoreWhitespace = true,
                CloseInput = false,
                MaxCharactersInDocument = context.MaxResponseBytes,
                MaxCharactersFromEntities = 0,
            };

            try
            {
                using (XmlReader reader = XmlReader.Create(body, settings))
                {
                    return await ReadDocumentAsync(reader, context, cancellationToken).ConfigureAwait(false);
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

        private static async Task<StateResponse> ReadDocumentAsync(XmlReader reader, StateReadContext context, CancellationToken cancellationToken)
        {
            if (await reader.MoveToContentAsync().ConfigureAwait(false) != XmlNodeType.Element)
            {
                throw Invalid("The XML answer has no root element.");
            }

            var states = new List<SmsState>(context.ExpectedStates);
            if (reader.LocalName == "error")
            {
                string rootError = await reader.ReadElementContentAsStringAsync().ConfigureAwait(false);
                await ExpectEndAsync(reader).ConfigureAwait(false);
                return new StateResponse(states, rootError);
            }

            if (reader.LocalName != "response")
            {
                throw Invalid("The XML answer's root is <" + Shorten(reader.LocalName) + ">, not <response>.");
            }

            string? errorText = NullIfEmpty(reader.GetAttribute("error"));
            if (reader.IsEmptyElement)
            {
                await ExpectEndAsync(reader).ConfigureAwait(false);
                return new StateResponse(states, errorText);
            }

            await reader.ReadAsync().ConfigureAwait(false);
            while (!reader.EOF && !(reader.NodeType == XmlNodeType.EndElement && reader.Depth == 0))
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (reader.NodeType == XmlNodeType.Element && reader.Depth == 1)
                {
                    if (reader.LocalName == "state")
                    {
                        states.Add(await ReadStateAsync(reader, context).ConfigureAwait(false));
                        continue;
                    }

                    if (reader.LocalName == "error")
                    {
                        errorText ??= await reader.ReadElementContentAsStringAsync().ConfigureAwait(false);
                        continue;
                    }

                    // Unknown elements are tolerated, so a server that adds some does not break us.
                    await reader.SkipAsync().ConfigureAwait(false);
                    continue;
                }

                if (reader.NodeType == XmlNodeType.Text || reader.NodeType == XmlNodeType.CDATA)
                {
                    throw Invalid("The XML answer has text directly inside <response>.");
                }

                await reader.ReadAsync().ConfigureAwait(false);
            }

            // Read to the end so that a truncated or trailing-garbage document is refused.
            await ExpectEndAsync(reader).ConfigureAwait(false);
            return new StateResponse(states, errorText);
        }

        private static async Task<SmsState> ReadStateAsync(XmlReader reader, StateReadContext context)
        {
            string? idText = reader.GetAttribute("id_sms");
            string? timeText = reader.GetAttribute("time");
            string? sms = reader.GetAttribute("sms");
            string? viber = reader.GetAttribute("viber");
            if (idText == null) throw Invalid("A <state> has no id_sms attribute.");
            if (!long.TryParse(idText, NumberStyles.AllowLeadingWhite | NumberStyles.AllowTrailingWhite, CultureInfo.InvariantCulture, out long id))
            {
                throw Invalid("A <state> has id_sms '" + Shorten(idText) + "', not a whole number in range.");
            }

            DateTime? time = null;
            if (!string.IsNullOrEmpty(timeText))
            {
                if (!WireTime.TryParse(timeText.AsSpan(), out DateTime parsed))
                {
                    throw Invalid("The <state> for id " + id + " has time '" + Shorten(timeText) + "', not yyyy-MM-dd HH:mm:ss.");
                }

                time = parsed;
            }

            string status = (await reader.ReadElementContentAsStringAsync().ConfigureAwait(false)).Trim();

            // An empty overall status with exactly one channel status: that channel is the message's status.
            if (status.Length == 0)
            {
                status = sms != null && viber == null ? sms : viber != null && sms == null ? viber : string.Empty;
            }

            return new SmsState(
                id,
                SmsStatusWire.Atomize(status),
                time,
                MySmppProtocol.Xml,
                rawSmsStatus: sms == null ? null : SmsStatusWire.Atomize(sms),
                rawViberStatus: viber == null ? null : SmsStatusWire.Atomize(viber),
                serverTimeZone: context.ServerTimeZone);
        }

        private static async Task ExpectEndAsync(XmlReader reader)
        {
            while (await reader.ReadAsync().ConfigureAwait(false))
            {
                if (reader.NodeType == XmlNodeType.Element || reader.NodeType == XmlNodeType.Text)
                {
                    throw Invalid("The XML answer has content after its root element.");
                }
            }
        }

        private static string? NullIfEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;

        private static string Shorten(string text) => text.Length <= 40 ? text : text.Substring(0, 40) + "…";

        private static MySmppProtocolException Invalid(string message, Exception? inner = null) =>
            new MySmppProtocolException(message, innerException: inner, isTransient: true);
    }
}
