using System.Management.Automation;
using MySmpp.Account;

namespace MySmpp.Commands.Cmdlets;

/// <summary><c>Get-MySmppBalance</c>: the account's money and what it still buys, per direction.</summary>
[Cmdlet(VerbsCommon.Get, "MySmppBalance", HelpUri = HelpLinks.Pages + "Get-MySmppBalance.md")]
[OutputType(typeof(MySmppBalance))]
public sealed class GetMySmppBalanceCommand : MySmppCmdlet
{
    /// <summary>The session to use instead of the default one.</summary>
    [Parameter]
    public MySmppSession? Session { get; set; }

    /// <inheritdoc />
    protected override void EndProcessing()
    {
        MySmppSession session = ResolveSession(Session);
        WriteObject(RequestAccount(session, stop => session.Client.GetBalanceAsync(LogSink, stop)));
    }
}
