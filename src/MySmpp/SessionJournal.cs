using System;
using MySmpp.Credentials;
using MySmpp.Errors;
using MySmpp.Journal;

namespace MySmpp.Commands;

/// <summary>
/// A session's send journal: where it is (Connect-MySmpp -JournalPath, or the user's default), whether texts are kept
/// (-JournalKeepText), or that there is none (-NoJournal). The file is opened on first use, never at Connect-MySmpp or
/// import, and closed with the session. Thread-safe: a session may be shared by parallel runspaces.
/// </summary>
internal sealed class SessionJournal : IDisposable
{
    private readonly object _gate = new object();
    private readonly string? _unplaceable;
    private ISendJournal? _journal;
    private SendJournalAccount? _account;
    private bool _disposed;

    private SessionJournal(string? path, bool keepText, string? unplaceable)
    {
        Path = path;
        KeepText = keepText;
        _unplaceable = unplaceable;
    }

    /// <summary>The journal's file; null with -NoJournal, or when the default folder could not be found (then the first use says why).</summary>
    public string? Path { get; }

    /// <summary>True when texts are kept after the gateway's answer is known.</summary>
    public bool KeepText { get; }

    /// <summary>False with -NoJournal: nothing is journaled and the journal cmdlets refuse to run.</summary>
    public bool IsEnabled => Path != null || _unplaceable != null;

    /// <summary>True once the file was opened.</summary>
    public bool IsOpen
    {
        get
        {
            lock (_gate) return _journal != null;
        }
    }

    internal static SessionJournal Disabled() => new SessionJournal(null, false, null);

    internal static SessionJournal At(string path, bool keepText) => new SessionJournal(path, keepText, null);

    /// <summary>A journal whose default place could not be found: every use fails with <paramref name="problem"/>.</summary>
    internal static SessionJournal Unplaceable(string problem, bool keepText) => new SessionJournal(null, keepText, problem);

    /// <summary>The journal, opened on first use.</summary>
    /// <exception cref="InvalidOperationException">The session has no journal (-NoJournal).</exception>
    /// <exception cref="MySmppDisconnectedException">The session was disconnected.</exception>
    /// <exception cref="MySmppJournalException">The journal cannot be opened.</exception>
    public ISendJournal Open()
    {
        lock (_gate)
        {
            if (_disposed) throw new MySmppDisconnectedException("The session was disconnected.");
            if (!IsEnabled) throw new InvalidOperationException("The session was connected with -NoJournal.");
            if (_unplaceable != null) throw new MySmppJournalException(_unplaceable, SendJournalProblem.Unavailable, null);
            return _journal ??= JournalStorage.Factory.Open(new SendJournalOptions { Path = Path!, KeepText = KeepText });
        }
    }

    /// <summary>The session's account in this journal (for a token, the fingerprint is computed once and kept).</summary>
    public SendJournalAccount Account(MySmppCredential credential, Uri gateway)
    {
        lock (_gate)
        {
            return _account ??= Open().GetAccount(credential, gateway);
        }
    }

    /// <summary>Closes the file (idempotent); later uses throw <see cref="MySmppDisconnectedException"/>.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _journal?.Dispose();
            _journal = null;
        }
    }
}
