namespace MySmpp;

/// <summary>A checked recipient with its normalised phone, its idempotency key and its number within the request.</summary>
internal sealed class PreparedRecipient
{
    public PreparedRecipient(SmsMessage message, string phone, long clientId)
    {
        Message = message;
        Phone = phone;
        ClientId = clientId;
    }

    public SmsMessage Message { get; }

    public string Phone { get; }

    public long ClientId { get; }

    /// <summary>1-based position in its request (<c>number_sms</c>), which the answer echoes.</summary>
    public int NumberSms { get; set; }
}
