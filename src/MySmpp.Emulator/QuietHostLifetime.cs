using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Hosting;

namespace MySmpp.Emulator;

/// <summary>
/// A host lifetime that neither hooks Ctrl+C nor prints banners: several emulators may run in one
/// test process, and the command line handles its own signals.
/// </summary>
internal sealed class QuietHostLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
