using System;
using System.Collections.Generic;

namespace MySmpp.Errors;

/// <summary>The gateway reports the account as locked ("Your account is locked").</summary>
public sealed class MySmppAccountLockedException : MySmppException
{
    /// <summary>Creates the exception.</summary>
    public MySmppAccountLockedException(
        string message,
        IReadOnlyList<long>? ids = null,
        int? httpStatusCode = null,
        string? serverMessage = null,
        Exception? innerException = null)
        : base(message, ids, httpStatusCode, serverMessage, innerException)
    {
    }

    /// <inheritdoc />
    public override string ErrorId => "MySmpp.AccountLocked";

    /// <inheritdoc />
    public override bool IsSessionFatal => true;

    internal override MySmppException CopyWith(string message, IReadOnlyList<long> ids, string? serverMessage, Exception? innerException) =>
        new MySmppAccountLockedException(message, ids, HttpStatusCode, serverMessage, innerException);
}
