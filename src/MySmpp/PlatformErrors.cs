using System.Management.Automation;
using MySmpp.Errors;

namespace MySmpp.Commands;

/// <summary>The per-item errors of the platform's listing and change cmdlets (stop list, scheduled messages, replies, numbers).</summary>
internal static class PlatformErrors
{
    /// <summary>An item of an answer that could not be read (its problem is already a safe line): MySmpp.Protocol, non-terminating.</summary>
    public static ErrorRecord Unreadable(string problem, object? target) =>
        ErrorRecords.From(new MySmppProtocolException(problem), target);

    /// <summary>A requested item the answer did not mention, or answered with a word this version does not know: MySmpp.ApiError.</summary>
    public static ErrorRecord Unanswered(string message, string? serverText, object target) =>
        ErrorRecords.From(new MySmppApiException(message, serverMessage: string.IsNullOrEmpty(serverText) ? null : serverText), target);

    /// <summary>A value the module refuses before asking the gateway (a phone number): MySmpp.InvalidArgument, non-terminating.</summary>
    public static ErrorRecord Invalid(string problem, object? target) =>
        ErrorRecords.InvalidArgumentError(new System.ArgumentException(problem), target);
}
