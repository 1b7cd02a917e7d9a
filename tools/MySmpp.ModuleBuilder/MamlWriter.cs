using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Xml;

namespace MySmpp.ModuleBuilder;

/// <summary>
/// Writes cmdlet help in the MAML command schema (helpItems / command:command) that Get-Help reads in
/// Windows PowerShell 5.1 and PowerShell 7: metadata (types, sets, positions, pipeline input, aliases)
/// from the compiled cmdlets, prose and examples from the markdown.
/// </summary>
internal static class MamlWriter
{
    private const string Msh = "http://msh";
    private const string Maml = "http://schemas.microsoft.com/maml/2004/10";
    private const string Command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
    private const string Dev = "http://schemas.microsoft.com/maml/dev/2004/10";
    private const string MsHelp = "http://msdn.microsoft.com/mshelp";

    /// <summary>Checks that the markdown documents the code exactly; returns the problems found.</summary>
    public static List<string> Check(IReadOnlyList<CmdletInfo> cmdlets, IReadOnlyDictionary<string, CommandHelp> help)
    {
        var problems = new List<string>();
        foreach (CmdletInfo cmdlet in cmdlets)
        {
            if (!help.TryGetValue(cmdlet.Name, out CommandHelp? doc))
            {
                problems.Add(cmdlet.Name + ": no docs/help/" + cmdlet.Name + ".md.");
                continue;
            }

            if (doc.Description.Count == 0) problems.Add(cmdlet.Name + ": DESCRIPTION is empty.");
            if (doc.Examples.Count < 2) problems.Add(cmdlet.Name + ": " + doc.Examples.Count + " example(s); at least 2 are required.");
            foreach (ParameterInfo parameter in cmdlet.Parameters)
            {
                if (!doc.Parameters.Any(p => string.Equals(p.Name, parameter.Name, StringComparison.OrdinalIgnoreCase)))
                {
                    problems.Add(cmdlet.Name + ": parameter -" + parameter.Name + " is not documented.");
                }
            }

            foreach (HelpParameter documented in doc.Parameters)
            {
                if (!cmdlet.Parameters.Any(p => string.Equals(p.Name, documented.Name, StringComparison.OrdinalIgnoreCase)))
                {
                    problems.Add(cmdlet.Name + ": documents -" + documented.Name + ", which the cmdlet does not have.");
                }
            }

            foreach (string output in cmdlet.OutputTypes)
            {
                if (!doc.Outputs.Any(o => string.Equals(o.Name, output, StringComparison.Ordinal)))
                {
                    problems.Add(cmdlet.Name + ": OUTPUTS does not list " + output + " ([OutputType] names it).");
                }
            }
        }

        foreach (string name in help.Keys)
        {
            if (!cmdlets.Any(c => c.Name == name)) problems.Add(name + ".md documents a cmdlet the module does not have.");
        }

        return problems;
    }

    public static void Write(string path, IReadOnlyList<CmdletInfo> cmdlets, IReadOnlyDictionary<string, CommandHelp> help)
    {
        var settings = new XmlWriterSettings { Indent = true, IndentChars = "  ", Encoding = new UTF8Encoding(false), NewLineChars = "\n" };
        using XmlWriter x = XmlWriter.Create(path, settings);
        x.WriteStartDocument();
        x.WriteStartElement("helpItems", Msh);
        x.WriteAttributeString("schema", "maml");
        foreach (CmdletInfo cmdlet in cmdlets)
        {
            WriteCommand(x, cmdlet, help[cmdlet.Name]);
        }

        x.WriteEndElement();
        x.WriteEndDocument();
    }

    private static void WriteCommand(XmlWriter x, CmdletInfo cmdlet, CommandHelp doc)
    {
        x.WriteStartElement("command", "command", Command);
        x.WriteAttributeString("xmlns", "maml", null, Maml);
        x.WriteAttributeString("xmlns", "command", null, Command);
        x.WriteAttributeString("xmlns", "dev", null, Dev);
        x.WriteAttributeString("xmlns", "MSHelp", null, MsHelp);

        x.WriteStartElement("command", "details", Command);
        x.WriteElementString("command", "name", Command, cmdlet.Name);
        x.WriteElementString("command", "verb", Command, cmdlet.Verb);
        x.WriteElementString("command", "noun", Command, cmdlet.Noun);
        WriteParas(x, "description", new[] { new HelpBlock(HelpBlockKind.Paragraph, doc.Synopsis) });
        x.WriteEndElement();

        WriteParas(x, "description", doc.Description);

        x.WriteStartElement("command", "syntax", Command);
        foreach (string set in cmdlet.ParameterSets)
        {
            x.WriteStartElement("command", "syntaxItem", Command);
            x.WriteElementString("maml", "name", Maml, cmdlet.Name);
            foreach (ParameterInfo parameter in SyntaxOrder(cmdlet, set))
            {
                WriteParameter(x, parameter, Documented(doc, parameter), set, forSyntax: true);
            }

            x.WriteEndElement();
        }

        x.WriteEndElement();

        x.WriteStartElement("command", "parameters", Command);
        foreach (ParameterInfo parameter in cmdlet.Parameters.OrderBy(p => p.Name, StringComparer.Ordinal))
        {
            string set = cmdlet.ParameterSets.First(parameter.InSet);
            WriteParameter(x, parameter, Documented(doc, parameter), set, forSyntax: false);
        }

        x.WriteEndElement();

        WriteTypes(x, "inputTypes", "inputType", doc.Inputs);
        WriteTypes(x, "returnValues", "returnValue", doc.Outputs);

        x.WriteStartElement("maml", "alertSet", Maml);
        x.WriteStartElement("maml", "alert", Maml);
        foreach (HelpBlock block in doc.Notes) WritePara(x, block);
        x.WriteEndElement();
        x.WriteEndElement();

        x.WriteStartElement("command", "examples", Command);
        int number = 0;
        foreach (HelpExample example in doc.Examples)
        {
            number++;
            x.WriteStartElement("command", "example", Command);
            string title = example.Title.StartsWith("Example", StringComparison.OrdinalIgnoreCase) ? example.Title : "Example " + number + ": " + example.Title;
            x.WriteElementString("maml", "title", Maml, "-------------------------- " + title + " --------------------------");
            x.WriteElementString("dev", "code", Dev, example.Code);
            x.WriteStartElement("dev", "remarks", Dev);
            foreach (HelpBlock block in example.Remarks) WritePara(x, block);
            x.WriteEndElement();
            x.WriteEndElement();
        }

        x.WriteEndElement();

        x.WriteStartElement("command", "relatedLinks", Command);
        foreach (HelpLink link in doc.Links)
        {
            x.WriteStartElement("maml", "navigationLink", Maml);
            x.WriteElementString("maml", "linkText", Maml, link.Text);
            x.WriteElementString("maml", "uri", Maml, link.Uri ?? string.Empty);
            x.WriteEndElement();
        }

        x.WriteEndElement();
        x.WriteEndElement();
    }

    private static HelpParameter Documented(CommandHelp doc, ParameterInfo parameter) =>
        doc.Parameters.First(p => string.Equals(p.Name, parameter.Name, StringComparison.OrdinalIgnoreCase));

    /// <summary>PowerShell's syntax order: positional parameters by position, then mandatory, then the rest as declared.</summary>
    private static IEnumerable<ParameterInfo> SyntaxOrder(CmdletInfo cmdlet, string set) =>
        cmdlet.Parameters.Where(p => p.InSet(set))
            .OrderBy(p => p.For(set).Position == int.MinValue ? int.MaxValue : p.For(set).Position)
            .ThenBy(p => p.For(set).Mandatory ? 0 : 1)
            .ThenBy(p => p.Order);

    private static void WriteParameter(XmlWriter x, ParameterInfo parameter, HelpParameter doc, string set, bool forSyntax)
    {
        ParameterSetInfo attributes = parameter.For(set);
        bool required = forSyntax ? attributes.Mandatory : parameter.Sets.Values.All(s => s.Mandatory);
        string position = attributes.Position == int.MinValue ? "named" : attributes.Position.ToString(System.Globalization.CultureInfo.InvariantCulture);
        string pipeline = parameter.ByValue && parameter.ByPropertyName ? "True (ByPropertyName, ByValue)"
            : parameter.ByValue ? "True (ByValue)"
            : parameter.ByPropertyName ? "True (ByPropertyName)"
            : "False";

        x.WriteStartElement("command", "parameter", Command);
        x.WriteAttributeString("required", required ? "true" : "false");
        x.WriteAttributeString("variableLength", parameter.Type.IsArray ? "true" : "false");
        x.WriteAttributeString("globbing", doc.AcceptsWildcards ? "true" : "false");
        x.WriteAttributeString("pipelineInput", pipeline);
        x.WriteAttributeString("position", position);
        x.WriteAttributeString("aliases", parameter.Aliases.Count == 0 ? "none" : string.Join(", ", parameter.Aliases));
        x.WriteElementString("maml", "name", Maml, parameter.Name);
        WriteParas(x, "description", doc.Description);

        if (parameter.EnumValues.Count > 0)
        {
            x.WriteStartElement("command", "parameterValueGroup", Command);
            foreach (string value in parameter.EnumValues)
            {
                x.WriteStartElement("command", "parameterValue", Command);
                x.WriteAttributeString("required", "false");
                x.WriteAttributeString("variableLength", "false");
                x.WriteString(value);
                x.WriteEndElement();
            }

            x.WriteEndElement();
        }

        if (!forSyntax || (!parameter.IsSwitch && parameter.EnumValues.Count == 0))
        {
            x.WriteStartElement("command", "parameterValue", Command);
            x.WriteAttributeString("required", parameter.IsSwitch ? "false" : "true");
            x.WriteAttributeString("variableLength", parameter.Type.IsArray ? "true" : "false");
            x.WriteString(parameter.ShortTypeName);
            x.WriteEndElement();
        }

        if (!forSyntax)
        {
            x.WriteStartElement("dev", "type", Dev);
            x.WriteElementString("maml", "name", Maml, parameter.Type.FullName);
            x.WriteElementString("maml", "uri", Maml, string.Empty);
            x.WriteEndElement();
            x.WriteElementString("dev", "defaultValue", Dev, doc.DefaultValue ?? (parameter.IsSwitch ? "False" : "None"));
        }

        x.WriteEndElement();
    }

    private static void WriteTypes(XmlWriter x, string listName, string itemName, IReadOnlyList<HelpType> types)
    {
        x.WriteStartElement("command", listName, Command);
        foreach (HelpType type in types)
        {
            x.WriteStartElement("command", itemName, Command);
            x.WriteStartElement("dev", "type", Dev);
            x.WriteElementString("maml", "name", Maml, type.Name);
            x.WriteElementString("maml", "uri", Maml, string.Empty);
            x.WriteEndElement();
            WriteParas(x, "description", type.Description);
            x.WriteEndElement();
        }

        x.WriteEndElement();
    }

    private static void WriteParas(XmlWriter x, string element, IEnumerable<HelpBlock> blocks)
    {
        x.WriteStartElement("maml", element, Maml);
        foreach (HelpBlock block in blocks) WritePara(x, block);
        x.WriteEndElement();
    }

    private static void WritePara(XmlWriter x, HelpBlock block)
    {
        string text = block.Kind switch
        {
            HelpBlockKind.ListItem => "- " + block.Text,
            HelpBlockKind.Code => Indent(block.Text, "    "),
            _ => block.Text,
        };
        x.WriteElementString("maml", "para", Maml, text);
    }

    private static string Indent(string text, string prefix) => string.Join("\n", text.Split('\n').Select(l => prefix + l));

    /// <summary>Reads every <c>Verb-Noun.md</c> in <paramref name="folder"/>.</summary>
    public static Dictionary<string, CommandHelp> ReadAll(string folder)
    {
        var help = new Dictionary<string, CommandHelp>(StringComparer.OrdinalIgnoreCase);
        foreach (string file in Directory.GetFiles(folder, "*-*.md").OrderBy(f => f, StringComparer.Ordinal))
        {
            CommandHelp doc = HelpMarkdown.ReadCommand(file);
            string expected = Path.GetFileNameWithoutExtension(file);
            if (!string.Equals(doc.Name, expected, StringComparison.Ordinal))
            {
                throw new InvalidDataException(file + ": the title '# " + doc.Name + "' does not match the file name.");
            }

            help[doc.Name] = doc;
        }

        return help;
    }
}
