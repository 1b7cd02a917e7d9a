using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Reflection;
using System.Reflection.Emit;
using System.Runtime.Loader;
using Xunit;

namespace MySmpp.Module.Tests;

/// <summary>
/// What only Windows PowerShell 5.1 runs, driven here through the module's own code where .NET cannot reproduce the
/// .NET Framework behaviour: the dependency resolver stays registered when another runspace removes the module and
/// reports a load failure with its cause (a blocked download names Unblock-File); the pre-import .NET Framework check
/// (MySmpp.Prerequisites.psm1) stops old frameworks with a typed error and reads nothing on PowerShell 7; IANA
/// time-zone ids are mapped to Windows ids on the .NET Framework path.
/// </summary>
[Collection(ModuleCollection.Name)]
public sealed class DesktopTests
{
    private readonly ModuleFixture _module;

    public DesktopTests(ModuleFixture module) => _module = module;

    private string DesktopDir => Path.Combine(_module.ModuleDir, "Dependencies", "Desktop");

    private Type Internal(string name)
    {
        using Shell shell = _module.OpenShell();
        var assembly = (Assembly)Assert.Single(shell.Run("[MySmpp.Commands.Cmdlets.ConnectMySmppCommand].Assembly").ThrowOnError().Output).BaseObject;
        return assembly.GetType(name, throwOnError: true)!;
    }

    private static object? Invoke(Type type, string method, params object?[] arguments)
    {
        try
        {
            return type.GetMethod(method, BindingFlags.NonPublic | BindingFlags.Public | BindingFlags.Static, arguments.Select(a => a!.GetType()).ToArray())!.Invoke(null, arguments);
        }
        catch (TargetInvocationException ex) when (ex.InnerException != null)
        {
            throw ex.InnerException;
        }
    }

    private static string MakeProbeAssembly(string folder, string name, Version version)
    {
        string path = Path.Combine(folder, name + ".dll");
        var builder = new PersistedAssemblyBuilder(new AssemblyName(name) { Version = version }, typeof(object).Assembly);
        builder.DefineDynamicModule(name).DefineType("Probe", TypeAttributes.Public).CreateType();
        builder.Save(path);
        return path;
    }

    [Fact]
    public void The_module_has_no_cleanup_that_could_unregister_the_resolver()
    {
        Type initializer = Internal("MySmpp.Commands.MySmppModuleInitializer");
        Assert.Contains(typeof(IModuleAssemblyInitializer), initializer.GetInterfaces());
        Assert.DoesNotContain(typeof(IModuleAssemblyCleanup), initializer.GetInterfaces());
    }

    [Fact]
    public void The_resolver_keeps_answering_after_another_runspace_removed_the_module()
    {
        // Registered for real in this process (as OnImport does on .NET Framework), over a folder holding one fresh
        // assembly that nothing else can resolve; then runspace A removes the module while runspace B keeps it.
        Type resolver = Internal("MySmpp.Commands.DesktopDependencyResolver");
        FieldInfo files = resolver.GetField("_files", BindingFlags.NonPublic | BindingFlags.Static)!;
        string name = "MySmpp.RemoveProbe" + Guid.NewGuid().ToString("N");
        string folder = Directory.CreateTempSubdirectory("mysmpp-remove-").FullName;
        object? saved = files.GetValue(null);
        try
        {
            string path = MakeProbeAssembly(folder, name, new Version(1, 0, 0, 0));
            Invoke(resolver, "Attach", folder);
            files.SetValue(null, resolver.GetMethod("IndexFolder", BindingFlags.NonPublic | BindingFlags.Static)!.Invoke(null, new object[] { folder }));

            using Shell a = _module.OpenShell();
            using Shell b = _module.OpenShell();
            a.Run("Remove-Module -Name MySmpp -ErrorAction Stop").ThrowOnError();
            Assert.Empty(a.Run("Get-Module -Name MySmpp").ThrowOnError().Output);
            Assert.Single(b.Run("Get-Module -Name MySmpp").ThrowOnError().Output);

            // A lazy load runspace B needs now: the CLR asks AppDomain.AssemblyResolve, and the resolver still answers.
            Assembly loaded = Assembly.Load(new AssemblyName(name + ", Version=1.0.0.0"));
            Assert.Equal(path, loaded.Location);
            Assert.Contains(((string[])resolver.GetProperty("Answers", BindingFlags.NonPublic | BindingFlags.Static)!.GetValue(null)!), a => a.StartsWith(name + " 1.0.0.0 <- ", StringComparison.Ordinal));
        }
        finally
        {
            files.SetValue(null, saved); // the handler stays registered (it always does) but answers nothing again
            TryDelete(folder);
        }
    }

    [Fact]
    public void A_file_of_its_own_that_cannot_be_loaded_is_reported_with_its_cause_not_swallowed()
    {
        Type resolver = Internal("MySmpp.Commands.DesktopDependencyResolver");
        FieldInfo files = resolver.GetField("_files", BindingFlags.NonPublic | BindingFlags.Static)!;
        MethodInfo resolve = resolver.GetMethod("OnAssemblyResolve", BindingFlags.NonPublic | BindingFlags.Static)!;
        string folder = Directory.CreateTempSubdirectory("mysmpp-broken-").FullName;
        object? saved = files.GetValue(null);
        try
        {
            string name = "MySmpp.BrokenProbe" + Guid.NewGuid().ToString("N");
            File.WriteAllText(Path.Combine(folder, name + ".dll"), "not an assembly");
            files.SetValue(null, new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { [name] = Path.Combine(folder, name + ".dll") });

            var error = Assert.IsType<FileLoadException>(Assert.Throws<TargetInvocationException>(() => resolve.Invoke(null, new object?[] { null, new ResolveEventArgs(name + ", Version=1.0.0.0") })).InnerException);
            Assert.StartsWith("MySmpp could not load " + name + ".dll (asked for as '" + name + ", Version=1.0.0.0') from " + folder + ": ", error.Message, StringComparison.Ordinal);
            Assert.IsType<BadImageFormatException>(error.InnerException);
            Assert.DoesNotContain("Unblock-File", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            files.SetValue(null, saved);
            TryDelete(folder);
        }
    }

    [Fact]
    public void A_blocked_download_is_reported_as_such_and_names_Unblock_File()
    {
        // How .NET Framework refuses a file carrying the internet zone's Mark of the Web (what LoadFrom throws then).
        var blocked = new FileLoadException(
            "Could not load file or assembly 'file:///C:/Users/ops/Documents/WindowsPowerShell/Modules/MySmpp/0.1.0/Dependencies/Desktop/System.Text.Json.dll' or one of its dependencies. Operation is not supported. (Exception from HRESULT: 0x80131515)",
            new NotSupportedException("An attempt was made to load an assembly from a network location which would have caused the assembly to be sandboxed in previous versions of the .NET Framework."));
        Type resolver = Internal("MySmpp.Commands.DesktopDependencyResolver");
        string path = Path.Combine(DesktopDir, "System.Text.Json.dll");

        var error = (FileLoadException)Invoke(resolver, "LoadFailure", "System.Text.Json, Version=8.0.0.0, Culture=neutral, PublicKeyToken=cc7b13ffcd2ddd51", path, blocked)!;

        Assert.Contains("MySmpp could not load System.Text.Json.dll (asked for as 'System.Text.Json, Version=8.0.0.0, Culture=neutral, PublicKeyToken=cc7b13ffcd2ddd51')", error.Message, StringComparison.Ordinal);
        Assert.Contains("Operation is not supported", error.Message, StringComparison.Ordinal);
        Assert.Contains("Mark of the Web", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("Get-ChildItem -LiteralPath '" + _module.ModuleDir + "' -Recurse | Unblock-File", error.Message, StringComparison.Ordinal);
        Assert.Same(blocked, error.InnerException);
    }

    [Theory]
    [InlineData("Europe/Moscow", "Russian Standard Time")]
    [InlineData("Europe/Kaliningrad", "Kaliningrad Standard Time")]
    [InlineData("Asia/Yekaterinburg", "Ekaterinburg Standard Time")]
    [InlineData("Asia/Novosibirsk", "N. Central Asia Standard Time")]
    [InlineData("Asia/Vladivostok", "Vladivostok Standard Time")]
    [InlineData("Europe/Samara", "Russia Time Zone 3")]
    public void On_the_NET_Framework_path_an_IANA_id_is_found_through_its_Windows_id(string iana, string windows)
    {
        Type zones = ServerTimeZonesWithShippedConverter();
        Assert.Equal(windows, (string?)Invoke(zones, "IanaToWindows", iana));
        Assert.Null(Invoke(zones, "IanaToWindows", windows)); // a Windows id is used as it is

        var viaFramework = (TimeZoneInfo)Invoke(zones, "Find", iana, true)!;
        Assert.Equal(windows, viaFramework.Id);
        Assert.Equal(TimeZoneInfo.FindSystemTimeZoneById(iana).BaseUtcOffset, viaFramework.BaseUtcOffset);
        Assert.Equal(iana, ((TimeZoneInfo)Invoke(zones, "Find", iana, false)!).Id); // .NET: the id as given
    }

    [Fact]
    public void Connect_takes_an_IANA_or_a_Windows_id_on_PowerShell_7()
    {
        using Shell shell = _module.OpenShell();
        foreach (string id in new[] { "Europe/Moscow", "Russian Standard Time" })
        {
            ShellResult result = shell.Run("Connect-MySmpp -Credential $args[0] -BaseUri http://127.0.0.1:9 -SkipValidation -ServerTimeZone $args[1] -WarningAction SilentlyContinue; (Get-MySmppSession).ServerTimeZone",
                new PSCredential("login", new System.Net.NetworkCredential(string.Empty, "password").SecurePassword), id).ThrowOnError();
            Assert.Equal(id, Assert.Single(result.Output).ToString());
        }

    }

    [Fact]
    public void The_prerequisite_check_stops_NET_Framework_older_than_4_7_1_with_a_typed_error_and_reads_nothing_on_PowerShell_7()
    {
        string psm1 = Path.Combine(_module.ModuleDir, "MySmpp.Prerequisites.psm1");
        Assert.True(File.ReadAllBytes(psm1).All(b => b < 0x80), "MySmpp.Prerequisites.psm1 must be ASCII: Windows PowerShell 5.1 reads it in the ANSI code page.");

        using Shell shell = _module.OpenShell(importModule: false);
        shell.Run(
            "$ast = [System.Management.Automation.Language.Parser]::ParseFile($args[0], [ref] $null, [ref] $null);" +
            "$function = $ast.Find({ param($node) $node -is [System.Management.Automation.Language.FunctionDefinitionAst] -and $node.Name -eq 'Assert-MySmppNetFramework' }, $true);" +
            ". ([scriptblock]::Create($function.Extent.Text))", psm1).ThrowOnError();

        ErrorRecord Fails(string release)
        {
            ShellResult result = shell.Run("Assert-MySmppNetFramework -Edition Desktop -ReadRelease { " + release + " }");
            return result.TerminatingRecord ?? throw new InvalidOperationException("No error for release " + release + ".");
        }

        ErrorRecord server2016 = Fails("394802");
        Assert.Equal("MySmpp.NetFrameworkTooOld", server2016.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.NotInstalled, server2016.CategoryInfo.Category);
        Assert.IsType<PlatformNotSupportedException>(server2016.Exception);
        Assert.Contains("this computer has .NET Framework 4.6.2 (Release 394802)", server2016.Exception.Message, StringComparison.Ordinal);
        Assert.Contains("Install .NET Framework 4.8", server2016.Exception.Message, StringComparison.Ordinal);
        Assert.Contains("this computer has .NET Framework 4.7 (Release 460805)", Fails("460805").Exception.Message, StringComparison.Ordinal);
        Assert.Contains("this computer has no .NET Framework 4.5 or later", Fails("$null").Exception.Message, StringComparison.Ordinal);

        foreach (string release in new[] { "461308", "461814", "528049", "533325" }) // 4.7.1, 4.7.2, 4.8, 4.8.1
        {
            shell.Run("Assert-MySmppNetFramework -Edition Desktop -ReadRelease { " + release + " }").ThrowOnError();
        }

        shell.Run("Assert-MySmppNetFramework -Edition Core -ReadRelease { throw 'read on PowerShell 7' }").ThrowOnError();
    }

    /// <summary>
    /// The module's ServerTimeZones type, with TimeZoneConverter taken from the module's own Dependencies/Desktop (as the
    /// resolver gives it on Windows PowerShell 5.1): so the mapping under test is the one the module ships.
    /// </summary>
    private Type ServerTimeZonesWithShippedConverter()
    {
        string shipped = Path.Combine(DesktopDir, "TimeZoneConverter.dll");
        Assert.True(File.Exists(shipped), "Dependencies/Desktop/TimeZoneConverter.dll is missing.");
        if (!AppDomain.CurrentDomain.GetAssemblies().Any(a => a.GetName().Name == "TimeZoneConverter"))
        {
            AssemblyLoadContext.Default.LoadFromAssemblyPath(shipped);
        }

        return Internal("MySmpp.Commands.ServerTimeZones");
    }

    private static void TryDelete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // A loaded probe may keep its file open on Windows; the temp folder is cleaned by the system.
        }
        catch (UnauthorizedAccessException)
        {
            // As above.
        }
    }
}
