namespace MySmpp.Sending;

/// <summary>Why a recipient's message was not accepted; each kind has its own ErrorId.</summary>
public enum SendRefusal
{
    /// <summary>Any other refusal text (<c>MySmpp.SendRejected</c>); the server's text is kept.</summary>
    Other = 0,

    /// <summary>The phone is on the stop list (<c>MySmpp.StopListed</c>).</summary>
    StopListed,

    /// <summary>Not enough money, or the account's messages ran out (<c>MySmpp.InsufficientFunds</c>).</summary>
    InsufficientFunds,

    /// <summary>The sender name is missing, unknown, not approved or too long (<c>MySmpp.SenderNotAllowed</c>).</summary>
    SenderNotAllowed,

    /// <summary>The text was rejected by moderation or is missing (<c>MySmpp.TextRejected</c>).</summary>
    TextRejected,

    /// <summary>The destination is closed to the account (<c>MySmpp.DestinationClosed</c>).</summary>
    DestinationClosed,

    /// <summary>The phone number is missing or malformed (<c>MySmpp.InvalidPhone</c>).</summary>
    InvalidPhone,

    /// <summary>Refused by this module before sending: a field breaks a documented limit (<c>MySmpp.InvalidArgument</c>).</summary>
    InvalidMessage,

    /// <summary>
    /// Refused by this module before sending: another row of the same command carries the same <c>client_id_sms</c> for
    /// a different phone or text (<c>MySmpp.DuplicateClientId</c>). The gateway would send only one of them.
    /// </summary>
    DuplicateClientId,

    /// <summary>
    /// The gateway answered "already sent" to a key this command generated, on the key's first request: the key met one
    /// the account used before (a gateway that keeps narrower keys), so this recipient was NOT sent
    /// (<c>MySmpp.ClientIdCollision</c>).
    /// </summary>
    ClientIdCollision,

    /// <summary>
    /// Refused by this module before sending: its estimated cost would take the command's estimated spend over
    /// <c>Send-Sms -MaxTotalCost</c>, and so is every later recipient of the command (<c>MySmpp.SpendCapExceeded</c>).
    /// </summary>
    SpendCapExceeded,

    /// <summary>
    /// Refused by this module before sending under <c>Send-Sms -MaxTotalCost</c>: no balance direction with a price
    /// matches the recipient, so its cost cannot be bounded (<c>MySmpp.PriceUnknown</c>).
    /// </summary>
    PriceUnknown,

    /// <summary>
    /// Refused by this module before sending: under <c>Send-Sms -JobName</c>, the input row at a position an earlier run
    /// of the job reached has another phone, text or key than it had then (<c>MySmpp.JobRowChanged</c>).
    /// </summary>
    JobRowChanged,
}
