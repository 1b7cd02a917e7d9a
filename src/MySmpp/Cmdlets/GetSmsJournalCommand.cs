using System;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;
using MySmpp.Errors;
using MySmpp.Journal;
using MySmpp.Sending;

namespace MySmpp.Commands.Cmdlets;

/// <summary>
/// <c>Get-SmsJournal</c>: the send journal's entries of the session's account, filtered by send time, status, ids, keys,
/// phones, campaign and run, streamed in send order straight from the file (a one-day -Since reads one index range,
/// however big the journal). Entries carry <c>Id</c>, so they pipe into Get-SmsState and Wait-SmsState.
/// </summary>
[Cmdlet(VerbsCommon.Get, "SmsJournal", HelpUri = HelpLinks.Pages + "Get-SmsJournal.md")]
[OutputType(typeof(SmsJournalEntry))]
public sealed class GetSmsJournalCommand : MySmppCmdlet
{
    /// <summary>Entries sent at or after this time (local time unless the value says otherwise).</summary>
    [Parameter(Position = 0)]
    public DateTime? Since { get; set; }

    /// <summary>Entries sent before this time.</summary>
    [Parameter]
    public DateTime? Until { get; set; }

    /// <summary>Entries with any of these statuses; Pending (accepted, not final) and Final are groups.</summary>
    [Parameter]
    public SmsJournalStatus[]? Status { get; set; }

    /// <summary>Entries with these gateway message ids.</summary>
    [Parameter]
    [Alias("id_sms", "MessageId", "IdSms")]
    [MessageIdTransformation]
    public long[]? Id { get; set; }

    /// <summary>Entries sent with these idempotency keys.</summary>
    [Parameter]
    [Alias("client_id_sms")]
    [ClientIdTransformation]
    public long[]? ClientId { get; set; }

    /// <summary>Entries to these phones (written as Send-Sms accepts them: spaces, dashes, brackets and a leading + are ignored).</summary>
    [Parameter]
    public string[]? Phone { get; set; }

    /// <summary>Entries of these campaigns (Send-Sms -CampaignName), exactly.</summary>
    [Parameter]
    [ArgumentCompleter(typeof(JournalValueCompleter))]
    public string[]? CampaignName { get; set; }

    /// <summary>Entries of these runs (one run per Send-Sms command).</summary>
    [Parameter]
    [ArgumentCompleter(typeof(JournalValueCompleter))]
    public Guid[]? RunId { get; set; }

    /// <summary>The session whose journal and account to read; the default session when omitted.</summary>
    [Parameter]
    public MySmppSession? Session { get; set; }

    /// <inheritdoc />
    protected override void EndProcessing()
    {
        MySmppSession session = ResolveSession(Session);
        var query = new SendJournalQuery
        {
            Since = Since,
            Until = Until,
            Statuses = Status,
            Ids = Id,
            ClientIds = ClientId,
            Phones = Phone == null ? null : NormalizedPhones(Phone),
            CampaignNames = CampaignName,
            RunIds = RunId,
        };
        (ISendJournal journal, SendJournalAccount account) = ResolveJournal(session);
        WriteVerbose("Send journal: " + journal.Path + ", account " + account + ".");
        long count = 0;
        try
        {
            foreach (SmsJournalEntry entry in journal.Query(account, query))
            {
                if (Stopping) break;
                WriteObject(entry);
                count++;
            }
        }
        catch (MySmppJournalException ex)
        {
            ThrowTerminatingError(ErrorRecords.From(ex, journal.Path));
        }

        WriteVerbose(string.Format(CultureInfo.InvariantCulture, "Send journal: {0} entries.", count));
    }

    // A phone typed as Send-Sms takes it; one it would refuse matches nothing, so it is an error, not an empty answer.
    private List<string> NormalizedPhones(string[] phones)
    {
        var normalized = new List<string>(phones.Length);
        foreach (string phone in phones)
        {
            if (PhoneNumber.TryNormalize(phone, out string digits, out string problem))
            {
                normalized.Add(digits);
            }
            else
            {
                ThrowTerminatingError(ErrorRecords.InvalidArgumentError(new ArgumentException("-Phone: " + problem, nameof(Phone)), phone));
            }
        }

        return normalized;
    }
}
