using System.Management.Automation;

namespace MySmpp.Commands;

/// <summary>
/// Runs when PowerShell imports the module. On Windows PowerShell (.NET Framework) it registers the resolver that
/// loads System.Text.Json, its helpers and TimeZoneConverter from <c>Dependencies/Desktop</c>; on PowerShell 7 it does
/// nothing, because the runtime's own System.Text.Json satisfies MySmpp.Core. There is deliberately no
/// <see cref="IModuleAssemblyCleanup"/>: <c>Remove-Module</c> in one runspace must not take the resolver away from
/// the others (see <see cref="DesktopDependencyResolver"/>).
/// </summary>
public sealed class MySmppModuleInitializer : IModuleAssemblyInitializer
{
    /// <inheritdoc />
    public void OnImport() => DesktopDependencyResolver.Register();
}
