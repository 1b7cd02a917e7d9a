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
    {
        if (string.IsNullOrEmpty(phone)) throw new ArgumentException("The phone must not be empty.", nameof(phone));
        Position = position;
        Phone = phone;
        ClientId = clientId;
        Message = (message ?? throw new ArgumentNullException(nameof(message))).Clone();
        At = at;
    }

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
