using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;

namespace MySmpp.ModuleBuilder;

/// <summary>
/// Turns docs/help/about_*.md into the about_*.help.txt layout Get-Help expects: UTF-8 with BOM,
/// "TOPIC" on line 1, the topic name on line 2, "SHORT DESCRIPTION" on line 4 and its one-line text on
/// line 5 (Get-Help shows that line as the topic's synopsis), section titles in capitals at column 1,
/// text indented by 4 and wrapped at 80 columns, code indented by 8.
/// </summary>
internal static class AboutWriter
{
    private const int Width = 80;

    public static void Write(string source, string destination)
    {
        List<HelpMarkdown.Section> sections = HelpMarkdown.Split(File.ReadAllLines(source), out string topic);
        if (!topic.StartsWith("about_", StringComparison.Ordinal)) throw new InvalidDataException(source + ": the title must be about_<Name>.");
        HelpMarkdown.Section? shortDescription = sections.FirstOrDefault(s => s.Level == 2 && s.Title.Equals("SHORT DESCRIPTION", StringComparison.OrdinalIgnoreCase));
        List<HelpBlock> shortBlocks = HelpMarkdown.Blocks(shortDescription?.Lines);
        if (shortBlocks.Count != 1 || shortBlocks[0].Kind != HelpBlockKind.Paragraph)
        {
            throw new InvalidDataException(source + ": SHORT DESCRIPTION must be exactly one paragraph.");
        }

        var text = new StringBuilder();
        text.Append("TOPIC\n    ").Append(topic).Append("\n\n");
        text.Append("SHORT DESCRIPTION\n    ").Append(shortBlocks[0].Text).Append("\n\n");
        foreach (HelpMarkdown.Section section in sections.Where(s => !ReferenceEquals(s, shortDescription)))
        {
            if (section.Level == 2)
            {
                text.Append(section.Title.ToUpperInvariant()).Append('\n');
            }
            else
            {
                text.Append("    ").Append(section.Title).Append('\n');
                text.Append("    ").Append(new string('-', section.Title.Length)).Append('\n');
            }

            foreach (HelpBlock block in HelpMarkdown.Blocks(section.Lines))
            {
                switch (block.Kind)
                {
                    case HelpBlockKind.Code:
                        foreach (string line in block.Text.Split('\n')) text.Append("        ").Append(line).Append('\n');
                        break;
                    case HelpBlockKind.Table:
                        WriteTable(text, block.Text);
                        break;
                    case HelpBlockKind.ListItem:
                        Wrap(text, block.Text, "    - ", "      ");
                        break;
                    default:
                        Wrap(text, block.Text, "    ", "    ");
                        break;
                }

                text.Append('\n');
            }
        }

        File.WriteAllText(destination, text.ToString().TrimEnd('\n') + "\n", new UTF8Encoding(true));
    }

    /// <summary>Pipe-table rows as aligned columns with a dashed rule under the header.</summary>
    private static void WriteTable(StringBuilder text, string table)
    {
        List<string[]> rows = table.Split('\n')
            .Select(r => r.Trim().Trim('|').Split('|').Select(c => c.Trim()).ToArray())
            .ToList();
        int columns = rows.Max(r => r.Length);
        var widths = new int[columns];
        foreach (string[] row in rows)
        {
            for (int i = 0; i < row.Length; i++) widths[i] = Math.Max(widths[i], row[i].Length);
        }

        for (int r = 0; r < rows.Count; r++)
        {
            var line = new StringBuilder("    ");
            for (int i = 0; i < columns; i++)
            {
                string cell = i < rows[r].Length ? rows[r][i] : string.Empty;
                line.Append(i == columns - 1 ? cell : cell.PadRight(widths[i] + 2));
            }

            text.Append(line.ToString().TrimEnd()).Append('\n');
            if (r == 0)
            {
                var rule = new StringBuilder("    ");
                for (int i = 0; i < columns; i++) rule.Append(new string('-', widths[i])).Append(i == columns - 1 ? string.Empty : "  ");
                text.Append(rule).Append('\n');
            }
        }
    }

    private static void Wrap(StringBuilder text, string paragraph, string first, string rest)
    {
        string prefix = first;
        var line = new StringBuilder();
        foreach (string word in paragraph.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.Length > 0 && prefix.Length + line.Length + 1 + word.Length > Width)
            {
                text.Append(prefix).Append(line).Append('\n');
                line.Clear();
                prefix = rest;
            }

            if (line.Length > 0) line.Append(' ');
            line.Append(word);
        }

        if (line.Length > 0) text.Append(prefix).Append(line).Append('\n');
    }
}
