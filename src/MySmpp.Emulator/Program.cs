using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;

namespace MySmpp.Emulator;

/// <summary>Command-line entry point: parse options, start the server, run until Ctrl+C or SIGTERM.</summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        CommandLine commandLine;
        try
        {
            commandLine = CommandLine.Parse(args);
        }
        catch (FormatException ex)
        {
            await Console.Error.WriteLineAsync($"error: {ex.Message} (see --help)").ConfigureAwait(false);
            return 2;
        }

        if (commandLine.Help)
        {
            Console.WriteLine(CommandLine.Usage);
            return 0;
        }

        EmulatorOptions options = commandLine.Options;
        options.ConsoleLogging = true;
        if (commandLine.SeedPath is { } seedPath)
        {
            try
            {
                options.Seed = EmulatorSeed.Load(seedPath);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                await Console.Error.WriteLineAsync($"error: cannot use seed '{seedPath}': {ex.Message}").ConfigureAwait(false);
                return 2;
            }
        }

        // The certificate file exists before the port opens, so a client that waits for the port can read it.
        if (commandLine.CertificateOut is { } certificatePath && options.Urls.Contains("https://", StringComparison.OrdinalIgnoreCase))
        {
            options.Certificate ??= EmulatorCertificate.Create();
            await File.WriteAllTextAsync(certificatePath, EmulatorCertificate.ToPem(options.Certificate)).ConfigureAwait(false);
        }

        using var stop = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        using PosixSignalRegistration sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            stop.Cancel();
        });

        try
        {
            EmulatorServer server;
            try
            {
                server = await EmulatorServer.StartAsync(options, stop.Token).ConfigureAwait(false);
            }
            catch (IOException ex)
            {
                await Console.Error.WriteLineAsync($"error: {ex.Message}").ConfigureAwait(false);
                return 1;
            }

            await using (server.ConfigureAwait(false))
            {
                Console.WriteLine($"MySmpp emulator listening on {server.BaseAddress.GetLeftPart(UriPartial.Authority)} ({DescribeAccount(server.Data)})");
                if (!IsLoopback(server.BaseAddress))
                {
                    await Console.Error.WriteLineAsync("warning: listening beyond loopback; anyone who can reach this address can use the demo accounts.").ConfigureAwait(false);
                }

                try
                {
                    await Task.Delay(Timeout.Infinite, stop.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    // Ctrl+C or SIGTERM: fall through to dispose, which stops Kestrel gracefully.
                }
            }

            return 0;
        }
        catch (OperationCanceledException)
        {
            return 0;
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }

    /// <summary>"login/password, token: token" for the default account, or the first account.</summary>
    private static string DescribeAccount(EmulatorSeed data)
    {
        EmulatorAccount? account = data.FindByLogin("login") ?? data.Accounts.FirstOrDefault(static a => !a.Locked);
        if (account is null)
        {
            return "no accounts";
        }

        return account.Token is null ? $"{account.Login}/{account.Password}" : $"{account.Login}/{account.Password}, token: {account.Token}";
    }

    private static bool IsLoopback(Uri address)
        => address.IsLoopback || (IPAddress.TryParse(address.Host, out IPAddress? ip) && IPAddress.IsLoopback(ip));
}
