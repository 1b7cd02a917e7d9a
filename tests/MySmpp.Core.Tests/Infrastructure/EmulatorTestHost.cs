using System;
using System.Threading.Tasks;
using MySmpp.Emulator;

namespace MySmpp.Core.Tests.Emulator;

/// <summary>Starts emulators for tests: frozen clock (only Advance moves it) and a fixed fault seed, so answers are deterministic.</summary>
internal static class EmulatorTestHost
{
    public static Task<EmulatorServer> StartAsync(Action<EmulatorOptions>? configure = null)
    {
        var options = new EmulatorOptions { TimeScale = 0, FaultSeed = 12345 };
        configure?.Invoke(options);
        return EmulatorServer.StartAsync(options);
    }
}
