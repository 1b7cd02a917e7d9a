using System;
using System.Management.Automation;

namespace MySmpp.Commands
{
    /// <summary>
    /// <c>Get-MySmppSender</c>: the account's sender names with their moderation state, and whether any name may be used.
    /// Refreshes the per-session list that <c>Send-Sms -Sender</c> completes from and checks against.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "MySmppSender")]
    [OutputType(typeof(SenderName))]
    public sealed class GetMySmppSenderCommand : MySmppCmdlet, IDisposable
    {
        private readonly System.Threading.CancellationTokenSource _stop = new System.Threading.CancellationTokenSource();

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
            SenderNameList list;
            try
            {
                list = session.Client.GetSenderNamesAsync(LogSink, _stop.Token).GetAwaiter().GetResult();
                FlushVerbose();
            }
            catch (MySmppException ex)
            {
                FlushVerbose();
                ThrowTerminatingError(ErrorRecords.From(ex, session.BaseAddress));
                return;
            }
            catch (OperationCanceledException) when (Stopping)
            {
                throw new PipelineStoppedException();
            }
            catch (ObjectDisposedException)
            {
                ThrowTerminatingError(ErrorRecords.NotConnectedError("The MySmpp session was disconnected; run Connect-MySmpp again.", session));
                return;
            }

            SenderNameCache.Store(session, list);
            if (list.AnyNameAllowed) WriteVerbose("MySmpp: this account may send under any sender name (any_originator TRUE).");
            foreach (SenderName name in list.Names)
            {
                if (State == null || name.State == State.Value) WriteObject(name);
            }
        }

        /// <inheritdoc />
        protected override void StopProcessing() => _stop.Cancel();

        /// <summary>Releases the cancellation source.</summary>
        public void Dispose() => _stop.Dispose();
    }
}
