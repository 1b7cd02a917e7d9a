using System;
using System.Globalization;

namespace MySmpp.Emulator;

/// <summary>The emulator's command line: <c>--name value</c> or <c>--name=value</c>.</summary>
internal sealed class CommandLine
{
    /// <summary>The address used when <c>--urls</c> is not given; loopback, so nothing is exposed by accident.</summary>
    public const string DefaultUrls = "http://127.0.0.1:5080";

    public const string Usage = """
        MySmpp gateway emulator: POST /xml/state.php and /json/state.php, as the MySMPP documents describe, plus
        sending, balance, sender names, time, replies, stop list, number information and scheduled messages.

        Usage: MySmpp.Emulator [options]

          --urls <urls>              Listen addresses, ';'-separated (default http://127.0.0.1:5080).
                                     A non-loopback address is only ever bound when given here.
          --seed <path>              Accounts and messages from a JSON file (see seed.sample.json).
          --time-scale <x>           Simulated seconds per real second (default 1; 0 freezes time).
          --latency-ms <ms>          Delay added to every request.
          --latency-jitter-ms <ms>   Random extra delay, 0..ms.
          --failure-rate <0..1>      Probability that a request fails (default 0).
          --failure-modes <list>     Comma-separated: ServerError, ServiceUnavailable, TooManyRequests,
                                     HtmlErrorPage, DropConnection, TruncatedBody, Garbage, All (default All).
          --fault-seed <n>           Seed of the failure/jitter random source, for reproducible runs.
          --max-batch <n>            Most ids (or recipients) per request; more get HTTP 413, or a malformed-
                                     document error in the live dialect (default 0 = unlimited).
          --max-body-bytes <n>       Largest request body; larger get HTTP 413 (default 4194304).
          --synthetic-ids <a..b|off> Ids answered from their number alone (default 1000000..1999999999).
          --no-id-tracking           Do not count queries per id (saves memory on huge benchmarks).
          --dialect <documented|live> documented (default): as the documents describe; live: as the live
                                     platform answers (Russian texts, errors with HTTP 200, unknown ids
                                     in-line, XML price/num_parts, JSON values as strings).
          --send-fault <f[:n]>       After n accepted messages: lock (the account locks), refuse (recipients
                                     refused one by one), stall (requests never answered), stall-accepted
                                     (requests acted on and never answered), none (default).
          --balance <money>          Money every account starts with (default 10000.00).
          --viber-price <money>      Viber messages cost this (the balance lists the price); default: Unlim.
          --no-send-tracking         Do not record the recipients received (saves memory on benchmarks).
          --stall-path <path>        Requests to this path (e.g. /xml/originator.php) are never answered;
                                     may be given more than once.
          --account-utc-offset <t>   time.php answers the real time at this offset from UTC (default: the
                                     simulated clock).
          --client-id-storage <s>    How client_id_sms keys are kept: int64 (default), int32 (larger keys
                                     clamp to 2147483647), double (keys above 2^53 lose digits).
          --tls12-only               https:// addresses accept TLS 1.2 only. An https:// address in --urls
                                     serves a self-signed certificate made at start.
          --certificate-out <path>   Write that certificate (public part, PEM) to <path>, for clients to trust.
          --scheduled-page-size <n>  Scheduled messages per page of list_scheduled.php (default 10).
          --callback-url <url>       Push status changes of messages sent through /xml/ to this URL (the
                                     status webhook); the receiver must answer with the ids it took.
          --callback-format <json|xml> The webhook's body (default json).
          --help                     Show this text.
        """;

    private CommandLine(EmulatorOptions options, string? seedPath, bool help, string? certificateOut)
    {
        Options = options;
        SeedPath = seedPath;
        Help = help;
        CertificateOut = certificateOut;
    }

    /// <summary>Where to write the served certificate's public part (PEM), when an address is https://.</summary>
    public string? CertificateOut { get; }

    public EmulatorOptions Options { get; }

    public string? SeedPath { get; }

    public bool Help { get; }

    /// <summary>Parses <paramref name="args"/>.</summary>
    /// <exception cref="FormatException">An unknown option, a missing value, or a value out of range; the message says which.</exception>
    public static CommandLine Parse(string[] args)
    {
        var options = new EmulatorOptions { Urls = DefaultUrls };
        string? seedPath = null;
        string? certificateOut = null;
        bool help = false;
        for (int i = 0; i < args.Length; i++)
        {
            string arg = args[i];
            string name = arg;
            string? inline = null;
            int equals = arg.IndexOf('=', StringComparison.Ordinal);
            if (arg.StartsWith("--", StringComparison.Ordinal) && equals > 0)
            {
                name = arg[..equals];
                inline = arg[(equals + 1)..];
            }

            string Value()
            {
                if (inline is not null)
                {
                    return inline;
                }

                if (i + 1 >= args.Length)
                {
                    throw new FormatException($"{name} needs a value.");
                }

                return args[++i];
            }

            // Counts, sizes and milliseconds: digits only.
            int WholeNumber() => int.Parse(Value(), NumberStyles.None, CultureInfo.InvariantCulture);

            double Number() => double.Parse(Value(), NumberStyles.Float, CultureInfo.InvariantCulture);

            try
            {
                switch (name.ToLowerInvariant())
                {
                    case "--help" or "-h" or "-?" or "/?":
                        help = true;
                        break;
                    case "--urls":
                        options.Urls = Value();
                        break;
                    case "--seed":
                        seedPath = Value();
                        break;
                    case "--time-scale":
                        options.TimeScale = Number();
                        if (!(options.TimeScale >= 0) || double.IsInfinity(options.TimeScale))
                        {
                            throw new FormatException("--time-scale must be a non-negative number.");
                        }

                        break;
                    case "--latency-ms":
                        options.LatencyMs = WholeNumber();
                        break;
                    case "--latency-jitter-ms":
                        options.LatencyJitterMs = WholeNumber();
                        break;
                    case "--failure-rate":
                        options.FailureRate = Number();
                        break;
                    case "--failure-modes":
                        options.FailureModes = ParseModes(Value());
                        break;
                    case "--fault-seed":
                        options.FaultSeed = int.Parse(Value(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
                        break;
                    case "--max-batch":
                        options.MaxBatchSize = WholeNumber();
                        break;
                    case "--max-body-bytes":
                        options.MaxRequestBodyBytes = long.Parse(Value(), NumberStyles.None, CultureInfo.InvariantCulture);
                        break;
                    case "--synthetic-ids":
                        string range = Value();
                        options.SyntheticIds = range is "off" or "none" ? null : IdRange.Parse(range);
                        break;
                    case "--tls12-only":
                        options.Tls12Only = true;
                        break;
                    case "--certificate-out":
                        certificateOut = Value();
                        break;
                    case "--no-id-tracking":
                        options.TrackIdQueries = false;
                        break;
                    case "--send-fault":
                        (options.SendFault, options.SendFaultAfter) = ParseSendFault(Value());
                        break;
                    case "--balance":
                        options.StartingBalance = decimal.Parse(Value(), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
                        break;
                    case "--viber-price":
                        options.ViberPrice = decimal.Parse(Value(), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
                        break;
                    case "--no-send-tracking":
                        options.TrackSends = false;
                        break;
                    case "--stall-path":
                        options.StalledPaths = new System.Collections.Generic.HashSet<string>(options.StalledPaths, StringComparer.Ordinal) { Value() };
                        break;
                    case "--account-utc-offset":
                        options.AccountUtcOffset = TimeSpan.Parse(Value(), CultureInfo.InvariantCulture);
                        break;
                    case "--client-id-storage":
                        string storage = Value();
                        options.ClientIdStorage = storage switch
                        {
                            "int64" => ClientIdStorage.Int64,
                            "int32" => ClientIdStorage.Int32,
                            "double" => ClientIdStorage.Double,
                            _ => throw new FormatException($"--client-id-storage: '{storage}' is not int64, int32 or double."),
                        };
                        break;
                    case "--scheduled-page-size":
                        options.ScheduledPageSize = WholeNumber();
                        break;
                    case "--callback-url":
                        string url = Value();
                        if (!Uri.TryCreate(url, UriKind.Absolute, out Uri? callback) || (callback.Scheme != Uri.UriSchemeHttp && callback.Scheme != Uri.UriSchemeHttps))
                        {
                            throw new FormatException($"--callback-url: '{url}' is not an absolute http or https address.");
                        }

                        options.CallbackUrl = callback;
                        break;
                    case "--callback-format":
                        string format = Value();
                        options.CallbackFormat = format switch
                        {
                            "json" => EmulatorCallbackFormat.Json,
                            "xml" => EmulatorCallbackFormat.Xml,
                            _ => throw new FormatException($"--callback-format: '{format}' is not json or xml."),
                        };
                        break;
                    case "--dialect":
                        string dialect = Value();
                        options.Dialect = dialect switch
                        {
                            "documented" => EmulatorDialect.Documented,
                            "live" => EmulatorDialect.Live,
                            _ => throw new FormatException($"--dialect: '{dialect}' is not documented or live."),
                        };
                        break;
                    default:
                        throw new FormatException($"Unknown option '{arg}'.");
                }
            }
            catch (Exception ex) when (ex is OverflowException or ArgumentOutOfRangeException)
            {
                throw new FormatException($"{name}: {ex.Message}", ex);
            }
        }

        return new CommandLine(options, seedPath, help, certificateOut);
    }

    /// <summary>A send fault as <c>--send-fault</c> takes it: <c>none</c>, or <c>lock</c>, <c>refuse</c>, <c>stall</c>, <c>stall-accepted</c> with <c>:n</c>, after n accepted messages.</summary>
    internal static (SendFault Fault, int After) ParseSendFault(string text)
    {
        string[] parts = text.Split(':');
        SendFault fault = parts[0] switch
        {
            "none" => SendFault.None,
            "lock" => SendFault.Lock,
            "refuse" => SendFault.Refuse,
            "stall" => SendFault.Stall,
            "stall-accepted" => SendFault.StallAfterAccepting,
            _ => throw new FormatException($"--send-fault: '{parts[0]}' is not none, lock, refuse, stall or stall-accepted."),
        };
        int after = parts.Length > 1 && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int n) ? n
            : parts.Length > 1 ? throw new FormatException($"--send-fault: '{parts[1]}' is not a count.") : 0;
        return (fault, after);
    }

    private static FailureModes ParseModes(string text)
    {
        FailureModes modes = FailureModes.None;
        foreach (string part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            // Names only: Enum.TryParse would also take numbers, which are meaningless here.
            if (char.IsDigit(part[0]) || !Enum.TryParse(part, ignoreCase: true, out FailureModes mode))
            {
                throw new FormatException($"Unknown failure mode '{part}'.");
            }

            modes |= mode;
        }

        return modes;
    }
}
