namespace MySmpp.Sending;

/// <summary>What became of one recipient of a send, as far as this command knows.</summary>
public enum SmsSendFate
{
    /// <summary>The gateway accepted the message now (<see cref="SmsSendResult.Id"/> is its <c>id_sms</c>).</summary>
    Accepted,

    /// <summary>The gateway already had a message with this key: nothing new was sent (a re-run, or a retry after a lost answer).</summary>
    AlreadySent,

    /// <summary>The message was refused (by the gateway, or by this module before sending): it was not sent.</summary>
    Refused,

    /// <summary>
    /// The recipient's request never left (the command stopped first, a breaker or the time limit kept it back): it was
    /// not sent. Sending it again, with its key or a new one, sends it once.
    /// </summary>
    NotSent,

    /// <summary>
    /// The recipient's request left but its answer was lost: the message may or may not have been sent. Sending it again
    /// with the SAME key (<see cref="SmsSendOutcome.ClientId"/>) is safe: the gateway sends it only if it had not.
    /// </summary>
    Unconfirmed,
}
