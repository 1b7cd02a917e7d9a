using System;
using System.Collections.Generic;
using System.IO;

namespace MySmpp.BrowserCheck;

/// <summary>
/// Finds the machine's Chromium: MYSMPP_CHROMIUM if set, else Debian's chromium, then Chrome or Edge where a
/// machine has those instead (GitHub's runners). Nothing is ever downloaded: build.ps1 -Task Test installs
/// Debian's package when it is missing and the machine allows it.
/// </summary>
public static class ChromiumLocator
{
    /// <summary>The variable that names a browser to use instead of the ones searched.</summary>
    public const string Variable = "MYSMPP_CHROMIUM";

    public static string Find()
    {
        string? given = Environment.GetEnvironmentVariable(Variable);
        if (!string.IsNullOrWhiteSpace(given))
        {
            if (File.Exists(given)) return given;
            throw new InvalidOperationException(Variable + " names '" + given + "', which does not exist.");
        }

        foreach (string candidate in Candidates())
        {
            if (File.Exists(candidate)) return candidate;
        }

        throw new InvalidOperationException(
            "No Chromium found for the browser tests. On Debian or Ubuntu run 'apt-get install -y chromium' (build.ps1 -Task Test does it when run as root), "
            + "or set " + Variable + " to a Chromium, Chrome or Edge executable.");
    }

    private static IEnumerable<string> Candidates()
    {
        if (OperatingSystem.IsWindows())
        {
            foreach (string? root in new[] { Environment.GetEnvironmentVariable("ProgramFiles"), Environment.GetEnvironmentVariable("ProgramFiles(x86)"), Environment.GetEnvironmentVariable("LOCALAPPDATA") })
            {
                if (string.IsNullOrEmpty(root)) continue;
                yield return Path.Combine(root, "Google", "Chrome", "Application", "chrome.exe");
                yield return Path.Combine(root, "Microsoft", "Edge", "Application", "msedge.exe");
                yield return Path.Combine(root, "Chromium", "Application", "chrome.exe");
            }

            yield break;
        }

        if (OperatingSystem.IsMacOS())
        {
            yield return "/Applications/Chromium.app/Contents/MacOS/Chromium";
            yield return "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome";
            yield break;
        }

        yield return "/usr/bin/chromium";
        yield return "/usr/bin/chromium-browser";
        yield return "/usr/bin/google-chrome";
        yield return "/usr/bin/google-chrome-stable";
        yield return "/snap/bin/chromium";
    }
}
