using System;
using System.IO;
using System.Runtime.InteropServices;

namespace MySmpp.Journal;

/// <summary>Where a user's journal lives when <c>Connect-MySmpp -JournalPath</c> does not say.</summary>
public static class SendJournalLocation
{
    /// <summary>The file's name in its folder.</summary>
    public const string FileName = "journal.db";

    /// <summary>
    /// Per user: <c>%LOCALAPPDATA%\MySmpp\journal.db</c> on Windows; <c>$XDG_DATA_HOME/MySmpp/journal.db</c>, or
    /// <c>~/.local/share/MySmpp/journal.db</c>, on Linux; <c>~/Library/Application Support/MySmpp/journal.db</c> on macOS.
    /// </summary>
    /// <exception cref="InvalidOperationException">The user's folder cannot be found (no LOCALAPPDATA, no HOME).</exception>
    public static string DefaultPath() => DefaultPath(
        RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? OSPlatform.Windows : RuntimeInformation.IsOSPlatform(OSPlatform.OSX) ? OSPlatform.OSX : OSPlatform.Linux,
        Environment.GetEnvironmentVariable);

    /// <summary>The default path for <paramref name="platform"/>, reading the environment through <paramref name="environment"/> (tests).</summary>
    internal static string DefaultPath(OSPlatform platform, Func<string, string?> environment)
    {
        if (platform == OSPlatform.Windows)
        {
            string? local = environment("LOCALAPPDATA");
            if (string.IsNullOrEmpty(local)) local = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData);
            if (string.IsNullOrEmpty(local)) throw new InvalidOperationException("LOCALAPPDATA is not set, so the journal has no default folder: give it a path (SendJournalOptions.Path).");
            return Path.Combine(local, "MySmpp", FileName);
        }

        string? home = environment("HOME");
        if (platform == OSPlatform.OSX)
        {
            if (string.IsNullOrEmpty(home)) throw new InvalidOperationException("HOME is not set, so the journal has no default folder: give it a path (SendJournalOptions.Path).");
            return Path.Combine(home, "Library", "Application Support", "MySmpp", FileName);
        }

        // XDG Base Directory: $XDG_DATA_HOME when set to an absolute path, else ~/.local/share.
        string? data = environment("XDG_DATA_HOME");
        if (!string.IsNullOrEmpty(data) && Path.IsPathRooted(data)) return Path.Combine(data, "MySmpp", FileName);
        if (string.IsNullOrEmpty(home)) throw new InvalidOperationException("Neither XDG_DATA_HOME nor HOME is set, so the journal has no default folder: give it a path (SendJournalOptions.Path).");
        return Path.Combine(home, ".local", "share", "MySmpp", FileName);
    }
}
