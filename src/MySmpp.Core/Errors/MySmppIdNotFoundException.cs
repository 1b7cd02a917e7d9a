using System;
using System.Collections.Generic;

namespace MySmpp.Errors;

/// <summary>The gateway answered, but said nothing about this id (unknown to the account, or never sent).</summary>
public sealed class MySmppIdNotFoundException : MySmppException
{
    /// <summary>Creates the exception.</summary>
    public MySmppIdNotFoundException(
        string message,
        IReadOnlyList<long>? ids = null,
        int? httpStatusCode = null,
        string? serverMessage = null,
        Exception? innerException = null)
        : base(message, ids, httpStatusCode, serverMessage, innerException)
    {
    }

    /// <inheritdoc />
    public override string ErrorId => "MySmpp.IdNotFound";

    internal override MySmppException CopyWith(string message, IReadOnlyList<long> ids, string? serverMessage, Exception? innerException) =>
        new MySmppIdNotFoundException(message, ids, HttpStatusCode, serverMessage, innerException);
}
