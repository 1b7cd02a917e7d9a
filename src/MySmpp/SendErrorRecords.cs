using System;
using System.Management.Automation;
using MySmpp.Errors;
using MySmpp.Sending;

namespace MySmpp.Commands;

/// <summary>Error records for recipients the gateway (or the module) refused, with a category and advice per kind.</summary>
internal static class SendErrorRecords
{
    public static ErrorRecord From(MySmppException error, object target)
    {
        if (!(error is MySmppSendRefusedException refused)) return ErrorRecords.From(error, target);
        var record = new ErrorRecord(refused, refused.ErrorId, CategoryOf(refused.Refusal), target);
        string? action = ActionFor(refused);
        string? parameter = ParameterOf(refused.Field);

        // Core's message names the field in words; the user wrote a parameter, so the message leads with its name. A
        // missing or malformed sender says where the names are in the message itself: Windows PowerShell 5.1 shows no
        // recommendation line.
        if (action != null || parameter != null)
        {
            string message = parameter != null ? parameter + ": " + refused.Message : refused.Message;
            if (refused.Field == SmsMessageField.Sender) message += " " + SenderNames;
            record.ErrorDetails = new ErrorDetails(message) { RecommendedAction = action };
        }

        return record;
    }

    private const string SenderNames = "Get-MySmppSender lists them; Tab after -Sender completes them.";

    /// <summary>The Send-Sms parameter (or pipeline property) that carries <paramref name="field"/>, or null.</summary>
    internal static string? ParameterOf(SmsMessageField field) => field switch
    {
        SmsMessageField.Phone => "-Phone",
        SmsMessageField.Text => "-Text",
        SmsMessageField.Sender => "-Sender",
        SmsMessageField.ClientId => "-ClientId",
        SmsMessageField.Channel => "-Channel",
        SmsMessageField.ViberText => "-ViberText",
        SmsMessageField.ViberSender => "-ViberSender",
        SmsMessageField.ButtonText => "-ButtonText",
        SmsMessageField.ButtonUrl => "-ButtonUrl",
        SmsMessageField.ImageUrl => "-ImageUrl",
        SmsMessageField.CampaignName => "-CampaignName",
        SmsMessageField.SendAt => "-SendAt",
        SmsMessageField.ValidUntil => "-ValidUntil",
        SmsMessageField.QuietHours => "-QuietHours",
        SmsMessageField.SpendCap => "-MaxTotalCost",
        _ => null,
    };

    /// <summary>
    /// The one terminating error of a send that ended early: the error it stopped at (<paramref name="stoppedAt"/>, under
    /// <c>-ErrorAction Stop</c>) or the reason it stopped sending (a locked account, a disconnected session), with the same
    /// ErrorId, and the report of every recipient as its <c>TargetObject</c>.
    /// </summary>
    public static ErrorRecord Incomplete(string command, ErrorRecord? stoppedAt, MySmppException? reason, SmsSendReport report)
    {
        Exception exception = stoppedAt?.Exception ?? (Exception?)reason ?? new InvalidOperationException(command + " ended early.");
        string errorId = stoppedAt != null ? stoppedAt.FullyQualifiedErrorId : reason?.ErrorId ?? "MySmpp.SendIncomplete";
        ErrorCategory category = stoppedAt?.CategoryInfo.Category ?? (reason is MySmppDisconnectedException ? ErrorCategory.ConnectionError : reason != null ? ErrorRecords.CategoryOf(reason) : ErrorCategory.OperationStopped);
        string why = stoppedAt != null ? command + " stopped at this error (-ErrorAction Stop)" : command + " stopped sending";
        var record = new ErrorRecord(exception, errorId, category, report);
        string message = stoppedAt?.ErrorDetails?.Message ?? exception.Message;
        record.ErrorDetails = new ErrorDetails(message + " " + why + ": " + report.Summary + ".")
        {
            RecommendedAction = "The error's TargetObject lists every recipient: send its Unresolved ones again with their keys (they bind by name), which never sends one twice: $_.TargetObject.Unresolved | Send-Sms.",
        };
        return record;
    }

    private static ErrorCategory CategoryOf(SendRefusal refusal)
    {
        switch (refusal)
        {
            case SendRefusal.InvalidPhone:
            case SendRefusal.InvalidMessage:
            case SendRefusal.DuplicateClientId:
                return ErrorCategory.InvalidArgument;
            case SendRefusal.ClientIdCollision:
                return ErrorCategory.ResourceExists;
            case SendRefusal.StopListed:
            case SendRefusal.SenderNotAllowed:
            case SendRefusal.DestinationClosed:
                return ErrorCategory.PermissionDenied;
            case SendRefusal.InsufficientFunds:
                return ErrorCategory.QuotaExceeded;
            case SendRefusal.TextRejected:
            case SendRefusal.PriceUnknown:
            case SendRefusal.JobRowChanged:
                return ErrorCategory.InvalidData;
            case SendRefusal.SpendCapExceeded:
                return ErrorCategory.LimitsExceeded;
            default:
                return ErrorCategory.InvalidResult;
        }
    }

    private static string? ActionFor(MySmppSendRefusedException refused)
    {
        switch (refused.Refusal)
        {
            case SendRefusal.InsufficientFunds:
                return refused.KeptByGateway
                    ? "Top up the account: the gateway keeps this message and sends it then. Do not send it again."
                    : "Ask the gateway's manager for more messages.";
            case SendRefusal.SenderNotAllowed:
                return "Use an approved sender name (Get-MySmppSender).";
            case SendRefusal.StopListed:
                return "The recipient asked not to be sent messages; remove the number from the list.";
            case SendRefusal.SpendCapExceeded:
                return "Nothing of this recipient was sent. Send it in a later command, or with a higher -MaxTotalCost: the error's TargetObject pipes back into Send-Sms.";
            case SendRefusal.DuplicateClientId:
                return "Give each message its own -ClientId.";
            case SendRefusal.ClientIdCollision:
                return "This recipient was NOT sent: send it again with -ClientId values of your own, small enough for the gateway to tell apart.";
            case SendRefusal.PriceUnknown:
                return "The account's balance (Get-MySmppBalance) names no price for this destination, so its cost cannot be capped; send it without -MaxTotalCost if an unbounded cost is acceptable.";
            default:
                return null;
        }
    }
}
