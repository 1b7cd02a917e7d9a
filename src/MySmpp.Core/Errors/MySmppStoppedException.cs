using System;
using System.Collections.Generic;

namespace MySmpp.Errors;

/// <summary>
/// The command was stopped (Ctrl+C, <c>[powershell].Stop()</c>, or stopped at its first error under
/// <c>-ErrorAction Stop</c>) before this item's request was made. Nothing was sent for it.
/// </summary>
public sealed class MySmppStoppedException : MySmppException
{
    /// <summary>Creates the exception.</summary>
    public MySmppStoppedException(string message, IReadOnlyList<long>? ids = null, Exception? innerException = null)
        : base(message, ids, null, null, innerException)
    {
    }

    /// <inheritdoc />
    public override string ErrorId => "MySmpp.Stopped";

    internal override MySmppException CopyWith(string message, IReadOnlyList<long> ids, string? serverMessage, Exception? innerException) =>
        new MySmppStoppedException(message, ids, innerException);
}
