using System;
using System.Globalization;

namespace MySmpp.Scheduled;

/// <summary>A message waiting in the platform's scheduler for its send time (<c>list_scheduled.php</c>).</summary>
public sealed class ScheduledSms
{
    /// <summary>Creates a scheduled message.</summary>
    public ScheduledSms(long id, string? phone, string? sender, string? text, int? parts, string? type, string? campaign, DateTime? queuedAt, DateTime? sendAt, DateTime? validUntil)
    {
        Id = id;
        Phone = phone;
        Sender = sender;
        Text = text;
        Parts = parts;
        Type = type;
        Campaign = campaign;
        QueuedAt = queuedAt;
        SendAt = sendAt;
        ValidUntil = validUntil;
    }

    /// <summary>The message id (<c>id_sms</c>): Remove-SmsScheduled takes it, Get-SmsState too.</summary>
    public long Id { get; }

    /// <summary>The recipient (<c>phone</c>).</summary>
    public string? Phone { get; }

    /// <summary>The sender name (<c>originator</c>).</summary>
    public string? Sender { get; }

    /// <summary>The text (<c>text_sms</c>), as one safe line.</summary>
    public string? Text { get; }

    /// <summary>SMS parts (<c>count_sms</c>).</summary>
    public int? Parts { get; }

    /// <summary>The kind of message (<c>type</c> or <c>type_sms</c>): sms, flashsms, wappush, vcard.</summary>
    public string? Type { get; }

    /// <summary>The campaign name (<c>name_delivery</c>).</summary>
    public string? Campaign { get; }

    /// <summary>When it was put in the scheduler (<c>time_put_turn</c>), account's local time.</summary>
    public DateTime? QueuedAt { get; }

    /// <summary>When it is to be sent (<c>time_send</c>), account's local time.</summary>
    public DateTime? SendAt { get; }

    /// <summary>No delivery attempts after this time (<c>validity_period</c>), account's local time.</summary>
    public DateTime? ValidUntil { get; }

    /// <inheritdoc />
    public override string ToString() => Id.ToString(CultureInfo.InvariantCulture) + " to " + Phone + " at " + (SendAt.HasValue ? SendAt.Value.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) : "?");
}
