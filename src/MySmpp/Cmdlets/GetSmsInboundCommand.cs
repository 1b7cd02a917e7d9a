using System;
using System.Globalization;
using System.Management.Automation;
using MySmpp.Inbound;
using MySmpp.Protocol;

namespace MySmpp.Commands.Cmdlets;

/// <summary>
/// <c>Get-SmsInbound</c>: the replies subscribers sent to the account (<c>incoming.php</c>) after <c>-Since</c> (not
/// inclusive) and before <c>-Until</c>. Without <c>-Until</c> the end is the account's current time, to the second
/// (asked with <c>time.php</c>), so replies still arriving in that second come with the next poll: polling again from
/// the last reply's <c>ReceivedAt</c> never yields a reply twice and never misses one.
/// </summary>
[Cmdlet(VerbsCommon.Get, "SmsInbound", HelpUri = HelpLinks.Pages + "Get-SmsInbound.md")]
[OutputType(typeof(SmsInbound))]
public sealed class GetSmsInboundCommand : MySmppCmdlet
{
    /// <summary>Replies received after this time (not inclusive), in the account's local time.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    public DateTime Since { get; set; }

    /// <summary>Replies received before this time (not inclusive); the account's current time when not given.</summary>
    [Parameter(Position = 1)]
    public DateTime? Until { get; set; }

    /// <summary>The session to use instead of the default one.</summary>
    [Parameter]
    public MySmppSession? Session { get; set; }

    /// <inheritdoc />
    protected override void EndProcessing()
    {
        MySmppSession session = ResolveSession(Session);
        DateTime since = Wall(Since);
        DateTime? until = Until.HasValue ? Wall(Until.Value) : (DateTime?)null;
        if (until.HasValue && until.Value <= since)
        {
            ThrowTerminatingError(ErrorRecords.InvalidArgumentError(new ArgumentException("-Until (" + Format(until.Value) + ") must be after -Since (" + Format(since) + ").", nameof(Until)), Until));
        }

        ItemList<SmsInbound> replies = RequestAccount(session, stop => session.Client.GetInboundAsync(since, until, LogSink, stop));
        foreach (SmsInbound reply in replies.Items) WriteObject(reply);
        foreach (string problem in replies.Problems) WriteError(PlatformErrors.Unreadable(problem, null));
    }

    // The platform's times are wall-clock times of the account: a DateTime's kind (Get-Date is Local) is not converted.
    private static DateTime Wall(DateTime time) => DateTime.SpecifyKind(time, DateTimeKind.Unspecified);

    private static string Format(DateTime time) => time.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
}
