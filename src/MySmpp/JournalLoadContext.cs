using System;
using System.IO;
using System.Reflection;
using System.Runtime.Loader;
using MySmpp.Client;

namespace MySmpp.Commands;

/// <summary>
/// PowerShell 7: the module's own AssemblyLoadContext for the send journal (the documented pattern for binary modules
/// with dependencies that may clash). It resolves only files of its own folder (<c>Dependencies/Core</c>: the storage,
/// Microsoft.Data.Sqlite, SQLitePCLRaw), hands MySmpp.Core to the context the module itself runs in (so the storage's
/// <c>ISendJournalFactory</c> is the module's), leaves everything else to the default context (the runtime's own
/// assemblies), and answers SQLite's <c>DllImport("e_sqlite3")</c> with the module's native library by full path. Another
/// module's Microsoft.Data.Sqlite or SQLitePCLRaw, of any version, lives in another context and never meets these.
/// One per process, never unloaded.
/// </summary>
internal sealed class JournalLoadContext : AssemblyLoadContext
{
    private static readonly object Gate = new object();
    private static JournalLoadContext? _instance;

    private readonly string _folder;
    private readonly string _nativeLibrary;
    private readonly Assembly _core;

    private JournalLoadContext(string folder, string nativeLibrary)
    {
        _folder = folder;
        _nativeLibrary = nativeLibrary;
        _core = typeof(MySmppClient).Assembly;
    }

    /// <summary>The storage's assembly, loaded into the module's context (made on first use).</summary>
    internal static Assembly LoadStorage(string folder, string nativeLibrary)
    {
        JournalLoadContext context;
        lock (Gate)
        {
            context = _instance ??= new JournalLoadContext(folder, nativeLibrary);
        }

        return context.LoadFromAssemblyPath(Path.Combine(folder, JournalStorage.AssemblyFileName));
    }

    /// <summary>True when <paramref name="name"/> is how SQLitePCLRaw (or anyone) names e_sqlite3.</summary>
    internal static bool IsSqliteLibrary(string name)
    {
        string file = Path.GetFileName(name);
        if (file.StartsWith("lib", StringComparison.Ordinal)) file = file.Substring(3);
        foreach (string extension in new[] { ".dll", ".so", ".dylib" })
        {
            if (file.EndsWith(extension, StringComparison.OrdinalIgnoreCase)) file = file.Substring(0, file.Length - extension.Length);
        }

        return string.Equals(file, "e_sqlite3", StringComparison.Ordinal);
    }

    /// <inheritdoc />
    protected override Assembly? Load(AssemblyName assemblyName)
    {
        if (string.Equals(assemblyName.Name, _core.GetName().Name, StringComparison.Ordinal)) return _core;
        if (string.IsNullOrEmpty(assemblyName.Name)) return null;
        string path = Path.Combine(_folder, assemblyName.Name + ".dll");
        return File.Exists(path) ? LoadFromAssemblyPath(path) : null;
    }

    /// <inheritdoc />
    protected override IntPtr LoadUnmanagedDll(string unmanagedDllName) =>
        IsSqliteLibrary(unmanagedDllName) ? LoadUnmanagedDllFromPath(_nativeLibrary) : IntPtr.Zero;
}
