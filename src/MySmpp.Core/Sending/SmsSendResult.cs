using System;

namespace MySmpp.Sending;

/// <summary>
/// A message the gateway accepted (or had already accepted under the same <see cref="ClientId"/>).
/// <see cref="Id"/> is the <c>id_sms</c> to query with Get-SmsState / Wait-SmsState.
/// </summary>
public sealed class SmsSendResult
{
    /// <summary>Creates a result.</summary>
    public SmsSendResult(long? id, string phone, long clientId, int? parts, decimal? price, bool alreadySent, DateTime? sentAt)
    {
        Id = id;
        Phone = phone ?? throw new ArgumentNullException(nameof(phone));
        ClientId = clientId;
        Parts = parts;
        Price = price;
        AlreadySent = alreadySent;
        SentAt = sentAt;
    }

    /// <summary>The gateway's message id (<c>id_sms</c>); null only when an "already sent" answer did not repeat it.</summary>
    public long? Id { get; }

    /// <summary>The recipient, normalised (digits only).</summary>
    public string Phone { get; }

    /// <summary>The idempotency key sent (<c>client_id_sms</c>): the caller's, or the generated one.</summary>
    public long ClientId { get; }

    /// <summary>Number of SMS parts, when the answer says.</summary>
    public int? Parts { get; }

    /// <summary>The price, when the answer says.</summary>
    public decimal? Price { get; }

    /// <summary>
    /// True when the gateway already had a message with this key: nothing new was sent this time
    /// (a re-run, or a retry after an answer was lost).
    /// </summary>
    public bool AlreadySent { get; }

    /// <summary>
    /// When the gateway accepted this message (local time of this computer, when its answer arrived); <c>null</c>
    /// when <see cref="AlreadySent"/>, since the message was sent earlier, at a time the answer does not tell.
    /// </summary>
    public DateTime? SentAt { get; }

    /// <inheritdoc />
    public override string ToString() => Phone + ": " + (AlreadySent ? "already sent" : "sent") + (Id.HasValue ? " as " + Id.Value : string.Empty);
}
