using System;
using System.Collections.Generic;
using MySmpp.Model;

namespace MySmpp.Errors;

/// <summary>A waited-for message did not settle within the time-out; <see cref="LastState"/> is its latest known state.</summary>
public sealed class MySmppWaitTimeoutException : MySmppException
{
    /// <summary>Creates the exception.</summary>
    public MySmppWaitTimeoutException(string message, IReadOnlyList<long> ids, SmsState? lastState, Exception? innerException = null)
        : base(message, ids, innerException: innerException)
    {
        LastState = lastState;
    }

    /// <inheritdoc />
    public override string ErrorId => "MySmpp.WaitTimeout";

    /// <summary>The latest state seen for the id, or <c>null</c> if none was ever received.</summary>
    public SmsState? LastState { get; }

    internal override MySmppException CopyWith(string message, IReadOnlyList<long> ids, string? serverMessage, Exception? innerException) =>
        new MySmppWaitTimeoutException(message, ids, LastState, innerException);
}
