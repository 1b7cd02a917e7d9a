using System;
using System.Management.Automation;

namespace MySmpp.Commands
{
    /// <summary><c>Get-MySmppBalance</c>: the account's money and what it still buys, per direction.</summary>
    [Cmdlet(VerbsCommon.Get, "MySmppBalance")]
    [OutputType(typeof(MySmppBalance))]
    public sealed class GetMySmppBalanceCommand : MySmppCmdlet, IDisposable
    {
        private readonly System.Threading.CancellationTokenSource _stop = new System.Threading.CancellationTokenSource();

        /// <summary>The session to use instead of the default one.</summary>
        [Parameter]
        public MySmppSession? Session { get; set; }

        /// <inheritdoc />
        protected override void EndProcessing()
        {
            MySmppSession session = ResolveSession(Session);
            try
            {
                MySmppBalance balance = session.Client.GetBalanceAsync(LogSink, _stop.Token).GetAwaiter().GetResult();
                FlushVerbose();
                WriteObject(balance);
            }
            catch (MySmppException ex)
            {
                FlushVerbose();
                ThrowTerminatingError(ErrorRecords.From(ex, session.BaseAddress));
            }
            catch (OperationCanceledException) when (Stopping)
            {
                throw new PipelineStoppedException();
            }
            catch (ObjectDisposedException)
            {
                ThrowTerminatingError(ErrorRecords.NotConnectedError("The MySmpp session was disconnected; run Connect-MySmpp again.", session));
            }
        }

        /// <inheritdoc />
        protected override void StopProcessing() => _stop.Cancel();

        /// <summary>Releases the cancellation source.</summary>
        public void Dispose() => _stop.Dispose();
    }
}
