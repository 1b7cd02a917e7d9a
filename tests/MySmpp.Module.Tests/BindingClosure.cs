using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace MySmpp.Module.Tests;

/// <summary>An assembly's identity as a reference names it: name, version and public key token ("null" when none).</summary>
public sealed record AssemblyIdentity(string Name, Version Version, string Token)
{
    public static AssemblyIdentity Of(AssemblyName name) =>
        new AssemblyIdentity(name.Name!, name.Version ?? new Version(0, 0, 0, 0), TokenText(name.GetPublicKeyToken()));

    public static string TokenText(byte[]? token) => token == null || token.Length == 0 ? "null" : Convert.ToHexString(token).ToLowerInvariant();

    public override string ToString() => Name + " " + Version + " (" + Token + ")";
}

/// <summary>One reference of one shipped assembly, and how Windows PowerShell 5.1 binds it (null: it does not).</summary>
public sealed record Binding(string From, AssemblyIdentity Asked, string? How, Version? Found)
{
    public const string InBox = "in-box";
    public const string Host = "Windows PowerShell 5.1";
    public const string NextToParent = "next to its parent";
    public const string Resolver = "resolver";
    public const string PowerShell7Only = "never on .NET Framework";

    /// <summary>The form of tests/desktop-resolver-answers.txt: "MySmpp.Core -> System.Text.Json 8.0.0.0".</summary>
    public string Line => From + " -> " + Asked.Name + " " + Asked.Version;

    public override string ToString() => Line + " (" + Asked.Token + "): " + (How == null ? "NOT SATISFIED" : How + " " + Found);
}

/// <summary>What a .NET Framework version has in-box, read from its reference assemblies (the targeting pack).</summary>
public sealed class FrameworkProfile
{
    private FrameworkProfile(string directory, Dictionary<string, AssemblyIdentity> assemblies, HashSet<string> netstandardTypes)
    {
        Directory = directory;
        Assemblies = assemblies;
        NetStandardTypes = netstandardTypes;
    }

    public string Directory { get; }

    /// <summary>Every assembly of the targeting pack (its root and Facades/), by name.</summary>
    public IReadOnlyDictionary<string, AssemblyIdentity> Assemblies { get; }

    /// <summary>The full names of the types netstandard.dll defines or forwards.</summary>
    public IReadOnlySet<string> NetStandardTypes { get; }

    public static FrameworkProfile Load(string directory)
    {
        var assemblies = new Dictionary<string, AssemblyIdentity>(StringComparer.OrdinalIgnoreCase);
        foreach (string path in System.IO.Directory.GetFiles(directory, "*.dll").Concat(System.IO.Directory.GetFiles(Path.Combine(directory, "Facades"), "*.dll")))
        {
            AssemblyIdentity? identity = BindingClosure.IdentityOf(path);
            if (identity != null) assemblies[identity.Name] = identity;
        }

        var types = new HashSet<string>(StringComparer.Ordinal);
        using (var pe = new PEReader(File.OpenRead(Path.Combine(directory, "Facades", "netstandard.dll"))))
        {
            MetadataReader reader = pe.GetMetadataReader();
            foreach (ExportedTypeHandle handle in reader.ExportedTypes)
            {
                ExportedType type = reader.GetExportedType(handle);
                types.Add(FullName(reader.GetString(type.Namespace), reader.GetString(type.Name)));
            }

            foreach (TypeDefinitionHandle handle in reader.TypeDefinitions)
            {
                TypeDefinition type = reader.GetTypeDefinition(handle);
                types.Add(FullName(reader.GetString(type.Namespace), reader.GetString(type.Name)));
            }
        }

        return new FrameworkProfile(directory, assemblies, types);
    }

    internal static string FullName(string ns, string name) => ns.Length == 0 ? name : ns + "." + name;
}

/// <summary>
/// How Windows PowerShell 5.1 (.NET Framework) binds every reference of every assembly a module folder ships, read from
/// metadata only. A reference is satisfied in-box (the framework has that name with the same token at a version at least
/// the one asked), by PowerShell itself (<see cref="HostProvided"/>), next to its parent (a file in the same folder at
/// the exact version: the LoadFrom context probes there), or by the module's resolver (a file in Dependencies/Desktop at
/// the same or a higher version, same token: what DesktopDependencyResolver answers on AppDomain.AssemblyResolve);
/// otherwise it is not satisfied.
/// </summary>
public static class BindingClosure
{
    /// <summary>What powershell.exe itself provides (from the GAC), which no targeting pack lists.</summary>
    public static readonly IReadOnlyList<AssemblyIdentity> HostProvided = new[]
    {
        new AssemblyIdentity("System.Management.Automation", new Version(3, 0, 0, 0), "31bf3856ad364e35"),
    };

    /// <summary>
    /// References of MySmpp.dll that only code PowerShell 7 runs uses, so .NET Framework never binds them: the JIT
    /// compiles a method when it first runs, and <c>JournalStorage</c> keeps each edition's loading in its own method
    /// (System.Runtime.Loader: <c>JournalLoadContext</c>, the journal's AssemblyLoadContext). The Windows PowerShell
    /// leg of the workflow uses the journal in a real powershell.exe, which would fail if one of them were bound there.
    /// </summary>
    public static readonly IReadOnlyList<string> PowerShell7Only = new[] { "MySmpp -> System.Runtime.Loader" };

    public static string DesktopFolder(string moduleDir) => Path.Combine(moduleDir, "Dependencies", "Desktop");

    /// <summary>
    /// Every managed assembly Windows PowerShell 5.1 may load from <paramref name="moduleDir"/>: the module's root and
    /// Dependencies/Desktop (native files skipped). Dependencies/Core is PowerShell 7's alone (DependencyTests check it).
    /// </summary>
    public static IReadOnlyList<string> ShippedAssemblies(string moduleDir) =>
        Directory.GetFiles(moduleDir, "*.dll").Concat(Directory.GetFiles(DesktopFolder(moduleDir), "*.dll"))
            .Where(p => IdentityOf(p) != null).OrderBy(p => p, StringComparer.Ordinal).ToList();

    /// <summary>The bindings of every reference of every shipped assembly.</summary>
    public static IReadOnlyList<Binding> Analyze(string moduleDir, FrameworkProfile framework)
    {
        IReadOnlyList<string> shipped = ShippedAssemblies(moduleDir);
        string desktop = Path.GetFullPath(DesktopFolder(moduleDir));
        var bindings = new List<Binding>();
        foreach (string file in shipped)
        {
            string from = IdentityOf(file)!.Name;
            string folder = Path.GetDirectoryName(Path.GetFullPath(file))!;
            foreach (AssemblyIdentity asked in ReferencesOf(file))
            {
                bindings.Add(Bind(from, asked, folder, desktop, shipped, framework));
            }
        }

        return bindings;
    }

    private static Binding Bind(string from, AssemblyIdentity asked, string folder, string desktop, IReadOnlyList<string> shipped, FrameworkProfile framework)
    {
        if (framework.Assemblies.TryGetValue(asked.Name, out AssemblyIdentity? inBox) && inBox.Token == asked.Token && inBox.Version >= asked.Version)
        {
            return new Binding(from, asked, Binding.InBox, inBox.Version);
        }

        AssemblyIdentity? host = HostProvided.FirstOrDefault(h => h.Name == asked.Name && h.Token == asked.Token && h.Version >= asked.Version);
        if (host != null) return new Binding(from, asked, Binding.Host, host.Version);

        if (PowerShell7Only.Contains(from + " -> " + asked.Name)) return new Binding(from, asked, Binding.PowerShell7Only, null);

        // The resolver answers MySmpp.Core, asked from Dependencies/Desktop (the journal's storage), with the module's
        // own loaded copy, whatever version is asked, so both sides share one ISendJournal type.
        if (asked.Name == "MySmpp.Core" && folder == desktop)
        {
            string? core = shipped.FirstOrDefault(f => Path.GetFileName(f) == "MySmpp.Core.dll" && Path.GetDirectoryName(Path.GetFullPath(f)) != desktop);
            if (core != null) return new Binding(from, asked, Binding.Resolver, IdentityOf(core)!.Version);
        }

        foreach (string file in shipped.Where(f => string.Equals(Path.GetFileNameWithoutExtension(f), asked.Name, StringComparison.OrdinalIgnoreCase)))
        {
            AssemblyIdentity candidate = IdentityOf(file)!;
            string candidateFolder = Path.GetDirectoryName(Path.GetFullPath(file))!;
            if (candidateFolder == folder && candidate.Version == asked.Version && candidate.Token == asked.Token)
            {
                return new Binding(from, asked, Binding.NextToParent, candidate.Version);
            }

            // The resolver's own rule: its folder, version at least the one asked, the same token when one is asked.
            if (candidateFolder == desktop && candidate.Version >= asked.Version && (asked.Token == "null" || candidate.Token == asked.Token))
            {
                return new Binding(from, asked, Binding.Resolver, candidate.Version);
            }
        }

        return new Binding(from, asked, null, null);
    }

    /// <summary>The identity in an assembly's own metadata; null for a file without metadata (a native dll).</summary>
    public static AssemblyIdentity? IdentityOf(string path)
    {
        using var pe = new PEReader(File.OpenRead(path));
        if (!pe.HasMetadata) return null;
        MetadataReader reader = pe.GetMetadataReader();
        if (!reader.IsAssembly) return null;
        return AssemblyIdentity.Of(reader.GetAssemblyDefinition().GetAssemblyName());
    }

    public static IReadOnlyList<AssemblyIdentity> ReferencesOf(string path)
    {
        using var pe = new PEReader(File.OpenRead(path));
        MetadataReader reader = pe.GetMetadataReader();
        return reader.AssemblyReferences.Select(h => AssemblyIdentity.Of(reader.GetAssemblyReference(h).GetAssemblyName())).ToList();
    }

    /// <summary>The full names of the top-level types <paramref name="path"/> takes from netstandard (nested ones come with their parent).</summary>
    public static IReadOnlyList<string> NetStandardTypesUsedBy(string path)
    {
        using var pe = new PEReader(File.OpenRead(path));
        MetadataReader reader = pe.GetMetadataReader();
        var types = new SortedSet<string>(StringComparer.Ordinal);
        foreach (TypeReferenceHandle handle in reader.TypeReferences)
        {
            TypeReference type = reader.GetTypeReference(handle);
            if (type.ResolutionScope.Kind != HandleKind.AssemblyReference) continue;
            AssemblyReference scope = reader.GetAssemblyReference((AssemblyReferenceHandle)type.ResolutionScope);
            if (reader.GetString(scope.Name) != "netstandard") continue;
            types.Add(FrameworkProfile.FullName(reader.GetString(type.Namespace), reader.GetString(type.Name)));
        }

        return types.ToList();
    }

    /// <summary>The lines of tests/desktop-resolver-answers.txt: the references only the resolver satisfies.</summary>
    public static IReadOnlyList<string> ExpectedResolverAnswers(string repoRoot) =>
        File.ReadAllLines(Path.Combine(repoRoot, "tests", "desktop-resolver-answers.txt"))
            .Select(l => l.Trim())
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .ToList();
}
