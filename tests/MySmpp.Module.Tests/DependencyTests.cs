using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Reflection.Emit;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using Xunit;

namespace MySmpp.Module.Tests;

/// <summary>
/// Dependency isolation: on PowerShell 7.4+ the runtime's System.Text.Json must satisfy MySmpp.Core, so no
/// copy may sit next to MySmpp.dll; on Windows PowerShell 5.1 the copies live in Dependencies/Desktop (how 5.1 binds
/// every reference is BindingClosureTests' job).
/// </summary>
[Collection(ModuleCollection.Name)]
public sealed class DependencyTests
{
    /// <summary>System.Text.Json's assembly version in PowerShell 7.4 (.NET 8), the oldest PowerShell 7 we support.</summary>
    private static readonly Version PowerShell74JsonVersion = new Version(8, 0, 0, 0);

    private readonly ModuleFixture _module;

    public DependencyTests(ModuleFixture module) => _module = module;

    private string DesktopDir => Path.Combine(_module.ModuleDir, "Dependencies", "Desktop");

    private string CoreDir => _module.PortableJournalDir;

    /// <summary>The portable folder and each precompiled copy of it (ReadyToRunTests): every folder the load context may use.</summary>
    private IEnumerable<string> JournalDirs =>
        new[] { CoreDir }.Concat(Directory.GetDirectories(Path.Combine(_module.ModuleDir, "Dependencies", "ReadyToRun"), "Journal", SearchOption.AllDirectories));

    /// <summary>The platforms the module ships e_sqlite3 for (MySmppNativeRids in MySmpp.Module.targets).</summary>
    private static readonly string[] NativeRids = { "win-x64", "win-x86", "win-arm64", "linux-x64", "linux-arm64", "linux-musl-x64", "linux-musl-arm64", "osx-x64", "osx-arm64" };

    private static IReadOnlyList<AssemblyName> ReferencesOf(string path)
    {
        using var stream = File.OpenRead(path);
        using var pe = new PEReader(stream);
        MetadataReader reader = pe.GetMetadataReader();
        return reader.AssemblyReferences.Select(h => reader.GetAssemblyReference(h).GetAssemblyName()).ToList();
    }

    [Fact]
    public void Only_the_module_and_its_core_sit_next_to_the_manifest()
    {
        Assert.Equal(
            new[] { "MySmpp.Core.dll", "MySmpp.dll" },
            Directory.GetFiles(_module.ModuleDir, "*.dll").Select(Path.GetFileName).OrderBy(n => n, StringComparer.Ordinal));
        Assert.False(File.Exists(Path.Combine(_module.ModuleDir, "System.Text.Json.dll")));
    }

    [Fact]
    public void Core_references_a_System_Text_Json_that_PowerShell_7_4_has_in_box()
    {
        AssemblyName json = Assert.Single(ReferencesOf(Path.Combine(_module.ModuleDir, "MySmpp.Core.dll")), r => r.Name == "System.Text.Json");
        Assert.True(json.Version! <= PowerShell74JsonVersion, "MySmpp.Core references System.Text.Json " + json.Version + "; PowerShell 7.4 has " + PowerShell74JsonVersion + ".");
    }

    [Fact]
    public void Desktop_dependencies_hold_System_Text_Json_at_least_as_new_as_Core_needs()
    {
        string json = Path.Combine(DesktopDir, "System.Text.Json.dll");
        Assert.True(File.Exists(json), "Dependencies/Desktop/System.Text.Json.dll is missing.");
        AssemblyName wanted = ReferencesOf(Path.Combine(_module.ModuleDir, "MySmpp.Core.dll")).Single(r => r.Name == "System.Text.Json");
        Assert.True(AssemblyName.GetAssemblyName(json).Version >= wanted.Version);
    }

    [Fact]
    public void The_module_targets_netstandard2_0_and_the_PowerShell_5_1_reference()
    {
        using (Shell shell = _module.OpenShell())
        {
            List<string> frameworks = shell.Run("[MySmpp.Commands.Cmdlets.ConnectMySmppCommand].Assembly, [MySmpp.Model.SmsState].Assembly | ForEach-Object { $_.GetCustomAttributes([System.Runtime.Versioning.TargetFrameworkAttribute], $false)[0].FrameworkName }")
                .ThrowOnError().Output.Select(o => o.ToString()).ToList();
            Assert.Equal(new[] { ".NETStandard,Version=v2.0", ".NETStandard,Version=v2.0" }, frameworks);
        }

        AssemblyName sma = Assert.Single(ReferencesOf(Path.Combine(_module.ModuleDir, "MySmpp.dll")), r => r.Name == "System.Management.Automation");
        Assert.Equal(AssemblyName.GetAssemblyName(_module.PowerShellReference).Version, sma.Version);
        Assert.True(sma.Version!.Major <= 3, "MySmpp.dll must bind to the System.Management.Automation of Windows PowerShell 5.1 (3.0.0.0).");
    }

    [Fact]
    public void The_hosted_PowerShell_7_loads_the_module_from_the_built_folder_and_its_own_System_Text_Json()
    {
        using Shell shell = _module.OpenShell();
        List<string> locations = shell.Run("[MySmpp.Commands.Cmdlets.ConnectMySmppCommand].Assembly.Location; [MySmpp.Model.SmsState].Assembly.Location; [System.Text.Json.JsonDocument].Assembly.Location")
            .ThrowOnError().Output.Select(o => o.ToString()).ToList();
        Assert.Equal(Path.Combine(_module.ModuleDir, "MySmpp.dll"), locations[0]);
        // The portable copy next to MySmpp.dll, or the ReadyToRun image for this .NET and platform (ReadyToRunTests).
        Assert.StartsWith(_module.ModuleDir + Path.DirectorySeparatorChar, locations[1], StringComparison.Ordinal);
        Assert.EndsWith(Path.DirectorySeparatorChar + "MySmpp.Core.dll", locations[1], StringComparison.Ordinal);
        Assert.DoesNotContain(_module.ModuleDir, locations[2], StringComparison.Ordinal);
    }

    [Fact]
    public void The_desktop_resolver_answers_only_for_its_own_files_at_the_version_asked_or_newer()
    {
        // The resolver Windows PowerShell's AssemblyResolve calls, driven here through reflection (on .NET it is never
        // registered). Its index points at a folder holding one freshly made assembly, so answering loads nothing
        // this process already has; the shipped folder's index is checked as well.
        Type resolver = ModuleAssembly().GetType("MySmpp.Commands.DesktopDependencyResolver", throwOnError: true)!;
        FieldInfo files = resolver.GetField("_files", BindingFlags.NonPublic | BindingFlags.Static)!;
        MethodInfo index = resolver.GetMethod("IndexFolder", BindingFlags.NonPublic | BindingFlags.Static)!;
        MethodInfo resolve = resolver.GetMethod("OnAssemblyResolve", BindingFlags.NonPublic | BindingFlags.Static)!;
        Assembly? Resolve(string name) => (Assembly?)resolve.Invoke(null, new object?[] { null, new ResolveEventArgs(name) });

        var shipped = (Dictionary<string, string>)index.Invoke(null, new object[] { DesktopDir })!;
        Assert.Equal(
            Directory.GetFiles(DesktopDir, "*.dll").Select(Path.GetFileNameWithoutExtension).OrderBy(n => n, StringComparer.Ordinal),
            shipped.Keys.OrderBy(n => n, StringComparer.Ordinal));

        string name = "MySmpp.ResolverProbe" + Guid.NewGuid().ToString("N");
        string folder = Directory.CreateTempSubdirectory("mysmpp-resolver-").FullName;
        object? saved = files.GetValue(null);
        try
        {
            string path = Path.Combine(folder, name + ".dll");
            var builder = new PersistedAssemblyBuilder(new AssemblyName(name) { Version = new Version(2, 0, 0, 0) }, typeof(object).Assembly);
            builder.DefineDynamicModule(name).DefineType("Probe", TypeAttributes.Public).CreateType();
            builder.Save(path);

            files.SetValue(null, shipped);
            Assert.Null(Resolve("System.Text.Json, Version=99.0.0.0, Culture=neutral, PublicKeyToken=cc7b13ffcd2ddd51")); // newer than shipped: someone else's
            Assert.Null(Resolve(name + ", Version=1.0.0.0")); // not in the folder

            files.SetValue(null, index.Invoke(null, new object[] { folder }));
            Assert.Null(Resolve(name + ", Version=3.0.0.0")); // newer than the file
            Assert.Null(Resolve(name + ", Version=1.0.0.0, Culture=neutral, PublicKeyToken=cc7b13ffcd2ddd51")); // another publisher's
            Assert.Null(Resolve("Some.Other.Library, Version=1.0.0.0"));
            Assembly? loaded = Resolve(name + ", Version=1.5.0.0");
            Assert.NotNull(loaded);
            Assert.Equal(path, loaded!.Location);
        }
        finally
        {
            files.SetValue(null, saved);
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // The loaded probe may keep its file open on Windows; the temp folder is cleaned by the system.
            }
            catch (UnauthorizedAccessException)
            {
                // As above.
            }
        }
    }

    private Assembly ModuleAssembly()
    {
        using Shell shell = _module.OpenShell();
        return (Assembly)Assert.Single(shell.Run("[MySmpp.Commands.Cmdlets.ConnectMySmppCommand].Assembly").ThrowOnError().Output).BaseObject;
    }

    [Fact]
    public void The_PowerShell_7_load_context_folder_holds_the_journal_and_its_SQLite_packages_only()
    {
        Assert.Equal(
            new[] { "Microsoft.Data.Sqlite.dll", "MySmpp.Journal.Sqlite.dll", "SQLitePCLRaw.batteries_v2.dll", "SQLitePCLRaw.core.dll", "SQLitePCLRaw.provider.e_sqlite3.dll" },
            Directory.GetFiles(CoreDir).Select(Path.GetFileName).OrderBy(n => n, StringComparer.Ordinal));
    }

    [Fact]
    public void Every_reference_of_the_PowerShell_7_load_context_is_in_its_folder_MySmpp_Core_or_the_runtime()
    {
        // The load context resolves its own folder and MySmpp.Core; everything else must be in .NET 8 (PowerShell 7.4) itself.
        // The same for each precompiled copy of the folder (whose package builds may be the ones for its .NET).
        var runtime = Directory.GetFiles(System.Runtime.InteropServices.RuntimeEnvironment.GetRuntimeDirectory(), "*.dll").Select(Path.GetFileNameWithoutExtension).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (string dir in JournalDirs)
        {
            ReferencesResolveIn(dir, runtime);
        }
    }

    private static void ReferencesResolveIn(string dir, HashSet<string?> runtime)
    {
        var own = Directory.GetFiles(dir, "*.dll").ToDictionary(f => Path.GetFileNameWithoutExtension(f), f => AssemblyName.GetAssemblyName(f).Version!, StringComparer.OrdinalIgnoreCase);
        foreach (string file in Directory.GetFiles(dir, "*.dll"))
        {
            foreach (AssemblyName reference in ReferencesOf(file))
            {
                if (reference.Name == "MySmpp.Core") continue;
                if (own.TryGetValue(reference.Name!, out Version? version))
                {
                    Assert.True(version >= reference.Version, file + " needs " + reference.FullName + "; its folder has " + version + ".");
                    continue;
                }

                Assert.True(runtime.Contains(reference.Name!), file + " needs " + reference.FullName + ", which neither its folder nor .NET has.");
                Assert.False(File.Exists(Path.Combine(dir, reference.Name + ".dll")));
            }
        }
    }

    [Fact]
    public void The_module_never_references_the_journal_storage_or_SQLite_so_it_loads_them_only_in_isolation()
    {
        foreach (string file in new[] { "MySmpp.dll", "MySmpp.Core.dll" })
        {
            Assert.DoesNotContain(ReferencesOf(Path.Combine(_module.ModuleDir, file)), r => r.Name!.Contains("Sqlite", StringComparison.OrdinalIgnoreCase) || r.Name!.Contains("SQLitePCL", StringComparison.Ordinal) || r.Name == "MySmpp.Journal.Sqlite");
        }

        // On Windows PowerShell the storage comes from Dependencies/Desktop like the rest.
        Assert.True(File.Exists(Path.Combine(DesktopDir, "MySmpp.Journal.Sqlite.dll")));
        Assert.True(File.Exists(Path.Combine(DesktopDir, "Microsoft.Data.Sqlite.dll")));
    }

    [Fact]
    public void The_native_SQLite_library_ships_for_every_listed_platform_and_is_found_for_each()
    {
        Type storage = ModuleAssembly().GetType("MySmpp.Commands.JournalStorage", throwOnError: true)!;
        MethodInfo relative = storage.GetMethod("NativeLibraryRelativePath", BindingFlags.NonPublic | BindingFlags.Static)!;
        string? PathFor(System.Runtime.InteropServices.OSPlatform os, System.Runtime.InteropServices.Architecture arch, bool musl) => (string?)relative.Invoke(null, new object[] { os, arch, musl });
        var found = new List<string>();
        foreach (var os in new[] { System.Runtime.InteropServices.OSPlatform.Windows, System.Runtime.InteropServices.OSPlatform.Linux, System.Runtime.InteropServices.OSPlatform.OSX })
        {
            foreach (var arch in new[] { System.Runtime.InteropServices.Architecture.X64, System.Runtime.InteropServices.Architecture.X86, System.Runtime.InteropServices.Architecture.Arm64, System.Runtime.InteropServices.Architecture.Arm })
            {
                foreach (bool musl in new[] { false, true })
                {
                    if (musl && os != System.Runtime.InteropServices.OSPlatform.Linux) continue;
                    string? path = PathFor(os, arch, musl);
                    if (path == null) continue;
                    Assert.True(File.Exists(Path.Combine(_module.ModuleDir, path)), path + " is not in the module.");
                    found.Add(path.Replace('\\', '/').Split('/')[1]);
                }
            }
        }

        Assert.Equal(NativeRids.OrderBy(r => r, StringComparer.Ordinal), found.OrderBy(r => r, StringComparer.Ordinal));
        Assert.Equal(NativeRids.OrderBy(r => r, StringComparer.Ordinal), Directory.GetDirectories(Path.Combine(_module.ModuleDir, "runtimes")).Select(Path.GetFileName).OrderBy(r => r, StringComparer.Ordinal));
        Assert.Null(PathFor(System.Runtime.InteropServices.OSPlatform.Linux, System.Runtime.InteropServices.Architecture.Arm, false));
        Assert.EndsWith("libe_sqlite3.so", PathFor(System.Runtime.InteropServices.OSPlatform.Linux, System.Runtime.InteropServices.Architecture.X64, true), StringComparison.Ordinal);
        Assert.Contains("linux-musl-x64", PathFor(System.Runtime.InteropServices.OSPlatform.Linux, System.Runtime.InteropServices.Architecture.X64, true), StringComparison.Ordinal);
    }

    [Fact]
    public void The_journal_folder_is_the_images_of_the_running_NET_and_platform_and_the_portable_one_elsewhere()
    {
        Type storage = ModuleAssembly().GetType("MySmpp.Commands.JournalStorage", throwOnError: true)!;
        MethodInfo pick = storage.GetMethod("ReadyToRunFolder", BindingFlags.NonPublic | BindingFlags.Static)!;
        string? Pick(string moduleFolder, int major, System.Runtime.InteropServices.OSPlatform os, System.Runtime.InteropServices.Architecture arch) =>
            (string?)pick.Invoke(null, new object[] { moduleFolder, major, os, arch });
        string Images(string tfm, string rid) => Path.Combine(_module.ModuleDir, "Dependencies", "ReadyToRun", tfm, rid, "Journal");
        var linux = System.Runtime.InteropServices.OSPlatform.Linux;
        var windows = System.Runtime.InteropServices.OSPlatform.Windows;
        var x64 = System.Runtime.InteropServices.Architecture.X64;

        Assert.Equal(Images("net8.0", "linux-x64"), Pick(_module.ModuleDir, 8, linux, x64));
        Assert.Equal(Images("net9.0", "win-x64"), Pick(_module.ModuleDir, 9, windows, x64));
        Assert.Equal(Images("net10.0", "linux-x64"), Pick(_module.ModuleDir, 10, linux, x64));
        Assert.Null(Pick(_module.ModuleDir, 11, linux, x64));                                                // a .NET no image was made for
        Assert.Null(Pick(_module.ModuleDir, 10, linux, System.Runtime.InteropServices.Architecture.Arm64));  // no images for Arm64
        Assert.Null(Pick(_module.ModuleDir, 10, System.Runtime.InteropServices.OSPlatform.OSX, x64));         // nor for macOS

        // A damaged install whose image folder lacks one file gets the portable folder, not a half-precompiled set.
        string copy = Directory.CreateTempSubdirectory("mysmpp-r2r-pick-").FullName;
        try
        {
            string portable = Path.Combine(copy, "Dependencies", "Core");
            string images = Path.Combine(copy, "Dependencies", "ReadyToRun", "net10.0", "linux-x64", "Journal");
            Directory.CreateDirectory(portable);
            Directory.CreateDirectory(images);
            foreach (string file in Directory.GetFiles(CoreDir)) File.Copy(file, Path.Combine(portable, Path.GetFileName(file)));
            foreach (string file in Directory.GetFiles(CoreDir)) File.Copy(file, Path.Combine(images, Path.GetFileName(file)));
            Assert.Equal(images, Pick(copy, 10, linux, x64));
            File.Delete(Path.Combine(images, "SQLitePCLRaw.core.dll"));
            Assert.Null(Pick(copy, 10, linux, x64));
        }
        finally
        {
            Directory.Delete(copy, recursive: true);
        }
    }

    [Fact]
    public void The_hosted_PowerShell_7_loads_the_journal_into_the_modules_own_load_context()
    {
        string folder = Directory.CreateTempSubdirectory("mysmpp-deps-").FullName;
        try
        {
            using Shell shell = _module.OpenShell();
            List<string> found = shell.Run(@"
$null = Connect-MySmpp -Credential ([pscredential]::new('login', (ConvertTo-SecureString 'password' -AsPlainText -Force))) -BaseUri http://127.0.0.1:9 -SkipValidation -JournalPath (Join-Path $args[0] 'journal.db') -WarningAction SilentlyContinue
$null = Get-SmsJournal
[AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -in 'MySmpp.Journal.Sqlite', 'Microsoft.Data.Sqlite', 'SQLitePCLRaw.core' } |
    ForEach-Object { $_.GetName().Name + '|' + [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($_).GetType().Name + '|' + $_.Location }
Disconnect-MySmpp", folder).ThrowOnError().Output.Select(o => o.ToString()).ToList();
            Assert.Equal(3, found.Count);
            Assert.All(found, line => Assert.Equal("JournalLoadContext", line.Split('|')[1]));
            Assert.All(found, line => Assert.StartsWith(_module.JournalDirForThisProcess() + Path.DirectorySeparatorChar, line.Split('|')[2], StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void The_load_context_answers_only_the_e_sqlite3_library()
    {
        Type context = ModuleAssembly().GetType("MySmpp.Commands.JournalLoadContext", throwOnError: true)!;
        MethodInfo isSqlite = context.GetMethod("IsSqliteLibrary", BindingFlags.NonPublic | BindingFlags.Static)!;
        foreach (string name in new[] { "e_sqlite3", "e_sqlite3.dll", "libe_sqlite3.so", "libe_sqlite3.dylib" }) Assert.True((bool)isSqlite.Invoke(null, new object[] { name })!, name);
        foreach (string name in new[] { "sqlite3", "libc", "kernel32", "e_sqlcipher", "winsqlite3" }) Assert.False((bool)isSqlite.Invoke(null, new object[] { name })!, name);
    }

    [Fact]
    public void The_module_does_not_reference_json_directly()
    {
        Assert.DoesNotContain(ReferencesOf(Path.Combine(_module.ModuleDir, "MySmpp.dll")), r => r.Name == "System.Text.Json");
    }
}
