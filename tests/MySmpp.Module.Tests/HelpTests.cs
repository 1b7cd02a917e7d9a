using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Text;
using Xunit;

namespace MySmpp.Module.Tests;

/// <summary>The help as Get-Help shows it after importing the built module, checked against Get-Command's metadata.</summary>
[Collection(ModuleCollection.Name)]
public sealed class HelpTests : IDisposable
{
    private readonly ModuleFixture _module;
    private readonly Shell _shell;

    public HelpTests(ModuleFixture module)
    {
        _module = module;
        _shell = module.OpenShell();
    }

    public void Dispose() => _shell.Dispose();

    private List<CmdletInfo> Commands() => _shell.Run("Get-Command -Module MySmpp").ThrowOnError().Output.Select(o => (CmdletInfo)o.BaseObject).ToList();

    private PSObject Help(string name) => Assert.Single(_shell.Run("Get-Help -Name $args[0] -Full", name).ThrowOnError().Output);

    private static string Text(object? paragraphs) => paragraphs switch
    {
        null => string.Empty,
        PSObject p when p.BaseObject is object[] a => string.Concat(a.Select(x => ((PSObject)x).Properties["Text"]?.Value)),
        PSObject p => Convert.ToString(p.Properties["Text"]?.Value ?? p.BaseObject, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty,
        object[] a => string.Concat(a.Select(x => Text(x))),
        _ => paragraphs.ToString() ?? string.Empty,
    };

    private static IEnumerable<PSObject> Items(object? value) => value switch
    {
        null => Enumerable.Empty<PSObject>(),
        PSObject p when p.BaseObject is object[] a => a.Cast<PSObject>(),
        PSObject p => new[] { p },
        object[] a => a.Cast<PSObject>(),
        _ => Enumerable.Empty<PSObject>(),
    };

    private static object? Prop(PSObject o, string name) => o.Properties[name]?.Value;

    private static string? Str(PSObject o, string name) => Prop(o, name)?.ToString();

    // The build (MySmpp.ModuleBuilder) already refuses a cmdlet without docs/help/<name>.md, a synopsis, a description
    // or two examples; this checks what reaches the user: Get-Help reading the generated MAML.
    [Fact]
    public void Get_Help_shows_each_cmdlets_synopsis_description_and_titled_examples_that_use_it()
    {
        foreach (CmdletInfo cmdlet in Commands())
        {
            PSObject help = Help(cmdlet.Name);
            Assert.True((Str(help, "Synopsis")!).Length > 10 && !(Str(help, "Synopsis")!).StartsWith(cmdlet.Name, StringComparison.Ordinal), cmdlet.Name + ": no synopsis (Get-Help falls back to the syntax).");
            Assert.True(Text(Prop(help, "description")).Length > 50, cmdlet.Name + ": no description.");
            List<PSObject> examples = Items(Prop((PSObject)Prop(help, "examples")!, "example")).ToList();
            Assert.True(examples.Count > 0, cmdlet.Name + ": Get-Help shows no examples.");
            foreach (PSObject example in examples)
            {
                Assert.False(string.IsNullOrWhiteSpace(Str(example, "title")), cmdlet.Name + ": an example has no title.");
                Assert.Contains(cmdlet.Name, Str(example, "code")!, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void Every_parameter_is_documented_with_the_metadata_PowerShell_reports()
    {
        foreach (CmdletInfo cmdlet in Commands())
        {
            Dictionary<string, PSObject> documented = Items(Prop((PSObject)Prop(Help(cmdlet.Name), "parameters")!, "parameter"))
                .ToDictionary(p => Str(p, "name")!, StringComparer.Ordinal);
            List<ParameterMetadata> own = cmdlet.Parameters.Values.Where(p => !PSCmdlet.CommonParameters.Contains(p.Name) && !PSCmdlet.OptionalCommonParameters.Contains(p.Name)).ToList();
            Assert.Equal(own.Select(p => p.Name).OrderBy(n => n, StringComparer.Ordinal), documented.Keys.OrderBy(n => n, StringComparer.Ordinal));

            foreach (ParameterMetadata parameter in own)
            {
                PSObject doc = documented[parameter.Name];
                string where = cmdlet.Name + " -" + parameter.Name;
                Assert.True(Text(Prop(doc, "description")).Length > 10, where + ": no description.");
                Assert.Equal(parameter.ParameterType.FullName, Str((PSObject)Prop(doc, "type")!, "name"));
                Assert.Equal(parameter.ParameterSets.Values.All(s => s.IsMandatory) ? "true" : "false", Str(doc, "required"));

                bool byValue = parameter.ParameterSets.Values.Any(s => s.ValueFromPipeline);
                bool byName = parameter.ParameterSets.Values.Any(s => s.ValueFromPipelineByPropertyName);
                string pipeline = Str(doc, "pipelineInput")!;
                Assert.Equal(byValue || byName, pipeline.StartsWith("True", StringComparison.Ordinal));
                Assert.Equal(byValue, pipeline.Contains("ByValue", StringComparison.Ordinal));
                Assert.Equal(byName, pipeline.Contains("ByPropertyName", StringComparison.Ordinal));

                int position = parameter.ParameterSets.Values.First().Position;
                Assert.Equal(position < 0 ? "named" : position.ToString(System.Globalization.CultureInfo.InvariantCulture), Str(doc, "position"));
                Assert.Equal(parameter.Aliases.Count == 0 ? "none" : string.Join(", ", parameter.Aliases), Str(doc, "aliases"));
                Assert.False(string.IsNullOrWhiteSpace(Prop(doc, "defaultValue")?.ToString()), where + ": no default value.");
            }
        }
    }

    /// <summary>
    /// Get-Help -Online opens the cmdlet's page in docs/help of the public repository (the manifest's ProjectUri), rendered
    /// by GitHub: every cmdlet has a HelpUri there, the page exists, and no related link of the MAML carries an address of
    /// its own (PowerShell would open the first one instead).
    /// </summary>
    [Fact]
    public void Every_cmdlet_has_a_HelpUri_to_its_page_in_docs_help_of_the_public_repository()
    {
        string project = _shell.Run("(Import-PowerShellDataFile -LiteralPath $args[0]).PrivateData.PSData.ProjectUri", _module.ManifestPath).ThrowOnError().Output.Single().ToString();
        foreach (CmdletInfo cmdlet in Commands())
        {
            string? helpUri = _shell.Run("(Get-Command -Name $args[0] -Module MySmpp).HelpUri", cmdlet.Name).ThrowOnError().Output.SingleOrDefault()?.ToString();
            Assert.Equal(project + "/blob/main/docs/help/" + cmdlet.Name + ".md", helpUri);
            Assert.True(File.Exists(Path.Combine(_module.RepoRoot, "docs", "help", cmdlet.Name + ".md")), cmdlet.Name + ": its HelpUri names docs/help/" + cmdlet.Name + ".md, which does not exist.");
            List<string> addresses = _shell.Run("(Get-Help -Name $args[0]).relatedLinks.navigationLink | ForEach-Object { $_.uri } | Where-Object { $_ }", cmdlet.Name).ThrowOnError().Output.Select(o => o.ToString()).ToList();
            Assert.True(addresses.Count == 0, cmdlet.Name + ": a related link with an address (" + string.Join(", ", addresses) + ") would take Get-Help -Online away from its HelpUri.");
        }
    }

    [Fact]
    public void Connect_syntax_has_one_item_per_parameter_set()
    {
        List<PSObject> items = Items(Prop((PSObject)Prop(Help("Connect-MySmpp"), "syntax")!, "syntaxItem")).ToList();
        Assert.Equal(3, items.Count);
        List<string> NamesOf(PSObject item) => Items(Prop(item, "parameter")).Select(p => Str(p, "name")!).ToList();
        Assert.Contains(items, i => NamesOf(i).Contains("Credential") && !NamesOf(i).Contains("Token"));
        Assert.Contains(items, i => NamesOf(i).Contains("Token") && !NamesOf(i).Contains("Credential"));
        Assert.Contains(items, i => !NamesOf(i).Contains("Token") && !NamesOf(i).Contains("Credential") && NamesOf(i).Contains("BaseUri"));
    }

    [Fact]
    public void Outputs_name_the_declared_output_types()
    {
        foreach (CmdletInfo cmdlet in Commands())
        {
            string outputs = string.Join(" ", _shell.Run("(Get-Help -Name $args[0] -Full).returnValues.returnValue.type.name", cmdlet.Name).ThrowOnError().Output.Select(o => o.ToString()));
            foreach (PSTypeName output in cmdlet.OutputType) Assert.Contains(output.Name, outputs, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Get_SmsState_help_shows_id_pipeline_binding_and_aliases()
    {
        PSObject id = Assert.Single(_shell.Run("Get-Help -Name Get-SmsState -Parameter Id").ThrowOnError().Output);
        Assert.Equal("True (ByPropertyName, ByValue)", Str(id, "pipelineInput"));
        Assert.Equal("0", Str(id, "position"));
        Assert.Equal("true", Str(id, "required"));
        Assert.Contains("id_sms", Str(id, "aliases")!, StringComparison.Ordinal);
    }

    [Fact]
    public void The_about_topic_is_found_by_Get_Help_and_names_every_cmdlet()
    {
        string text = string.Join("\n", _shell.Run("Get-Help -Name about_MySmpp | Out-String -Width 120").ThrowOnError().Output.Select(o => o.ToString()));
        Assert.Contains("about_MySmpp", text, StringComparison.Ordinal);
        Assert.Contains("SHORT DESCRIPTION", text, StringComparison.Ordinal);
        foreach (CmdletInfo cmdlet in Commands()) Assert.Contains(cmdlet.Name, text, StringComparison.Ordinal);

        byte[] bytes = File.ReadAllBytes(Path.Combine(_module.ModuleDir, "en-US", "about_MySmpp.help.txt"));
        Assert.True(bytes.Length > 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF, "about topics are UTF-8 with a BOM (Windows PowerShell 5.1 reads them in the ANSI code page otherwise).");
        Assert.StartsWith("TOPIC", Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3), StringComparison.Ordinal);
    }
}
