using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Text.RegularExpressions;
using Xunit;

namespace MySmpp.Module.Tests;

/// <summary>
/// The layers' contract for messages (CONTRIBUTING.md, "Analyzers"): MySmpp.Core and the journal's storage speak of their
/// own concepts; only the cmdlet assembly names cmdlets and parameters, and adds them to Core's messages
/// (<c>SendErrorRecords.ParameterOf</c>, <c>ErrorRecords.RecommendedActionFor</c>).
/// </summary>
[Collection(ModuleCollection.Name)]
public sealed class CoreMessageTests : IDisposable
{
    // A C# string literal (regular or verbatim) on one line.
    private static readonly Regex Literal = new Regex(@"@""(?:[^""]|"""")*""|""(?:[^""\\]|\\.)*""", RegexOptions.CultureInvariant);

    private readonly ModuleFixture _module;
    private readonly Shell _shell;

    public CoreMessageTests(ModuleFixture module)
    {
        _module = module;
        _shell = module.OpenShell();
    }

    public void Dispose() => _shell.Dispose();

    [Theory]
    [InlineData("src/MySmpp.Core")]
    [InlineData("src/MySmpp.Journal.Sqlite")]
    public void No_string_of_the_layers_below_the_cmdlets_names_a_cmdlet_or_one_of_their_parameters(string project)
    {
        List<CmdletInfo> commands = _shell.Run("Get-Command -Module MySmpp").ThrowOnError().Output.Select(o => (CmdletInfo)o.BaseObject).ToList();
        var names = new HashSet<string>(commands.Select(c => c.Name), StringComparer.Ordinal);
        var parameters = new HashSet<string>(commands.SelectMany(c => c.Parameters.Keys).Where(p => !IsCommon(p)).Select(p => "-" + p), StringComparer.Ordinal);
        Assert.Contains("-ViberText", parameters); // the list is the module's, not empty

        var found = new List<string>();
        string root = Path.Combine(_module.RepoRoot, project);
        foreach (string file in Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories).Where(f => !IsBuildOutput(root, f)))
        {
            string[] lines = File.ReadAllLines(file);
            for (int i = 0; i < lines.Length; i++)
            {
                if (lines[i].TrimStart().StartsWith("//", StringComparison.Ordinal)) continue;
                foreach (Match literal in Literal.Matches(lines[i]))
                {
                    foreach (Match word in Regex.Matches(literal.Value, @"-?[A-Za-z][A-Za-z]*-?[A-Za-z]+"))
                    {
                        if (parameters.Contains(word.Value) || names.Contains(word.Value))
                        {
                            found.Add(Path.GetRelativePath(_module.RepoRoot, file) + ":" + (i + 1) + ": " + word.Value);
                        }
                    }
                }
            }
        }

        Assert.True(found.Count == 0, "Name the concept instead, and let the cmdlet add the name:\n" + string.Join("\n", found));
    }

    private static bool IsCommon(string parameter) =>
        Cmdlet.CommonParameters.Contains(parameter) || Cmdlet.OptionalCommonParameters.Contains(parameter);

    private static bool IsBuildOutput(string root, string file)
    {
        string relative = Path.GetRelativePath(root, file).Replace('\\', '/');
        return relative.StartsWith("bin/", StringComparison.Ordinal) || relative.StartsWith("obj/", StringComparison.Ordinal);
    }
}
