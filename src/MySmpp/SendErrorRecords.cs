using System.Management.Automation;

namespace MySmpp.Commands;

/// <summary>Error records for recipients the gateway (or the module) refused, with a category and advice per kind.</summary>
internal static class SendErrorRecords
{
    public static ErrorRecord From(MySmppException error, object target)
    {
        if (!(error is MySmppSendRefusedException refused)) return ErrorRecords.From(error, target);
        var record = new ErrorRecord(refused, refused.ErrorId, CategoryOf(refused.Refusal), target);
        string? action = ActionFor(refused);
        if (action != null) record.ErrorDetails = new ErrorDetails(refused.Message) { RecommendedAction = action };
        return record;
    }

    private static ErrorCategory CategoryOf(SendRefusal refusal)
    {
        switch (refusal)
        {
            case SendRefusal.InvalidPhone:
            case SendRefusal.InvalidMessage:
                return ErrorCategory.InvalidArgument;
            case SendRefusal.StopListed:
            case SendRefusal.SenderNotAllowed:
            case SendRefusal.DestinationClosed:
                return ErrorCategory.PermissionDenied;
            case SendRefusal.InsufficientFunds:
                return ErrorCategory.QuotaExceeded;
            case SendRefusal.TextRejected:
                return ErrorCategory.InvalidData;
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
            default:
                return null;
        }
    }
}
