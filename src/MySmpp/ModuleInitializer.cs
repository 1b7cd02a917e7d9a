using System.Management.Automation;

namespace MySmpp.Commands;

/// <summary>
/// Runs when PowerShell imports and removes the module. On Windows PowerShell (.NET Framework) it
/// registers the resolver that loads System.Text.Json and its helpers from <c>Dependencies/Desktop</c>;
/// on PowerShell 7 it does nothing, because the runtime's own System.Text.Json satisfies MySmpp.Core.
/// </summary>
public sealed class MySmppModuleInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
{
    /// <inheritdoc />
    public void OnImport() => DesktopDependencyResolver.Register();

    /// <inheritdoc />
    public void OnRemove(PSModuleInfo psModuleInfo) => DesktopDependencyResolver.Unregister();
}
