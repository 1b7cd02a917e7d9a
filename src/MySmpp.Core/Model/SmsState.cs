using System;
using System.Globalization;
using System.Text;

namespace MySmpp.Model;

/// <summary>
/// What the gateway said about one message. The same type for both wire flavours; fields a
/// flavour does not carry are <c>null</c>. Immutable.
/// </summary>
/// <remarks>
/// States read from the gateway are of a private subtype named after their shape (see
/// <c>SmsState.Shapes.cs</c>), so that PowerShell can pick an 80-column table per shape by type name
/// without wrapping every state; they are still <see cref="SmsState"/> for every other purpose.
/// </remarks>
public partial class SmsState
{
    // A million of these may be alive in a pipeline, so the layout is compact (88 bytes on 64-bit,
    // against ~190 with a nullable field per property): optional values are flags plus raw fields,
    // statuses are bytes, and derived values (total cost, offset time) are computed when read.
    private const byte NoStatus = byte.MaxValue;
    private const byte HasTimeFlag = 1;
    private const byte HasOffsetFlag = 2;
    private const byte HasPartsFlag = 4;
    private const byte HasPriceFlag = 8;

    private readonly long _statusTimeTicks;
    private readonly decimal _pricePerPart;
    private readonly int _parts;
    private readonly int _offsetMinutes;
    private readonly byte _status;
    private readonly byte _smsStatus;
    private readonly byte _viberStatus;
    private readonly byte _protocol;
    private readonly byte _flags;

    /// <summary>Creates a state. Used by the codecs; public so callers can build states for tests.</summary>
    /// <param name="id">The message id (<c>id_sms</c>).</param>
    /// <param name="rawStatus">The overall status string as sent on the wire.</param>
    /// <param name="statusTime">The server's wall-clock time of the last status change, or <c>null</c> when empty.</param>
    /// <param name="protocol">The flavour that produced this state.</param>
    /// <param name="rawSmsStatus">The SMS channel's status string (XML <c>sms</c> attribute), if present.</param>
    /// <param name="rawViberStatus">The Viber channel's status string (XML <c>viber</c> attribute), if present.</param>
    /// <param name="parts">The number of SMS parts (JSON with <c>detail</c>).</param>
    /// <param name="pricePerPart">The price of one part (JSON with <c>detail</c>).</param>
    /// <param name="serverTimeZone">When known, used to compute <see cref="StatusTimeOffset"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="parts"/> or <paramref name="pricePerPart"/> is negative.</exception>
    public SmsState(
        long id,
        string rawStatus,
        DateTime? statusTime,
        MySmppProtocol protocol,
        string? rawSmsStatus = null,
        string? rawViberStatus = null,
        int? parts = null,
        decimal? pricePerPart = null,
        TimeZoneInfo? serverTimeZone = null)
        : this(
            id,
            rawStatus ?? throw new ArgumentNullException(nameof(rawStatus)),
            SmsStatusWire.Parse(rawStatus),
            statusTime,
            protocol,
            rawSmsStatus,
            rawSmsStatus == null ? (SmsStatus?)null : SmsStatusWire.Parse(rawSmsStatus),
            rawViberStatus,
            rawViberStatus == null ? (SmsStatus?)null : SmsStatusWire.Parse(rawViberStatus),
            parts,
            pricePerPart,
            serverTimeZone)
    {
    }

    /// <summary>The codecs' constructor (through <see cref="Create"/>): statuses already mapped from the wire bytes, no string switch again.</summary>
    private SmsState(
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
        if (parts.HasValue && parts.Value < 0) throw new ArgumentOutOfRangeException(nameof(parts), parts.Value, "The number of parts must not be negative.");
        if (pricePerPart.HasValue && pricePerPart.Value < 0) throw new ArgumentOutOfRangeException(nameof(pricePerPart), pricePerPart.Value, "A price must not be negative.");
        Id = id;
        RawStatus = rawStatus;
        _status = (byte)status;
        byte flags = 0;
        if (statusTime.HasValue)
        {
            _statusTimeTicks = statusTime.Value.Ticks;
            flags |= HasTimeFlag;
            if (serverTimeZone != null)
            {
                DateTime wallClock = new DateTime(_statusTimeTicks, DateTimeKind.Unspecified);
                TimeSpan offset = serverTimeZone.GetUtcOffset(wallClock);

                // Building the DateTimeOffset validates the offset (whole minutes within ±14 h); only the minutes are kept.
                _offsetMinutes = (int)new DateTimeOffset(wallClock, offset).Offset.TotalMinutes;
                flags |= HasOffsetFlag;
            }
        }

        _protocol = (byte)protocol;
        RawSmsStatus = rawSmsStatus;
        RawViberStatus = rawViberStatus;
        _smsStatus = smsStatus.HasValue ? (byte)smsStatus.Value : NoStatus;
        _viberStatus = viberStatus.HasValue ? (byte)viberStatus.Value : NoStatus;
        if (parts.HasValue)
        {
            _parts = parts.Value;
            flags |= HasPartsFlag;
        }

        if (pricePerPart.HasValue)
        {
            _pricePerPart = pricePerPart.Value;
            flags |= HasPriceFlag;

            // TotalCost is computed when read, but an overflow is refused here, when the state is made from the wire.
            if (parts.HasValue) _ = parts.Value * pricePerPart.Value;
        }

        _flags = flags;
    }

    /// <summary>The message id (<c>id_sms</c>).</summary>
    public long Id { get; }

    /// <summary>The overall status, or <see cref="MySmpp.Model.SmsStatus.Unknown"/> for a string this version does not know.</summary>
    public SmsStatus Status => (SmsStatus)_status;

    /// <summary>The overall status exactly as sent on the wire (e.g. <c>deliver</c>).</summary>
    public string RawStatus { get; }

    /// <summary>
    /// The server's local wall-clock time of the last status change (<see cref="DateTimeKind.Unspecified"/>),
    /// or <c>null</c> when the server sent an empty time (status <c>send</c>).
    /// </summary>
    public DateTime? StatusTime => (_flags & HasTimeFlag) != 0 ? new DateTime(_statusTimeTicks, DateTimeKind.Unspecified) : (DateTime?)null;

    /// <summary><see cref="StatusTime"/> with the server's offset, when the session names the server's time zone.</summary>
    public DateTimeOffset? StatusTimeOffset => (_flags & HasOffsetFlag) != 0
        ? new DateTimeOffset(_statusTimeTicks, TimeSpan.FromMinutes(_offsetMinutes))
        : (DateTimeOffset?)null;

    /// <summary>True for the documented final statuses: not delivered, expired, read.</summary>
    public bool IsFinal => SmsStatusWire.IsFinal(Status);

    /// <summary>True when the message was delivered or read.</summary>
    public bool IsDelivered => SmsStatusWire.IsDelivered(Status);

    /// <summary>The SMS channel's status (XML flavour), or <c>null</c> when the server did not send one.</summary>
    public SmsStatus? SmsStatus => _smsStatus == NoStatus ? (SmsStatus?)null : (SmsStatus)_smsStatus;

    /// <summary>The Viber channel's status (XML flavour), or <c>null</c> when the server did not send one.</summary>
    public SmsStatus? ViberStatus => _viberStatus == NoStatus ? (SmsStatus?)null : (SmsStatus)_viberStatus;

    /// <summary>The SMS channel's status string as sent, or <c>null</c>.</summary>
    public string? RawSmsStatus { get; }

    /// <summary>The Viber channel's status string as sent, or <c>null</c>.</summary>
    public string? RawViberStatus { get; }

    /// <summary>The number of parts (JSON flavour with detail), or <c>null</c>.</summary>
    public int? Parts => (_flags & HasPartsFlag) != 0 ? _parts : (int?)null;

    /// <summary>The price of one part (JSON flavour with detail), or <c>null</c>.</summary>
    public decimal? PricePerPart => (_flags & HasPriceFlag) != 0 ? _pricePerPart : (decimal?)null;

    /// <summary><see cref="Parts"/> × <see cref="PricePerPart"/> when both are known, else <c>null</c>.</summary>
    public decimal? TotalCost => (_flags & (HasPartsFlag | HasPriceFlag)) == (HasPartsFlag | HasPriceFlag) ? _parts * _pricePerPart : (decimal?)null;

    /// <summary>The wire flavour that produced this state.</summary>
    public MySmppProtocol Protocol => (MySmppProtocol)_protocol;

    /// <summary>A one-line summary, e.g. <c>82216 Delivered (deliver) at 2021-04-26 15:15:03, 1 part, cost 10.6</c>.</summary>
    public override string ToString()
    {
        var text = new StringBuilder(64);
        text.Append(Id.ToString(CultureInfo.InvariantCulture)).Append(' ').Append(Status);
        if (Status == MySmpp.Model.SmsStatus.Unknown || !string.Equals(SmsStatusWire.ToWire(Status), RawStatus, StringComparison.Ordinal))
        {
            text.Append(" (").Append(RawStatus).Append(')');
        }

        if (StatusTime.HasValue)
        {
            text.Append(" at ").Append(StatusTime.Value.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture));
        }

        if (SmsStatus.HasValue) text.Append(", sms ").Append(SmsStatus.Value);
        if (ViberStatus.HasValue) text.Append(", viber ").Append(ViberStatus.Value);
        if (Parts.HasValue) text.Append(", ").Append(Parts.Value.ToString(CultureInfo.InvariantCulture)).Append(Parts.Value == 1 ? " part" : " parts");
        if (TotalCost.HasValue) text.Append(", cost ").Append(TotalCost.Value.ToString(CultureInfo.InvariantCulture));
        return text.ToString();
    }
}
