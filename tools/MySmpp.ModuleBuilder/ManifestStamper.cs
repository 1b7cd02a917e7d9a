using System;
using System.IO;
using System.Text;
using System.Text.RegularExpressions;

namespace MySmpp.ModuleBuilder;

/// <summary>
/// Copies the manifest with its version taken from the build (one place: MySmppVersion in
/// Directory.Build.props). "1.2.0" sets ModuleVersion; "1.2.0-beta1" also un-comments the PSData
/// Prerelease line and sets it to "beta1".
/// </summary>
internal static partial class ManifestStamper
{
    public static void Stamp(string source, string destination, string version)
    {
        string numeric = version;
        string? prerelease = null;
        int dash = version.IndexOf('-', StringComparison.Ordinal);
        if (dash >= 0)
        {
            numeric = version[..dash];
            prerelease = version[(dash + 1)..];
        }

        if (!Version.TryParse(numeric, out _)) throw new InvalidDataException("MySmppVersion '" + version + "' does not start with a version number such as 1.2.0.");
        if (prerelease != null && !PrereleasePattern().IsMatch(prerelease)) throw new InvalidDataException("The prerelease label '" + prerelease + "' may hold letters and digits only.");

        string text = File.ReadAllText(source);
        int found = ModuleVersionPattern().Count(text);
        if (found != 1) throw new InvalidDataException(source + ": expected exactly one ModuleVersion = '...' line, found " + found + ".");
        text = ModuleVersionPattern().Replace(text, "${lead}'" + numeric + "'");

        if (prerelease != null)
        {
            if (!PrereleaseLinePattern().IsMatch(text)) throw new InvalidDataException(source + ": a prerelease version needs a '# Prerelease = ...' line in PSData.");
            text = PrereleaseLinePattern().Replace(text, "${lead}Prerelease = '" + prerelease + "'", 1);
        }

        File.WriteAllText(destination, text, new UTF8Encoding(true));
    }

    [GeneratedRegex(@"(?m)^(?<lead>[ \t]*ModuleVersion\s*=\s*)'[^']*'")]
    private static partial Regex ModuleVersionPattern();

    [GeneratedRegex(@"(?m)^(?<lead>[ \t]*)#?\s*Prerelease\s*=\s*'[^']*'")]
    private static partial Regex PrereleaseLinePattern();

    [GeneratedRegex("^[A-Za-z0-9]+$")]
    private static partial Regex PrereleasePattern();
}
