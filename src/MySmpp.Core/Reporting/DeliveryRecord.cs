using System;
using MySmpp.Errors;
using MySmpp.Model;
using MySmpp.Sending;

namespace MySmpp.Reporting;

/// <summary>
/// One message (or one error) as the reports count it: the fields a delivery report reads, whatever object the
/// pipeline carried. <see cref="SmsStateSummary"/> and <see cref="DeliveryReportBuilder"/> count these, so a
/// summary and a report of the same input always agree.
/// </summary>
/// <remarks>
/// <para>
/// <b>Feeding a new kind of record</b> (a send journal's entries, say): give the type a way to become a
/// <see cref="DeliveryRecord"/> — implement <see cref="IDeliveryRecordSource"/>, whose one method fills the
/// constructor below from the entry's id, phone, send time, status, status time, parts, price and error id — and
/// the report cmdlets, <c>Get-SmsStateSummary</c>, the model and every renderer take it as they are: the module's
/// input adapter accepts any <see cref="IDeliveryRecordSource"/>, and nothing after this struct knows where a
/// record came from. A record with both <see cref="SentAt"/> and a delivered <see cref="StatusTime"/> adds to the
/// time-to-deliver percentiles; <see cref="SmsState"/> (no send time) and <see cref="SmsSendResult"/> (no delivery
/// time) alone never do.
/// </para>
/// <para>
/// Times are wall-clock times as their source gave them (the gateway's for status times, this computer's for
/// send results): a record whose two times come from different clocks gives skewed delivery times, and one whose
/// status time is earlier than its send time is not counted in the percentiles (see
/// <see cref="SmsDeliveryReport.TimeToDeliverSkipped"/>).
/// </para>
/// </remarks>
public readonly struct DeliveryRecord
{
    /// <summary>A message's record.</summary>
    /// <param name="id">The gateway's message id (<c>id_sms</c>), when known.</param>
    /// <param name="phone">The recipient's phone (digits), when known; reports show it masked.</param>
    /// <param name="sentAt">When the message was sent, when known.</param>
    /// <param name="status">The message's status.</param>
    /// <param name="rawStatus">The status as the gateway wrote it (shown for <see cref="SmsStatus.Unknown"/>), or null.</param>
    /// <param name="statusTime">When the status last changed, or null (status <c>send</c>).</param>
    /// <param name="parts">Number of parts, when known.</param>
    /// <param name="cost">What the message cost (all its parts), when known; never negative.</param>
    public DeliveryRecord(long? id, string? phone, DateTime? sentAt, SmsStatus status, string? rawStatus, DateTime? statusTime, int? parts, decimal? cost)
    {
        if (parts.HasValue && parts.Value < 0) throw new ArgumentOutOfRangeException(nameof(parts), parts.Value, "The number of parts must not be negative.");
        if (cost.HasValue && cost.Value < 0) throw new ArgumentOutOfRangeException(nameof(cost), cost.Value, "A cost must not be negative.");
        Id = id;
        Phone = phone;
        SentAt = sentAt;

        // A value outside the enum (a cast in a record source) is a status this version does not know.
        Status = status >= SmsStatus.Unknown && status <= SmsStatus.PartlyDelivered ? status : SmsStatus.Unknown;
        RawStatus = rawStatus;
        StatusTime = statusTime;
        Parts = parts;
        Cost = cost;
        ErrorId = null;
        ErrorText = null;
        IsSendRefusal = false;
    }

    private DeliveryRecord(long? id, string? phone, string errorId, string? errorText, bool isSendRefusal)
    {
        Id = id;
        Phone = phone;
        SentAt = null;
        Status = SmsStatus.Unknown;
        RawStatus = null;
        StatusTime = null;
        Parts = null;
        Cost = null;
        ErrorId = errorId;
        ErrorText = errorText;
        IsSendRefusal = isSendRefusal;
    }

    /// <summary>The gateway's message id, when known.</summary>
    public long? Id { get; }

    /// <summary>The recipient's phone as given (reports mask it), or null.</summary>
    public string? Phone { get; }

    /// <summary>When the message was sent, or null.</summary>
    public DateTime? SentAt { get; }

    /// <summary>The status (meaningless for an error: see <see cref="IsError"/>).</summary>
    public SmsStatus Status { get; }

    /// <summary>The status as the gateway wrote it, or null.</summary>
    public string? RawStatus { get; }

    /// <summary>When the status last changed, or null.</summary>
    public DateTime? StatusTime { get; }

    /// <summary>Number of parts, or null.</summary>
    public int? Parts { get; }

    /// <summary>The message's cost (all parts), or null.</summary>
    public decimal? Cost { get; }

    /// <summary>The error's stable id (e.g. <c>MySmpp.IdNotFound</c>) when this record is an error instead of a message.</summary>
    public string? ErrorId { get; }

    /// <summary>The error's message as the module wrote it (reports quote it as one bounded safe line), or null.</summary>
    public string? ErrorText { get; }

    /// <summary>True when the error is a recipient refused at send (stop list, funds, sender...).</summary>
    public bool IsSendRefusal { get; }

    /// <summary>True when this record stands for an error, not a message's state.</summary>
    public bool IsError => ErrorId != null;

    /// <summary>The record of a state read from the gateway (no send time, no phone).</summary>
    public static DeliveryRecord From(SmsState state)
    {
        if (state == null) throw new ArgumentNullException(nameof(state));
        return new DeliveryRecord(state.Id, null, null, state.Status, state.RawStatus, state.StatusTime, state.Parts, state.TotalCost);
    }

    /// <summary>
    /// The record of an accepted message: status Sent (no delivery report yet), sent at <see cref="SmsSendResult.SentAt"/>,
    /// costing <see cref="SmsSendResult.Price"/> (the gateway's <c>price_sum</c>, or its <c>price</c> when that is all it sent).
    /// </summary>
    public static DeliveryRecord From(SmsSendResult result)
    {
        if (result == null) throw new ArgumentNullException(nameof(result));
        return new DeliveryRecord(result.Id, result.Phone, result.SentAt, SmsStatus.Sent, null, null, result.Parts, result.Price);
    }

    /// <summary>The record of a MySmpp error (a refusal at send is told apart by its type).</summary>
    public static DeliveryRecord From(MySmppException error, long? id)
    {
        if (error == null) throw new ArgumentNullException(nameof(error));
        if (error is MySmppSendRefusedException refused) return Error(id, refused.Phone, refused.ErrorId, refused.Message, isSendRefusal: true);
        if (!id.HasValue && error.Ids.Count == 1) id = error.Ids[0];
        return Error(id, null, error.ErrorId, error.Message, isSendRefusal: false);
    }

    /// <summary>The record of an error (a failed query or send), with its stable id and message.</summary>
    /// <param name="id">The message id the error is about, when there is one.</param>
    /// <param name="phone">The recipient, when the error is about one.</param>
    /// <param name="errorId">The error's stable id (e.g. <c>MySmpp.WaitTimeout</c>); an empty one is counted as <c>(none)</c>.</param>
    /// <param name="errorText">The error's message, or null.</param>
    /// <param name="isSendRefusal">True for a recipient refused at send.</param>
    public static DeliveryRecord Error(long? id, string? phone, string errorId, string? errorText, bool isSendRefusal) =>
        new DeliveryRecord(id, phone, string.IsNullOrEmpty(errorId) ? "(none)" : errorId, errorText, isSendRefusal);
}

/// <summary>
/// An object the delivery reports and <c>Get-SmsStateSummary</c> can count: it says what it is as a
/// <see cref="DeliveryRecord"/>. Implement it on a new record type (a journal entry) to feed it to them unchanged.
/// </summary>
public interface IDeliveryRecordSource
{
    /// <summary>This object as a report counts it.</summary>
    DeliveryRecord ToDeliveryRecord();
}
