using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Xunit;

namespace MySmpp.Module.Tests;

/// <summary>
/// The README is a short user guide: within its length, without numbers that go stale, with a right first example, and
/// every link of it and of the other documents (CONTRIBUTING.md, docs/, bench/README.md) leading somewhere that exists.
/// </summary>
[Collection(ModuleCollection.Name)]
public sealed class ReadmeTests
{
    private const int MaxReadmeLines = 300;
    private readonly ModuleFixture _module;

    public ReadmeTests(ModuleFixture module) => _module = module;

    private string[] Readme => File.ReadAllLines(Path.Combine(_module.RepoRoot, "README.md"));

    [Fact]
    public void The_readme_is_a_short_guide_that_states_no_test_count()
    {
        string[] readme = Readme;
        Assert.True(readme.Length <= MaxReadmeLines, "README.md has " + readme.Length + " lines; a user guide has at most " + MaxReadmeLines + ": move internals to docs/.");
        var count = new Regex(@"\b\d[\d,]*\s+(passed|failed|skipped)\b|\b\d[\d,]*\s+(core\s+|module\s+|Pester\s+|xunit\s+)?tests\b", RegexOptions.IgnoreCase);
        Assert.All(readme, line => Assert.False(count.IsMatch(line), "README.md states a count that goes stale: " + line));
    }

    [Fact]
    public void The_first_example_keeps_what_did_not_arrive_and_read_Viber_messages_did()
    {
        DocumentedExample first = DocumentedExample.All(_module.RepoRoot).First(e => e.File == "README.md");
        Assert.Contains("Where-Object IsDelivered -eq $false", first.Code, StringComparison.Ordinal);
        Assert.DoesNotContain("Status -ne 'Delivered'", first.Code, StringComparison.Ordinal);
    }

    public static IEnumerable<object[]> Documents()
    {
        string root = new ModuleFixture().RepoRoot;
        var files = new List<string> { "README.md", "CONTRIBUTING.md", "bench/README.md" };
        files.AddRange(Directory.GetFiles(Path.Combine(root, "docs"), "*.md", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(root, f).Replace('\\', '/')).OrderBy(f => f, StringComparer.Ordinal));
        return files.Select(f => new object[] { f });
    }

    [Theory]
    [MemberData(nameof(Documents))]
    public void Every_relative_link_leads_to_a_file_and_heading_that_exist(string document)
    {
        string path = Path.Combine(_module.RepoRoot, document);
        string text = File.ReadAllText(path);
        foreach (Match link in Regex.Matches(StripCode(text), @"\]\(([^)\s]+)\)"))
        {
            string target = link.Groups[1].Value;
            if (Regex.IsMatch(target, "^[a-z]+:", RegexOptions.IgnoreCase)) continue;
            string[] parts = target.Split('#', 2);
            string file = parts[0].Length == 0 ? path : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, parts[0]));
            Assert.True(File.Exists(file) || Directory.Exists(file), document + " links to " + target + ", which does not exist.");
            if (parts.Length == 2 && File.Exists(file))
            {
                Assert.True(Anchors(File.ReadAllText(file)).Contains(parts[1]), document + " links to " + target + ", a heading that does not exist.");
            }
        }
    }

    [Fact]
    public void The_help_pages_name_readme_sections_and_docs_pages_that_exist()
    {
        // Get-Help shows plain text, so the help pages point at the README by a section's name ("Proxies" in the
        // README) and at other pages by their path in the repository (docs/proxy.md): both must still be there.
        string readme = string.Join("\n", Readme);
        var sections = new HashSet<string>(
            Regex.Matches(readme, @"(?m)^#{2,6}\s+(.+?)\s*$|\*\*([^*]+?)\.\*\*").Select(m => m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Value),
            StringComparer.Ordinal);
        foreach (string page in Directory.GetFiles(Path.Combine(_module.RepoRoot, "docs", "help"), "*.md"))
        {
            string text = File.ReadAllText(page);
            foreach (Match named in Regex.Matches(text, "\"([^\"]+)\" in the README"))
            {
                Assert.True(sections.Contains(named.Groups[1].Value), Path.GetFileName(page) + " names \"" + named.Groups[1].Value + "\" in the README, which has no such section.");
            }
            foreach (Match path in Regex.Matches(text, @"\bdocs/[\w./-]+\.md\b"))
            {
                Assert.True(File.Exists(Path.Combine(_module.RepoRoot, path.Value)), Path.GetFileName(page) + " names " + path.Value + ", which does not exist.");
            }
        }
    }

    // Fenced blocks and inline code hold text that merely looks like a link.
    private static string StripCode(string text) => Regex.Replace(Regex.Replace(text, "(?ms)^```.*?^```", string.Empty), "`[^`\n]*`", string.Empty);

    // GitHub's anchors: the heading in lower case, punctuation dropped, spaces as hyphens.
    private static HashSet<string> Anchors(string text) =>
        new HashSet<string>(
            Regex.Matches(Regex.Replace(text, "(?ms)^```.*?^```", string.Empty), @"(?m)^#{1,6}\s+(.+?)\s*$")
                .Select(m => Regex.Replace(m.Groups[1].Value.ToLowerInvariant(), @"[^\p{L}\p{N}\s_-]", string.Empty).Replace(' ', '-')),
            StringComparer.Ordinal);
}
