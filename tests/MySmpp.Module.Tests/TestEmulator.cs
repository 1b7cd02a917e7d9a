using System;
using System.Threading.Tasks;
using MySmpp.Emulator;

namespace MySmpp.Module.Tests;

/// <summary>
/// Emulators for the cmdlet tests, in this process on an ephemeral loopback port: the built-in demo data,
/// plus an account 'ops' whose secrets are distinctive so a test can prove they never show up.
/// </summary>
public static class TestEmulator
{
    public const string SecretPassword = "Pw-7f3c9a2e";
    public const string SecretToken = "Tk-51d0b8e4";

    /// <summary>Starts an emulator. TimeScale 0 freezes the clock (only <c>Clock.Advance</c> moves it).</summary>
    public static Task<EmulatorServer> StartAsync(double timeScale = 0, Action<EmulatorOptions>? configure = null)
    {
        EmulatorSeed seed = EmulatorSeed.CreateDefault();
        seed.AddAccount(new EmulatorAccount("ops", SecretPassword, SecretToken));
        var options = new EmulatorOptions { TimeScale = timeScale, FaultSeed = 12345, Seed = seed };
        configure?.Invoke(options);
        return EmulatorServer.StartAsync(options);
    }

    /// <summary>scheme://host:port, the form Connect-MySmpp -BaseUri takes.</summary>
    public static string BaseUri(this EmulatorServer server) => server.BaseAddress.GetLeftPart(UriPartial.Authority);
}
