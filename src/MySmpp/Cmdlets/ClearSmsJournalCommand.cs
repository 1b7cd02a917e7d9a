using System;
using System.Globalization;
using System.Management.Automation;
using MySmpp.Errors;
using MySmpp.Journal;

namespace MySmpp.Commands.Cmdlets;

/// <summary>
/// <c>Clear-SmsJournal</c>: retention. Deletes the session account's journal entries sent before a date (in short
/// transactions, so senders are not held up) and gives the space back; unless the session keeps texts, also drops the
/// texts that an earlier session kept after the gateway's answer was known.
/// </summary>
[Cmdlet(VerbsCommon.Clear, "SmsJournal", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, HelpUri = HelpLinks.Pages + "Clear-SmsJournal.md")]
[OutputType(typeof(SmsJournalCleanup))]
public sealed class ClearSmsJournalCommand : MySmppCmdlet
{
    /// <summary>Delete the entries sent before this time (local time unless the value says otherwise).</summary>
    [Parameter(Mandatory = true, Position = 0)]
    public DateTime Before { get; set; }

    /// <summary>The session whose journal and account to clear; the default session when omitted.</summary>
    [Parameter]
    public MySmppSession? Session { get; set; }

    /// <inheritdoc />
    protected override void EndProcessing()
    {
        MySmppSession session = ResolveSession(Session);
        DateTimeOffset before = new DateTimeOffset(SendJournalRules.FilterTimeToUtc(Before));
        if (before > DateTimeOffset.Now.AddMinutes(1))
        {
            WriteWarning("Clear-SmsJournal -Before " + Before.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " is in the future: every entry of the account sent so far goes, those whose fate is unknown included.");
        }

        (ISendJournal journal, SendJournalAccount account) = ResolveJournal(session);
        string target = journal.Path + " (" + account + ")";
        string action = "Delete the entries sent before " + before.LocalDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)
            + (journal.KeepText ? string.Empty : ", and drop the texts of answered entries");
        if (!ShouldProcess(target, action)) return;

        long deleted = 0;
        long dropped = 0;
        try
        {
            deleted = journal.DeleteBefore(account, before);
            if (!journal.KeepText) dropped = journal.DropDecidedTexts(account);
        }
        catch (MySmppJournalException ex)
        {
            ThrowTerminatingError(ErrorRecords.From(ex, journal.Path));
        }

        WriteObject(new SmsJournalCleanup(journal.Path, before.LocalDateTime, deleted, dropped));
    }
}
