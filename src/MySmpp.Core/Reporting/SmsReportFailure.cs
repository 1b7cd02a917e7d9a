using System;
using System.Text;
using MySmpp.Errors;
using MySmpp.Model;
using MySmpp.Sending;

namespace MySmpp.Reporting;

/// <summary>
/// One row of a report's failures list: a message that was not delivered or expired, or an error (a refusal at
/// send, an id the gateway did not know, a wait that timed out...). Every text is already one safe bounded line.
/// </summary>
public sealed class SmsReportFailure
{
    /// <summary>The longest quote of an error's message in a report.</summary>
    public const int MaxMeaningLength = 160;

    internal SmsReportFailure(in DeliveryRecord record)
    {
        Id = record.Id;
        Phone = MaskPhone(record.Phone);
        if (record.IsError)
        {
            What = ReportText.Label(record.ErrorId);
            Meaning = MessageText.SafeLine(record.ErrorText, MaxMeaningLength);
        }
        else
        {
            What = record.Status.ToString();
            Meaning = MeaningOf(record.Status);
            Time = record.StatusTime;
            Cost = record.Cost;
        }
    }

    /// <summary>The message id, when known.</summary>
    public long? Id { get; }

    /// <summary>The recipient with the middle digits hidden (<c>7900*****03</c>), or empty when not known.</summary>
    public string Phone { get; }

    /// <summary>The status (NotDelivered, Expired) or the error's id (MySmpp.StopListed...).</summary>
    public string What { get; }

    /// <summary>When the status changed, when known.</summary>
    public DateTime? Time { get; }

    /// <summary>What the message cost, when known.</summary>
    public decimal? Cost { get; }

    /// <summary>What it means, in a line: the status's meaning or the error's message.</summary>
    public string Meaning { get; }

    /// <summary>True for the records a failures list shows: final failures and errors.</summary>
    internal static bool IsFailure(in DeliveryRecord record) =>
        record.IsError || record.Status == SmsStatus.NotDelivered || record.Status == SmsStatus.Expired;

    internal static string MeaningOf(SmsStatus status)
    {
        switch (status)
        {
            case SmsStatus.NotDelivered: return "Not delivered: the network refused the message or could not deliver it.";
            case SmsStatus.Expired: return "Expired: the phone was unreachable for every attempt until the message's validity ended.";
            default: return string.Empty;
        }
    }

    /// <summary>
    /// The digits of a phone with all but the first four and the last two hidden (a reader can tell numbers apart
    /// without the report carrying them); anything that is not a digit is dropped, and the result is bounded.
    /// </summary>
    internal static string MaskPhone(string? phone)
    {
        if (string.IsNullOrEmpty(phone)) return string.Empty;
        var digits = new StringBuilder(16);
        foreach (char c in phone!)
        {
            if (c >= '0' && c <= '9') digits.Append(c);
            if (digits.Length == PhoneNumber.MaxDigits) break;
        }

        if (digits.Length < 7) return new string('*', digits.Length);
        for (int i = 4; i < digits.Length - 2; i++) digits[i] = '*';
        return digits.ToString();
    }
}
