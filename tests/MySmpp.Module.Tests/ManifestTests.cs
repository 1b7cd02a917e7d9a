using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using Xunit;

namespace MySmpp.Module.Tests;

/// <summary>The manifest in the built folder, read by PowerShell itself: stamped, explicit, and in step with the assembly.</summary>
[Collection(ModuleCollection.Name)]
public sealed class ManifestTests
{
    private readonly ModuleFixture _module;

    public ManifestTests(ModuleFixture module) => _module = module;

    private Hashtable ReadData(string path)
    {
        using Shell shell = _module.OpenShell(importModule: false);
        return (Hashtable)Assert.Single(shell.Run("Import-PowerShellDataFile -LiteralPath $args[0]", path).ThrowOnError().Output).BaseObject;
    }

    private Hashtable Built => ReadData(_module.ManifestPath);

    private static IReadOnlyList<string> Strings(object? value) =>
        value is object[] list ? list.Select(v => (string)v).ToList() : value is string s ? new[] { s } : Array.Empty<string>();

    [Fact]
    public void Test_ModuleManifest_accepts_the_built_manifest_and_it_exports_exactly_the_cmdlets_of_the_assembly()
    {
        using Shell shell = _module.OpenShell(importModule: false);
        PSObject info = Assert.Single(shell.Run("Test-ModuleManifest -Path $args[0] -ErrorAction Stop", _module.ManifestPath).ThrowOnError().Output);
        Assert.Equal(new Version(_module.ModuleVersion), (Version)info.Properties["Version"].Value);

        IReadOnlyList<string> declared = Strings(Built["CmdletsToExport"]);
        Assert.DoesNotContain(declared, e => e.Contains('*', StringComparison.Ordinal));

        shell.Run("Import-Module -Name $args[0] -ErrorAction Stop", _module.ManifestPath).ThrowOnError();
        List<string> exported = shell.Run("(Get-Module -Name MySmpp).ExportedCommands.Keys").ThrowOnError().Output.Select(o => o.ToString()).ToList();
        List<string> defined = shell.Run("[MySmpp.Commands.Cmdlets.ConnectMySmppCommand].Assembly.GetExportedTypes() | Where-Object { $_.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false) } | ForEach-Object { $a = $_.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false)[0]; $a.VerbName + '-' + $a.NounName }")
            .ThrowOnError().Output.Select(o => o.ToString()).ToList();
        Assert.Equal(defined.OrderBy(n => n, StringComparer.Ordinal), declared.OrderBy(n => n, StringComparer.Ordinal));
        Assert.Equal(declared.OrderBy(n => n, StringComparer.Ordinal), exported.OrderBy(n => n, StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("FunctionsToExport")]
    [InlineData("VariablesToExport")]
    [InlineData("AliasesToExport")]
    public void Nothing_else_is_exported(string key)
    {
        Hashtable manifest = Built;
        Assert.True(manifest.ContainsKey(key), key + " must be explicit (an absent key exports everything).");
        Assert.Empty(Strings(manifest[key]));
    }

    [Fact]
    public void The_built_manifest_carries_the_build_version_and_sits_in_a_folder_of_that_name()
    {
        Hashtable built = Built;
        Assert.Equal(_module.ModuleVersion, built["ModuleVersion"]);
        Assert.Equal(_module.ModuleVersion, new DirectoryInfo(_module.ModuleDir).Name);
        Assert.Equal(ReadData(Path.Combine(_module.RepoRoot, "MySmpp.psd1"))["GUID"], built["GUID"]);
    }

    [Fact]
    public void It_runs_on_Windows_PowerShell_5_1_and_PowerShell_7()
    {
        Hashtable manifest = Built;
        Assert.Equal(new[] { "Core", "Desktop" }, Strings(manifest["CompatiblePSEditions"]).OrderBy(e => e, StringComparer.Ordinal));
        Assert.Equal("5.1", manifest["PowerShellVersion"]);
        Assert.Equal("MySmpp.dll", manifest["RootModule"]);
        Assert.True(Guid.TryParse((string)manifest["GUID"]!, out Guid guid) && guid != Guid.Empty);
        Assert.False(manifest.ContainsKey("RequiredAssemblies"), "RequiredAssemblies would load System.Text.Json next to other modules' copies on 5.1.");
        // Only the .NET Framework check (DesktopTests runs it), which on PowerShell 7 loads the ReadyToRun MySmpp.Core for
        // the running .NET and platform, if any (ReadyToRunTests), and nothing else.
        Assert.Equal(new[] { "MySmpp.Prerequisites.psm1" }, Strings(manifest["NestedModules"]));
    }

    [Fact]
    public void Format_files_named_in_the_manifest_are_loaded_on_import()
    {
        Assert.Contains("MySmpp.Format.ps1xml", Strings(Built["FormatsToProcess"]));
        using Shell shell = _module.OpenShell();
        List<string> formatted = shell.Run("Get-FormatData -TypeName MySmpp.* | ForEach-Object TypeNames").ThrowOnError().Output.Select(o => o.ToString()).ToList();
        Assert.Contains("MySmpp.Model.SmsState", formatted);
        Assert.Contains("MySmpp.Commands.MySmppSession", formatted);
    }

    [Fact]
    public void Gallery_metadata_is_complete()
    {
        Hashtable manifest = Built;
        var psData = (Hashtable)((Hashtable)manifest["PrivateData"]!)["PSData"]!;
        Assert.NotEmpty(Strings(psData["Tags"]));
        Assert.DoesNotContain(Strings(psData["Tags"]), t => t.Contains(' ', StringComparison.Ordinal));
        foreach (string key in new[] { "ProjectUri", "LicenseUri" })
        {
            Assert.True(Uri.TryCreate((string)psData[key]!, UriKind.Absolute, out Uri? uri) && uri.Scheme == Uri.UriSchemeHttps, key + " must be an https address.");
        }

        Assert.False(string.IsNullOrWhiteSpace(psData["ReleaseNotes"] as string));
        Assert.False(string.IsNullOrWhiteSpace(manifest["Description"] as string));
        Assert.False(string.IsNullOrWhiteSpace(manifest["Author"] as string));
    }

    [Fact]
    public void The_manifest_is_plain_ascii_so_Windows_PowerShell_reads_it_in_any_code_page()
    {
        foreach (string path in new[] { _module.ManifestPath, Path.Combine(_module.RepoRoot, "MySmpp.psd1") })
        {
            string text = File.ReadAllText(path).TrimStart('\uFEFF');
            Assert.DoesNotContain(text, c => c > 127);
        }
    }
}
