using System;
using System.Globalization;
using System.Text;

namespace MySmpp
{
    /// <summary>
    /// What the gateway said about one message. The same type for both wire flavours; fields a
    /// flavour does not carry are <c>null</c>. Immutable.
    /// </summary>
    public sealed class SmsState
    {
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
        {
            Id = id;
            RawStatus = rawStatus ?? throw new ArgumentNullException(nameof(rawStatus));
            Status = SmsStatusWire.Parse(rawStatus);
            StatusTime = statusTime.HasValue ? DateTime.SpecifyKind(statusTime.Value, DateTimeKind.Unspecified) : (DateTime?)null;
            StatusTimeOffset = StatusTime.HasValue && serverTimeZone != null
                ? new DateTimeOffset(StatusTime.Value, serverTimeZone.GetUtcOffset(StatusTime.Value))
                : (DateTimeOffset?)null;
            Protocol = protocol;
            RawSmsStatus = rawSmsStatus;
            RawViberStatus = rawViberStatus;
            SmsStatus = rawSmsStatus == null ? (SmsStatus?)null : SmsStatusWire.Parse(rawSmsStatus);
            ViberStatus = rawViberStatus == null ? (SmsStatus?)null : SmsStatusWire.Parse(rawViberStatus);
            Parts = parts;
            PricePerPart = pricePerPart;
            TotalCost = parts.HasValue && pricePerPart.HasValue ? parts.Value * pricePerPart.Value : (decimal?)null;
        }

        /// <summary>The message id (<c>id_sms</c>).</summary>
        public long Id { get; }

        /// <summary>The overall status, or <see cref="MySmpp.SmsStatus.Unknown"/> for a string this version does not know.</summary>
        public SmsStatus Status { get; }

        /// <summary>The overall status exactly as sent on the wire (e.g. <c>deliver</c>).</summary>
        public string RawStatus { get; }

        /// <summary>
        /// The server's local wall-clock time of the last status change (<see cref="DateTimeKind.Unspecified"/>),
        /// or <c>null</c> when the server sent an empty time (status <c>send</c>).
        /// </summary>
        public DateTime? StatusTime { get; }

        /// <summary><see cref="StatusTime"/> with the server's offset, when the session names the server's time zone.</summary>
        public DateTimeOffset? StatusTimeOffset { get; }

        /// <summary>True for the documented final statuses: not delivered, expired, read.</summary>
        public bool IsFinal => SmsStatusWire.IsFinal(Status);

        /// <summary>True when the message was delivered or read.</summary>
        public bool IsDelivered => SmsStatusWire.IsDelivered(Status);

        /// <summary>The SMS channel's status (XML flavour), or <c>null</c> when the server did not send one.</summary>
        public SmsStatus? SmsStatus { get; }

        /// <summary>The Viber channel's status (XML flavour), or <c>null</c> when the server did not send one.</summary>
        public SmsStatus? ViberStatus { get; }

        /// <summary>The SMS channel's status string as sent, or <c>null</c>.</summary>
        public string? RawSmsStatus { get; }

        /// <summary>The Viber channel's status string as sent, or <c>null</c>.</summary>
        public string? RawViberStatus { get; }

        /// <summary>The number of parts (JSON flavour with detail), or <c>null</c>.</summary>
        public int? Parts { get; }

        /// <summary>The price of one part (JSON flavour with detail), or <c>null</c>.</summary>
        public decimal? PricePerPart { get; }

        /// <summary><see cref="Parts"/> × <see cref="PricePerPart"/> when both are known, else <c>null</c>.</summary>
        public decimal? TotalCost { get; }

        /// <summary>The wire flavour that produced this state.</summary>
        public MySmppProtocol Protocol { get; }

        /// <summary>A one-line summary, e.g. <c>82216 Delivered (deliver) at 2021-04-26 15:15:03, 1 part, cost 10.6</c>.</summary>
        public override string ToString()
        {
            var text = new StringBuilder(64);
            text.Append(Id.ToString(CultureInfo.InvariantCulture)).Append(' ').Append(Status);
            if (Status == MySmpp.SmsStatus.Unknown || !string.Equals(SmsStatusWire.ToWire(Status), RawStatus, StringComparison.Ordinal))
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
}
