using MySmpp.Errors;

namespace MySmpp.Sending;

/// <summary>
/// What happened to one recipient: a <see cref="SmsSendResult"/> or an error, and its <see cref="Fate"/>. Every recipient
/// added to an <see cref="SmsSendOperation"/> comes back as exactly one of these, in input order, whatever stops the
/// operation. <see cref="Phone"/>, <see cref="Text"/>, <see cref="Sender"/> and <see cref="ClientId"/> bind to
/// <c>Send-Sms</c> by property name, so the recipients to send again can be piped back with their keys.
/// </summary>
public sealed class SmsSendOutcome
{
    internal SmsSendOutcome(long position, SmsMessage input, string phone, long? clientId, SmsSendFate fate, SmsSendResult? result, MySmppException? error)
    {
        Position = position;
        Input = input;
        Phone = phone;
        ClientId = clientId;
        Fate = fate;
        Result = result;
        Error = error;
    }

    /// <summary>The recipient's place in the command's input, from 0.</summary>
    public long Position { get; }

    /// <summary>The recipient (normalised when it could be).</summary>
    public string Phone { get; }

    /// <summary>The idempotency key, when one was assigned (not for messages refused before sending).</summary>
    public long? ClientId { get; }

    /// <summary>What became of the recipient.</summary>
    public SmsSendFate Fate { get; }

    /// <summary>The accepted message, or null.</summary>
    public SmsSendResult? Result { get; }

    /// <summary>Why the message was not accepted (or why its fate is unknown), or null.</summary>
    public MySmppException? Error { get; }

    /// <summary>
    /// The message as it was given (times as given, not converted). Not called Message: that is an alias of
    /// <c>Send-Sms -Text</c>, and the outcome pipes back into <c>Send-Sms</c> by property name.
    /// </summary>
    public SmsMessage Input { get; }

    /// <summary>The SMS text.</summary>
    public string? Text => Input.Text;

    /// <summary>The SMS sender name.</summary>
    public string? Sender => Input.Sender;

    /// <summary>True when the recipient may be sent again: never sent (<see cref="SmsSendFate.NotSent"/>), or of unknown fate with its key (<see cref="SmsSendFate.Unconfirmed"/>).</summary>
    public bool IsUnresolved => Fate == SmsSendFate.NotSent || Fate == SmsSendFate.Unconfirmed;

    /// <inheritdoc />
    public override string ToString() => Result?.ToString() ?? (Phone + ": " + Fate + (Error == null ? string.Empty : ": " + Error.Message));
}
