using System;
using System.Collections.Concurrent;
using System.Management.Automation;

namespace MySmpp.Commands
{
    /// <summary>
    /// What the MySmpp cmdlets share: finding the session to use, and carrying the Core's log lines
    /// (written on background threads) to <c>-Verbose</c> on the pipeline thread.
    /// </summary>
    public abstract class MySmppCmdlet : PSCmdlet
    {
        private readonly ConcurrentQueue<string> _logLines = new ConcurrentQueue<string>();

        /// <summary>Receives the Core's log lines from any thread; they are written by <see cref="FlushVerbose"/>.</summary>
        internal Action<string> LogSink => _logLines.Enqueue;

        /// <summary>
        /// The session to use: <paramref name="explicitSession"/> if given, else the runspace's default.
        /// Throws the terminating MySmpp.NotConnected error when there is none or it was disconnected.
        /// </summary>
        internal MySmppSession ResolveSession(MySmppSession? explicitSession)
        {
            MySmppSession? session = explicitSession ?? SessionStore.Current;
            if (session == null)
            {
                ThrowTerminatingError(ErrorRecords.NotConnectedError("Not connected to MySmpp: run Connect-MySmpp first, or pass a session with -Session."));
            }

            if (!session!.IsConnected)
            {
                ThrowTerminatingError(ErrorRecords.NotConnectedError("The MySmpp session was disconnected (Disconnect-MySmpp); run Connect-MySmpp again.", session));
            }

            return session;
        }

        /// <summary>Writes the queued log lines as verbose messages. Call on the pipeline thread only.</summary>
        internal void FlushVerbose()
        {
            while (_logLines.TryDequeue(out string? line))
            {
                WriteVerbose(line);
            }
        }

        /// <summary>Writes a Core result: the state, or its error (terminating when the whole session is unusable).</summary>
        internal void WriteResult(SmsStateResult result)
        {
            if (result.State != null)
            {
                WriteObject(SmsStateView.ForOutput(result.State));
                return;
            }

            MySmppException error = result.Error!;
            if (error.IsSessionFatal)
            {
                FlushVerbose();
                ThrowTerminatingError(ErrorRecords.From(error, error.Ids.Count > 1 ? (object)error.Ids : result.Id));
            }

            WriteError(ErrorRecords.From(error, result.Id));
        }

        /// <summary>True when $ProgressPreference (or -ProgressAction) would hide progress anyway.</summary>
        internal bool ProgressIsSilenced()
        {
            if (MyInvocation.BoundParameters.ContainsKey("ProgressAction")) return false; // let WriteProgress decide
            object? preference = GetVariableValue("ProgressPreference");
            string? text = preference is PSObject wrapped ? wrapped.BaseObject?.ToString() : preference?.ToString();
            return string.Equals(text, nameof(ActionPreference.SilentlyContinue), StringComparison.OrdinalIgnoreCase)
                || string.Equals(text, nameof(ActionPreference.Ignore), StringComparison.OrdinalIgnoreCase);
        }
    }
}
