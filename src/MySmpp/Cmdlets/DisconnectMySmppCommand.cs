using System.Management.Automation;

namespace MySmpp.Commands.Cmdlets;

/// <summary>
/// <c>Disconnect-MySmpp</c>: closes a session (the default one unless <c>-Session</c> is given): its
/// connections are released and its credential wiped. Doing it twice, or with no session, is not an error.
/// </summary>
[Cmdlet(VerbsCommunications.Disconnect, "MySmpp", HelpUri = HelpLinks.Pages + "Disconnect-MySmpp.md")]
[OutputType(typeof(MySmppSession))]
public sealed class DisconnectMySmppCommand : PSCmdlet
{
    /// <summary>The session to close; the default session when omitted.</summary>
    [Parameter(Position = 0, ValueFromPipeline = true)]
    public MySmppSession? Session { get; set; }

    /// <summary>Write the closed session to the pipeline.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        MySmppSession? session = Session ?? SessionStore.Current;
        if (session == null)
        {
            WriteVerbose("No MySmpp session to disconnect.");
            return;
        }

        bool wasDefault = SessionStore.ClearIfCurrent(session);
        session.Disconnect();
        WriteVerbose("Disconnected " + session + (wasDefault ? "; there is no default session now." : "."));
        if (PassThru) WriteObject(session);
    }
}
