using System;
using MySmpp.Errors;

namespace MySmpp.Model;

/// <summary>
/// The answer for one requested id occurrence: either a <see cref="SmsState"/> or a
/// <see cref="MySmppException"/>. Every id put into a query comes back as exactly one of these.
/// </summary>
public readonly struct SmsStateResult
{
    /// <summary>Creates a successful result.</summary>
    public SmsStateResult(SmsState state)
    {
        State = state ?? throw new ArgumentNullException(nameof(state));
        Id = state.Id;
        Error = null;
    }

    /// <summary>Creates a failed result for <paramref name="id"/>.</summary>
    public SmsStateResult(long id, MySmppException error)
    {
        Id = id;
        State = null;
        Error = error ?? throw new ArgumentNullException(nameof(error));
    }

    /// <summary>The id that was asked about.</summary>
    public long Id { get; }

    /// <summary>The state, or <c>null</c> when <see cref="Error"/> is set.</summary>
    public SmsState? State { get; }

    /// <summary>Why there is no state for this id, or <c>null</c> on success.</summary>
    public MySmppException? Error { get; }

    /// <summary>True when <see cref="State"/> is set.</summary>
    public bool IsSuccess => State != null;

    /// <inheritdoc />
    public override string ToString() => State?.ToString() ?? (Id + ": " + Error?.Message);
}
