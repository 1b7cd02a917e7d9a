using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace MySmpp.Module.Tests;

/// <summary>One ```powershell block of the documentation: where it is and what it says.</summary>
public sealed record DocumentedExample(string File, int Index, int Line, string Heading, string Code)
{
    /// <summary>A block whose first line starts with this is shown to readers but not run; the rest of the line says why.</summary>
    public const string NotRunMarker = "# Not run by the example tests:";

    /// <summary>How a test names the block: file, index in the file, line and heading.</summary>
    public string Name => File + " block " + Index + " (line " + Line + ", \"" + Heading + "\")";

    public bool IsRun => !Code.TrimStart().StartsWith(NotRunMarker, StringComparison.Ordinal);

    public string NotRunReason => IsRun ? string.Empty : Code.TrimStart().Split('\n')[0].Substring(NotRunMarker.Length).Trim();

    /// <summary>Every PowerShell block of README.md, docs/*.md and docs/help/*.md (the help sources behind Get-Help -Examples).</summary>
    public static IReadOnlyList<DocumentedExample> All(string repoRoot)
    {
        var files = new List<string> { Path.Combine(repoRoot, "README.md") };
        files.AddRange(Directory.GetFiles(Path.Combine(repoRoot, "docs"), "*.md", SearchOption.AllDirectories).OrderBy(f => f, StringComparer.Ordinal));
        return files.SelectMany(f => Read(repoRoot, f)).ToList();
    }

    private static IEnumerable<DocumentedExample> Read(string repoRoot, string path)
    {
        string relative = Path.GetRelativePath(repoRoot, path).Replace('\\', '/');
        string[] lines = System.IO.File.ReadAllLines(path);
        string heading = "(top)";
        int index = 0;
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i];
            if (line.StartsWith("```", StringComparison.Ordinal))
            {
                string language = line.Substring(3).Trim();
                int start = i;
                var code = new List<string>();
                for (i++; i < lines.Length && !lines[i].StartsWith("```", StringComparison.Ordinal); i++) code.Add(lines[i]);
                if (language.Equals("powershell", StringComparison.OrdinalIgnoreCase) || language.Equals("pwsh", StringComparison.OrdinalIgnoreCase))
                {
                    index++;
                    yield return new DocumentedExample(relative, index, start + 1, heading, string.Join("\n", code));
                }

                continue;
            }

            if (line.StartsWith('#')) heading = line.TrimStart('#').Trim();
        }
    }
}
