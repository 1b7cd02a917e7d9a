using System.Threading;

namespace MySmpp.Sending;

/// <summary>
/// A checked recipient on its way: the message (times already in the account's time), its normalised phone, its
/// idempotency key, where it stood in the input, and what its requests have shown so far.
/// </summary>
internal sealed class PreparedRecipient
{
    private int _requests;
    private int _mayHaveArrived;

    public PreparedRecipient(long position, SmsMessage given, SmsMessage wire, string phone, long clientId, bool keyGenerated)
    {
        Position = position;
        Given = given;
        Message = wire;
        Phone = phone;
        ClientId = clientId;
        KeyGenerated = keyGenerated;
    }

    public long Position { get; }

    /// <summary>The message as the caller gave it.</summary>
    public SmsMessage Given { get; }

    /// <summary>The message as it is written into the request (times in the account's wall-clock time).</summary>
    public SmsMessage Message { get; }

    public string Phone { get; }

    public long ClientId { get; }

    /// <summary>True when this command generated the key (the caller gave none).</summary>
    public bool KeyGenerated { get; }

    /// <summary>1-based position in its request (<c>number_sms</c>), which the answer echoes.</summary>
    public int NumberSms { get; set; }

    /// <summary>Requests that carried this recipient so far.</summary>
    public int Requests => Volatile.Read(ref _requests);

    /// <summary>
    /// True once a request carrying this recipient may have reached the gateway without its answer reaching us (a lost
    /// answer, a time-out, a 5xx): an "already sent" from then on is the gateway keeping its word, not a key collision.
    /// </summary>
    public bool MayHaveArrived => Volatile.Read(ref _mayHaveArrived) != 0;

    /// <summary>The recipient's send-journal entry, once its intent is written (or the entry it is sent again for).</summary>
    public long? JournalEntry { get; set; }

    /// <summary>
    /// True when the recipient is an entry an earlier command journaled, sent again under its key (Resume-SmsSend, a job's
    /// row an earlier run reached): <see cref="JournalEntry"/> is that entry from the start.
    /// </summary>
    public bool IsResend { get; set; }

    /// <summary>The outcome, once known.</summary>
    public SmsSendOutcome? Outcome { get; set; }

    /// <summary>True when the recipient was taken out of its batch before it was sent (its outcome is set).</summary>
    public bool IsExcluded { get; private set; }

    /// <summary>Takes the recipient out of its batch before it is sent, with the outcome it comes out as.</summary>
    public void Exclude(SmsSendOutcome outcome)
    {
        Outcome = outcome;
        IsExcluded = true;
    }

    public void CountRequest() => Interlocked.Increment(ref _requests);

    public void MarkMayHaveArrived() => Volatile.Write(ref _mayHaveArrived, 1);
}
