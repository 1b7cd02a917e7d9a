using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Xml.Linq;
using Xunit;

namespace MySmpp.Module.Tests;

/// <summary>
/// The built module folder and a MetadataLoadContext over it. Nothing of the module is executed: types are
/// inspected as metadata, so the tests run without PowerShell.
/// </summary>
public sealed class ModuleFixture : IDisposable
{
    public const string PowerShellAssembly = "System.Management.Automation";

    public ModuleFixture()
    {
        RepoRoot = FindRepoRoot();
        Version = ReadVersion(Path.Combine(RepoRoot, "Directory.Build.props"));
        ModuleVersion = Version.Split('-')[0];
        ModuleDir = Path.Combine(RepoRoot, "out", "MySmpp", ModuleVersion);
        if (!File.Exists(Path.Combine(ModuleDir, "MySmpp.dll")))
        {
            throw new InvalidOperationException("The built module is missing: " + ModuleDir + " (run dotnet build MySmpp.sln).");
        }

        PowerShellReference = Path.Combine(Metadata("PowerShellStandardDir"), "lib", "netstandard2.0", PowerShellAssembly + ".dll");
        var paths = new List<string>(Directory.GetFiles(RuntimeEnvironment.GetRuntimeDirectory(), "*.dll"))
        {
            PowerShellReference,
        };
        paths.AddRange(Directory.GetFiles(ModuleDir, "*.dll"));
        Context = new MetadataLoadContext(new PathAssemblyResolver(paths));
        Module = Context.LoadFromAssemblyPath(Path.Combine(ModuleDir, "MySmpp.dll"));
        Core = Context.LoadFromAssemblyPath(Path.Combine(ModuleDir, "MySmpp.Core.dll"));
        Cmdlets = Module.GetExportedTypes()
            .Where(t => t.IsClass && !t.IsAbstract && Attribute(t, "CmdletAttribute") != null)
            .Select(t => new Cmdlet(t))
            .OrderBy(c => c.Name, StringComparer.Ordinal)
            .ToList();
    }

    public string RepoRoot { get; }

    /// <summary>MySmppVersion from Directory.Build.props (may carry a prerelease label).</summary>
    public string Version { get; }

    /// <summary>The numeric part: the manifest's ModuleVersion and the folder name.</summary>
    public string ModuleVersion { get; }

    public string ModuleDir { get; }

    public string PowerShellReference { get; }

    public MetadataLoadContext Context { get; }

    public Assembly Module { get; }

    public Assembly Core { get; }

    public IReadOnlyList<Cmdlet> Cmdlets { get; }

    public Cmdlet this[string name] => Cmdlets.Single(c => c.Name == name);

    /// <summary>Finds a type by full name in the module's two assemblies.</summary>
    public Type? FindType(string fullName) => Module.GetType(fullName) ?? Core.GetType(fullName);

    public void Dispose() => Context.Dispose();

    public static CustomAttributeData? Attribute(MemberInfo member, string name) =>
        member.GetCustomAttributesData().FirstOrDefault(a => a.AttributeType.Name == name);

    public static IEnumerable<CustomAttributeData> Attributes(MemberInfo member, string name) =>
        member.GetCustomAttributesData().Where(a => a.AttributeType.Name == name);

    public static object? Named(CustomAttributeData attribute, string name) =>
        attribute.NamedArguments.Where(a => a.MemberName == name).Select(a => a.TypedValue.Value).FirstOrDefault();

    public static IEnumerable<object?> Values(CustomAttributeTypedArgument argument) =>
        argument.Value is IReadOnlyCollection<CustomAttributeTypedArgument> items ? items.Select(i => i.Value) : new[] { argument.Value };

    private static string Metadata(string key) =>
        typeof(ModuleFixture).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value
        ?? throw new InvalidOperationException("No " + key + " metadata.");

    private static string FindRepoRoot()
    {
        string? fromBuild = typeof(ModuleFixture).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == "RepoRoot")?.Value;
        if (!string.IsNullOrEmpty(fromBuild) && File.Exists(Path.Combine(fromBuild, "MySmpp.sln"))) return Path.GetFullPath(fromBuild);
        for (DirectoryInfo? dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "MySmpp.sln"))) return dir.FullName;
        }

        throw new InvalidOperationException("Cannot find the repository root (MySmpp.sln) above " + AppContext.BaseDirectory);
    }

    private static string ReadVersion(string propsPath)
    {
        string? version = XDocument.Load(propsPath).Descendants().FirstOrDefault(e => e.Name.LocalName == "MySmppVersion")?.Value.Trim();
        return string.IsNullOrEmpty(version) ? throw new InvalidOperationException("MySmppVersion is not set in " + propsPath) : version;
    }
}

/// <summary>One cmdlet class, read as metadata.</summary>
public sealed class Cmdlet
{
    public const string AllSets = "__AllParameterSets";

    public Cmdlet(Type type)
    {
        Type = type;
        CustomAttributeData attribute = ModuleFixture.Attribute(type, "CmdletAttribute")!;
        Verb = (string)attribute.ConstructorArguments[0].Value!;
        Noun = (string)attribute.ConstructorArguments[1].Value!;
        DefaultParameterSet = ModuleFixture.Named(attribute, "DefaultParameterSetName") as string;
        Parameters = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => ModuleFixture.Attribute(p, "ParameterAttribute") != null)
            .Select(p => new Parameter(p))
            .ToList();
    }

    public Type Type { get; }

    public string Verb { get; }

    public string Noun { get; }

    public string Name => Verb + "-" + Noun;

    public string? DefaultParameterSet { get; }

    public IReadOnlyList<Parameter> Parameters { get; }

    public Parameter this[string name] => Parameters.Single(p => p.Name == name);

    public IReadOnlyList<string> OutputTypes =>
        ModuleFixture.Attributes(Type, "OutputTypeAttribute")
            .SelectMany(a => a.ConstructorArguments.SelectMany(ModuleFixture.Values))
            .Select(v => v is Type t ? t.FullName! : (string)v!)
            .ToList();

    public override string ToString() => Name;
}

/// <summary>One parameter: its [Parameter] attributes (one per set), aliases and other attributes.</summary>
public sealed class Parameter
{
    public Parameter(PropertyInfo property)
    {
        Property = property;
        Sets = ModuleFixture.Attributes(property, "ParameterAttribute").ToDictionary(
            a => ModuleFixture.Named(a, "ParameterSetName") as string ?? Cmdlet.AllSets,
            a => new SetInfo(
                ModuleFixture.Named(a, "Mandatory") as bool? ?? false,
                ModuleFixture.Named(a, "Position") as int? ?? int.MinValue,
                ModuleFixture.Named(a, "ValueFromPipeline") as bool? ?? false,
                ModuleFixture.Named(a, "ValueFromPipelineByPropertyName") as bool? ?? false));
        Aliases = ModuleFixture.Attributes(property, "AliasAttribute")
            .SelectMany(a => a.ConstructorArguments.SelectMany(ModuleFixture.Values))
            .Select(v => (string)v!)
            .ToList();
    }

    public PropertyInfo Property { get; }

    public string Name => Property.Name;

    public Type Type => Property.PropertyType;

    public IReadOnlyDictionary<string, SetInfo> Sets { get; }

    public IReadOnlyList<string> Aliases { get; }

    public bool HasAttribute(string name) => ModuleFixture.Attribute(Property, name) != null;

    public CustomAttributeData? Attribute(string name) => ModuleFixture.Attribute(Property, name);

    public override string ToString() => "-" + Name;
}

public sealed record SetInfo(bool Mandatory, int Position, bool ValueFromPipeline, bool ValueFromPipelineByPropertyName);

[CollectionDefinition(Name)]
public sealed class ModuleCollection : ICollectionFixture<ModuleFixture>
{
    public const string Name = "Built module";
}
