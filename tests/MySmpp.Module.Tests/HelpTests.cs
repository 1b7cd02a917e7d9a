using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Xml.Linq;
using Xunit;

namespace MySmpp.Module.Tests;

/// <summary>The MAML help and the about topic in the built folder, checked against the cmdlets' metadata.</summary>
[Collection(ModuleCollection.Name)]
public sealed class HelpTests
{
    private static readonly XNamespace Msh = "http://msh";
    private static readonly XNamespace Maml = "http://schemas.microsoft.com/maml/2004/10";
    private static readonly XNamespace Command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
    private static readonly XNamespace Dev = "http://schemas.microsoft.com/maml/dev/2004/10";

    private readonly ModuleFixture _module;
    private readonly XDocument _maml;

    public HelpTests(ModuleFixture module)
    {
        _module = module;
        _maml = XDocument.Load(Path.Combine(module.ModuleDir, "en-US", "MySmpp.dll-Help.xml"));
    }

    private XElement CommandHelp(string name) =>
        Assert.Single(_maml.Root!.Elements(Command + "command"), c => c.Element(Command + "details")!.Element(Command + "name")!.Value == name);

    private static string Text(XElement? element) => string.Concat(element?.Descendants(Maml + "para").Select(p => p.Value) ?? Array.Empty<string>()).Trim();

    [Fact]
    public void The_help_file_is_maml_with_one_topic_per_cmdlet()
    {
        Assert.Equal(Msh + "helpItems", _maml.Root!.Name);
        Assert.Equal("maml", (string?)_maml.Root.Attribute("schema"));
        Assert.Equal(
            _module.Cmdlets.Select(c => c.Name).OrderBy(n => n, StringComparer.Ordinal),
            _maml.Root.Elements(Command + "command").Select(c => c.Element(Command + "details")!.Element(Command + "name")!.Value).OrderBy(n => n, StringComparer.Ordinal));
    }

    [Fact]
    public void Every_topic_has_a_synopsis_a_description_and_at_least_two_examples()
    {
        foreach (Cmdlet cmdlet in _module.Cmdlets)
        {
            XElement help = CommandHelp(cmdlet.Name);
            XElement details = help.Element(Command + "details")!;
            Assert.Equal(cmdlet.Verb, details.Element(Command + "verb")!.Value);
            Assert.Equal(cmdlet.Noun, details.Element(Command + "noun")!.Value);
            Assert.True(Text(details.Element(Maml + "description")).Length > 10, cmdlet.Name + ": no synopsis.");
            Assert.True(Text(help.Element(Maml + "description")).Length > 50, cmdlet.Name + ": no description.");
            List<XElement> examples = help.Element(Command + "examples")!.Elements(Command + "example").ToList();
            Assert.True(examples.Count >= 2, cmdlet.Name + ": " + examples.Count + " examples.");
            foreach (XElement example in examples)
            {
                Assert.False(string.IsNullOrWhiteSpace(example.Element(Maml + "title")?.Value), cmdlet.Name + ": an example has no title.");
                string code = example.Element(Dev + "code")!.Value;
                Assert.Contains(cmdlet.Name, code, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void Every_parameter_is_documented_with_its_metadata()
    {
        foreach (Cmdlet cmdlet in _module.Cmdlets)
        {
            XElement help = CommandHelp(cmdlet.Name);
            Dictionary<string, XElement> documented = help.Element(Command + "parameters")!.Elements(Command + "parameter")
                .ToDictionary(p => p.Element(Maml + "name")!.Value, StringComparer.Ordinal);
            Assert.Equal(
                cmdlet.Parameters.Select(p => p.Name).OrderBy(n => n, StringComparer.Ordinal),
                documented.Keys.OrderBy(n => n, StringComparer.Ordinal));

            foreach (Parameter parameter in cmdlet.Parameters)
            {
                XElement doc = documented[parameter.Name];
                string where = cmdlet.Name + " -" + parameter.Name;
                Assert.True(Text(doc.Element(Maml + "description")).Length > 10, where + ": no description.");
                Assert.Equal(parameter.Type.FullName, doc.Element(Dev + "type")!.Element(Maml + "name")!.Value);
                Assert.Equal(parameter.Sets.Values.All(s => s.Mandatory) ? "true" : "false", (string?)doc.Attribute("required"));

                bool byValue = parameter.Sets.Values.Any(s => s.ValueFromPipeline);
                bool byName = parameter.Sets.Values.Any(s => s.ValueFromPipelineByPropertyName);
                string pipeline = (string)doc.Attribute("pipelineInput")!;
                Assert.Equal(byValue || byName, pipeline.StartsWith("True", StringComparison.Ordinal));
                Assert.Equal(byValue, pipeline.Contains("ByValue", StringComparison.Ordinal));
                Assert.Equal(byName, pipeline.Contains("ByPropertyName", StringComparison.Ordinal));

                int position = parameter.Sets.Values.First().Position;
                Assert.Equal(position == int.MinValue ? "named" : position.ToString(System.Globalization.CultureInfo.InvariantCulture), (string?)doc.Attribute("position"));
                string aliases = (string)doc.Attribute("aliases")!;
                Assert.Equal(parameter.Aliases.Count == 0 ? "none" : string.Join(", ", parameter.Aliases), aliases);
                Assert.False(string.IsNullOrWhiteSpace(doc.Element(Dev + "defaultValue")?.Value), where + ": no default value.");
            }
        }
    }

    [Fact]
    public void The_syntax_has_one_item_per_parameter_set()
    {
        XElement connect = CommandHelp("Connect-MySmpp");
        List<XElement> items = connect.Element(Command + "syntax")!.Elements(Command + "syntaxItem").ToList();
        Assert.Equal(3, items.Count);
        List<string> NamesOf(XElement item) => item.Elements(Command + "parameter").Select(p => p.Element(Maml + "name")!.Value).ToList();
        Assert.Contains(items, i => NamesOf(i).Contains("Credential") && !NamesOf(i).Contains("Token"));
        Assert.Contains(items, i => NamesOf(i).Contains("Token") && !NamesOf(i).Contains("Credential"));
        Assert.Contains(items, i => !NamesOf(i).Contains("Token") && !NamesOf(i).Contains("Credential") && NamesOf(i).Contains("BaseUri"));

        XElement protocol = items[0].Elements(Command + "parameter").Single(p => p.Element(Maml + "name")!.Value == "Protocol");
        Assert.Equal(new[] { "Json", "Xml" }, protocol.Element(Command + "parameterValueGroup")!.Elements(Command + "parameterValue").Select(v => v.Value));
    }

    [Fact]
    public void Outputs_name_the_declared_output_types()
    {
        foreach (Cmdlet cmdlet in _module.Cmdlets)
        {
            List<string> documented = CommandHelp(cmdlet.Name).Element(Command + "returnValues")!.Elements(Command + "returnValue")
                .Select(r => r.Element(Dev + "type")!.Element(Maml + "name")!.Value).ToList();
            foreach (string output in cmdlet.OutputTypes) Assert.Contains(output, documented);
        }
    }

    [Fact]
    public void Get_SmsState_help_shows_id_pipeline_binding_and_aliases()
    {
        XElement id = CommandHelp("Get-SmsState").Element(Command + "parameters")!.Elements(Command + "parameter").Single(p => p.Element(Maml + "name")!.Value == "Id");
        Assert.Equal("True (ByPropertyName, ByValue)", (string?)id.Attribute("pipelineInput"));
        Assert.Equal("0", (string?)id.Attribute("position"));
        Assert.Equal("true", (string?)id.Attribute("required"));
        Assert.Contains("id_sms", (string)id.Attribute("aliases")!, StringComparison.Ordinal);
        Assert.Equal("Int64[]", id.Element(Command + "parameterValue")!.Value);
    }

    [Fact]
    public void The_about_topic_has_the_layout_Get_Help_reads()
    {
        string path = Path.Combine(_module.ModuleDir, "en-US", "about_MySmpp.help.txt");
        byte[] bytes = File.ReadAllBytes(path);
        Assert.True(bytes.Length > 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF, "about topics are UTF-8 with a BOM.");
        string[] lines = Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3).Split('\n');
        Assert.Equal("TOPIC", lines[0]);
        Assert.Equal("about_MySmpp", lines[1].Trim());
        Assert.Equal(string.Empty, lines[2]);
        Assert.Equal("SHORT DESCRIPTION", lines[3]);
        Assert.True(lines[4].Trim().Length > 10);
        Assert.Contains(lines, l => l == "LONG DESCRIPTION");
        foreach (Cmdlet cmdlet in _module.Cmdlets) Assert.Contains(lines, l => l.Contains(cmdlet.Name, StringComparison.Ordinal));
    }

    [Fact]
    public void Help_sources_exist_for_every_cmdlet()
    {
        foreach (Cmdlet cmdlet in _module.Cmdlets)
        {
            Assert.True(File.Exists(Path.Combine(_module.RepoRoot, "docs", "help", cmdlet.Name + ".md")), "docs/help/" + cmdlet.Name + ".md is missing.");
        }
    }
}
