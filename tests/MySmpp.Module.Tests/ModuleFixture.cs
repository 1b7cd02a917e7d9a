using System;
using System.IO;
using System.Linq;
using System.Management.Automation.Runspaces;
using System.Reflection;
using System.Xml.Linq;
using Xunit;

namespace MySmpp.Module.Tests;

/// <summary>
/// Where the built module is, and PowerShell 7 hosted in this process to load it. Every test gets its own
/// runspace with the module imported from out/MySmpp/&lt;version&gt;/ by path, as a user who built the
/// repository would import it.
/// </summary>
public sealed class ModuleFixture
{
    public ModuleFixture()
    {
        RepoRoot = FindRepoRoot();
        Version = ReadVersion(Path.Combine(RepoRoot, "Directory.Build.props"));
        ModuleVersion = Version.Split('-')[0];
        ModuleDir = Path.Combine(RepoRoot, "out", "MySmpp", ModuleVersion);
        ManifestPath = Path.Combine(ModuleDir, "MySmpp.psd1");
        if (!File.Exists(Path.Combine(ModuleDir, "MySmpp.dll")))
        {
            throw new InvalidOperationException("The built module is missing: " + ModuleDir + " (run dotnet build MySmpp.sln).");
        }

        PowerShellReference = Path.Combine(Metadata("PowerShellStandardDir"), "lib", "netstandard2.0", "System.Management.Automation.dll");

        // Send-Sms journals into the user's default file unless a test says otherwise: this process and the pwsh it
        // starts keep theirs in a temporary folder ($XDG_DATA_HOME; Windows has no such variable, and CI machines are
        // thrown away).
        Environment.SetEnvironmentVariable("XDG_DATA_HOME", Path.Combine(Path.GetTempPath(), "mysmpp-module-tests-" + Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    public string RepoRoot { get; }

    /// <summary>MySmppVersion from Directory.Build.props (may carry a prerelease label).</summary>
    public string Version { get; }

    /// <summary>The numeric part: the manifest's ModuleVersion and the folder name.</summary>
    public string ModuleVersion { get; }

    public string ModuleDir { get; }

    public string ManifestPath { get; }

    /// <summary>PowerShellStandard.Library's System.Management.Automation (Windows PowerShell 5.1's reference).</summary>
    public string PowerShellReference { get; }

    /// <summary>The journal's portable folder: what PowerShell 7 loads it from where no images match (docs/journal.md).</summary>
    public string PortableJournalDir => Path.Combine(ModuleDir, "Dependencies", "Core");

    /// <summary>
    /// The ReadyToRun folder this process's PowerShell 7 should use (Dependencies/ReadyToRun/net&lt;major&gt;.0/&lt;os&gt;-x64,
    /// docs/cold-start.md), or null where none ships: worked out here, not asked of the module, so tests can check its choice.
    /// </summary>
    public string? ReadyToRunDirForThisProcess()
    {
        string? os = OperatingSystem.IsWindows() ? "win" : OperatingSystem.IsLinux() ? "linux" : null;
        if (os == null || System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture != System.Runtime.InteropServices.Architecture.X64) return null;
        string dir = Path.Combine(ModuleDir, "Dependencies", "ReadyToRun", "net" + Environment.Version.Major + ".0", os + "-x64");
        return File.Exists(Path.Combine(dir, "MySmpp.Core.dll")) ? dir : null;
    }

    /// <summary>The folder this process's PowerShell 7 loads the journal from: the images for its .NET and platform, if shipped.</summary>
    public string JournalDirForThisProcess() =>
        ReadyToRunDirForThisProcess() is string images ? Path.Combine(images, "Journal") : PortableJournalDir;

    /// <summary>A new runspace; with <paramref name="importModule"/>, MySmpp is imported from the built folder.</summary>
    public Shell OpenShell(bool importModule = true)
    {
        InitialSessionState state = InitialSessionState.CreateDefault2();
        if (OperatingSystem.IsWindows())
        {
            state.ExecutionPolicy = Microsoft.PowerShell.ExecutionPolicy.Bypass;
        }

        Runspace runspace = RunspaceFactory.CreateRunspace(state);
        runspace.Open();
        var shell = new Shell(runspace);
        if (importModule)
        {
            shell.Run("Import-Module -Name $args[0] -ErrorAction Stop", ManifestPath).ThrowOnError();
        }

        return shell;
    }

    private static string Metadata(string key) =>
        typeof(ModuleFixture).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value
        ?? throw new InvalidOperationException("No " + key + " metadata.");

    private static string FindRepoRoot()
    {
        string? fromBuild = typeof(ModuleFixture).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == "RepoRoot")?.Value;
        if (!string.IsNullOrEmpty(fromBuild) && File.Exists(Path.Combine(fromBuild, "MySmpp.sln"))) return Path.GetFullPath(fromBuild);
        for (DirectoryInfo? dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "MySmpp.sln"))) return dir.FullName;
        }

        throw new InvalidOperationException("Cannot find the repository root (MySmpp.sln) above " + AppContext.BaseDirectory);
    }

    private static string ReadVersion(string propsPath)
    {
        string? version = XDocument.Load(propsPath).Descendants().FirstOrDefault(e => e.Name.LocalName == "MySmppVersion")?.Value.Trim();
        return string.IsNullOrEmpty(version) ? throw new InvalidOperationException("MySmppVersion is not set in " + propsPath) : version;
    }
}

/// <summary>
/// One collection for every test of this assembly: they share environment variables (MYSMPP_*) and the
/// process's console, so they run one at a time.
/// </summary>
[CollectionDefinition(Name)]
public sealed class ModuleCollection : ICollectionFixture<ModuleFixture>
{
    public const string Name = "Built module";
}
