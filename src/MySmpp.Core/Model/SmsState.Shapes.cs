using System;

namespace MySmpp.Model;

/// <summary>The shapes a state read from the gateway comes in, one private subtype each.</summary>
/// <remarks>
/// One query answers in one shape: the JSON flavour without <c>detail</c> has only id, status and time;
/// with <c>detail</c> it adds parts and price; the XML flavour adds the SMS and Viber channel statuses.
/// A table with every column would not fit 80 columns and would always show empty ones, so PowerShell
/// shows each shape with its own view, chosen by type name (<c>MySmpp.Model.SmsState+Detail</c>,
/// <c>MySmpp.Model.SmsState+Channels</c>). A subtype carries that name for free; wrapping each state in a
/// PSObject with an extra type name instead cost about 440 bytes and a few microseconds per state, more
/// than reading it from the wire.
/// </remarks>
public partial class SmsState
{
    /// <summary>The codecs' factory: a state of the shape its fields give it.</summary>
    internal static SmsState Create(
        long id,
        string rawStatus,
        SmsStatus status,
        DateTime? statusTime,
        MySmppProtocol protocol,
        string? rawSmsStatus,
        SmsStatus? smsStatus,
        string? rawViberStatus,
        SmsStatus? viberStatus,
        int? parts,
        decimal? pricePerPart,
        TimeZoneInfo? serverTimeZone)
    {
        if (protocol == MySmppProtocol.Xml || rawSmsStatus != null || rawViberStatus != null)
        {
            return new Channels(id, rawStatus, status, statusTime, protocol, rawSmsStatus, smsStatus, rawViberStatus, viberStatus, parts, pricePerPart, serverTimeZone);
        }

        if (parts.HasValue || pricePerPart.HasValue)
        {
            return new Detail(id, rawStatus, status, statusTime, protocol, rawSmsStatus, smsStatus, rawViberStatus, viberStatus, parts, pricePerPart, serverTimeZone);
        }

        return new SmsState(id, rawStatus, status, statusTime, protocol, rawSmsStatus, smsStatus, rawViberStatus, viberStatus, parts, pricePerPart, serverTimeZone);
    }

    /// <summary>A state with the SMS and Viber channel statuses (XML flavour).</summary>
    private sealed class Channels : SmsState
    {
        public Channels(long id, string rawStatus, SmsStatus status, DateTime? statusTime, MySmppProtocol protocol, string? rawSmsStatus, SmsStatus? smsStatus, string? rawViberStatus, SmsStatus? viberStatus, int? parts, decimal? pricePerPart, TimeZoneInfo? serverTimeZone)
            : base(id, rawStatus, status, statusTime, protocol, rawSmsStatus, smsStatus, rawViberStatus, viberStatus, parts, pricePerPart, serverTimeZone)
        {
        }
    }

    /// <summary>A state with parts and price (JSON flavour with <c>detail</c>).</summary>
    private sealed class Detail : SmsState
    {
        public Detail(long id, string rawStatus, SmsStatus status, DateTime? statusTime, MySmppProtocol protocol, string? rawSmsStatus, SmsStatus? smsStatus, string? rawViberStatus, SmsStatus? viberStatus, int? parts, decimal? pricePerPart, TimeZoneInfo? serverTimeZone)
            : base(id, rawStatus, status, statusTime, protocol, rawSmsStatus, smsStatus, rawViberStatus, viberStatus, parts, pricePerPart, serverTimeZone)
        {
        }
    }
}
