using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection;
using System.Runtime.InteropServices;

namespace MySmpp.Commands;

/// <summary>
/// Dependency isolation for Windows PowerShell 5.1. MySmpp.Core needs System.Text.Json 8 and its
/// helpers (System.Memory, System.Buffers, ...), which .NET Framework does not have. They ship in
/// <c>Dependencies/Desktop</c>, a folder the CLR never probes, so they cannot shadow anything another
/// module loads. When the CLR cannot bind one of them, <see cref="AppDomain.AssemblyResolve"/> asks us
/// and we answer only for a file in that folder whose version is at least the one requested
/// (a request for a newer version is left to whoever can satisfy it). Other modules' copies of the same
/// libraries, of any version, load side by side.
/// </summary>
internal static class DesktopDependencyResolver
{
    private static readonly object Gate = new object();
    private static Dictionary<string, string>? _files;
    private static bool _registered;

    /// <summary>True on .NET Framework (Windows PowerShell); false on .NET (PowerShell 7).</summary>
    internal static bool IsNetFramework =>
        RuntimeInformation.FrameworkDescription.StartsWith(".NET Framework", StringComparison.OrdinalIgnoreCase);

    /// <summary>The folder the Desktop-only dependencies ship in.</summary>
    internal static string DependencyFolder =>
        Path.Combine(Path.GetDirectoryName(typeof(DesktopDependencyResolver).Assembly.Location) ?? ".", "Dependencies", "Desktop");

    internal static void Register()
    {
        if (!IsNetFramework) return;
        lock (Gate)
        {
            if (_registered) return;
            _files = IndexFolder(DependencyFolder);
            AppDomain.CurrentDomain.AssemblyResolve += OnAssemblyResolve;
            _registered = true;
        }
    }

    internal static void Unregister()
    {
        lock (Gate)
        {
            if (!_registered) return;
            AppDomain.CurrentDomain.AssemblyResolve -= OnAssemblyResolve;
            _registered = false;
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
        if (string.Equals(requested.Name, core.GetName().Name, StringComparison.Ordinal)) return core;

        if (requested.Name == null || !files.TryGetValue(requested.Name, out string? path)) return null;

        try
        {
            AssemblyName candidate = AssemblyName.GetAssemblyName(path);
            if (requested.Version != null && candidate.Version != null && candidate.Version < requested.Version) return null;
            byte[]? wantedToken = requested.GetPublicKeyToken();
            byte[]? ourToken = candidate.GetPublicKeyToken();
            if (wantedToken != null && wantedToken.Length > 0 && !SameBytes(wantedToken, ourToken)) return null;

            // LoadFrom: the folder becomes this assembly's probing base, so its own dependencies
            // (System.Memory for System.Text.Json, ...) are found next to it.
            return Assembly.LoadFrom(path);
        }
        catch (Exception ex) when (ex is IOException || ex is BadImageFormatException || ex is UnauthorizedAccessException || ex is NotSupportedException)
        {
            return null;
        }
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
