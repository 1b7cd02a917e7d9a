using System.Management.Automation;

namespace MySmpp.Commands.Cmdlets;

/// <summary><c>Get-MySmppSession</c>: the current runspace's default session, if there is one.</summary>
[Cmdlet(VerbsCommon.Get, "MySmppSession", HelpUri = HelpLinks.Pages + "Get-MySmppSession.md")]
[OutputType(typeof(MySmppSession))]
public sealed class GetMySmppSessionCommand : PSCmdlet
{
    /// <inheritdoc />
    protected override void EndProcessing()
    {
        MySmppSession? session = SessionStore.Current;
        if (session == null)
        {
            WriteVerbose("No default MySmpp session in this runspace; run Connect-MySmpp.");
            return;
        }

        session.HandedOut = true;
        WriteObject(session);
    }
}
