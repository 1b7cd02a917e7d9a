using System;
using System.Collections.Generic;
using System.Xml;
using MySmpp.Errors;
using MySmpp.Model;

namespace MySmpp.Protocol.Xml;

/// <summary>
/// The documented attributes of one <c>&lt;state&gt;</c> as read (values parsed, or kept as read when they
/// do not parse, so the error can quote them), and the checks that refuse a state before its text is read.
/// </summary>
internal struct XmlStateAttributes
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

    /// <summary>
    /// Reads the attributes of the <c>&lt;state&gt;</c> the reader is on: like <see cref="XmlReader.GetAttribute(string)"/>
    /// for each documented one (unprefixed, by atom), but values are read as characters, parsed (id, time) or
    /// mapped to shared status strings.
    /// </summary>
    public static XmlStateAttributes Read(XmlReader reader, XmlStateNames names, XmlValueBuffer values, ref WireTime.LastDate lastDate)
    {
        var result = default(XmlStateAttributes);
        if (!reader.MoveToFirstAttribute()) return result;
        do
        {
            // The qualified name is the local name's atom exactly when there is no prefix, and
            // GetAttribute("id_sms") matches only an unprefixed attribute.
            string name = reader.Name;
            if (XmlStateNames.Is(name, names.IdSms))
            {
                if (result.HasId) continue;
                result.HasId = true;
                ReadOnlySpan<char> value = values.AttributeValue();
                if (!TryParseId(value, out result.Id)) result.BadId = value.ToString();
            }
            else if (XmlStateNames.Is(name, names.Time))
            {
                if (result.HasTime) continue;
                result.HasTime = true;
                ReadOnlySpan<char> value = values.AttributeValue();
                if (value.Length > 0)
                {
                    if (WireTime.TryParse(value, ref lastDate, out DateTime time)) result.Time = time;
                    else result.BadTime = value.ToString();
                }
            }
            else if (XmlStateNames.Is(name, names.Sms))
            {
                if (result.Sms != null) continue;
                result.Sms = Status(values.AttributeValue(), out result.SmsStatus);
            }
            else if (XmlStateNames.Is(name, names.Viber))
            {
                if (result.Viber != null) continue;
                result.Viber = Status(values.AttributeValue(), out result.ViberStatus);
            }
            else if (XmlStateNames.Is(name, names.Price))
            {
                if (result.HasPrice) continue;
                result.HasPrice = true;
                ReadOnlySpan<char> value = values.AttributeValue().Trim();
                if (value.Length > 0)
                {
                    if (TryParsePrice(value, out decimal price)) result.Price = price;
                    else result.BadPrice = value.ToString();
                }
            }
            else if (XmlStateNames.Is(name, names.NumParts))
            {
                if (result.HasParts) continue;
                result.HasParts = true;
                ReadOnlySpan<char> value = values.AttributeValue();
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

    /// <summary>The state, or null when the server put a message where a status goes (added to <paramref name="messages"/> for the id).</summary>
    public readonly SmsState? ToState(ReadOnlySpan<char> statusText, TimeZoneInfo? serverTimeZone, ref List<IdMessage>? messages)
    {
        ReadOnlySpan<char> text = statusText.Trim();
        string? message = !StatusToken.IsStatus(text) ? Bounded(text)
            : Sms != null && !StatusToken.IsStatus(Sms.AsSpan()) ? Sms
            : Viber != null && !StatusToken.IsStatus(Viber.AsSpan()) ? Viber
            : null;
        if (message != null)
        {
            (messages ??= new List<IdMessage>()).Add(new IdMessage(Id, message));
            return null;
        }

        string status = Status(text, out SmsStatus overall);

        // An empty overall status with exactly one channel status: that channel is the message's status.
        if (status.Length == 0)
        {
            if (Sms != null && Viber == null)
            {
                status = Sms;
                overall = SmsStatus;
            }
            else if (Viber != null && Sms == null)
            {
                status = Viber;
                overall = ViberStatus;
            }
        }

        return SmsState.Create(
            Id,
            status,
            overall,
            Time,
            MySmppProtocol.Xml,
            Sms,
            Sms == null ? (SmsStatus?)null : SmsStatus,
            Viber,
            Viber == null ? (SmsStatus?)null : ViberStatus,
            Parts,
            Price,
            serverTimeZone);
    }

    /// <summary>Throws when an attribute is missing or does not parse: the answer is then unreadable, never half-believed.</summary>
    public readonly void Validate()
    {
        if (!HasId) throw Invalid("A <state> has no id_sms attribute.");
        if (BadId != null)
        {
            throw Invalid("A <state> has id_sms '" + MessageText.Shorten(BadId, 40) + "', not a whole number in range.");
        }

        if (BadTime != null)
        {
            throw Invalid("The <state> for id " + Id + " has time '" + MessageText.Shorten(BadTime, 40) + "', not yyyy-MM-dd HH:mm:ss.");
        }

        if (BadPrice != null)
        {
            throw Invalid("The <state> for id " + Id + " has price '" + MessageText.Shorten(BadPrice, 40) + "', not a number of 0 or more.");
        }

        if (BadParts != null)
        {
            throw Invalid("The <state> for id " + Id + " has num_parts '" + MessageText.Shorten(BadParts, 40) + "', not a whole number in range.");
        }

        if (Parts.HasValue && Price.HasValue && !TotalCost.Fits(Parts.Value, Price.Value))
        {
            throw Invalid("The <state> for id " + Id + " has num_parts × price out of range.");
        }
    }

    internal static bool TryParsePrice(ReadOnlySpan<char> text, out decimal price)
    {
        price = 0;
        if (text.Length > 64) return false;
        foreach (char c in text)
        {
            if (!((c >= '0' && c <= '9') || c == '.')) return false;
        }

        return decimal.TryParse(text.ToString(), System.Globalization.NumberStyles.AllowDecimalPoint, System.Globalization.CultureInfo.InvariantCulture, out price);
    }

    // long.TryParse(text, NumberStyles.AllowLeadingWhite | NumberStyles.AllowTrailingWhite, invariant).
    internal static bool TryParseId(ReadOnlySpan<char> text, out long id)
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

    // Only ever quoted (200 characters): a megabyte of it is not kept.
    private static string Bounded(ReadOnlySpan<char> text) => (text.Length > 4096 ? text.Slice(0, 4096) : text).ToString();

    // The shared constant of a documented status, else a new string of the characters.
    private static string Status(ReadOnlySpan<char> value, out SmsStatus status)
    {
        string? known = SmsStatusWire.KnownWireString(value, out status);
        return known ?? (value.Length == 0 ? string.Empty : value.ToString());
    }

    private static MySmppProtocolException Invalid(string message) => XmlStateResponseReader.Invalid(message);
}
