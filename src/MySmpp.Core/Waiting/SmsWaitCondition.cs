namespace MySmpp;

/// <summary>When a waited-for message counts as settled.</summary>
public enum SmsWaitCondition
{
    /// <summary>Settled when its status is final (not delivered, expired, read).</summary>
    Final = 0,

    /// <summary>Settled when delivered or read, or when final for another reason.</summary>
    Delivered = 1,
}
