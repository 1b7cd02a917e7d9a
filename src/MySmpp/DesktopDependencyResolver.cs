using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Security;
using MySmpp.Client;

namespace MySmpp.Commands;

/// <summary>
/// Dependency isolation for Windows PowerShell 5.1. MySmpp.Core needs System.Text.Json 8 and its
/// helpers (System.Memory, System.Buffers, ...), and MySmpp maps IANA time-zone ids with TimeZoneConverter; .NET
/// Framework has none of them. They ship in <c>Dependencies/Desktop</c>, a folder the CLR never probes, so they cannot
/// shadow anything another module loads. When the CLR cannot bind one of them, <see cref="AppDomain.AssemblyResolve"/>
/// asks us and we answer only for a file in that folder whose version is at least the one requested (a request for a
/// newer version is left to whoever can satisfy it). Other modules' copies of the same libraries, of any version, load
/// side by side.
/// <para>
/// The handler is registered once per process and never removed: the module's types stay loaded after
/// <c>Remove-Module</c> (a .NET Framework assembly cannot be unloaded), other runspaces may still have the module
/// imported, and any of them may need a lazy load later. Answering only for its own folder, it costs nothing when idle.
/// </para>
/// </summary>
internal static class DesktopDependencyResolver
{
    private static readonly object Gate = new object();
    private static readonly ConcurrentQueue<string> AnswerLog = new ConcurrentQueue<string>();
    private static Dictionary<string, string>? _files;
    private static bool _registered;

    /// <summary>True on .NET Framework (Windows PowerShell); false on .NET (PowerShell 7).</summary>
    internal static bool IsNetFramework =>
        RuntimeInformation.FrameworkDescription.StartsWith(".NET Framework", StringComparison.OrdinalIgnoreCase);

    /// <summary>The folder the module's dll sits in.</summary>
    internal static string ModuleFolder => Path.GetDirectoryName(typeof(DesktopDependencyResolver).Assembly.Location) ?? ".";

    /// <summary>The folder the Desktop-only dependencies ship in.</summary>
    internal static string DependencyFolder => Path.Combine(ModuleFolder, "Dependencies", "Desktop");

    /// <summary>
    /// What the handler answered, in order: "requested name and version &lt;- requesting assembly =&gt; file version"
    /// (the Windows workflow prints it and compares it with tests/desktop-resolver-answers.txt).
    /// </summary>
    internal static string[] Answers => AnswerLog.ToArray();

    /// <summary>On .NET Framework, registers the handler for <see cref="DependencyFolder"/> (once per process).</summary>
    internal static void Register()
    {
        if (!IsNetFramework) return;
        Attach(DependencyFolder);
    }

    /// <summary>Registers the handler for <paramref name="folder"/> unless it already is; it is never unregistered.</summary>
    internal static void Attach(string folder)
    {
        lock (Gate)
        {
            if (_registered) return;
            _files = IndexFolder(folder);
            AppDomain.CurrentDomain.AssemblyResolve += OnAssemblyResolve;
            _registered = true;
        }
    }

    private static Dictionary<string, string> IndexFolder(string folder)
    {
        var files = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (!Directory.Exists(folder)) return files;
        foreach (string path in Directory.GetFiles(folder, "*.dll"))
        {
            files[Path.GetFileNameWithoutExtension(path)] = path;
        }

        return files;
    }

    private static Assembly? OnAssemblyResolve(object? sender, ResolveEventArgs args)
    {
        Dictionary<string, string>? files = _files;
        if (files == null || string.IsNullOrEmpty(args.Name)) return null;

        AssemblyName requested;
        try
        {
            requested = new AssemblyName(args.Name);
        }
        catch (Exception ex) when (ex is ArgumentException || ex is FileLoadException)
        {
            return null;
        }

        // The journal's storage (Dependencies/Desktop) references MySmpp.Core, which is not in that folder: it gets the
        // module's own copy, so that both share one ISendJournal type.
        Assembly core = typeof(MySmppClient).Assembly;
        if (string.Equals(requested.Name, core.GetName().Name, StringComparison.Ordinal))
        {
            AnswerLog.Enqueue(requested.Name + " " + requested.Version + " <- " + (args.RequestingAssembly?.GetName().Name ?? "?") + " => " + core.GetName().Version);
            return core;
        }

        if (requested.Name == null || !files.TryGetValue(requested.Name, out string? path)) return null;

        AssemblyName candidate;
        try
        {
            candidate = AssemblyName.GetAssemblyName(path);
        }
        catch (Exception ex) when (IsLoadFailure(ex))
        {
            throw LoadFailure(args.Name, path, ex);
        }

        if (requested.Version != null && candidate.Version != null && candidate.Version < requested.Version) return null;
        byte[]? wantedToken = requested.GetPublicKeyToken();
        byte[]? ourToken = candidate.GetPublicKeyToken();
        if (wantedToken != null && wantedToken.Length > 0 && !SameBytes(wantedToken, ourToken)) return null;

        Assembly loaded;
        try
        {
            // LoadFrom: the folder becomes this assembly's probing base, so its own dependencies
            // (System.Memory for System.Text.Json, ...) are found next to it.
            loaded = Assembly.LoadFrom(path);
        }
        catch (Exception ex) when (IsLoadFailure(ex))
        {
            // Our own file, the right name and version, and it cannot be loaded: say why, rather than let the CLR
            // report "could not load System.Text.Json" with the cause gone.
            throw LoadFailure(args.Name, path, ex);
        }

        AnswerLog.Enqueue(requested.Name + " " + requested.Version + " <- " + (args.RequestingAssembly?.GetName().Name ?? "?") + " => " + candidate.Version);
        return loaded;
    }

    private static bool IsLoadFailure(Exception ex) =>
        ex is IOException || ex is BadImageFormatException || ex is UnauthorizedAccessException || ex is NotSupportedException || ex is SecurityException;

    /// <summary>
    /// The error for a file of <see cref="DependencyFolder"/> that could not be read or loaded, with the real cause:
    /// a file Windows blocked as downloaded from the internet (Mark of the Web, which .NET Framework refuses to load
    /// with a NotSupportedException, HRESULT 0x80131515) names Unblock-File.
    /// </summary>
    internal static FileLoadException LoadFailure(string requestedName, string path, Exception cause)
    {
        string message = "MySmpp could not load " + Path.GetFileName(path) + " (asked for as '" + requestedName + "') from " + Path.GetDirectoryName(path) + ": " + cause.Message.Trim();
        if (IsBlockedDownload(cause))
        {
            message += " Windows blocked the file because it came from the internet (Mark of the Web). Unblock the module's files and start a new PowerShell session: Get-ChildItem -LiteralPath '"
                + ModuleFolder + "' -Recurse | Unblock-File";
        }

        return new FileLoadException(message, path, cause);
    }

    private static bool IsBlockedDownload(Exception cause)
    {
        for (Exception? e = cause; e != null; e = e.InnerException)
        {
            if (e is NotSupportedException || e.HResult == unchecked((int)0x80131515)) return true;
        }

        return false;
    }

    private static bool SameBytes(byte[] a, byte[]? b)
    {
        if (b == null || a.Length != b.Length) return false;
        for (int i = 0; i < a.Length; i++)
        {
            if (a[i] != b[i]) return false;
        }

        return true;
    }
}
