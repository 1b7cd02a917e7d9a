using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading.Tasks;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Text.Json;
using Xunit;

namespace MySmpp.Module.Tests;

/// <summary>
/// MySmpp.Core precompiled for PowerShell 7 (docs/cold-start.md): one ReadyToRun image per .NET of the supported PowerShell
/// versions and per platform in Dependencies/ReadyToRun/&lt;tfm&gt;/&lt;rid&gt;/, each the same assembly as the portable
/// copy (identity and MVID) with native code for that .NET's runtime; the portable copies next to MySmpp.dll stay IL only
/// (what Windows PowerShell 5.1 and every other platform load); MySmpp.Prerequisites.psm1 picks the image for the running
/// .NET and platform, and a fresh pwsh then runs MySmpp.Core's code without compiling it. The journal's storage and its
/// SQLite packages (the files of Dependencies/Core) are precompiled the same way into .../&lt;tfm&gt;/&lt;rid&gt;/Journal/, which
/// the module's journal load context then loads from.
/// </summary>
[Collection(ModuleCollection.Name)]
public sealed class ReadyToRunTests
{
    /// <summary>
    /// The ReadyToRun format's major version each .NET's crossgen2 writes (src/coreclr/inc/readytorun.h of each release):
    /// a runtime uses an image's code only when it supports that major version, and each of these runtimes supports
    /// only its own (the minimum was raised in .NET 9 and 10), so every supported .NET needs its own image.
    /// </summary>
    private static readonly Dictionary<string, int> FormatOf = new Dictionary<string, int>
    {
        ["net8.0"] = 9,   // PowerShell 7.4
        ["net9.0"] = 10,  // PowerShell 7.5
        ["net10.0"] = 16, // PowerShell 7.6
    };

    /// <summary>The PE machine field of a ReadyToRun image: AMD64, XORed with the target OS's value off Windows.</summary>
    private static readonly Dictionary<string, ushort> MachineOf = new Dictionary<string, ushort>
    {
        ["win-x64"] = 0x8664,
        ["linux-x64"] = 0x8664 ^ 0x7B79,
    };

    private readonly ModuleFixture _module;

    public ReadyToRunTests(ModuleFixture module) => _module = module;

    private string ImagesDir => Path.Combine(_module.ModuleDir, "Dependencies", "ReadyToRun");

    private string ImagePath(string tfm, string rid) => Path.Combine(ImagesDir, tfm, rid, "MySmpp.Core.dll");

    private string PortableJournalDir => _module.PortableJournalDir;

    /// <summary>The file names of the journal's portable folder, which each Journal image folder repeats.</summary>
    private string[] JournalFiles => Directory.GetFiles(PortableJournalDir).Select(p => Path.GetFileName(p)!).OrderBy(f => f, StringComparer.Ordinal).ToArray();

    /// <summary>The image this process's PowerShell 7 should load, or null where none ships.</summary>
    private string? ImageForThisProcess() => _module.ReadyToRunDirForThisProcess() is string dir ? Path.Combine(dir, "MySmpp.Core.dll") : null;

    /// <summary>Connects with a journal at <paramref name="journal"/> and opens it (a read), which loads the storage.</summary>
    private static string OpenJournalScript(string journal) =>
        "$credential = [pscredential]::new('login', (ConvertTo-SecureString 'password' -AsPlainText -Force));" +
        "Connect-MySmpp -Credential $credential -BaseUri 'http://127.0.0.1:9/' -SkipValidation -WarningAction SilentlyContinue -JournalPath '" + journal.Replace("'", "''", StringComparison.Ordinal) + "';" +
        "$null = Get-SmsJournal -ErrorAction Stop;";

    /// <summary>Writes the file of every journal assembly the process loaded, a line each.</summary>
    private const string JournalAssemblyLocations =
        "[AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -match '^(MySmpp\\.Journal\\.Sqlite|Microsoft\\.Data\\.Sqlite|SQLitePCLRaw\\..*)$' } | ForEach-Object Location";

    private static string[] Lines(string output) =>
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).OrderBy(p => p, StringComparer.Ordinal).ToArray();

    [Fact]
    public void There_is_an_image_for_every_supported_NET_and_platform_and_nothing_else()
    {
        Assert.Contains("MySmpp.Journal.Sqlite.dll", JournalFiles);
        var expected = FormatOf.Keys.SelectMany(tfm => MachineOf.Keys.SelectMany(rid =>
                JournalFiles.Select(f => Path.Combine(tfm, rid, "Journal", f)).Append(Path.Combine(tfm, rid, "MySmpp.Core.dll"))))
            .OrderBy(p => p, StringComparer.Ordinal);
        var shipped = Directory.GetFiles(ImagesDir, "*", SearchOption.AllDirectories).Select(p => Path.GetRelativePath(ImagesDir, p))
            .OrderBy(p => p, StringComparer.Ordinal);
        Assert.Equal(expected, shipped);
    }

    [Theory]
    [InlineData("net8.0", "linux-x64")]
    [InlineData("net8.0", "win-x64")]
    [InlineData("net9.0", "linux-x64")]
    [InlineData("net9.0", "win-x64")]
    [InlineData("net10.0", "linux-x64")]
    [InlineData("net10.0", "win-x64")]
    public void Each_image_is_ReadyToRun_code_for_its_NET_and_platform_over_the_very_same_assembly(string tfm, string rid)
    {
        Image image = Image.Read(ImagePath(tfm, rid));
        Image portable = Image.Read(Path.Combine(_module.ModuleDir, "MySmpp.Core.dll"));

        Assert.Equal(FormatOf[tfm], image.ReadyToRunMajor);
        Assert.Equal(MachineOf[rid], image.Machine);
        // The same assembly: the reference MySmpp.dll makes binds to it, and PowerShell sees the same types.
        Assert.Equal(portable.Identity, image.Identity);
        Assert.Equal(portable.Mvid, image.Mvid);
        Assert.Equal(portable.References, image.References);

        // The journal's images: the same assemblies by identity (name, version, key), so the load context binds them alike.
        // Ours is the very same build; a package's may be its build for that .NET (Microsoft.Data.Sqlite's net8.0 one, not
        // the netstandard2.0 one the portable folder has), which is what any app on that .NET gets from the package.
        foreach (string file in JournalFiles)
        {
            Image journalImage = Image.Read(Path.Combine(ImagesDir, tfm, rid, "Journal", file));
            Image journalPortable = Image.Read(Path.Combine(PortableJournalDir, file));
            Assert.True(FormatOf[tfm] == journalImage.ReadyToRunMajor, file + " for " + tfm + " has ReadyToRun format " + journalImage.ReadyToRunMajor);
            Assert.Equal(MachineOf[rid], journalImage.Machine);
            Assert.Equal(journalPortable.Identity, journalImage.Identity);
            if (file == "MySmpp.Journal.Sqlite.dll")
            {
                Assert.Equal(journalPortable.Mvid, journalImage.Mvid);
                Assert.Equal(journalPortable.References, journalImage.References);
            }
        }
    }

    [Fact]
    public void The_images_format_for_the_running_NET_is_the_one_its_own_libraries_use()
    {
        // Proves the table above for the .NET this test runs on: the framework's own images are in its current format.
        string tfm = "net" + Environment.Version.Major + ".0";
        if (!FormatOf.TryGetValue(tfm, out int format)) return;
        Image corelib = Image.Read(typeof(object).Assembly.Location);
        Assert.Equal(corelib.ReadyToRunMajor, format);
    }

    [Fact]
    public void The_portable_copies_stay_IL_only_for_Windows_PowerShell_and_every_other_platform()
    {
        foreach (string path in new[] { "MySmpp.dll", "MySmpp.Core.dll" }.Select(f => Path.Combine(_module.ModuleDir, f))
            .Concat(Directory.GetFiles(Path.Combine(_module.ModuleDir, "Dependencies", "Desktop"), "*.dll").Where(f => Path.GetFileName(f).StartsWith("MySmpp", StringComparison.Ordinal)))
            .Concat(Directory.GetFiles(PortableJournalDir, "*.dll")))
        {
            Image image = Image.Read(path);
            Assert.True(image.ILOnly, path + " must be IL only.");
            Assert.Null(image.ReadyToRunMajor);
        }
    }

    [Fact]
    public void PowerShell_7_loads_MySmpp_Core_from_the_image_for_its_NET_and_platform()
    {
        using Shell shell = _module.OpenShell();
        string location = Assert.Single(shell.Run("[MySmpp.Model.SmsState].Assembly.Location").ThrowOnError().Output).ToString();
        Assert.Equal(ImageForThisProcess() ?? Path.Combine(_module.ModuleDir, "MySmpp.Core.dll"), location);
        Assert.Equal(Path.Combine(_module.ModuleDir, "MySmpp.dll"), Assert.Single(shell.Run("[MySmpp.Commands.Cmdlets.ConnectMySmppCommand].Assembly.Location").ThrowOnError().Output).ToString());
    }

    [Fact]
    public void PowerShell_7_loads_the_journal_from_the_images_for_its_NET_and_platform()
    {
        string folder = Directory.CreateTempSubdirectory("mysmpp-r2r-").FullName;
        try
        {
            (string output, _) = RunFreshPwsh(OpenJournalScript(Path.Combine(folder, "journal.db")) + JournalAssemblyLocations);

            // Every assembly of the journal's folder, and each from the folder of this .NET and platform (the images here).
            Assert.Equal(JournalFiles.Select(f => Path.Combine(_module.JournalDirForThisProcess(), f)), Lines(output));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Without_images_for_its_NET_and_platform_PowerShell_7_runs_the_journal_from_the_portable_folder()
    {
        // What macOS, Arm64 and a future .NET load, which no CI machine here runs: a copy of the module whose image folders
        // are gone, so the portable Dependencies/Core (the packages' netstandard2.0 builds) must open, write and read a journal.
        string copy = Directory.CreateTempSubdirectory("mysmpp-portable-").FullName;
        try
        {
            CopyFolder(_module.ModuleDir, copy);
            foreach (string images in Directory.GetDirectories(Path.Combine(copy, "Dependencies", "ReadyToRun"), "Journal", SearchOption.AllDirectories)) Directory.Delete(images, recursive: true);
            string journal = Path.Combine(copy, "journal.db");
            (string output, _) = RunFreshPwsh(OpenJournalScript(journal) + JournalAssemblyLocations, manifestPath: Path.Combine(copy, "MySmpp.psd1"));

            Assert.Equal(JournalFiles.Select(f => Path.Combine(copy, "Dependencies", "Core", f)), Lines(output));
            Assert.True(File.Exists(journal), "No journal was created from the portable folder.");
        }
        finally
        {
            Directory.Delete(copy, recursive: true);
        }
    }

    private static void CopyFolder(string from, string to)
    {
        foreach (string dir in Directory.GetDirectories(from, "*", SearchOption.AllDirectories)) Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, dir)));
        foreach (string file in Directory.GetFiles(from, "*", SearchOption.AllDirectories)) File.Copy(file, Path.Combine(to, Path.GetRelativePath(from, file)));
    }

    [Fact]
    public void A_fresh_pwsh_opens_the_journal_without_compiling_its_storage_and_compiles_it_when_told_to_ignore_the_images()
    {
        if (ImageForThisProcess() == null) return; // no images for this platform: nothing precompiled to prove
        string folder = Directory.CreateTempSubdirectory("mysmpp-r2r-").FullName;
        try
        {
            // Each run opens its own new journal file, so both compile the same work (creating the file's schema).
            string Script(string name) => OpenJournalScript(Path.Combine(folder, name));
            List<string> precompiled = MethodsCompiledInAFreshPwsh(Script("with-images.db"), ignoreImages: false, "MySmpp.Journal.Sqlite.", "Microsoft.Data.Sqlite.");
            List<string> ignored = MethodsCompiledInAFreshPwsh(Script("without-images.db"), ignoreImages: true, "MySmpp.Journal.Sqlite.", "Microsoft.Data.Sqlite.");

            // Opening the journal runs the storage's schema check; without the images' code the JIT compiles it.
            Assert.Contains(ignored, m => m.StartsWith("MySmpp.Journal.Sqlite.JournalSchema:", StringComparison.Ordinal));
            Assert.DoesNotContain(precompiled, m => m.StartsWith("MySmpp.Journal.Sqlite.JournalSchema:", StringComparison.Ordinal));
            Assert.True(precompiled.Count * 4 < ignored.Count, "Journal methods compiled with the images: " + precompiled.Count + ", without: " + ignored.Count + Environment.NewLine + string.Join(Environment.NewLine, precompiled));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void The_prerequisites_pick_the_image_of_the_running_NET_and_platform_and_none_elsewhere()
    {
        string psm1 = Path.Combine(_module.ModuleDir, "MySmpp.Prerequisites.psm1");
        using Shell shell = _module.OpenShell(importModule: false);
        shell.Run(
            "$ast = [System.Management.Automation.Language.Parser]::ParseFile($args[0], [ref] $null, [ref] $null);" +
            "$function = $ast.Find({ param($node) $node -is [System.Management.Automation.Language.FunctionDefinitionAst] -and $node.Name -eq 'Get-MySmppReadyToRunImage' }, $true);" +
            ". ([scriptblock]::Create($function.Extent.Text))", psm1).ThrowOnError();

        string? Pick(string edition, int major, string os, string architecture) =>
            shell.Run("Get-MySmppReadyToRunImage -ModuleRoot $args[0] -Edition $args[1] -RuntimeMajor $args[2] -Os $args[3] -Architecture $args[4]", _module.ModuleDir, edition, major, os, architecture)
                .ThrowOnError().Output.SingleOrDefault()?.ToString();

        Assert.Equal(ImagePath("net8.0", "linux-x64"), Pick("Core", 8, "linux", "X64"));
        Assert.Equal(ImagePath("net9.0", "win-x64"), Pick("Core", 9, "win", "X64"));
        Assert.Equal(ImagePath("net10.0", "linux-x64"), Pick("Core", 10, "linux", "X64"));
        Assert.Null(Pick("Desktop", 4, "win", "X64"));   // Windows PowerShell: the portable copy, as before
        Assert.Null(Pick("Core", 11, "linux", "X64"));   // a .NET no image was compiled for would not use its code
        Assert.Null(Pick("Core", 10, "linux", "Arm64")); // no image for that platform
        Assert.Null(Pick("Core", 10, "other", "X64"));   // macOS
    }

    [Fact]
    public void A_fresh_pwsh_runs_MySmpp_Core_without_compiling_it_and_compiles_it_when_told_to_ignore_the_image()
    {
        if (ImageForThisProcess() == null) return; // no image for this platform: nothing precompiled to prove
        List<string> precompiled = CoreMethodsCompiledInAFreshPwsh(ignoreImages: false);
        List<string> ignored = CoreMethodsCompiledInAFreshPwsh(ignoreImages: true);

        // Measure-SmsText runs MySmpp.Core's text measuring; without the image's code the JIT compiles it (so the test can fail).
        Assert.Contains(ignored, m => m.StartsWith("MySmpp.Texts.SmsTextMeasure:", StringComparison.Ordinal));
        Assert.DoesNotContain(precompiled, m => m.StartsWith("MySmpp.Texts.SmsTextMeasure:", StringComparison.Ordinal));
        Assert.True(precompiled.Count * 4 < ignored.Count, "MySmpp.Core methods compiled with the image: " + precompiled.Count + ", without: " + ignored.Count + Environment.NewLine + string.Join(Environment.NewLine, precompiled));
    }

    [Fact]
    public void A_MySmpp_Core_loaded_before_the_import_is_the_one_the_module_uses_in_every_runspace()
    {
        // Another runspace (or the host) loaded the portable MySmpp.Core first: the prerequisites load no second copy, the
        // import works, and a ForEach-Object -Parallel runspace importing the module again binds to the same assembly.
        string portable = Path.Combine(_module.ModuleDir, "MySmpp.Core.dll");
        string manifest = "'" + _module.ManifestPath.Replace("'", "''", StringComparison.Ordinal) + "'";
        (string output, _) = RunFreshPwsh(
            "[MySmpp.Model.SmsState].Assembly.Location;" +
            "1 | ForEach-Object -Parallel { Import-Module -Name " + manifest + " -ErrorAction Stop; (Measure-SmsText -Text 'Hi').Parts; [MySmpp.Model.SmsState].Assembly.Location };" +
            "@([AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'MySmpp.Core' }).Count",
            beforeImport: "$null = [System.Runtime.Loader.AssemblyLoadContext]::Default.LoadFromAssemblyPath('" + portable.Replace("'", "''", StringComparison.Ordinal) + "')");
        string[] lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(new[] { portable, "1", portable, "1" }, lines);
    }

    /// <summary>
    /// Runs a fresh pwsh (the repository's PowerShell tool) that imports the built module and measures a text, with the
    /// runtime listing every method it compiles on standard output (DOTNET_JitDisasmSummary); returns those declared in
    /// MySmpp.Core. The list goes to standard output, which only the JIT writes to ("done" goes to standard error), because
    /// DOTNET_JitStdOutFile makes about one pwsh in ten crash at exit (the runtime closes the file while a background
    /// compile still writes to it; seen as exit codes 134 and 139 here and in CI).
    /// <paramref name="ignoreImages"/> sets DOTNET_ReadyToRun=0: every ReadyToRun image's code is ignored.
    /// </summary>
    private List<string> CoreMethodsCompiledInAFreshPwsh(bool ignoreImages) =>
        // MySmpp.dll's types are in MySmpp.Commands (never precompiled); the journal's are not loaded by this script.
        MethodsCompiledInAFreshPwsh("$null = Measure-SmsText -Text 'Your order is ready'", ignoreImages, "MySmpp.")
            .Where(m => !m.StartsWith("MySmpp.Commands.", StringComparison.Ordinal))
            .ToList();

    /// <summary>The methods whose type's full name starts with one of <paramref name="prefixes"/> that a fresh pwsh compiled running <paramref name="script"/>.</summary>
    private List<string> MethodsCompiledInAFreshPwsh(string script, bool ignoreImages, params string[] prefixes)
    {
        var environment = new Dictionary<string, string> { ["DOTNET_JitDisasmSummary"] = "1" };
        if (ignoreImages) environment["DOTNET_ReadyToRun"] = "0";
        (string output, _) = RunFreshPwsh(script, environment);

        // "   12: JIT compiled MySmpp.Texts.SmsTextMeasure:Measure(System.String) [Tier0, IL size=..., code size=...]"; framework
        // generics over our types name a System type first.
        return output.Split('\n')
            .Select(line => line.Split(": JIT compiled ", 2))
            .Where(parts => parts.Length == 2 && prefixes.Any(prefix => parts[1].StartsWith(prefix, StringComparison.Ordinal)))
            .Select(parts => parts[1])
            .ToList();
    }

    /// <summary>
    /// Runs <paramref name="beforeImport"/>, then imports the built module, then <paramref name="script"/> in a fresh pwsh (the
    /// repository's PowerShell tool); "done" is written to standard error at the end, so standard output holds only what
    /// the script (or the runtime) writes. Fails the test unless pwsh exits 0 after "done".
    /// </summary>
    private (string Output, string Errors) RunFreshPwsh(string script, IDictionary<string, string>? environment = null, string beforeImport = "", string? manifestPath = null)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        string manifest = "'" + (manifestPath ?? _module.ManifestPath).Replace("'", "''", StringComparison.Ordinal) + "'";
        foreach (string argument in new[] { PwshDll(), "-NoProfile", "-NonInteractive", "-Command", beforeImport + "; Import-Module -Name " + manifest + " -ErrorAction Stop; " + script + "; [Console]::Error.WriteLine('done')" })
        {
            start.ArgumentList.Add(argument);
        }

        foreach (KeyValuePair<string, string> variable in environment ?? new Dictionary<string, string>()) start.Environment[variable.Key] = variable.Value;
        using Process process = Process.Start(start)!;
        Task<string> errors = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        Assert.True(process.WaitForExit(120_000), "pwsh did not finish.");
        Assert.True(process.ExitCode == 0 && errors.Result.Contains("done", StringComparison.Ordinal), "pwsh failed (exit code " + process.ExitCode + "): " + errors.Result);
        return (output, errors.Result);
    }

    /// <summary>The repository's PowerShell (the dotnet tool of .config/dotnet-tools.json) from the NuGet cache.</summary>
    private string PwshDll()
    {
        using JsonDocument tools = JsonDocument.Parse(File.ReadAllText(Path.Combine(_module.RepoRoot, ".config", "dotnet-tools.json")));
        string version = tools.RootElement.GetProperty("tools").GetProperty("powershell").GetProperty("version").GetString()!;
        string packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        string flavour = OperatingSystem.IsWindows() ? "win" : "unix";
        string? pwsh = Directory.GetFiles(Path.Combine(packages, "powershell", version, "tools"), "pwsh.dll", SearchOption.AllDirectories)
            .FirstOrDefault(p => Path.GetFileName(Path.GetDirectoryName(p)) == flavour);
        return pwsh ?? throw new FileNotFoundException("The PowerShell " + version + " tool is not in " + packages + " (dotnet tool restore).");
    }

    /// <summary>What the tests need of a PE file: machine, IL-only flag, ReadyToRun header, identity, MVID, references.</summary>
    private sealed record Image(ushort Machine, bool ILOnly, int? ReadyToRunMajor, string Identity, Guid Mvid, string References)
    {
        public static Image Read(string path)
        {
            using var pe = new PEReader(File.OpenRead(path));
            MetadataReader reader = pe.GetMetadataReader();
            CorHeader cor = pe.PEHeaders.CorHeader!;
            int? major = null;
            if (cor.ManagedNativeHeaderDirectory.Size > 0)
            {
                PEMemoryBlock header = pe.GetSectionData(cor.ManagedNativeHeaderDirectory.RelativeVirtualAddress);
                BlobReader blob = header.GetReader();
                if (blob.ReadUInt32() == 0x00525452) major = blob.ReadUInt16(); // 'RTR', then MajorVersion
            }

            AssemblyName name = reader.GetAssemblyDefinition().GetAssemblyName();
            string references = string.Join(", ", reader.AssemblyReferences.Select(h => reader.GetAssemblyReference(h).GetAssemblyName().FullName).OrderBy(n => n, StringComparer.Ordinal));
            return new Image((ushort)pe.PEHeaders.CoffHeader.Machine, (cor.Flags & CorFlags.ILOnly) != 0, major, name.FullName, reader.GetGuid(reader.GetModuleDefinition().Mvid), references);
        }
    }
}
