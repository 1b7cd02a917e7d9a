using System.Globalization;
using System.Management.Automation;
using MySmpp.Errors;
using MySmpp.Scheduled;

namespace MySmpp.Commands.Cmdlets;

/// <summary>
/// <c>Get-SmsScheduled</c>: the messages waiting in the platform's scheduler (<c>list_scheduled.php</c>), every page,
/// written page by page as they come. The list may change while it is read; <see cref="ScheduledListing"/> never writes
/// a message twice and reads a list of several pages again to catch one that moved, warning when it kept changing.
/// </summary>
[Cmdlet(VerbsCommon.Get, "SmsScheduled", HelpUri = HelpLinks.Pages + "Get-SmsScheduled.md")]
[OutputType(typeof(ScheduledSms))]
public sealed class GetSmsScheduledCommand : MySmppCmdlet
{
    /// <summary>The session to use instead of the default one.</summary>
    [Parameter]
    public MySmppSession? Session { get; set; }

    /// <inheritdoc />
    protected override void EndProcessing()
    {
        MySmppSession session = ResolveSession(Session);
        var listing = new ScheduledListing();
        while (listing.NextPage is int page)
        {
            ScheduledPage answer = RequestAccount(session, stop => session.Client.GetScheduledPageAsync(page, LogSink, stop));
            WriteVerbose(string.Format(CultureInfo.InvariantCulture, "MySmpp: page {0} of {1} (pass {2}): {3} messages.", page, answer.PageCount?.ToString(CultureInfo.InvariantCulture) ?? "?", listing.Pass, answer.Items.Count));
            System.Collections.Generic.IReadOnlyList<ScheduledSms> fresh;
            try
            {
                fresh = listing.Accept(answer);
            }
            catch (MySmppProtocolException ex)
            {
                ThrowTerminatingError(ErrorRecords.From(ex, session.BaseAddress));
                return;
            }

            foreach (ScheduledSms item in fresh) WriteObject(item);
            foreach (string problem in answer.Problems) WriteError(PlatformErrors.Unreadable(problem, page));
        }

        WriteVerbose(string.Format(CultureInfo.InvariantCulture, "MySmpp: {0} scheduled messages in {1} requests ({2} passes).", listing.Returned, listing.Requests, listing.Pass));
        if (!listing.IsComplete)
        {
            WriteWarning("The list of scheduled messages kept changing while it was read (" + listing.Pass.ToString(CultureInfo.InvariantCulture) + " passes): a message may be missing above. Run Get-SmsScheduled again to be sure.");
        }
    }
}
