using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;

namespace MySmpp.ModuleBuilder;

/// <summary>A block of help text: a paragraph, a list item, a table or a code sample.</summary>
internal sealed record HelpBlock(HelpBlockKind Kind, string Text);

internal enum HelpBlockKind
{
    Paragraph,
    ListItem,
    Table,
    Code,
}

internal sealed record HelpExample(string Title, string Code, IReadOnlyList<HelpBlock> Remarks);

internal sealed record HelpParameter(string Name, IReadOnlyList<HelpBlock> Description, string? DefaultValue, bool AcceptsWildcards);

internal sealed record HelpType(string Name, IReadOnlyList<HelpBlock> Description);

internal sealed record HelpLink(string Text, string? Uri);

/// <summary>One cmdlet's help as written in docs/help/&lt;Cmdlet&gt;.md (the PlatyPS layout, parsed by us).</summary>
internal sealed class CommandHelp
{
    public string Name { get; init; } = "";

    public string Synopsis { get; init; } = "";

    public IReadOnlyList<HelpBlock> Description { get; init; } = Array.Empty<HelpBlock>();

    public IReadOnlyList<HelpExample> Examples { get; init; } = Array.Empty<HelpExample>();

    public IReadOnlyList<HelpParameter> Parameters { get; init; } = Array.Empty<HelpParameter>();

    public IReadOnlyList<HelpType> Inputs { get; init; } = Array.Empty<HelpType>();

    public IReadOnlyList<HelpType> Outputs { get; init; } = Array.Empty<HelpType>();

    public IReadOnlyList<HelpBlock> Notes { get; init; } = Array.Empty<HelpBlock>();

    public IReadOnlyList<HelpLink> Links { get; init; } = Array.Empty<HelpLink>();
}

/// <summary>
/// A small reader for the subset of Markdown the help sources use: '#' headings, paragraphs, '-' lists,
/// pipe tables and fenced code. Inline marks are simplified for the console (backticks and emphasis
/// dropped, links shown as their text).
/// </summary>
internal static partial class HelpMarkdown
{
    public static CommandHelp ReadCommand(string path)
    {
        List<Section> sections = Split(File.ReadAllLines(path), out string title);
        string Where(string what) => path + ": " + what;

        Section? Get(string name) => sections.FirstOrDefault(s => s.Level == 2 && string.Equals(s.Title, name, StringComparison.OrdinalIgnoreCase));
        List<Section> Children(string name)
        {
            int start = sections.FindIndex(s => s.Level == 2 && string.Equals(s.Title, name, StringComparison.OrdinalIgnoreCase));
            if (start < 0) return new List<Section>();
            return sections.Skip(start + 1).TakeWhile(s => s.Level > 2).Where(s => s.Level == 3).ToList();
        }

        string synopsis = string.Join(" ", Blocks(Get("SYNOPSIS")?.Lines).Where(b => b.Kind == HelpBlockKind.Paragraph).Select(b => b.Text)).Trim();
        if (synopsis.Length == 0) throw new InvalidDataException(Where("the SYNOPSIS section is missing or empty."));

        var examples = new List<HelpExample>();
        foreach (Section example in Children("EXAMPLES"))
        {
            List<HelpBlock> blocks = Blocks(example.Lines);
            HelpBlock? code = blocks.FirstOrDefault(b => b.Kind == HelpBlockKind.Code);
            if (code == null) throw new InvalidDataException(Where("example '" + example.Title + "' has no code block."));
            examples.Add(new HelpExample(example.Title, code.Text, blocks.Where(b => !ReferenceEquals(b, code)).ToList()));
        }

        var parameters = new List<HelpParameter>();
        foreach (Section parameter in Children("PARAMETERS"))
        {
            if (string.Equals(parameter.Title, "CommonParameters", StringComparison.OrdinalIgnoreCase)) continue;
            if (!parameter.Title.StartsWith('-')) throw new InvalidDataException(Where("parameter heading '" + parameter.Title + "' must start with '-'."));
            List<HelpBlock> blocks = Blocks(parameter.Lines);
            string? defaultValue = null;
            bool wildcards = false;
            foreach (HelpBlock yaml in blocks.Where(b => b.Kind == HelpBlockKind.Code && b.Text.Contains(':', StringComparison.Ordinal)))
            {
                foreach (string line in yaml.Text.Split('\n'))
                {
                    int colon = line.IndexOf(':', StringComparison.Ordinal);
                    if (colon < 0) continue;
                    string key = line[..colon].Trim();
                    string value = line[(colon + 1)..].Trim();
                    if (key.Equals("Default value", StringComparison.OrdinalIgnoreCase)) defaultValue = value;
                    else if (key.Equals("Accept wildcard characters", StringComparison.OrdinalIgnoreCase)) wildcards = value.Equals("True", StringComparison.OrdinalIgnoreCase);
                }
            }

            List<HelpBlock> description = blocks.Where(b => b.Kind != HelpBlockKind.Code).ToList();
            if (description.Count == 0) throw new InvalidDataException(Where("parameter " + parameter.Title + " has no description."));
            parameters.Add(new HelpParameter(parameter.Title[1..], description, defaultValue, wildcards));
        }

        List<HelpType> Types(string section) => Children(section).Select(s => new HelpType(s.Title, Blocks(s.Lines))).ToList();

        var links = new List<HelpLink>();
        foreach (string line in Get("RELATED LINKS")?.Lines ?? new List<string>())
        {
            Match link = LinkPattern().Match(line);
            if (!link.Success) continue;
            string target = link.Groups[2].Value;
            links.Add(new HelpLink(link.Groups[1].Value, target.StartsWith("http", StringComparison.OrdinalIgnoreCase) ? target : null));
        }

        return new CommandHelp
        {
            Name = title,
            Synopsis = synopsis,
            Description = Blocks(Get("DESCRIPTION")?.Lines),
            Examples = examples,
            Parameters = parameters,
            Inputs = Types("INPUTS"),
            Outputs = Types("OUTPUTS"),
            Notes = Blocks(Get("NOTES")?.Lines),
            Links = links,
        };
    }

    /// <summary>Splits a document into its heading sections; <paramref name="title"/> is the level-1 heading.</summary>
    public static List<Section> Split(IEnumerable<string> lines, out string title)
    {
        title = "";
        var sections = new List<Section>();
        Section? current = null;
        bool inCode = false;
        bool inFrontMatter = false;
        int lineNumber = 0;
        foreach (string raw in lines)
        {
            string line = raw.TrimEnd();
            lineNumber++;
            if (lineNumber == 1 && line == "---")
            {
                inFrontMatter = true;
                continue;
            }

            if (inFrontMatter)
            {
                if (line == "---") inFrontMatter = false;
                continue;
            }

            if (line.StartsWith("```", StringComparison.Ordinal)) inCode = !inCode;
            if (!inCode && line.StartsWith('#'))
            {
                int level = line.TakeWhile(c => c == '#').Count();
                string heading = line[level..].Trim();
                if (level == 1)
                {
                    title = heading;
                    current = null;
                    continue;
                }

                current = new Section(level, heading);
                sections.Add(current);
                continue;
            }

            current?.Lines.Add(raw.TrimEnd('\r'));
        }

        if (title.Length == 0) throw new InvalidDataException("The document has no '# Title' heading.");
        return sections;
    }

    /// <summary>Groups lines into paragraphs, list items, tables and code blocks.</summary>
    public static List<HelpBlock> Blocks(IEnumerable<string>? lines)
    {
        var blocks = new List<HelpBlock>();
        if (lines == null) return blocks;
        var buffer = new List<string>();
        HelpBlockKind kind = HelpBlockKind.Paragraph;
        bool inCode = false;

        void Flush()
        {
            if (buffer.Count == 0) return;
            string text = kind == HelpBlockKind.Code || kind == HelpBlockKind.Table
                ? string.Join("\n", buffer)
                : Inline(string.Join(" ", buffer.Select(l => l.Trim())));
            blocks.Add(new HelpBlock(kind, text));
            buffer.Clear();
            kind = HelpBlockKind.Paragraph;
        }

        foreach (string line in lines)
        {
            if (line.TrimStart().StartsWith("```", StringComparison.Ordinal))
            {
                if (inCode)
                {
                    if (buffer.Count == 0) buffer.Add(string.Empty);
                    Flush();
                    inCode = false;
                }
                else
                {
                    Flush();
                    inCode = true;
                    kind = HelpBlockKind.Code;
                }

                continue;
            }

            if (inCode)
            {
                buffer.Add(line);
                continue;
            }

            string trimmed = line.Trim();
            if (trimmed.Length == 0)
            {
                Flush();
                continue;
            }

            if (trimmed.StartsWith("- ", StringComparison.Ordinal) || trimmed.StartsWith("* ", StringComparison.Ordinal) || NumberedItem().IsMatch(trimmed))
            {
                Flush();
                kind = HelpBlockKind.ListItem;
                buffer.Add(trimmed.StartsWith('-') || trimmed.StartsWith('*') ? trimmed[2..] : trimmed);
                continue;
            }

            if (trimmed.StartsWith('|'))
            {
                if (kind != HelpBlockKind.Table) Flush();
                kind = HelpBlockKind.Table;
                if (!TableRule().IsMatch(trimmed)) buffer.Add(Inline(trimmed));
                continue;
            }

            if (kind == HelpBlockKind.Table) Flush();
            buffer.Add(trimmed);
        }

        if (inCode) throw new InvalidDataException("A code block is not closed.");
        Flush();
        return blocks;
    }

    /// <summary>Console-friendly inline text: links become their text, code and emphasis marks go.</summary>
    public static string Inline(string text)
    {
        text = LinkPattern().Replace(text, m => m.Groups[2].Value.StartsWith("http", StringComparison.OrdinalIgnoreCase) ? m.Groups[1].Value + " (" + m.Groups[2].Value + ")" : m.Groups[1].Value);
        text = text.Replace("`", string.Empty, StringComparison.Ordinal).Replace("**", string.Empty, StringComparison.Ordinal);
        return text;
    }

    [GeneratedRegex(@"\[([^\]]+)\]\(([^)]*)\)")]
    private static partial Regex LinkPattern();

    [GeneratedRegex(@"^\d+\.\s")]
    private static partial Regex NumberedItem();

    [GeneratedRegex(@"^\|[\s:|-]+\|$")]
    private static partial Regex TableRule();

    internal sealed class Section
    {
        public Section(int level, string title)
        {
            Level = level;
            Title = title;
        }

        public int Level { get; }

        public string Title { get; }

        public List<string> Lines { get; } = new List<string>();
    }
}
