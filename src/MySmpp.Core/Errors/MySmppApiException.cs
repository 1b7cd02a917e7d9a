using System;
using System.Collections.Generic;

namespace MySmpp.Errors;

/// <summary>The gateway answered with an error text this version does not know; <see cref="MySmppException.ServerMessage"/> keeps it.</summary>
public sealed class MySmppApiException : MySmppException
{
    /// <summary>Creates the exception.</summary>
    public MySmppApiException(
        string message,
        IReadOnlyList<long>? ids = null,
        int? httpStatusCode = null,
        string? serverMessage = null,
        Exception? innerException = null)
        : base(message, ids, httpStatusCode, serverMessage, innerException)
    {
    }

    /// <inheritdoc />
    public override string ErrorId => "MySmpp.ApiError";

    internal override MySmppException CopyWith(string message, IReadOnlyList<long> ids, string? serverMessage, Exception? innerException) =>
        new MySmppApiException(message, ids, HttpStatusCode, serverMessage, innerException);
}
