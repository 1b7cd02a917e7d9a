using System;
using System.Linq;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MySmpp.Emulator;

/// <summary>A running emulator: Kestrel serving <c>/xml/state.php</c>, <c>/json/state.php</c> and the platform's other endpoints.</summary>
public sealed class EmulatorServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private X509Certificate2? _ownCertificate;
    private CallbackPusher? _callbacks;
    private int _disposed;

    private EmulatorServer(WebApplication app, Uri baseAddress, EmulatorOptions options, SimulatedClock clock, EmulatorStats stats, EmulatorSeed data, X509Certificate2? certificate)
    {
        _app = app;
        Certificate = certificate;
        BaseAddress = baseAddress;
        Options = options;
        Clock = clock;
        Stats = stats;
        Data = data;
    }

    /// <summary>The first bound address, with the real port, ending in '/'.</summary>
    public Uri BaseAddress { get; }

    /// <summary>
    /// The certificate <c>https://</c> addresses serve, without its private key (null when none is https): what a test
    /// trusts explicitly, e.g. by pinning it in its own handler's certificate check.
    /// </summary>
    public X509Certificate2? Certificate { get; }

    /// <summary>The options the server runs with; fault and limit settings may be changed while it runs.</summary>
    public EmulatorOptions Options { get; }

    /// <summary>The simulated clock behind status timelines.</summary>
    public SimulatedClock Clock { get; }

    /// <summary>What the server saw and did.</summary>
    public EmulatorStats Stats { get; }

    /// <summary>Accounts and messages; may be changed while the server runs.</summary>
    public EmulatorSeed Data { get; }

    /// <summary>Balances, idempotency keys and sender names of the sending endpoints.</summary>
    public EmulatorSending Sending { get; private init; } = new();

    /// <summary>Replies, stop lists and scheduled messages (<c>incoming.php</c>, <c>stop.php</c>, <c>list_scheduled.php</c>...).</summary>
    public EmulatorPlatform Platform { get; private init; } = new(EmulatorOptions.DefaultEpoch);

    /// <summary>What the status webhook (<see cref="EmulatorOptions.CallbackUrl"/>) did.</summary>
    public EmulatorCallbackStats Callbacks { get; private init; } = new();

    /// <summary>Starts a server and returns once it is listening.</summary>
    /// <exception cref="System.IO.IOException">An address could not be bound.</exception>
    public static async Task<EmulatorServer> StartAsync(EmulatorOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);

        // Lets XML requests declare windows-1251 and similar, as clients of a Russian platform may.
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

        EmulatorSeed data = options.Seed ?? EmulatorSeed.CreateDefault();
        var clock = new SimulatedClock(options.Epoch, options.TimeScale);
        var stats = new EmulatorStats();

        // The empty builder reads no appsettings and no environment variables: an emulator in a test
        // must not be moved to another port or address by ASPNETCORE_URLS or a stray config file.
        WebApplicationBuilder builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(EmulatorServer).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        // An https:// address serves the given certificate or a fresh self-signed one (EmulatorCertificate).
        bool https = options.Urls.Contains("https://", StringComparison.OrdinalIgnoreCase);
        X509Certificate2? certificate = https ? options.Certificate ?? EmulatorCertificate.Create() : null;
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;

            // The handler enforces MaxRequestBodyBytes itself, so the limit can change at run time.
            kestrel.Limits.MaxRequestBodySize = null;
            if (certificate is not null)
            {
                kestrel.ConfigureHttpsDefaults(tls =>
                {
                    tls.ServerCertificate = certificate;
                    if (options.Tls12Only)
                    {
                        tls.SslProtocols = SslProtocols.Tls12;
                    }

                    tls.OnAuthenticate = (_, _) => stats.OnTlsHandshake();
                });
            }
        });
        if (https)
        {
            builder.WebHost.UseKestrelHttpsConfiguration();
        }

        builder.WebHost.UseUrls(options.Urls);
        builder.Services.AddRoutingCore();
        builder.Services.AddSingleton<IHostLifetime, QuietHostLifetime>();
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(5));
        if (options.ConsoleLogging)
        {
            builder.Logging.AddSimpleConsole(console => console.SingleLine = true);
        }

        builder.Logging.SetMinimumLevel(LogLevel.Warning);

        // Injected faults (truncated bodies, dropped connections) look like application errors to
        // Kestrel; the handler logs its real failures itself under the MySmpp.Emulator category.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Server.Kestrel", LogLevel.Critical);

        WebApplication app = builder.Build();
        ILogger logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("MySmpp.Emulator");
        var handler = new StateRequestHandler(options, clock, stats, data, logger, app.Lifetime.ApplicationStopping);
        app.MapPost("/xml/state.php", (RequestDelegate)handler.HandleXmlAsync);
        app.MapPost("/json/state.php", (RequestDelegate)handler.HandleJsonAsync);

        // Sending, balance, sender names and time (SendingRequestHandler.cs), and the rest of the platform
        // (SendingRequestHandler.Platform.cs).
        var platform = new EmulatorPlatform(options.Epoch);
        var sending = new EmulatorSending { Platform = platform, StartingBalance = options.StartingBalance, RecordsReceived = options.TrackSends };
        var callbackStats = new EmulatorCallbackStats();
        var sendingHandler = new SendingRequestHandler(options, clock, stats, data, sending, platform, logger, app.Lifetime.ApplicationStopping);
        app.MapPost("/xml/", (RequestDelegate)sendingHandler.HandleSendAsync);
        app.MapPost("/xml/balance.php", (RequestDelegate)sendingHandler.HandleXmlBalanceAsync);
        app.MapPost("/json/balance.php", (RequestDelegate)sendingHandler.HandleJsonBalanceAsync);
        app.MapPost("/xml/originator.php", (RequestDelegate)sendingHandler.HandleOriginatorAsync);
        app.MapPost("/xml/time.php", (RequestDelegate)sendingHandler.HandleTimeAsync);
        app.MapPost("/xml/incoming.php", (RequestDelegate)sendingHandler.HandleIncomingAsync);
        app.MapPost("/xml/list_stop.php", (RequestDelegate)sendingHandler.HandleStopListAsync);
        app.MapPost("/xml/stop.php", (RequestDelegate)sendingHandler.HandleStopAsync);
        app.MapPost("/xml/def.php", (RequestDelegate)sendingHandler.HandlePhoneInfoAsync);
        app.MapPost("/xml/list_scheduled.php", (RequestDelegate)sendingHandler.HandleListScheduledAsync);
        app.MapPost("/xml/scheduled.php", (RequestDelegate)sendingHandler.HandleDeleteScheduledAsync);
        app.MapGet("/emulator/stats", (RequestDelegate)sendingHandler.HandleStatsAsync);
        app.MapPost("/emulator/send-fault", (RequestDelegate)sendingHandler.HandleSendFaultAsync);
        app.MapGet("/emulator/received", (RequestDelegate)sendingHandler.HandleReceivedAsync);
        sendingHandler.CallbackStats = callbackStats;

        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            string address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses
                .FirstOrDefault() ?? throw new InvalidOperationException("Kestrel reported no bound address.");
            var baseAddress = new Uri(address.EndsWith('/') ? address : address + "/");
            X509Certificate2? publicPart = certificate is null ? null : X509CertificateLoader.LoadCertificate(certificate.RawData);
            var server = new EmulatorServer(app, baseAddress, options, clock, stats, data, publicPart)
            {
                Sending = sending,
                Platform = platform,
                Callbacks = callbackStats,
                _ownCertificate = ReferenceEquals(certificate, options.Certificate) ? null : certificate,
            };
            if (options.CallbackUrl is { } callbackUrl)
            {
                server._callbacks = new CallbackPusher(options, callbackUrl, clock, data, sending, callbackStats, logger);
                server._callbacks.Start();
            }

            return server;
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            if (!ReferenceEquals(certificate, options.Certificate))
            {
                certificate?.Dispose();
            }

            throw;
        }
    }

    /// <summary>Stops listening, ends stalled requests, and releases the port.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        try
        {
            if (_callbacks is not null) await _callbacks.DisposeAsync().ConfigureAwait(false);
            await _app.StopAsync().ConfigureAwait(false);
        }
        finally
        {
            await _app.DisposeAsync().ConfigureAwait(false);
            _ownCertificate?.Dispose();
            Certificate?.Dispose();
        }
    }
}
