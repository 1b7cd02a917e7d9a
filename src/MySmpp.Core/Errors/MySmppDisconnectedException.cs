using System;
using System.Collections.Generic;
using MySmpp.Client;

namespace MySmpp.Errors;

/// <summary>
/// The session was disconnected (<see cref="MySmppClient.Dispose"/>, <c>Disconnect-MySmpp</c> from any runspace) before or
/// while a command used it. Session-fatal: nothing more can be sent over it.
/// </summary>
public sealed class MySmppDisconnectedException : MySmppException
{
    /// <summary>Creates the exception.</summary>
    public MySmppDisconnectedException(string message, IReadOnlyList<long>? ids = null, Exception? innerException = null)
        : base(message, ids, null, null, innerException)
    {
    }

    /// <inheritdoc />
    public override string ErrorId => "MySmpp.NotConnected";

    /// <inheritdoc />
    public override bool IsSessionFatal => true;

    internal override MySmppException CopyWith(string message, IReadOnlyList<long> ids, string? serverMessage, Exception? innerException) =>
        new MySmppDisconnectedException(message, ids, innerException);
}
