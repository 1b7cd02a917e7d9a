using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.InteropServices;
using MySmpp.Errors;
using MySmpp.Journal;

namespace MySmpp.Commands;

/// <summary>
/// Finds the send journal's storage (MySmpp.Journal.Sqlite and its SQLite) in the module's folder and loads it the first
/// time a journal is opened, never earlier: importing the module or Get-Command loads none of it. MySmpp.dll has no
/// reference to the storage; it creates <see cref="FactoryTypeName"/> by name and uses it only as MySmpp.Core's
/// <see cref="ISendJournalFactory"/>, so the journal's types never meet another module's.
/// <list type="bullet">
/// <item>PowerShell 7: the storage and its Microsoft.Data.Sqlite and SQLitePCLRaw load from <see cref="CoreFolder"/> into
/// <see cref="JournalLoadContext"/>, the module's own AssemblyLoadContext, which also answers SQLite's DllImport with the
/// module's native library. Nothing process-wide is registered.</item>
/// <item>Windows PowerShell 5.1: the module's e_sqlite3.dll is loaded by full path first
/// (<see cref="DesktopNativeLibrary"/>), then the storage loads from <c>Dependencies/Desktop</c>, its references found by
/// the resolver the module already has (<see cref="DesktopDependencyResolver"/>).</item>
/// </list>
/// </summary>
internal static class JournalStorage
{
    /// <summary>The storage's factory, created by name from the isolated assembly.</summary>
    internal const string FactoryTypeName = "MySmpp.Journal.Sqlite.SqliteSendJournalFactory";

    /// <summary>The storage's assembly file.</summary>
    internal const string AssemblyFileName = "MySmpp.Journal.Sqlite.dll";

    private static readonly object Gate = new object();
    private static ISendJournalFactory? _factory;

    /// <summary>The folder the module was loaded from.</summary>
    internal static string ModuleFolder => Path.GetDirectoryName(typeof(JournalStorage).Assembly.Location) ?? ".";

    /// <summary>
    /// The folder of the PowerShell 7 load context: the storage and its SQLite packages precompiled (ReadyToRun) for this
    /// .NET and platform when the module ships them (<see cref="ReadyToRunFolder"/>), else the portable <c>Dependencies/Core</c>.
    /// Both hold the same assemblies by name and version (a package's precompiled one is its build for that .NET, the
    /// portable one its netstandard2.0 build); the precompiled ones spare a runbook's first journaled send most of its compiling.
    /// </summary>
    internal static string CoreFolder =>
        ReadyToRunFolder(ModuleFolder, Environment.Version.Major, CurrentPlatform(), RuntimeInformation.ProcessArchitecture)
        ?? PortableCoreFolder(ModuleFolder);

    private static string PortableCoreFolder(string moduleFolder) => Path.Combine(moduleFolder, "Dependencies", "Core");

    /// <summary>
    /// <c>Dependencies/ReadyToRun/net&lt;major&gt;.0/&lt;os&gt;-&lt;arch&gt;/Journal</c> when it holds every file of the portable
    /// folder, else null: the rule MySmpp.Prerequisites.psm1 follows for MySmpp.Core's image (docs/cold-start.md). An image's
    /// code is used only by the .NET major version it was compiled for, so another .NET, macOS or another architecture gets
    /// the portable folder; so does a damaged install missing one of the images (the load context answers only its folder).
    /// </summary>
    internal static string? ReadyToRunFolder(string moduleFolder, int runtimeMajor, OSPlatform platform, Architecture architecture)
    {
        string? os = platform == OSPlatform.Windows ? "win" : platform == OSPlatform.Linux ? "linux" : null;
        if (os == null) return null;
        string folder = Path.Combine(moduleFolder, "Dependencies", "ReadyToRun", "net" + runtimeMajor + ".0", os + "-" + architecture.ToString().ToLowerInvariant(), "Journal");
        if (!File.Exists(Path.Combine(folder, AssemblyFileName))) return null;
        string portable = PortableCoreFolder(moduleFolder);
        bool complete = !Directory.Exists(portable) || Directory.GetFiles(portable, "*.dll").All(file => File.Exists(Path.Combine(folder, Path.GetFileName(file))));
        return complete ? folder : null;
    }

    /// <summary>The storage's factory, loaded on first use (thread-safe).</summary>
    /// <exception cref="MySmppJournalException">The storage or its native library is missing or cannot load.</exception>
    internal static ISendJournalFactory Factory
    {
        get
        {
            lock (Gate)
            {
                return _factory ??= Load();
            }
        }
    }

    /// <summary>
    /// The e_sqlite3 of this process's platform in the module's folder, e.g. <c>runtimes/linux-x64/native/libe_sqlite3.so</c>.
    /// </summary>
    /// <exception cref="MySmppJournalException">The module has no SQLite library for this platform.</exception>
    internal static string NativeLibraryPath()
    {
        string? relative = NativeLibraryRelativePath(CurrentPlatform(), RuntimeInformation.ProcessArchitecture, IsMusl());
        string? path = relative == null ? null : Path.Combine(ModuleFolder, relative);
        if (path == null || !File.Exists(path))
        {
            throw new MySmppJournalException(
                "The module has no SQLite library for this platform (" + RuntimeInformation.OSDescription + ", " + RuntimeInformation.ProcessArchitecture + (path == null ? string.Empty : "; expected " + path) + "), so the send journal cannot open. Connect with -NoJournal to send without one.",
                SendJournalProblem.LibraryMissing,
                null);
        }

        return path;
    }

    /// <summary>
    /// The native library's path under the module folder for a platform, or null for one the module does not ship (the
    /// RIDs of MySmppNativeRids in MySmpp.Module.targets).
    /// </summary>
    internal static string? NativeLibraryRelativePath(OSPlatform platform, Architecture architecture, bool musl)
    {
        string? arch = architecture switch
        {
            Architecture.X64 => "x64",
            Architecture.Arm64 => "arm64",
            Architecture.X86 => "x86",
            _ => null,
        };
        if (arch == null) return null;
        string rid;
        string file;
        if (platform == OSPlatform.Windows)
        {
            rid = "win-" + arch;
            file = "e_sqlite3.dll";
        }
        else if (platform == OSPlatform.OSX)
        {
            if (arch == "x86") return null;
            rid = "osx-" + arch;
            file = "libe_sqlite3.dylib";
        }
        else if (platform == OSPlatform.Linux)
        {
            if (arch == "x86") return null;
            rid = (musl ? "linux-musl-" : "linux-") + arch;
            file = "libe_sqlite3.so";
        }
        else
        {
            return null;
        }

        return Path.Combine("runtimes", rid, "native", file);
    }

    /// <summary>
    /// True when this Linux process runs on musl (Alpine): the C library mapped into the process says so, whatever else is
    /// installed. Falls back to the runtime's own RID when /proc cannot be read.
    /// </summary>
    internal static bool IsMusl()
    {
        if (!RuntimeInformation.IsOSPlatform(OSPlatform.Linux)) return false;
        try
        {
            return File.ReadLines("/proc/self/maps").Any(line => line.IndexOf("/ld-musl-", StringComparison.Ordinal) >= 0 || line.IndexOf("/libc.musl-", StringComparison.Ordinal) >= 0);
        }
        catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
        {
            string? rid = typeof(RuntimeInformation).GetProperty("RuntimeIdentifier")?.GetValue(null) as string;
            return rid != null && (rid.IndexOf("musl", StringComparison.OrdinalIgnoreCase) >= 0 || rid.StartsWith("alpine", StringComparison.OrdinalIgnoreCase));
        }
    }

    private static OSPlatform CurrentPlatform() =>
        RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? OSPlatform.Windows
        : RuntimeInformation.IsOSPlatform(OSPlatform.OSX) ? OSPlatform.OSX
        : RuntimeInformation.IsOSPlatform(OSPlatform.Linux) ? OSPlatform.Linux
        : OSPlatform.Create("OTHER");

    private static ISendJournalFactory Load()
    {
        string native = NativeLibraryPath();
        Assembly assembly;
        try
        {
            assembly = DesktopDependencyResolver.IsNetFramework ? LoadDesktop(native) : LoadCore(native);
        }
        catch (Exception ex) when (ex is IOException || ex is BadImageFormatException || ex is UnauthorizedAccessException)
        {
            throw new MySmppJournalException("The send journal's storage could not be loaded from the module's folder (" + ex.Message + "). Reinstall the module, or connect with -NoJournal.", SendJournalProblem.LibraryMissing, null, ex);
        }

        Type type = assembly.GetType(FactoryTypeName, throwOnError: true)!;
        return (ISendJournalFactory)Activator.CreateInstance(type)!;
    }

    // Separate methods so that neither edition's JIT ever compiles the other's code (AssemblyLoadContext does not exist on
    // .NET Framework; LoadLibraryEx does not exist off Windows).
    private static Assembly LoadCore(string native) => JournalLoadContext.LoadStorage(CoreFolder, native);

    private static Assembly LoadDesktop(string native)
    {
        DesktopNativeLibrary.Load(native);
        return Assembly.LoadFrom(Path.Combine(DesktopDependencyResolver.DependencyFolder, AssemblyFileName));
    }
}
