using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Management.Automation;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using MySmpp.Errors;
using MySmpp.Journal;
using MySmpp.Model;

namespace MySmpp.Commands.Cmdlets;

/// <summary>
/// What the MySmpp cmdlets share: finding the session to use, carrying the Core's log lines (written on
/// background threads) to <c>-Verbose</c> on the pipeline thread, and stopping (Ctrl+C, <c>Select-Object
/// -First</c>): <see cref="StopToken"/> cancels the Core's work, and <see cref="Stoppable(Action)"/> turns
/// the cancellation that results into the <see cref="PipelineStoppedException"/> PowerShell expects.
/// </summary>
public abstract class MySmppCmdlet : PSCmdlet, IDisposable
{
    /// <summary>The message of the terminating error for a session disconnected under a command.</summary>
    internal const string DisconnectedText = "The MySmpp session was disconnected (Disconnect-MySmpp); run Connect-MySmpp again.";
    private readonly ConcurrentQueue<string> _logLines = new ConcurrentQueue<string>();
    private readonly CancellationTokenSource _stop = new CancellationTokenSource();
    private readonly List<IDisposable> _owned = new List<IDisposable>();
    private MySmppSession? _session;
    private readonly object _stopGate = new object();
    private bool _ended; // set under _stopGate when _stop is disposed

    /// <summary>Cancelled when the pipeline is stopped; pass it to every Core call that can wait.</summary>
    internal CancellationToken StopToken => _stop.Token;

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
            ThrowTerminatingError(ErrorRecords.NotConnectedError("Not connected to MySmpp: run Connect-MySmpp first, or pass a connected session with -Session."));
        }

        if (!session!.IsConnected)
        {
            ThrowTerminatingError(ErrorRecords.NotConnectedError(DisconnectedText, session));
        }

        _session = session;
        return session;
    }

    /// <summary>
    /// The session's send journal and its account there, opened on first use. Throws the terminating MySmpp.JournalDisabled
    /// error for a session connected with -NoJournal, the journal's own error (MySmpp.JournalLocked, ...) when it cannot open,
    /// and (through <see cref="Stoppable(Action)"/>) MySmpp.NotConnected when the session was disconnected meanwhile.
    /// </summary>
    internal (ISendJournal Journal, SendJournalAccount Account) ResolveJournal(MySmppSession session)
    {
        if (!session.JournalEnabled) ThrowTerminatingError(ErrorRecords.JournalDisabledError(session));
        try
        {
            return Stoppable(() => (session.OpenJournal()!, session.JournalAccount()));
        }
        catch (MySmppJournalException ex)
        {
            ThrowTerminatingError(ErrorRecords.From(ex, ex.Path ?? session.JournalPath));
        }

        throw new InvalidOperationException("Not reached: ThrowTerminatingError always throws.");
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
    /// <remarks>Once per id, from loops a command runs only a few times: compiled optimised at once (docs/cold-start.md).</remarks>
    [MethodImpl(Optimization.Aggressive)]
    internal void WriteResult(SmsStateResult result)
    {
        if (result.State != null)
        {
            WriteObject(result.State);
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

    /// <summary>
    /// Runs a Core call; when the pipeline is being stopped, the call's <see cref="OperationCanceledException"/>
    /// becomes the <see cref="PipelineStoppedException"/> that ends the command quietly, and a session disconnected
    /// meanwhile (<c>Disconnect-MySmpp</c> from any runspace) becomes the one terminating <c>MySmpp.NotConnected</c>
    /// error, after the results already written.
    /// </summary>
    internal void Stoppable(Action call)
    {
        try
        {
            call();
        }
        catch (OperationCanceledException) when (Stopping || _stop.IsCancellationRequested)
        {
            throw new PipelineStoppedException();
        }
        catch (MySmppDisconnectedException ex)
        {
            ThrowDisconnected(_session, DisconnectedMessage(ex));
        }
    }

    /// <summary>What a command says when the session was disconnected under it; commands add what they had done by then.</summary>
    protected virtual string DisconnectedMessage(MySmppDisconnectedException error) => DisconnectedText;

    /// <summary>As <see cref="Stoppable(Action)"/>, for a call with a result.</summary>
    internal T Stoppable<T>(Func<T> call)
    {
        T result = default!;
        Stoppable(() => { result = call(); });
        return result;
    }

    /// <summary>
    /// Waits on the pipeline thread for a Core task, writing its log lines while it runs; returns its result or
    /// throws its exception (a stop as <see cref="PipelineStoppedException"/>).
    /// </summary>
    internal T Await<T>(Task<T> task)
    {
        WaitFlushing(task);
        return Stoppable(() => task.GetAwaiter().GetResult());
    }

    /// <summary>As <see cref="Await{T}(Task{T})"/>, for a task without a result.</summary>
    internal void Await(Task task)
    {
        WaitFlushing(task);
        Stoppable(() => task.GetAwaiter().GetResult());
    }

    /// <summary>
    /// A one-off request to the account (balance, sender names): its result, or a terminating error when the
    /// gateway refuses or cannot be reached, or the session was disconnected meanwhile.
    /// </summary>
    internal T RequestAccount<T>(MySmppSession session, Func<CancellationToken, Task<T>> request)
    {
        try
        {
            return Await(request(StopToken));
        }
        catch (MySmppException ex) when (!(ex is MySmppDisconnectedException))
        {
            ThrowTerminatingError(ErrorRecords.From(ex, session.BaseAddress));
        }

        throw new InvalidOperationException("Not reached: ThrowTerminatingError always throws.");
    }

    /// <summary>The session the command resolved (null before <see cref="ResolveSession"/>).</summary>
    internal MySmppSession? ActiveSession => _session;

    /// <summary>Hands <paramref name="resource"/> (a query, a send operation) to the command, which disposes it when done.</summary>
    internal T Owns<T>(T resource)
        where T : IDisposable
    {
        _owned.Add(resource);
        return resource;
    }

    /// <summary>
    /// Throws the terminating MySmpp.NotConnected error for a session that Disconnect-MySmpp (in this or another
    /// runspace) closed while the command used it.
    /// </summary>
    internal void ThrowDisconnected(MySmppSession? session, string message = DisconnectedText)
    {
        FlushVerbose();
        ThrowTerminatingError(ErrorRecords.NotConnectedError(message, session));
    }

    /// <summary>Cancels the Core's work in flight (<see cref="StopToken"/>). Called by PowerShell on another thread.</summary>
    protected override void StopProcessing()
    {
        // A stop can race the command's end: the gate keeps Cancel off a disposed source.
        lock (_stopGate)
        {
            if (!_ended) _stop.Cancel();
        }
    }

    /// <summary>Releases what the command holds; PowerShell calls it when the command is done.</summary>
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases what <see cref="Owns{T}"/> was given (cancelling work still in flight), then the stop token's source.</summary>
    protected virtual void Dispose(bool disposing)
    {
        if (!disposing) return;
        for (int i = _owned.Count - 1; i >= 0; i--) _owned[i].Dispose();
        _owned.Clear();
        lock (_stopGate)
        {
            _ended = true;
            _stop.Dispose();
        }
    }

    // Flushes the log lines every tenth of a second, so -Verbose shows a slow request's retries as they happen.
    private void WaitFlushing(Task task)
    {
        try
        {
            while (!task.Wait(100))
            {
                FlushVerbose();
            }
        }
        catch (AggregateException)
        {
            // Observed by the caller through GetResult, which throws the original exception.
        }

        FlushVerbose();
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
