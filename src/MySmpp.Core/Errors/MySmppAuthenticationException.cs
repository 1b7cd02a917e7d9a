using System;
using System.Collections.Generic;

namespace MySmpp.Errors;

/// <summary>The gateway refused the credentials ("Incorrect login or password").</summary>
public sealed class MySmppAuthenticationException : MySmppException
{
    /// <summary>Creates the exception.</summary>
    public MySmppAuthenticationException(
        string message,
        IReadOnlyList<long>? ids = null,
        int? httpStatusCode = null,
        string? serverMessage = null,
        Exception? innerException = null)
        : base(message, ids, httpStatusCode, serverMessage, innerException)
    {
    }

    /// <inheritdoc />
    public override string ErrorId => "MySmpp.AuthenticationFailed";

    /// <inheritdoc />
    public override bool IsSessionFatal => true;

    internal override MySmppException CopyWith(string message, IReadOnlyList<long> ids, string? serverMessage, Exception? innerException) =>
        new MySmppAuthenticationException(message, ids, HttpStatusCode, serverMessage, innerException);
}
