using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Reflection.Emit;
using Xunit;

namespace MySmpp.Module.Tests;

/// <summary>
/// Windows PowerShell 5.1's binding of the built module, proven from metadata against .NET Framework 4.7.2's and 4.8's
/// reference assemblies (NuGet's targeting packs): every reference of every assembly the module folder ships is satisfied
/// (in-box, by PowerShell, next to its parent, or by the resolver), the references only the resolver satisfies are exactly
/// tests/desktop-resolver-answers.txt, every netstandard type used is forwarded by the framework's netstandard.dll, and
/// MySmpp.dll's public types touch no Desktop-only assembly. Generic over the folder: a new dependency is checked as it
/// lands, and the answers file is the one thing to update. 4.7.2 itself is proven only here (hosted runners have 4.8).
/// </summary>
[Collection(ModuleCollection.Name)]
public sealed class BindingClosureTests
{
    private readonly ModuleFixture _module;

    public BindingClosureTests(ModuleFixture module) => _module = module;

    public static TheoryData<string> Frameworks => new TheoryData<string> { "NetFramework472Dir", "NetFramework48Dir" };

    private static FrameworkProfile Framework(string key) =>
        FrameworkProfile.Load(typeof(BindingClosureTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!);

    private static string Describe(IEnumerable<Binding> bindings) => string.Join(Environment.NewLine, bindings.Select(b => "  " + b));

    [Theory]
    [MemberData(nameof(Frameworks))]
    public void Every_reference_of_every_shipped_assembly_binds_and_only_the_listed_ones_need_the_resolver(string framework)
    {
        FrameworkProfile profile = Framework(framework);
        IReadOnlyList<Binding> bindings = BindingClosure.Analyze(_module.ModuleDir, profile);

        Assert.Contains(bindings, b => b.From == "MySmpp" && b.Asked.Name == "MySmpp.Core" && b.How == Binding.NextToParent);
        Assert.Contains(bindings, b => b.From == "MySmpp" && b.Asked.Name == "System.Management.Automation" && b.How == Binding.Host);
        Assert.Contains(bindings, b => b.Asked.Name == "netstandard" && b.How == Binding.InBox);
        List<Binding> unsatisfied = bindings.Where(b => b.How == null).ToList();
        Assert.True(unsatisfied.Count == 0, "On " + framework + " these references do not bind:" + Environment.NewLine + Describe(unsatisfied) + Environment.NewLine + "All:" + Environment.NewLine + Describe(bindings));

        List<string> resolved = bindings.Where(b => b.How == Binding.Resolver).Select(b => b.Line).Distinct().OrderBy(l => l, StringComparer.Ordinal).ToList();
        List<string> expected = BindingClosure.ExpectedResolverAnswers(_module.RepoRoot).OrderBy(l => l, StringComparer.Ordinal).ToList();
        Assert.True(
            expected.SequenceEqual(resolved),
            "tests/desktop-resolver-answers.txt lists" + Environment.NewLine + string.Join(Environment.NewLine, expected.Select(l => "  " + l))
            + Environment.NewLine + "but on " + framework + " the resolver is needed for" + Environment.NewLine + string.Join(Environment.NewLine, resolved.Select(l => "  " + l)));
    }

    [Fact]
    public void Every_shipped_assembly_is_checked_including_the_desktop_ones()
    {
        List<string> names = BindingClosure.ShippedAssemblies(_module.ModuleDir).Select(p => BindingClosure.IdentityOf(p)!.Name).ToList();
        Assert.Contains("MySmpp", names);
        Assert.Contains("MySmpp.Core", names);
        Assert.Contains("System.Text.Json", names);
        Assert.Contains("TimeZoneConverter", names);
        Assert.Equal(Directory.GetFiles(BindingClosure.DesktopFolder(_module.ModuleDir), "*.dll").Length + 2, names.Count);
    }

    [Fact]
    public void A_planted_lower_version_in_a_copy_of_the_folder_fails_the_closure()
    {
        string copy = CopyModule();
        try
        {
            string buffers = Path.Combine(BindingClosure.DesktopFolder(copy), "System.Buffers.dll");
            AssemblyIdentity real = BindingClosure.IdentityOf(buffers)!;
            byte[] publicKey = PublicKeyOf(buffers);
            File.Delete(buffers);
            var name = new AssemblyName("System.Buffers") { Version = new Version(4, 0, 0, 0) };
            name.SetPublicKey(publicKey);
            var builder = new PersistedAssemblyBuilder(name, typeof(object).Assembly);
            builder.DefineDynamicModule("System.Buffers").DefineType("Planted", TypeAttributes.Public).CreateType();
            builder.Save(buffers);
            AssemblyIdentity planted = BindingClosure.IdentityOf(buffers)!;
            Assert.Equal(real.Token, planted.Token); // the same publisher: only the version is wrong

            foreach (string framework in new[] { "NetFramework472Dir", "NetFramework48Dir" })
            {
                // (The planted file's own references are the test's artefact, not the module's.)
                List<Binding> unsatisfied = BindingClosure.Analyze(copy, Framework(framework)).Where(b => b.How == null && b.From != "System.Buffers").ToList();
                Assert.NotEmpty(unsatisfied);
                Assert.All(unsatisfied, b => Assert.Equal("System.Buffers", b.Asked.Name));
                Assert.Contains(unsatisfied, b => b.From == "System.Memory");
            }
        }
        finally
        {
            Directory.Delete(copy, recursive: true);
        }
    }

    [Fact]
    public void A_planted_copy_next_to_the_module_at_another_version_is_not_taken_for_the_one_asked()
    {
        // MySmpp.dll asks for MySmpp.Core at its own version; a stray older MySmpp.Core next to it must not pass.
        string copy = CopyModule();
        try
        {
            string core = Path.Combine(copy, "MySmpp.Core.dll");
            File.Delete(core);
            var builder = new PersistedAssemblyBuilder(new AssemblyName("MySmpp.Core") { Version = new Version(0, 0, 1, 0) }, typeof(object).Assembly);
            builder.DefineDynamicModule("MySmpp.Core").DefineType("Planted", TypeAttributes.Public).CreateType();
            builder.Save(core);

            Binding binding = Assert.Single(BindingClosure.Analyze(copy, Framework("NetFramework472Dir")), b => b.From == "MySmpp" && b.Asked.Name == "MySmpp.Core");
            Assert.Null(binding.How);
        }
        finally
        {
            Directory.Delete(copy, recursive: true);
        }
    }

    [Theory]
    [MemberData(nameof(Frameworks))]
    public void Every_netstandard_type_the_shipped_assemblies_use_is_forwarded_by_the_frameworks_netstandard(string framework)
    {
        FrameworkProfile profile = Framework(framework);
        var missing = new List<string>();
        int checkedTypes = 0;
        foreach (string file in BindingClosure.ShippedAssemblies(_module.ModuleDir))
        {
            foreach (string type in BindingClosure.NetStandardTypesUsedBy(file))
            {
                checkedTypes++;
                if (!profile.NetStandardTypes.Contains(type)) missing.Add(Path.GetFileName(file) + ": " + type);
            }
        }

        Assert.True(checkedTypes > 500, "Only " + checkedTypes + " netstandard type references were found.");
        Assert.True(missing.Count == 0, framework + "'s netstandard.dll has none of:" + Environment.NewLine + string.Join(Environment.NewLine, missing));
    }

    [Fact]
    public void The_public_types_of_MySmpp_dll_touch_no_desktop_only_assembly()
    {
        // PowerShell reflects over a binary module's public types (commands, parameters, output types, formatting)
        // before any lazy load: a Desktop-only assembly in their signatures would have to load at import.
        string desktop = BindingClosure.DesktopFolder(_module.ModuleDir);
        var desktopOnly = new HashSet<string>(Directory.GetFiles(desktop, "*.dll").Select(Path.GetFileNameWithoutExtension)!, StringComparer.OrdinalIgnoreCase);
        string framework = typeof(BindingClosureTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "NetFramework472Dir").Value!;
        IEnumerable<string> paths = Directory.GetFiles(_module.ModuleDir, "*.dll")
            .Concat(Directory.GetFiles(desktop, "*.dll"))
            .Concat(Directory.GetFiles(framework, "*.dll"))
            .Concat(Directory.GetFiles(Path.Combine(framework, "Facades"), "*.dll").Where(f => !File.Exists(Path.Combine(desktop, Path.GetFileName(f)))))
            .Append(_module.PowerShellReference);
        using var context = new MetadataLoadContext(new PathAssemblyResolver(paths), "mscorlib");
        Assembly module = context.LoadFromAssemblyPath(Path.Combine(_module.ModuleDir, "MySmpp.dll"));

        var touched = new SortedSet<string>(StringComparer.Ordinal);
        Type[] publicTypes = module.GetTypes().Where(t => t.IsPublic || t.IsNestedPublic).ToArray();
        Assert.Contains(publicTypes, t => t.Name == "ConnectMySmppCommand");
        foreach (Type type in publicTypes)
        {
            foreach (Type used in PublicSurface(type))
            {
                if (desktopOnly.Contains(used.Assembly.GetName().Name!)) touched.Add(type.FullName + " -> " + used.FullName + " (" + used.Assembly.GetName().Name + ")");
            }
        }

        Assert.True(touched.Count == 0, "Public types of MySmpp.dll use Desktop-only assemblies:" + Environment.NewLine + string.Join(Environment.NewLine, touched));
    }

    /// <summary>Every type in <paramref name="type"/>'s public and protected surface: bases, interfaces, signatures, attributes.</summary>
    private static IEnumerable<Type> PublicSurface(Type type)
    {
        const BindingFlags Declared = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        var found = new List<Type>();
        void Add(Type? t)
        {
            if (t == null) return;
            if (t.HasElementType) Add(t.GetElementType());
            if (t.IsGenericType) foreach (Type argument in t.GetGenericArguments()) Add(argument);
            if (!t.IsGenericParameter) found.Add(t);
        }

        void Attributes(IEnumerable<CustomAttributeData> attributes)
        {
            foreach (CustomAttributeData attribute in attributes)
            {
                Add(attribute.AttributeType);
                foreach (CustomAttributeTypedArgument argument in attribute.ConstructorArguments.Concat(attribute.NamedArguments.Select(n => n.TypedValue)))
                {
                    if (argument.Value is Type typeArgument) Add(typeArgument);
                }
            }
        }

        Add(type.BaseType);
        foreach (Type face in type.GetInterfaces()) Add(face);
        Attributes(type.GetCustomAttributesData());
        foreach (MemberInfo member in type.GetMembers(Declared))
        {
            switch (member)
            {
                case FieldInfo field when field.IsPublic || field.IsFamily || field.IsFamilyOrAssembly:
                    Add(field.FieldType);
                    Attributes(field.GetCustomAttributesData());
                    break;
                case PropertyInfo property when property.GetAccessors(nonPublic: true).Any(a => a.IsPublic || a.IsFamily || a.IsFamilyOrAssembly):
                    Add(property.PropertyType);
                    foreach (ParameterInfo index in property.GetIndexParameters()) Add(index.ParameterType);
                    Attributes(property.GetCustomAttributesData());
                    break;
                case MethodBase method when method.IsPublic || method.IsFamily || method.IsFamilyOrAssembly:
                    if (method is MethodInfo withReturn) Add(withReturn.ReturnType);
                    foreach (ParameterInfo parameter in method.GetParameters()) Add(parameter.ParameterType);
                    Attributes(method.GetCustomAttributesData());
                    break;
                case EventInfo @event when @event.AddMethod != null && (@event.AddMethod.IsPublic || @event.AddMethod.IsFamily):
                    Add(@event.EventHandlerType);
                    break;
            }
        }

        return found;
    }

    private string CopyModule()
    {
        string copy = Directory.CreateTempSubdirectory("mysmpp-closure-").FullName;
        foreach (string file in Directory.GetFiles(_module.ModuleDir, "*", SearchOption.AllDirectories))
        {
            string target = Path.Combine(copy, Path.GetRelativePath(_module.ModuleDir, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        return copy;
    }

    private static byte[] PublicKeyOf(string path)
    {
        using var pe = new System.Reflection.PortableExecutable.PEReader(File.OpenRead(path));
        System.Reflection.Metadata.MetadataReader reader = System.Reflection.Metadata.PEReaderExtensions.GetMetadataReader(pe);
        return reader.GetBlobBytes(reader.GetAssemblyDefinition().PublicKey);
    }
}
