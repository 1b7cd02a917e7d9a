using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using MySmpp.Errors;
using MySmpp.Model;
using MySmpp.Protocol;
using MySmpp.Protocol.Json;
using MySmpp.Protocol.Xml;

namespace MySmpp.Callbacks;

/// <summary>
/// Reads the bodies the platform's delivery-status webhook POSTs (platform-api.md 7.1) with the status query's own
/// readers, so a pushed state is the same <see cref="SmsState"/> that Get-SmsState gives: JSON
/// <c>[{"id_sms":"…","time":"…","state":"…"}]</c> (<c>time</c> where state.php says <c>time_change_state</c>), or the
/// state.php XML document. And writes the acknowledgement the platform expects back.
/// </summary>
public static class StatusCallback
{
    /// <summary>The largest body read, 16 MiB (the session's default answer limit).</summary>
    public const int MaxBodyBytes = 16 * 1024 * 1024;

    private static readonly UTF8Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Reads a webhook body.</summary>
    /// <param name="body">The request body as received.</param>
    /// <param name="contentType">The request's Content-Type, if known: a JSON or XML media type decides the flavour; otherwise the body's first character does.</param>
    /// <param name="serverTimeZone">The platform's time zone, for <see cref="SmsState.StatusTimeOffset"/>.</param>
    /// <exception cref="MySmppProtocolException">The body is empty, too large, neither JSON nor XML, malformed, or an error document.</exception>
    public static StatusCallbackContent Parse(string body, string? contentType = null, TimeZoneInfo? serverTimeZone = null)
    {
        if (body == null) throw new ArgumentNullException(nameof(body));
        if (body.Length > MaxBodyBytes) throw Refused("The status callback body has " + body.Length.ToString(CultureInfo.InvariantCulture) + " characters; more than " + MaxBodyBytes.ToString(CultureInfo.InvariantCulture) + " is not read.");
        string trimmed = body.TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
        if (trimmed.Length == 0) throw Refused("The status callback body is empty.");
        MySmppProtocol protocol = FlavourOf(trimmed, contentType);
        byte[] bytes = Utf8.GetBytes(trimmed);
        if (bytes.Length > MaxBodyBytes) throw Refused("The status callback body has " + bytes.Length.ToString(CultureInfo.InvariantCulture) + " bytes; more than " + MaxBodyBytes.ToString(CultureInfo.InvariantCulture) + " is not read.");
        var context = new StateReadContext(MaxBodyBytes, serverTimeZone, 16);
        StateResponse response = protocol == MySmppProtocol.Json
            ? JsonStateResponseReader.Read(bytes, context)
            : XmlStateResponseReader.ParsePushed(new ArraySegment<byte>(bytes), context);
        if (response.ErrorText != null && !response.HasAnswers)
        {
            throw Refused("The status callback body is an error document, not states: \"" + MessageText.Quote(response.ErrorText, null) + "\".");
        }

        var ids = new List<long>(response.States.Count + response.IdMessages.Count);
        var problems = new List<MySmppException>(response.IdMessages.Count);
        foreach (SmsState state in response.States) ids.Add(state.Id);
        foreach (IdMessage message in response.IdMessages)
        {
            ids.Add(message.Id);
            problems.Add(ServerText.ForId(message.Id, message.Text, null, null));
        }

        return new StatusCallbackContent(protocol, response.States, problems, ids);
    }

    /// <summary>The acknowledgement for <paramref name="ids"/> (repeats dropped, order kept) in <paramref name="protocol"/>.</summary>
    public static StatusCallbackAcknowledgement Acknowledge(IEnumerable<long> ids, MySmppProtocol protocol)
    {
        if (ids == null) throw new ArgumentNullException(nameof(ids));
        var unique = new List<long>();
        var seen = new HashSet<long>();
        foreach (long id in ids)
        {
            if (seen.Add(id)) unique.Add(id);
        }

        var body = new StringBuilder(32 + (unique.Count * 24));
        if (protocol == MySmppProtocol.Xml)
        {
            body.Append("<?xml version=\"1.0\" encoding=\"utf-8\"?><response>");
            foreach (long id in unique) body.Append("<id_sms>").Append(id.ToString(CultureInfo.InvariantCulture)).Append("</id_sms>");
            body.Append("</response>");
        }
        else
        {
            body.Append('[');
            for (int i = 0; i < unique.Count; i++)
            {
                if (i > 0) body.Append(',');
                body.Append("{\"id_sms\":").Append(unique[i].ToString(CultureInfo.InvariantCulture)).Append('}');
            }

            body.Append(']');
        }

        return new StatusCallbackAcknowledgement(protocol, unique, body.ToString());
    }

    private static MySmppProtocol FlavourOf(string body, string? contentType)
    {
        string type = (contentType ?? string.Empty).ToLowerInvariant();
        if (type.IndexOf("json", StringComparison.Ordinal) >= 0) return MySmppProtocol.Json;
        if (type.IndexOf("xml", StringComparison.Ordinal) >= 0) return MySmppProtocol.Xml;
        char first = body[0];
        if (first == '[' || first == '{') return MySmppProtocol.Json;
        if (first == '<') return MySmppProtocol.Xml;
        throw Refused("The status callback body is neither JSON nor XML (it starts with '" + MessageText.Shorten(body, 20) + "').");
    }

    private static MySmppProtocolException Refused(string message) => new MySmppProtocolException(message);
}
