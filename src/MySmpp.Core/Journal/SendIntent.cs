using System;
using MySmpp.Sending;

namespace MySmpp.Journal;

/// <summary>
/// One recipient about to be sent: everything needed to send it again with the same key. Written by
/// <see cref="ISendJournal.RecordIntents"/> before the request that carries it leaves.
/// </summary>
public sealed class SendIntent
{
    /// <summary>Creates an intent.</summary>
    /// <param name="position">The recipient's position in the command's input (Send-Sms counts from 1); a job restart matches rows by it.</param>
    /// <param name="phone">The normalised phone (digits only), as it goes on the wire.</param>
    /// <param name="clientId">The idempotency key (<c>client_id_sms</c>) it goes out with.</param>
    /// <param name="message">The message's fields (text, sender, channel, Viber fields, times, campaign); copied, and its Phone and ClientId are ignored.</param>
    /// <param name="at">When the intent is written (about when the request leaves).</param>
    /// <exception cref="ArgumentException">The phone is empty.</exception>
    public SendIntent(long position, string phone, long clientId, SmsMessage message, DateTimeOffset at)
        : this(position, phone, clientId, message, at, copy: true)
    {
    }

    private SendIntent(long position, string phone, long clientId, SmsMessage message, DateTimeOffset at, bool copy)
    {
        if (string.IsNullOrEmpty(phone)) throw new ArgumentException("The phone must not be empty.", nameof(phone));
        if (message == null) throw new ArgumentNullException(nameof(message));
        Position = position;
        Phone = phone;
        ClientId = clientId;
        Message = copy ? message.Clone() : message;
        At = at;
    }

    /// <summary>
    /// An intent that keeps <paramref name="message"/> itself, not a copy: for the send path, which encodes it before
    /// anyone else can touch the message (before the recipient's request leaves, so before its outcome hands the message
    /// to the caller; a recipient that never went out is journaled from a copy of its own), so a second copy per recipient
    /// would only cost.
    /// </summary>
    internal static SendIntent WithOwnMessage(long position, string phone, long clientId, SmsMessage message, DateTimeOffset at) =>
        new SendIntent(position, phone, clientId, message, at, copy: false);

    /// <summary>The recipient's position in the command's input.</summary>
    public long Position { get; }

    /// <summary>The normalised phone.</summary>
    public string Phone { get; }

    /// <summary>The idempotency key.</summary>
    public long ClientId { get; }

    /// <summary>A copy of the message's fields.</summary>
    public SmsMessage Message { get; }

    /// <summary>When the intent is written.</summary>
    public DateTimeOffset At { get; }
}
