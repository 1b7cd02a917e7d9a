using System;
using System.Globalization;
using System.Management.Automation;
using MySmpp.Errors;
using MySmpp.Journal;
using MySmpp.Sending;

namespace MySmpp.Commands.Cmdlets;

/// <summary>
/// <c>Resume-SmsSend</c>: sends again, each with its own key, the send journal's entries of the session's account whose
/// fate is unknown (a crash, a kill, a lost answer, a stop after the intent was written), optionally of one run. The
/// gateway's de-duplication turns what had gone out into AlreadySent and sends only what had not; every outcome is
/// recorded against its entry. Output and errors are Send-Sms's.
/// </summary>
[Cmdlet(VerbsLifecycle.Resume, "SmsSend", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, HelpUri = HelpLinks.Pages + "Resume-SmsSend.md")]
[OutputType(typeof(SmsSendResult))]
public sealed class ResumeSmsSendCommand : SendingCmdlet
{
    /// <summary>Only the entries of this run (one run per Send-Sms command; Get-SmsJournal shows it).</summary>
    [Parameter(Position = 0)]
    [ArgumentCompleter(typeof(JournalValueCompleter))]
    public Guid? RunId { get; set; }

    /// <summary>The session whose journal, account and gateway to use; the default session when omitted.</summary>
    [Parameter]
    public MySmppSession? Session { get; set; }

    /// <inheritdoc />
    protected override void BeginProcessing()
    {
        StartSending(Session, null, needsJournal: true);
    }

    /// <inheritdoc />
    protected override void EndProcessing()
    {
        (ISendJournal journal, SendJournalAccount account) = ResolveJournal(SendingSession);
        WriteVerbose("Send journal: " + journal.Path + ", account " + account + (RunId.HasValue ? ", run " + RunId.Value.ToString("D", CultureInfo.InvariantCulture) : string.Empty) + ".");
        Guarded(() =>
        {
            try
            {
                foreach (SmsJournalEntry entry in journal.GetUnconfirmed(account, RunId))
                {
                    if (IsEnding) break;
                    if (AsksEachRecipient && !ShouldProcess(entry.Phone, Action(entry))) continue;
                    Resend(entry);
                }
            }
            catch (MySmppJournalException ex)
            {
                // Nothing added yet: the command's error is the journal's. Else what was added is finished and reported.
                if (Operation.Statistics.Recipients == 0) ThrowTerminatingError(ErrorRecords.From(ex, ex.Path ?? journal.Path));
                Operation.Stop(ex);
            }

            if (IsEnding) EndEarly();
            FlushVerbose();
        });
        FinishSending();
    }

    // What -WhatIf and -Confirm show: the key, when and by which run it was first sent, and the start of the text.
    private static string Action(SmsJournalEntry entry)
    {
        string text = (entry.Channel == SmsChannel.Viber ? entry.ViberText ?? entry.Text : entry.Text) ?? string.Empty;
        string oneLine = text.Replace("\r", " ").Replace("\n", " ");
        return "Send again with client_id_sms " + entry.ClientId.ToString(CultureInfo.InvariantCulture)
            + " (first sent " + entry.SentAt.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + ", run " + entry.RunId.ToString("D", CultureInfo.InvariantCulture) + "): '"
            + (oneLine.Length <= 60 ? oneLine : oneLine.Substring(0, 60) + "…") + "'";
    }
}
