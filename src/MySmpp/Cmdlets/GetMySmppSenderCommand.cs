using System.Management.Automation;
using MySmpp.Account;

namespace MySmpp.Commands.Cmdlets;

/// <summary>
/// <c>Get-MySmppSender</c>: the account's sender names with their moderation state, and whether any name may be used.
/// Refreshes the per-session list that <c>Send-Sms -Sender</c> completes from and checks against.
/// </summary>
[Cmdlet(VerbsCommon.Get, "MySmppSender", HelpUri = HelpLinks.Pages + "Get-MySmppSender.md")]
[OutputType(typeof(SenderName))]
public sealed class GetMySmppSenderCommand : MySmppCmdlet
{
    /// <summary>Only names in this state.</summary>
    [Parameter]
    public SenderNameState? State { get; set; }

    /// <summary>The session to use instead of the default one.</summary>
    [Parameter]
    public MySmppSession? Session { get; set; }

    /// <inheritdoc />
    protected override void EndProcessing()
    {
        MySmppSession session = ResolveSession(Session);
        SenderNameList list = RequestAccount(session, stop => session.Client.GetSenderNamesAsync(LogSink, stop));

        SenderNameCache.Store(session, list);
        if (list.AnyNameAllowed) WriteVerbose("MySmpp: this account may send under any sender name (any_originator TRUE).");
        foreach (SenderName name in list.Names)
        {
            if (State == null || name.State == State.Value) WriteObject(name);
        }
    }
}
