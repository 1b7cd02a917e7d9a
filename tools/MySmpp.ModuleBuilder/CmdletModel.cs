using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.InteropServices;

namespace MySmpp.ModuleBuilder;

/// <summary>A cmdlet as its metadata declares it.</summary>
internal sealed record CmdletInfo(string Verb, string Noun, string TypeName, string DefaultParameterSet, IReadOnlyList<ParameterInfo> Parameters, IReadOnlyList<string> OutputTypes)
{
    public string Name => Verb + "-" + Noun;

    /// <summary>The parameter sets the cmdlet has, the default one first.</summary>
    public IReadOnlyList<string> ParameterSets
    {
        get
        {
            var named = Parameters.SelectMany(p => p.Sets.Keys).Where(s => s != ParameterInfo.AllSets).Distinct().ToList();

            // PowerShell also knows a default set that no parameter names (a "no credential parameters" set).
            if (DefaultParameterSet != ParameterInfo.AllSets && !named.Contains(DefaultParameterSet)) named.Add(DefaultParameterSet);
            if (named.Count == 0) return new[] { ParameterInfo.AllSets };
            named.Sort(StringComparer.Ordinal);
            if (named.Remove(DefaultParameterSet)) named.Insert(0, DefaultParameterSet);
            return named;
        }
    }
}

/// <summary>One parameter: its type, aliases and per-set attributes.</summary>
internal sealed record ParameterInfo(string Name, Type Type, IReadOnlyList<string> Aliases, IReadOnlyDictionary<string, ParameterSetInfo> Sets, IReadOnlyList<string> EnumValues, int Order)
{
    public const string AllSets = "__AllParameterSets";

    public bool InSet(string set) => Sets.ContainsKey(AllSets) || Sets.ContainsKey(set);

    public ParameterSetInfo For(string set) => Sets.TryGetValue(set, out ParameterSetInfo? info) ? info : Sets[AllSets];

    public bool IsSwitch => Type.FullName == "System.Management.Automation.SwitchParameter";

    public bool ByValue => Sets.Values.Any(s => s.ValueFromPipeline);

    public bool ByPropertyName => Sets.Values.Any(s => s.ValueFromPipelineByPropertyName);

    /// <summary>The short type name PowerShell shows in syntax, e.g. <c>Int64[]</c>.</summary>
    public string ShortTypeName => Type.Name;
}

/// <summary>A parameter's attributes in one parameter set.</summary>
internal sealed record ParameterSetInfo(bool Mandatory, int Position, bool ValueFromPipeline, bool ValueFromPipelineByPropertyName);

/// <summary>Reads cmdlets from an assembly without running it (MetadataLoadContext).</summary>
internal static class CmdletReader
{
    private const string CmdletAttribute = "System.Management.Automation.CmdletAttribute";
    private const string ParameterAttribute = "System.Management.Automation.ParameterAttribute";
    private const string AliasAttribute = "System.Management.Automation.AliasAttribute";
    private const string OutputTypeAttribute = "System.Management.Automation.OutputTypeAttribute";

    /// <summary>Opens a context that can resolve the module, its dependencies, PowerShell's reference assembly and the runtime.</summary>
    public static MetadataLoadContext OpenContext(string modulePath, IEnumerable<string> referencePaths)
    {
        var paths = new List<string>();
        paths.AddRange(Directory.GetFiles(RuntimeEnvironment.GetRuntimeDirectory(), "*.dll"));
        foreach (string reference in referencePaths)
        {
            if (Directory.Exists(reference)) paths.AddRange(Directory.GetFiles(reference, "*.dll"));
            else if (File.Exists(reference)) paths.Add(reference);
        }

        paths.AddRange(Directory.GetFiles(Path.GetDirectoryName(Path.GetFullPath(modulePath))!, "*.dll"));
        return new MetadataLoadContext(new PathAssemblyResolver(paths.Distinct(StringComparer.Ordinal)));
    }

    public static IReadOnlyList<CmdletInfo> Read(Assembly assembly)
    {
        var cmdlets = new List<CmdletInfo>();
        foreach (Type type in assembly.GetExportedTypes().Where(t => t.IsClass && !t.IsAbstract))
        {
            CustomAttributeData? cmdlet = type.GetCustomAttributesData().FirstOrDefault(a => a.AttributeType.FullName == CmdletAttribute);
            if (cmdlet == null) continue;
            string verb = (string)cmdlet.ConstructorArguments[0].Value!;
            string noun = (string)cmdlet.ConstructorArguments[1].Value!;
            string defaultSet = Named(cmdlet, "DefaultParameterSetName") as string ?? ParameterInfo.AllSets;
            var outputs = new List<string>();
            foreach (CustomAttributeData output in type.GetCustomAttributesData().Where(a => a.AttributeType.FullName == OutputTypeAttribute))
            {
                foreach (CustomAttributeTypedArgument argument in output.ConstructorArguments)
                {
                    foreach (object? value in Flatten(argument))
                    {
                        outputs.Add(value is Type t ? t.FullName! : Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)!);
                    }
                }
            }

            cmdlets.Add(new CmdletInfo(verb, noun, type.FullName!, defaultSet, ReadParameters(type), outputs));
        }

        return cmdlets.OrderBy(c => c.Noun, StringComparer.Ordinal).ThenBy(c => c.Verb, StringComparer.Ordinal).ToList();
    }

    private static List<ParameterInfo> ReadParameters(Type type)
    {
        var parameters = new List<ParameterInfo>();
        int order = 0;
        foreach (PropertyInfo property in DeclarationOrder(type))
        {
            var sets = new Dictionary<string, ParameterSetInfo>(StringComparer.Ordinal);
            var aliases = new List<string>();
            foreach (CustomAttributeData attribute in property.GetCustomAttributesData())
            {
                if (attribute.AttributeType.FullName == ParameterAttribute)
                {
                    string set = Named(attribute, "ParameterSetName") as string ?? ParameterInfo.AllSets;
                    sets[set] = new ParameterSetInfo(
                        Named(attribute, "Mandatory") as bool? ?? false,
                        Named(attribute, "Position") as int? ?? int.MinValue,
                        Named(attribute, "ValueFromPipeline") as bool? ?? false,
                        Named(attribute, "ValueFromPipelineByPropertyName") as bool? ?? false);
                }
                else if (attribute.AttributeType.FullName == AliasAttribute)
                {
                    aliases.AddRange(attribute.ConstructorArguments.SelectMany(Flatten).Select(v => (string)v!));
                }
            }

            if (sets.Count == 0) continue;
            Type parameterType = property.PropertyType;
            Type elementType = parameterType.IsArray ? parameterType.GetElementType()! : parameterType;
            elementType = Nullable.GetUnderlyingType(elementType) ?? elementType;
            IReadOnlyList<string> enumValues = elementType.IsEnum
                ? elementType.GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => f.Name).ToList()
                : Array.Empty<string>();
            parameters.Add(new ParameterInfo(property.Name, parameterType, aliases, sets, enumValues, order++));
        }

        return parameters;
    }

    /// <summary>Base class properties first, then the class's own, each in declaration (metadata) order.</summary>
    private static IEnumerable<PropertyInfo> DeclarationOrder(Type type)
    {
        var chain = new Stack<Type>();
        for (Type? t = type; t != null && t.FullName != "System.Object"; t = t.BaseType) chain.Push(t);
        foreach (Type t in chain)
        {
            foreach (PropertyInfo p in t.GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly).OrderBy(p => p.MetadataToken))
            {
                yield return p;
            }
        }
    }

    private static object? Named(CustomAttributeData attribute, string name) =>
        attribute.NamedArguments.Where(a => a.MemberName == name).Select(a => a.TypedValue.Value).FirstOrDefault();

    private static IEnumerable<object?> Flatten(CustomAttributeTypedArgument argument) =>
        argument.Value is ReadOnlyCollection<CustomAttributeTypedArgument> items ? items.Select(i => i.Value) : new[] { argument.Value };
}
