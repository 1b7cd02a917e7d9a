using System;
using System.Management.Automation;
using MySmpp.Errors;
using MySmpp.Journal;

namespace MySmpp.Commands;

/// <summary>
/// Turns MySmpp errors into PowerShell <see cref="ErrorRecord"/>s with stable ErrorIds (the Core's
/// <see cref="MySmppException.ErrorId"/>, or one of the ids below for problems found by the module),
/// a fitting <see cref="ErrorCategory"/> and the id(s) as TargetObject. Messages come from the Core,
/// which never puts a secret in them; nothing here adds one.
/// </summary>
internal static class ErrorRecords
{
    /// <summary>No session: neither <c>-Session</c> nor a default from <c>Connect-MySmpp</c>, or the session was disconnected.</summary>
    public const string NotConnected = "MySmpp.NotConnected";

    /// <summary>A parameter value the module or the Core refuses (bad id, option out of range, unknown time zone).</summary>
    public const string InvalidArgument = "MySmpp.InvalidArgument";

    /// <summary>Connect-MySmpp without credential parameters found no MYSMPP_* environment variables.</summary>
    public const string CredentialMissing = "MySmpp.CredentialMissing";

    /// <summary>A journal cmdlet ran on a session connected with -NoJournal.</summary>
    public const string JournalDisabled = "MySmpp.JournalDisabled";

    /// <summary>Get-SmsStateSummary or a report cmdlet received something it does not count (not a state, a send result or an error record).</summary>
    public const string UnexpectedInput = "MySmpp.UnexpectedInput";

    /// <summary>Export-SmsDeliveryReport could not write its file (no such folder, no permission...).</summary>
    public const string ReportWriteFailed = "MySmpp.ReportWriteFailed";

    /// <summary>The category that fits a Core error.</summary>
    public static ErrorCategory CategoryOf(MySmppException exception)
    {
        switch (exception)
        {
            case MySmppAuthenticationException _:
                return ErrorCategory.AuthenticationError;
            case MySmppProxyAuthenticationException _:
                return ErrorCategory.AuthenticationError;
            case MySmppAccountLockedException _:
                return ErrorCategory.PermissionDenied;
            case MySmppIdNotFoundException _:
                return ErrorCategory.ObjectNotFound;
            case MySmppWaitTimeoutException _:
                return ErrorCategory.OperationTimeout;
            case MySmppTransportException transport:
                return transport.IsTimeout ? ErrorCategory.OperationTimeout : ErrorCategory.ConnectionError;
            case MySmppProtocolException _:
                return ErrorCategory.ProtocolError;
            case MySmppApiException _:
                return ErrorCategory.InvalidResult;
            case MySmppJournalException journal:
                switch (journal.Problem)
                {
                    case SendJournalProblem.Locked: return ErrorCategory.ResourceBusy;
                    case SendJournalProblem.Corrupt: return ErrorCategory.InvalidData;
                    case SendJournalProblem.NotAJournal: return ErrorCategory.InvalidData;
                    case SendJournalProblem.ReadOnly: return ErrorCategory.PermissionDenied;
                    case SendJournalProblem.Full: return ErrorCategory.WriteError;
                    default: return ErrorCategory.ResourceUnavailable;
                }
            default:
                return ErrorCategory.NotSpecified;
        }
    }

    /// <summary>An error record for a Core error about <paramref name="target"/> (an id, the ids, or an address).</summary>
    public static ErrorRecord From(MySmppException exception, object? target)
    {
        var record = new ErrorRecord(exception, exception.ErrorId, CategoryOf(exception), target);
        string? action = RecommendedActionFor(exception);
        if (action != null) record.ErrorDetails = new ErrorDetails(exception.Message) { RecommendedAction = action };
        return record;
    }

    // The "not connected" messages already say to run Connect-MySmpp (Windows PowerShell 5.1 shows no recommendation
    // line); the recommendation says how, rather than saying it again.
    private const string HowToConnect = "Connect-MySmpp -Credential (Get-Credential) asks for the login and password; unattended, Connect-MySmpp alone reads MYSMPP_TOKEN, or MYSMPP_LOGIN and MYSMPP_PASSWORD (Get-Help Connect-MySmpp).";

    /// <summary>The error for "no usable session"; <paramref name="message"/> says what happened and to connect.</summary>
    public static ErrorRecord NotConnectedError(string message, object? target = null)
    {
        var record = new ErrorRecord(new InvalidOperationException(message), NotConnected, ErrorCategory.ConnectionError, target);
        record.ErrorDetails = new ErrorDetails(message) { RecommendedAction = HowToConnect };
        return record;
    }

    /// <summary>The error for a journal cmdlet on a session without a journal.</summary>
    public static ErrorRecord JournalDisabledError(MySmppSession session)
    {
        const string message = "The MySmpp session was connected with -NoJournal, so it has no send journal.";
        var record = new ErrorRecord(new InvalidOperationException(message), JournalDisabled, ErrorCategory.InvalidOperation, session);
        record.ErrorDetails = new ErrorDetails(message) { RecommendedAction = "Run Connect-MySmpp without -NoJournal (or with -JournalPath <file>), or pass such a session with -Session." };
        return record;
    }

    /// <summary>The error for a refused argument; <paramref name="exception"/>'s message says which and why.</summary>
    public static ErrorRecord InvalidArgumentError(Exception exception, object? target) =>
        new ErrorRecord(exception, InvalidArgument, ErrorCategory.InvalidArgument, target);

    // Core says what is wrong with the journal; these say which parameter to use about it.
    private static string JournalActionFor(SendJournalProblem problem) => problem switch
    {
        SendJournalProblem.Locked => "Try again, or give this session its own file: Connect-MySmpp -JournalPath <file>.",
        SendJournalProblem.Full => "Free space, or remove old entries: Clear-SmsJournal -Before <date>.",
        SendJournalProblem.NewerVersion => "Update the module, or connect with -JournalPath <another file>.",
        SendJournalProblem.LibraryMissing => "Reinstall the module, or connect with -NoJournal (which keeps no record of what is sent).",
        _ => "Fix the journal as the message says, or connect with -JournalPath <another file> (or -NoJournal, which keeps no record).",
    };

    private static string? RecommendedActionFor(MySmppException exception)
    {
        switch (exception)
        {
            case MySmppAuthenticationException _:
                return "Check the login and password or the token, then run Connect-MySmpp again.";
            case MySmppAccountLockedException _:
                return "Ask the gateway's support to unlock the account.";
            case MySmppProxyAuthenticationException _:
                return "Run Connect-MySmpp again with -Proxy <address> and -ProxyCredential <PSCredential> (or -ProxyUseDefaultCredentials).";
            case MySmppWaitTimeoutException _:
                return "Wait longer (-TimeoutSec), or query the id later with Get-SmsState.";
            case MySmppTransportException transport when transport.IsTimeout:
                return "Allow more time (Connect-MySmpp -TimeoutSec for one request, -OperationTimeoutSec for a whole command), or ask again later.";
            case MySmppTransportException transport when transport.IsTransient:
                return "Check the address (-BaseUri), the network and the gateway; the request was already retried (-MaxRetries).";
            case MySmppTransportException _:
                // Not transient (a TLS or certificate failure, a host name that does not resolve, a redirect): the message
                // itself says what to change, and that a retry cannot help; a recommendation would only repeat it.
                return null;
            case MySmppJournalException journal:
                return JournalActionFor(journal.Problem);
            default:
                return null;
        }
    }
}
