using System;
using System.Globalization;
using System.Management.Automation;
using System.Security;
using MySmpp.Client;
using MySmpp.Credentials;
using MySmpp.Errors;
using MySmpp.Journal;
using MySmpp.Model;

namespace MySmpp.Commands.Cmdlets;

/// <summary>
/// <c>Connect-MySmpp</c>: creates a session (login + password, a token, or the MYSMPP_* environment
/// variables), checks it with one cheap request unless <c>-SkipValidation</c>, and makes it the
/// runspace's default session.
/// </summary>
[Cmdlet(VerbsCommunications.Connect, "MySmpp", DefaultParameterSetName = EnvironmentSet, HelpUri = HelpLinks.Pages + "Connect-MySmpp.md")]
[OutputType(typeof(MySmppSession))]
public sealed class ConnectMySmppCommand : MySmppCmdlet
{
    private const string CredentialSet = "Credential";
    private const string TokenSet = "Token";
    private const string EnvironmentSet = "Environment";

    /// <summary>Login and password (Get-Credential, Get-Secret, Get-AutomationPSCredential).</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = CredentialSet)]
    [Credential]
    public PSCredential Credential { get; set; } = PSCredential.Empty;

    /// <summary>An API token instead of login and password.</summary>
    [Parameter(Mandatory = true, ParameterSetName = TokenSet)]
    public SecureString? Token { get; set; }

    /// <summary>The gateway's base address (default http://lk.mysmpp.ru).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string BaseUri { get; set; } = "http://lk.mysmpp.ru";

    /// <summary>The wire flavour: Json (default) or Xml.</summary>
    [Parameter]
    public MySmppProtocol Protocol { get; set; } = MySmppProtocol.Json;

    /// <summary>Seconds allowed for one HTTP attempt (default 30).</summary>
    [Parameter]
    [ValidateRange(1, 3600)]
    public int TimeoutSec { get; set; } = 30;

    /// <summary>Unique ids per request (default 200).</summary>
    [Parameter]
    [ValidateRange(1, 100000)]
    public int BatchSize { get; set; } = 200;

    /// <summary>Requests in flight at once per command (default 4).</summary>
    [Parameter]
    [ValidateRange(1, 64)]
    public int MaxConcurrency { get; set; } = 4;

    /// <summary>Retries of a transient failure per request (default 4).</summary>
    [Parameter]
    [ValidateRange(0, 100)]
    public int MaxRetries { get; set; } = 4;

    /// <summary>
    /// Seconds allowed for one whole command's query (Get-SmsState), retries and pauses included; ids not
    /// answered by then get MySmpp.Timeout. Default 3600; 0 for no limit.
    /// </summary>
    [Parameter]
    [ValidateRange(0, 2073600)]
    public int OperationTimeoutSec { get; set; } = 3600;

    /// <summary>The longest pause before a retry, in seconds, a server's Retry-After included (default 30).</summary>
    [Parameter]
    [ValidateRange(0, 3600)]
    public int RetryMaxDelaySec { get; set; } = 30;

    /// <summary>The largest answer read, in MiB (default 16); a larger one is a MySmpp.Protocol error.</summary>
    [Parameter]
    [ValidateRange(1, 2048)]
    public int MaxResponseSizeMB { get; set; } = 16;

    /// <summary>The server's time zone id (IANA or Windows), to also get StatusTimeOffset.</summary>
    [Parameter]
    [ArgumentCompleter(typeof(TimeZoneCompleter))]
    public string? ServerTimeZone { get; set; }

    /// <summary>Do not send the checking request.</summary>
    [Parameter]
    public SwitchParameter SkipValidation { get; set; }

    /// <summary>Write the session to the pipeline.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    // Proxy parameters, with Invoke-RestMethod's names and meaning. Conflicts are refused before
    // anything is sent (see ValidateProxyParameters); without any of them the system's proxy settings apply.

    /// <summary>The proxy to reach the gateway through, e.g. http://proxy.example.com:8080.</summary>
    [Parameter]
    [ValidateNotNull]
    public Uri? Proxy { get; set; }

    /// <summary>The proxy's user name and password (Basic, NTLM or Negotiate, as the proxy asks). Needs -Proxy.</summary>
    [Parameter]
    [Credential]
    public PSCredential? ProxyCredential { get; set; }

    /// <summary>Authenticate to the proxy as the current user (Windows integrated authentication). Needs -Proxy.</summary>
    [Parameter]
    public SwitchParameter ProxyUseDefaultCredentials { get; set; }

    /// <summary>Use no proxy, whatever the system or the environment (HTTP_PROXY...) says.</summary>
    [Parameter]
    public SwitchParameter NoProxy { get; set; }

    /// <summary>The send journal's file instead of the user's default (%LOCALAPPDATA%\MySmpp\journal.db, ~/.local/share/MySmpp/journal.db, ...).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? JournalPath { get; set; }

    /// <summary>Keep no send journal: nothing this session sends is recorded, and it cannot be resumed after a crash.</summary>
    [Parameter]
    public SwitchParameter NoJournal { get; set; }

    /// <summary>Keep the texts in the journal after the gateway's answer is known (by default they are dropped then).</summary>
    [Parameter]
    public SwitchParameter JournalKeepText { get; set; }

    /// <inheritdoc />
    protected override void EndProcessing()
    {
        MySmppSessionOptions options = BuildOptions();
        ValidateProxyParameters();
        SessionJournal journal = BuildJournal();
        MySmppCredential credential = BuildCredential();
        options.Proxy = BuildProxy(credential);
        MySmppClient client;
        try
        {
            client = new MySmppClient(credential, options);
        }
        catch (ArgumentException ex)
        {
            credential.Dispose();
            options.Proxy?.Dispose();
            ThrowTerminatingError(ErrorRecords.InvalidArgumentError(ex, AddressForErrors(BaseUri)));
            return;
        }

        var session = new MySmppSession(client, credential, journal);
        try
        {
            if (session.SendsCredentialsInClear)
            {
                WriteWarning("MySmpp: credentials are sent in the request body over plain http to " + session.Endpoint.GetLeftPart(UriPartial.Authority) + "; use -BaseUri https://... if the gateway offers it.");
            }

            if (!SkipValidation) Validate(session);
        }
        catch
        {
            session.Disconnect();
            throw;
        }

        MySmppSession? replaced = SessionStore.SetCurrent(session);
        if (replaced != null && !replaced.HandedOut)
        {
            // Nobody holds the old default: close it rather than leak its connections.
            replaced.Disconnect();
        }

        WriteVerbose("Connected: " + session + (SkipValidation ? " (not validated)." : "."));
        WriteVerbose(session.JournalPath == null
            ? (NoJournal ? "Send journal: none (-NoJournal); what this session sends is not recorded." : "Send journal: no default place was found; it will fail when used (pass -JournalPath).")
            : "Send journal: " + session.JournalPath + (JournalKeepText ? " (texts kept)" : string.Empty) + "; opened when first used.");
        if (PassThru)
        {
            session.HandedOut = true;
            WriteObject(session);
        }
    }

    private static readonly char[] QueryStart = { '?', '#' };

    /// <summary>
    /// The address as an error record may show it (TargetObject, CategoryInfo): without user information
    /// (<c>user:password@</c>), query or fragment, so a secret typed into -BaseUri is never printed back.
    /// </summary>
    private static string AddressForErrors(string? address)
    {
        string echo = (address ?? string.Empty).Trim();
        int cut = echo.IndexOfAny(QueryStart);
        if (cut >= 0) echo = echo.Substring(0, cut);
        int scheme = echo.IndexOf("://", StringComparison.Ordinal);
        int hostStart = scheme < 0 ? 0 : scheme + 3;
        int at = echo.LastIndexOf('@');
        if (at >= hostStart) echo = echo.Substring(0, hostStart) + echo.Substring(at + 1);
        var safe = new System.Text.StringBuilder(Math.Min(echo.Length, 100));
        foreach (char c in echo)
        {
            if (safe.Length == 100) break;
            safe.Append(char.IsControl(c) ? ' ' : c);
        }

        return safe.ToString();
    }

    private MySmppSessionOptions BuildOptions()
    {
        var options = new MySmppSessionOptions
        {
            Protocol = Protocol,
            RequestTimeout = TimeSpan.FromSeconds(TimeoutSec),
            BatchSize = BatchSize,
            MaxConcurrency = MaxConcurrency,
            MaxRetries = MaxRetries,
            OverallTimeout = OperationTimeoutSec == 0 ? (TimeSpan?)null : TimeSpan.FromSeconds(OperationTimeoutSec),
            RetryMaxDelay = TimeSpan.FromSeconds(RetryMaxDelaySec),
            MaxResponseBytes = MaxResponseSizeMB * 1024L * 1024L,
        };
        if (options.RetryBaseDelay > options.RetryMaxDelay) options.RetryBaseDelay = options.RetryMaxDelay;
        try
        {
            options.BaseAddress = MySmppSessionOptions.ParseBaseAddress(BaseUri);
        }
        catch (ArgumentException ex)
        {
            ThrowTerminatingError(ErrorRecords.InvalidArgumentError(new ArgumentException(BaseUriProblem(ex), ex), AddressForErrors(BaseUri)));
        }

        if (!string.IsNullOrWhiteSpace(ServerTimeZone))
        {
            try
            {
                options.ServerTimeZone = ServerTimeZones.Find(ServerTimeZone!.Trim());
            }
            catch (Exception ex) when (ex is TimeZoneNotFoundException || ex is InvalidTimeZoneException)
            {
                ThrowTerminatingError(ErrorRecords.InvalidArgumentError(
                    new ArgumentException("-ServerTimeZone: '" + ServerTimeZone + "' is not a time zone this system knows (an IANA id such as 'Europe/Moscow' or a Windows id such as 'Russian Standard Time').", nameof(ServerTimeZone), ex),
                    ServerTimeZone));
            }
        }

        return options;
    }

    // Where the journal goes: -NoJournal, -JournalPath (resolved against the current location, ~ included), or the user's
    // default; nothing is opened here. A default that cannot be placed fails when the journal is first used, not now.
    private SessionJournal BuildJournal()
    {
        if (NoJournal)
        {
            if (JournalPath != null || JournalKeepText)
            {
                ThrowTerminatingError(ErrorRecords.InvalidArgumentError(new ArgumentException("-NoJournal cannot be combined with -JournalPath or -JournalKeepText.", nameof(NoJournal)), null));
            }

            return SessionJournal.Disabled();
        }

        if (JournalPath != null)
        {
            string path;
            try
            {
                path = GetUnresolvedProviderPathFromPSPath(JournalPath);
            }
            catch (Exception ex) when (ex is ArgumentException || ex is NotSupportedException || ex is ProviderNotFoundException || ex is DriveNotFoundException || ex is PSInvalidOperationException)
            {
                ThrowTerminatingError(ErrorRecords.InvalidArgumentError(new ArgumentException("-JournalPath: '" + JournalPath + "' is not a file system path (" + ex.Message + ").", nameof(JournalPath), ex), JournalPath));
                throw; // not reached: ThrowTerminatingError always throws
            }

            return SessionJournal.At(path, JournalKeepText);
        }

        try
        {
            return SessionJournal.At(SendJournalLocation.DefaultPath(), JournalKeepText);
        }
        catch (InvalidOperationException ex)
        {
            return SessionJournal.Unplaceable(ex.Message + " Pass Connect-MySmpp -JournalPath <file>.", JournalKeepText);
        }
    }

    // As Invoke-RestMethod: -ProxyCredential and -ProxyUseDefaultCredentials exclude each other and need -Proxy;
    // -NoProxy excludes all three (a parameter-set conflict there; here a check, so that the credential
    // parameter sets need not be doubled).
    private void ValidateProxyParameters()
    {
        string? conflict = null;
        if (NoProxy && (Proxy != null || ProxyCredential != null || ProxyUseDefaultCredentials))
            conflict = "-NoProxy cannot be combined with -Proxy, -ProxyCredential or -ProxyUseDefaultCredentials.";
        else if (ProxyCredential != null && ProxyUseDefaultCredentials)
            conflict = "-ProxyCredential and -ProxyUseDefaultCredentials cannot be used together; pass one of them.";
        else if (Proxy == null && (ProxyCredential != null || ProxyUseDefaultCredentials))
            conflict = (ProxyCredential != null ? "-ProxyCredential" : "-ProxyUseDefaultCredentials") + " needs -Proxy <address> (the proxy these credentials are for).";
        if (conflict != null)
        {
            ThrowTerminatingError(ErrorRecords.InvalidArgumentError(new ArgumentException(conflict, nameof(Proxy)), null));
        }
    }

    // The session's proxy; null keeps the system's settings. Disposes the credential if the address is refused.
    private MySmppProxy? BuildProxy(MySmppCredential credential)
    {
        if (NoProxy)
        {
            WriteVerbose("Proxy: none (-NoProxy); requests go straight to the gateway.");
            return MySmppProxy.None();
        }

        if (Proxy == null) return null;
        MySmppProxy proxy;
        try
        {
            if (ProxyCredential != null)
            {
                proxy = MySmppProxy.Through(Proxy, CredentialUserName.WithoutEmptyDomain(ProxyCredential.UserName), ProxyCredential.Password);
            }
            else
            {
                proxy = ProxyUseDefaultCredentials ? MySmppProxy.ThroughWithDefaultCredentials(Proxy) : MySmppProxy.Through(Proxy);
            }
        }
        catch (ArgumentException ex)
        {
            credential.Dispose();

            // "proxy:8080" binds as a URI whose scheme is "proxy": say what is missing.
            string message = Proxy.IsAbsoluteUri && Proxy.OriginalString.IndexOf("://", StringComparison.Ordinal) < 0
                ? "the address has no scheme; write it as http://host:port."
                : ex.ParamName == null ? ex.Message : ex.Message.Replace(" (Parameter '" + ex.ParamName + "')", string.Empty);
            ThrowTerminatingError(ErrorRecords.InvalidArgumentError(new ArgumentException("-Proxy: " + message, ex), null));
            throw; // not reached: ThrowTerminatingError always throws
        }

        WriteVerbose("Proxy: " + proxy + ".");
        return proxy;
    }

    // The Core names its option BaseAddress; the user typed -BaseUri, so the message speaks of that (and drops
    // the runtime's "(Parameter 'BaseAddress')" suffix).
    private static string BaseUriProblem(ArgumentException ex)
    {
        string message = ex.Message;
        int suffix = ex.ParamName == null ? -1 : message.LastIndexOf(" (Parameter '" + ex.ParamName + "')", StringComparison.Ordinal);
        if (suffix < 0 && ex.ParamName != null) suffix = message.LastIndexOf(Environment.NewLine + "Parameter name: " + ex.ParamName, StringComparison.Ordinal);
        if (suffix >= 0) message = message.Substring(0, suffix);
        return message.Replace("BaseAddress", "-BaseUri");
    }

    private MySmppCredential BuildCredential()
    {
        try
        {
            switch (ParameterSetName)
            {
                case CredentialSet:
                    return MySmppCredential.FromPassword(CredentialUserName.WithoutEmptyDomain(Credential.UserName), Credential.Password);
                case TokenSet:
                    return MySmppCredential.FromToken(Token!);
                default:
                    return FromEnvironment();
            }
        }
        catch (ArgumentException ex)
        {
            ThrowTerminatingError(ErrorRecords.InvalidArgumentError(ex, ParameterSetName));
            throw; // not reached: ThrowTerminatingError always throws
        }
    }

    private MySmppCredential FromEnvironment()
    {
        try
        {
            return EnvironmentCredential.Read(WriteVerbose);
        }
        catch (InvalidOperationException ex)
        {
            // Core knows the environment variables; the parameters are this cmdlet's to name.
            var record = new ErrorRecord(ex, ErrorRecords.CredentialMissing, ErrorCategory.AuthenticationError, null);
            record.ErrorDetails = new ErrorDetails(ex.Message + " Or pass -Credential or -Token.");
            ThrowTerminatingError(record);
            throw; // not reached: ThrowTerminatingError always throws
        }
    }

    private void Validate(MySmppSession session)
    {
        WriteVerbose(string.Format(CultureInfo.InvariantCulture, "Checking the credentials with one request to {0} as {1}.", session.Endpoint, session.Account));
        try
        {
            Await(session.Client.ValidateAsync(new StateQueryOptions { Log = LogSink }, StopToken));
        }
        catch (MySmppException ex)
        {
            ThrowTerminatingError(ErrorRecords.From(ex, session.Endpoint));
        }
    }
}
