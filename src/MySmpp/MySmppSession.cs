using System;
using System.Globalization;
using System.Threading;
using MySmpp.Client;
using MySmpp.Credentials;
using MySmpp.Errors;
using MySmpp.Journal;
using MySmpp.Model;
using MySmpp.Sending;

namespace MySmpp.Commands;

/// <summary>
/// A connection made by <c>Connect-MySmpp</c>: the Core client plus what a user wants to see about it.
/// Holds the credential but never shows it. Thread-safe: pass one session to many
/// <c>ForEach-Object -Parallel</c> branches with <c>-Session $using:session</c>.
/// </summary>
public sealed class MySmppSession
{
    private readonly MySmppClient _client;
    private readonly MySmppCredential _credential;
    private readonly MySmppSessionOptions _options;
    private int _disconnected;

    private readonly SessionJournal _journal;

    internal MySmppSession(MySmppClient client, MySmppCredential credential, SessionJournal journal)
    {
        _client = client;
        _credential = credential;
        _options = client.Options;
        _journal = journal;
        ConnectedAt = DateTime.Now;
    }

    /// <summary>The status endpoint requests go to, e.g. <c>http://lk.mysmpp.ru/json/state.php</c>.</summary>
    public Uri Endpoint => _client.Endpoint;

    /// <summary>The gateway's base address.</summary>
    public Uri BaseAddress => _options.BaseAddress;

    /// <summary>The wire flavour.</summary>
    public MySmppProtocol Protocol => _options.Protocol;

    /// <summary>Who the session authenticates as, without the secret.</summary>
    public string Account => _client.Account;

    /// <summary>Unique ids per request.</summary>
    public int BatchSize => _options.BatchSize;

    /// <summary>Requests in flight at once per command.</summary>
    public int MaxConcurrency => _options.MaxConcurrency;

    /// <summary>Retries of a transient failure per request.</summary>
    public int MaxRetries => _options.MaxRetries;

    /// <summary>Time allowed for one HTTP attempt.</summary>
    public TimeSpan RequestTimeout => _options.RequestTimeout;

    /// <summary>Time allowed for one command's query as a whole, retries included; null when unlimited.</summary>
    public TimeSpan? OperationTimeout => _options.OverallTimeout;

    /// <summary>The longest pause before a retry, a server's Retry-After included.</summary>
    public TimeSpan RetryMaxDelay => _options.RetryMaxDelay;

    /// <summary>The largest answer read, in bytes.</summary>
    public long MaxResponseBytes => _options.MaxResponseBytes;

    /// <summary>The server's time zone id, when one was given.</summary>
    public string? ServerTimeZone => _options.ServerTimeZone?.Id;

    /// <summary>
    /// The proxy requests go through, without its password: e.g. <c>http://proxy:8080/ as 'ops' (password hidden)</c>,
    /// <c>none (NoProxy)</c>, or <c>system settings</c> when Connect-MySmpp got no proxy parameter.
    /// </summary>
    public string Proxy => _options.Proxy?.ToString() ?? "system settings";

    /// <summary>True when credentials travel over plain http.</summary>
    public bool SendsCredentialsInClear => _client.SendsCredentialsInClear;

    /// <summary>
    /// The send journal's file (Connect-MySmpp -JournalPath, or the user's default); null when the session was connected
    /// with -NoJournal. The file is opened the first time the journal is used.
    /// </summary>
    public string? JournalPath => _journal.Path;

    /// <summary>True when the journal keeps texts after the gateway's answer is known (Connect-MySmpp -JournalKeepText).</summary>
    public bool JournalKeepsText => _journal.KeepText;

    /// <summary>When the session was created (local time).</summary>
    public DateTime ConnectedAt { get; }

    /// <summary>True until <c>Disconnect-MySmpp</c> closes the session.</summary>
    public bool IsConnected => Volatile.Read(ref _disconnected) == 0;

    /// <summary>True when this is the current runspace's default session.</summary>
    public bool IsDefault => SessionStore.IsCurrent(this);

    /// <summary>
    /// The report of the last <c>Send-Sms</c> over this session that ended early (stopped, locked out, disconnected), or
    /// null: every recipient it received with its fate and key, its <c>Unresolved</c> ones to send again. Ctrl+C lets a
    /// command write nothing more, so this is where such a send's account is kept.
    /// </summary>
    public SmsSendReport? LastIncompleteSend { get; internal set; }

    /// <summary>Set once the session object was given to the user (-PassThru, Get-MySmppSession).</summary>
    internal bool HandedOut { get; set; }

    /// <summary>The Core client; use only after checking <see cref="IsConnected"/>.</summary>
    internal MySmppClient Client => _client;

    /// <summary>True once the journal was opened (completers read it only then).</summary>
    internal bool JournalIsOpen => _journal.IsOpen;

    /// <summary>False when the session was connected with -NoJournal.</summary>
    internal bool JournalEnabled => _journal.IsEnabled;

    /// <summary>
    /// The session's send journal, opened on first use (the send path and the journal cmdlets call this; importing the
    /// module or connecting never opens it). Null when the session was connected with -NoJournal.
    /// </summary>
    /// <exception cref="MySmppJournalException">The journal cannot be opened: send nothing.</exception>
    /// <exception cref="MySmppDisconnectedException">The session was disconnected.</exception>
    internal ISendJournal? OpenJournal() => _journal.IsEnabled ? _journal.Open() : null;

    /// <summary>The session's account in its journal (computed once per session).</summary>
    /// <exception cref="InvalidOperationException">The session has no journal.</exception>
    /// <exception cref="MySmppJournalException">The journal cannot be opened.</exception>
    internal SendJournalAccount JournalAccount() => _journal.Account(_credential, _options.BaseAddress);

    /// <summary>Closes the connection pool and the journal, and wipes the credential. Idempotent.</summary>
    internal void Disconnect()
    {
        if (Interlocked.Exchange(ref _disconnected, 1) != 0) return;
        _journal.Dispose();
        _client.Dispose();
        _credential.Dispose();
        _options.Proxy?.Dispose(); // the session's copy of the proxy password
    }

    /// <summary>For example <c>MySmpp Json session to http://lk.mysmpp.ru/json/state.php as login 'acme' (password hidden)</c>.</summary>
    public override string ToString() => string.Format(
        CultureInfo.InvariantCulture,
        "MySmpp {0} session to {1} as {2}{3}",
        Protocol,
        Endpoint,
        Account,
        IsConnected ? string.Empty : " (disconnected)");
}
