namespace MySmpp.Emulator;

/// <summary>
/// What the sending endpoint does once a number of messages were accepted (<see cref="EmulatorOptions.SendFaultAfter"/>):
/// the gateway that "accepts the first recipients of a command and then" misbehaves.
/// </summary>
public enum SendFault
{
    /// <summary>Nothing: every recipient is decided on its own merits.</summary>
    None,

    /// <summary>
    /// The account is locked: later recipients of the same request get the per-recipient text <c>Аккаунт заблокирован.</c>
    /// (<c>Your account is locked</c> in the documented dialect), and later requests the request-level lock error.
    /// </summary>
    Lock,

    /// <summary>Later recipients are refused one by one (<c>Данное направление закрыто для вас.</c>).</summary>
    Refuse,

    /// <summary>
    /// Later requests are read and never answered, until the client gives up. "Later" counts the recipients of the requests
    /// that arrived before (not the accepted ones), so of requests arriving together exactly the first ones are answered.
    /// </summary>
    Stall,

    /// <summary>
    /// Later requests (counted as for <see cref="Stall"/>) are acted on (their recipients accepted or refused as usual) and
    /// never answered: the gateway sent the messages and the client never learns it (a lost answer, a process killed while
    /// waiting).
    /// </summary>
    StallAfterAccepting,
}

/// <summary>How the emulated account stores <c>client_id_sms</c> keys (a gateway with narrower keys sees different keys as one).</summary>
public enum ClientIdStorage
{
    /// <summary>64-bit integers: every key as sent.</summary>
    Int64,

    /// <summary>A signed 32-bit column in a lenient database: larger keys are clamped to 2147483647.</summary>
    Int32,

    /// <summary>A double: keys above 2^53 lose their last digits.</summary>
    Double,
}
