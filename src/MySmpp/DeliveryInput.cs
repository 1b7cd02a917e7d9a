using System;
using System.Globalization;
using System.Management.Automation;
using MySmpp.Errors;
using MySmpp.Model;
using MySmpp.Reporting;
using MySmpp.Sending;

namespace MySmpp.Commands;

/// <summary>
/// What Get-SmsStateSummary and the delivery report cmdlets accept from the pipeline, in one place, so that a
/// summary and a report of the same input count the same things: MySmpp.Model.SmsState, MySmpp.Sending.SmsSendResult, error
/// records (<c>2&gt;&amp;1</c>) and MySmpp exceptions, <see cref="DeliveryRecord"/>s, and any object that is an
/// <see cref="IDeliveryRecordSource"/> (how a new record type, such as a journal entry, is fed in).
/// </summary>
internal static class DeliveryInput
{
    /// <summary>What an input object was.</summary>
    internal enum Kind
    {
        /// <summary>Nothing (null): skipped.</summary>
        Nothing,

        /// <summary>A record to count.</summary>
        Record,

        /// <summary>Something these cmdlets do not count: reported as MySmpp.UnexpectedInput.</summary>
        Unexpected,
    }

    /// <summary>Reads one pipeline object as a record.</summary>
    public static Kind Read(PSObject? item, out DeliveryRecord record)
    {
        switch (item?.BaseObject)
        {
            case null:
                record = default;
                return Kind.Nothing;
            case SmsState state:
                record = DeliveryRecord.From(state);
                return Kind.Record;
            case SmsSendResult sent:
                record = DeliveryRecord.From(sent);
                return Kind.Record;
            case ErrorRecord error:
                record = FromErrorRecord(error);
                return Kind.Record;
            case MySmppException exception:
                record = DeliveryRecord.From(exception, null);
                return Kind.Record;
            case DeliveryRecord given:
                record = given;
                return Kind.Record;
            case IDeliveryRecordSource source:
                record = source.ToDeliveryRecord();
                return Kind.Record;
            default:
                record = default;
                return Kind.Unexpected;
        }
    }

    /// <summary>The non-terminating MySmpp.UnexpectedInput error for an object <paramref name="command"/> does not count.</summary>
    public static ErrorRecord UnexpectedInputError(string command, PSObject item) => new ErrorRecord(
        new ArgumentException(command + " counts MySmpp.Model.SmsState and MySmpp.Sending.SmsSendResult objects (and error records); got " + item.BaseObject.GetType().FullName + ".", "InputObject"),
        ErrorRecords.UnexpectedInput,
        ErrorCategory.InvalidType,
        item);

    private static DeliveryRecord FromErrorRecord(ErrorRecord error)
    {
        long? id = IdOf(error.TargetObject);
        if (error.Exception is MySmppException mySmpp) return DeliveryRecord.From(mySmpp, id);
        string errorId = error.FullyQualifiedErrorId ?? string.Empty;
        int comma = errorId.IndexOf(',');
        if (comma >= 0) errorId = errorId.Substring(0, comma);
        return DeliveryRecord.Error(id, null, errorId, error.Exception?.Message ?? error.ToString(), isSendRefusal: false);
    }

    // A per-id error's target is the id (a long); a batch's is the list of ids, a refusal's the recipient.
    private static long? IdOf(object? target)
    {
        switch (target is PSObject wrapped ? wrapped.BaseObject : target)
        {
            case long id:
                return id;
            case int id:
                return id;
            case string text when long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out long parsed):
                return parsed;
            default:
                return null;
        }
    }
}
