using System;
using System.Globalization;
using System.Management.Automation;
using System.Security;
using System.Threading;
using System.Threading.Tasks;

namespace MySmpp.Commands
{
    /// <summary>
    /// <c>Connect-MySmpp</c>: creates a session (login + password, a token, or the MYSMPP_* environment
    /// variables), checks it with one cheap request unless <c>-SkipValidation</c>, and makes it the
    /// runspace's default session.
    /// </summary>
    [Cmdlet(VerbsCommunications.Connect, "MySmpp", DefaultParameterSetName = EnvironmentSet)]
    [OutputType(typeof(MySmppSession))]
    public sealed class ConnectMySmppCommand : MySmppCmdlet, IDisposable
    {
        private const string CredentialSet = "Credential";
        private const string TokenSet = "Token";
        private const string EnvironmentSet = "Environment";
        private readonly CancellationTokenSource _cancel = new CancellationTokenSource();

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
        [ArgumentCompleter(typeof(ProtocolCompleter))]
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

        /// <inheritdoc />
        protected override void EndProcessing()
        {
            MySmppSessionOptions options = BuildOptions();
            MySmppCredential credential = BuildCredential();
            MySmppClient client;
            try
            {
                client = new MySmppClient(credential, options);
            }
            catch (ArgumentException ex)
            {
                credential.Dispose();
                ThrowTerminatingError(ErrorRecords.InvalidArgumentError(ex, AddressForErrors(BaseUri)));
                return;
            }

            var session = new MySmppSession(client, credential);
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
            if (PassThru)
            {
                session.HandedOut = true;
                WriteObject(session);
            }
        }

        /// <inheritdoc />
        protected override void StopProcessing()
        {
            try
            {
                _cancel.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // The command already finished.
            }
        }

        /// <summary>Releases the cancellation source.</summary>
        public void Dispose() => _cancel.Dispose();

        /// <summary>
        /// The address as an error record may show it (TargetObject, CategoryInfo): without user information
        /// (<c>user:password@</c>), query or fragment, so a secret typed into -BaseUri is never printed back.
        /// </summary>
        private static string AddressForErrors(string? address)
        {
            string echo = (address ?? string.Empty).Trim();
            int cut = echo.IndexOfAny(new[] { '?', '#' });
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
            };
            try
            {
                options.BaseAddress = MySmppSessionOptions.ParseBaseAddress(BaseUri);
            }
            catch (ArgumentException ex)
            {
                ThrowTerminatingError(ErrorRecords.InvalidArgumentError(new ArgumentException("-BaseUri: " + ex.Message, nameof(BaseUri), ex), AddressForErrors(BaseUri)));
            }

            if (!string.IsNullOrWhiteSpace(ServerTimeZone))
            {
                try
                {
                    options.ServerTimeZone = TimeZoneInfo.FindSystemTimeZoneById(ServerTimeZone!.Trim());
                }
                catch (Exception ex) when (ex is TimeZoneNotFoundException || ex is InvalidTimeZoneException)
                {
                    ThrowTerminatingError(ErrorRecords.InvalidArgumentError(
                        new ArgumentException("-ServerTimeZone: '" + ServerTimeZone + "' is not a time zone this system knows (try 'Europe/Moscow' on PowerShell 7 or 'Russian Standard Time' on Windows).", nameof(ServerTimeZone), ex),
                        ServerTimeZone));
                }
            }

            return options;
        }

        private MySmppCredential BuildCredential()
        {
            try
            {
                switch (ParameterSetName)
                {
                    case CredentialSet:
                        // Windows PowerShell's credential dialog may return "\login" for a name typed without a domain.
                        string login = Credential.UserName ?? string.Empty;
                        if (login.StartsWith("\\", StringComparison.Ordinal)) login = login.Substring(1);
                        return MySmppCredential.FromPassword(login, Credential.Password);
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
            string? token = Environment.GetEnvironmentVariable("MYSMPP_TOKEN");
            if (!string.IsNullOrWhiteSpace(token))
            {
                WriteVerbose("Using the token in the environment variable MYSMPP_TOKEN.");
                return MySmppCredential.FromToken(token!.Trim());
            }

            string? login = Environment.GetEnvironmentVariable("MYSMPP_LOGIN");
            string? password = Environment.GetEnvironmentVariable("MYSMPP_PASSWORD");
            if (!string.IsNullOrWhiteSpace(login) && !string.IsNullOrEmpty(password))
            {
                WriteVerbose("Using the login and password in the environment variables MYSMPP_LOGIN and MYSMPP_PASSWORD.");
                return MySmppCredential.FromPassword(login!, password!);
            }

            string missing = string.IsNullOrWhiteSpace(login)
                ? "Pass -Credential or -Token, or set the environment variable MYSMPP_TOKEN (or MYSMPP_LOGIN and MYSMPP_PASSWORD)."
                : "MYSMPP_LOGIN is set but MYSMPP_PASSWORD is not; set it, or use MYSMPP_TOKEN, -Credential or -Token.";
            ThrowTerminatingError(new ErrorRecord(new InvalidOperationException("No MySmpp credentials. " + missing), ErrorRecords.CredentialMissing, ErrorCategory.AuthenticationError, null));
            throw new InvalidOperationException(missing); // not reached
        }

        private void Validate(MySmppSession session)
        {
            WriteVerbose(string.Format(CultureInfo.InvariantCulture, "Checking the credentials with one request to {0} as {1}.", session.Endpoint, session.Account));
            Task check = session.Client.ValidateAsync(new StateQueryOptions { Log = LogSink }, _cancel.Token);
            try
            {
                while (!check.Wait(100))
                {
                    FlushVerbose();
                }
            }
            catch (AggregateException)
            {
                // Observed below through GetResult, which throws the original exception.
            }

            FlushVerbose();
            try
            {
                check.GetAwaiter().GetResult();
            }
            catch (MySmppException ex)
            {
                ThrowTerminatingError(ErrorRecords.From(ex, session.Endpoint));
            }
            catch (OperationCanceledException) when (_cancel.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }
        }
    }
}
