using System.Management.Automation;
using MySmpp.Protocol;
using MySmpp.StopList;

namespace MySmpp.Commands.Cmdlets;

/// <summary>
/// <c>Get-MySmppStopList</c>: the numbers on the account's stop list (<c>list_stop.php</c>, the request the vendor's
/// reference documents for it; see StopListCodec). Each entry's <c>Phone</c> binds into Remove-MySmppStopList.
/// </summary>
[Cmdlet(VerbsCommon.Get, "MySmppStopList", HelpUri = HelpLinks.Pages + "Get-MySmppStopList.md")]
[OutputType(typeof(StopListEntry))]
public sealed class GetMySmppStopListCommand : MySmppCmdlet
{
    /// <summary>The session to use instead of the default one.</summary>
    [Parameter]
    public MySmppSession? Session { get; set; }

    /// <inheritdoc />
    protected override void EndProcessing()
    {
        MySmppSession session = ResolveSession(Session);
        ItemList<StopListEntry> list = RequestAccount(session, stop => session.Client.GetStopListAsync(LogSink, stop));
        foreach (StopListEntry entry in list.Items) WriteObject(entry);
        foreach (string problem in list.Problems) WriteError(PlatformErrors.Unreadable(problem, null));
    }
}
