using System.Runtime.CompilerServices;

namespace MySmpp.Commands;

/// <summary>Compilation hints the netstandard2.0 reference assemblies do not name.</summary>
internal static class Optimization
{
    /// <summary>
    /// <c>MethodImplOptions.AggressiveOptimization</c> (512, .NET Core 3.0 and later; .NET Framework ignores it): the method is
    /// compiled optimised at once instead of starting unoptimised. For loops a command runs once per call over every
    /// recipient: tiered compilation would promote them only after many calls, which a runbook's one call never makes.
    /// </summary>
    public const MethodImplOptions Aggressive = (MethodImplOptions)512;
}
