using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using MySmpp.Emulator;
using MySmpp.Model;

namespace MySmpp.Core.Tests.Reliability;

/// <summary>
/// Valid answers of both flavours for synthetic ids, written by hand in the documents' shapes (so the
/// tests do not depend on either codec), and the check that a parsed state is the right one for its id.
/// </summary>
internal static class WireAnswers
{
    /// <summary>The JSON answer for <paramref name="ids"/>, with parts and price when <paramref name="detail"/>.</summary>
    public static string Json(IEnumerable<long> ids, bool detail = true)
    {
        var sb = new StringBuilder("[");
        bool first = true;
        foreach (long id in ids)
        {
            SyntheticMessage m = SyntheticMessages.For(id);
            if (!first) sb.Append(',');
            first = false;
            sb.Append("{\"id_sms\":").Append(id.ToString(CultureInfo.InvariantCulture))
              .Append(",\"time_change_state\":\"").Append(m.Time)
              .Append("\",\"state\":\"").Append(m.State).Append('"');
            if (detail)
            {
                sb.Append(",\"num_parts\":").Append(m.Parts.ToString(CultureInfo.InvariantCulture))
                  .Append(",\"price\":").Append(m.Price.ToString("F7", CultureInfo.InvariantCulture));
            }

            sb.Append('}');
        }

        return sb.Append(']').ToString();
    }

    /// <summary>The XML answer for <paramref name="ids"/>, with the per-channel attributes.</summary>
    public static string Xml(IEnumerable<long> ids)
    {
        var sb = new StringBuilder("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<response>");
        foreach (long id in ids)
        {
            SyntheticMessage m = SyntheticMessages.For(id);
            sb.Append("<state id_sms=\"").Append(id.ToString(CultureInfo.InvariantCulture))
              .Append("\" time=\"").Append(m.Time).Append('"');
            if (m.Sms != null) sb.Append(" sms=\"").Append(m.Sms).Append('"');
            if (m.Viber != null) sb.Append(" viber=\"").Append(m.Viber).Append('"');
            sb.Append('>').Append(m.State).Append("</state>");
        }

        return sb.Append("</response>").ToString();
    }

    public static string For(MySmppProtocol protocol, IEnumerable<long> ids, bool detail = true) =>
        protocol == MySmppProtocol.Xml ? Xml(ids) : Json(ids, detail);

    public static string ContentType(MySmppProtocol protocol) =>
        protocol == MySmppProtocol.Xml ? "text/xml; charset=utf-8" : "text/json; charset=utf-8";

    public static string Error(MySmppProtocol protocol, string text) =>
        protocol == MySmppProtocol.Xml
            ? "<?xml version=\"1.0\" encoding=\"utf-8\"?><response><error>" + System.Security.SecurityElement.Escape(text) + "</error></response>"
            : "{\"error\":" + System.Text.Json.JsonSerializer.Serialize(text) + "}";

    /// <summary>
    /// Null when <paramref name="state"/> is exactly what the emulator's synthetic range says about its id
    /// (status, time, and the fields the flavour carries); otherwise what differs.
    /// </summary>
    /// <remarks>With <paramref name="live"/>, XML states carry parts and price too (the live dialect's price/num_parts).</remarks>
    public static string? Mismatch(SmsState state, MySmppProtocol protocol, bool detail, bool live = false)
    {
        SyntheticMessage m = SyntheticMessages.For(state.Id);
        var problems = new List<string>();
        if (state.RawStatus != m.State) problems.Add("status " + state.RawStatus + " != " + m.State);
        DateTime? time = m.Time.Length == 0 ? null : DateTime.ParseExact(m.Time, "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        if (state.StatusTime != time) problems.Add("time " + state.StatusTime + " != " + time);
        if (state.Protocol != protocol) problems.Add("protocol " + state.Protocol);
        if (protocol == MySmppProtocol.Xml)
        {
            if (state.RawSmsStatus != m.Sms) problems.Add("sms " + state.RawSmsStatus + " != " + m.Sms);
            if (state.RawViberStatus != m.Viber) problems.Add("viber " + state.RawViberStatus + " != " + m.Viber);
            if (live)
            {
                if (state.Parts != m.Parts) problems.Add("parts " + state.Parts + " != " + m.Parts);
                if (state.PricePerPart != m.Price) problems.Add("price " + state.PricePerPart + " != " + m.Price);
            }
            else if (state.Parts != null || state.PricePerPart != null)
            {
                problems.Add("XML state carries parts/price");
            }
        }
        else if (detail)
        {
            if (state.Parts != m.Parts) problems.Add("parts " + state.Parts + " != " + m.Parts);
            if (state.PricePerPart != m.Price) problems.Add("price " + state.PricePerPart + " != " + m.Price);
        }

        return problems.Count == 0 ? null : state.Id + ": " + string.Join("; ", problems);
    }
}
