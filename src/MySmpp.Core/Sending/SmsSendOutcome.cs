using System;

namespace MySmpp;

/// <summary>What happened to one recipient: a <see cref="SmsSendResult"/> or an error. Every recipient added to
/// an <see cref="SmsSendOperation"/> comes back as exactly one of these, in input order.</summary>
public sealed class SmsSendOutcome
{
    internal SmsSendOutcome(string phone, long? clientId, SmsSendResult? result, MySmppException? error)
    {
        Phone = phone;
        ClientId = clientId;
        Result = result;
        Error = error;
    }

    /// <summary>The recipient (normalised when it could be).</summary>
    public string Phone { get; }

    /// <summary>The idempotency key, when one was assigned (not for messages refused before sending).</summary>
    public long? ClientId { get; }

    /// <summary>The accepted message, or null.</summary>
    public SmsSendResult? Result { get; }

    /// <summary>Why the message was not accepted, or null.</summary>
    public MySmppException? Error { get; }

    /// <inheritdoc />
    public override string ToString() => Result?.ToString() ?? (Phone + ": " + Error?.Message);
}
