using System;
using System.Collections.Generic;
using MySmpp.Sending;

namespace MySmpp.Errors;

/// <summary>
/// One recipient's message was not accepted: refused by the gateway (<see cref="MySmppException.ServerMessage"/> keeps its
/// text) or, for <see cref="SendRefusal.InvalidPhone"/> and <see cref="SendRefusal.InvalidMessage"/>, by this module before sending.
/// </summary>
public sealed class MySmppSendRefusedException : MySmppException
{
    /// <summary>Creates the exception.</summary>
    public MySmppSendRefusedException(string message, SendRefusal refusal, string phone, long? clientId, string? serverMessage = null, SmsMessageField field = SmsMessageField.None)
        : base(message, null, null, serverMessage)
    {
        Refusal = refusal;
        Phone = phone;
        ClientId = clientId;
        Field = field;
    }

    /// <summary>The kind of refusal.</summary>
    public SendRefusal Refusal { get; }

    /// <summary>The recipient.</summary>
    public string Phone { get; }

    /// <summary>The idempotency key that was sent, if the message got that far.</summary>
    public long? ClientId { get; }

    /// <summary>
    /// The part of the message a refusal made before sending is about, or <see cref="SmsMessageField.None"/>. The message
    /// names it in words; a caller adds its own name for it (the cmdlets prefix their parameter, e.g. <c>-ViberText:</c>).
    /// </summary>
    public SmsMessageField Field { get; }

    /// <summary>
    /// True when the gateway keeps the message and sends it later by itself
    /// ("insufficient funds": it goes out after a top-up).
    /// </summary>
    public bool KeptByGateway => Refusal == SendRefusal.InsufficientFunds && ServerMessage != null && ServerText.IsKeptUntilTopUp(ServerMessage);

    /// <inheritdoc />
    public override string ErrorId => ErrorIdOf(Refusal);

    /// <summary>The ErrorId a refusal of this kind is reported with.</summary>
    internal static string ErrorIdOf(SendRefusal refusal)
    {
        switch (refusal)
        {
            case SendRefusal.StopListed: return "MySmpp.StopListed";
            case SendRefusal.InsufficientFunds: return "MySmpp.InsufficientFunds";
            case SendRefusal.SenderNotAllowed: return "MySmpp.SenderNotAllowed";
            case SendRefusal.TextRejected: return "MySmpp.TextRejected";
            case SendRefusal.DestinationClosed: return "MySmpp.DestinationClosed";
            case SendRefusal.InvalidPhone: return "MySmpp.InvalidPhone";
            case SendRefusal.InvalidMessage: return "MySmpp.InvalidArgument";
            case SendRefusal.DuplicateClientId: return "MySmpp.DuplicateClientId";
            case SendRefusal.ClientIdCollision: return "MySmpp.ClientIdCollision";
            case SendRefusal.SpendCapExceeded: return "MySmpp.SpendCapExceeded";
            case SendRefusal.PriceUnknown: return "MySmpp.PriceUnknown";
            case SendRefusal.JobRowChanged: return "MySmpp.JobRowChanged";
            default: return "MySmpp.SendRejected";
        }
    }

    // A refusal concerns one recipient, not message ids, and is never caused by another exception:
    // only the texts can change.
    internal override MySmppException CopyWith(string message, IReadOnlyList<long> ids, string? serverMessage, Exception? innerException) =>
        new MySmppSendRefusedException(message, Refusal, Phone, ClientId, serverMessage, Field);
}
