using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Xunit;

namespace MySmpp.Module.Tests;

/// <summary>The manifest in the built folder: stamped, explicit, and in step with the assembly.</summary>
[Collection(ModuleCollection.Name)]
public sealed class ManifestTests
{
    private readonly ModuleFixture _module;
    private readonly Dictionary<string, object?> _manifest;

    public ManifestTests(ModuleFixture module)
    {
        _module = module;
        _manifest = Psd1Reader.Read(File.ReadAllText(Path.Combine(module.ModuleDir, "MySmpp.psd1")));
    }

    private static IReadOnlyList<string> Strings(object? value) =>
        value is List<object?> list ? list.Select(v => (string)v!).ToList() : value is string s ? new[] { s } : Array.Empty<string>();

    [Fact]
    public void CmdletsToExport_lists_exactly_the_cmdlets_the_assembly_defines()
    {
        Assert.IsType<List<object?>>(_manifest["CmdletsToExport"]);
        IReadOnlyList<string> exported = Strings(_manifest["CmdletsToExport"]);
        Assert.DoesNotContain(exported, e => e.Contains('*', StringComparison.Ordinal));
        Assert.Equal(
            _module.Cmdlets.Select(c => c.Name).OrderBy(n => n, StringComparer.Ordinal),
            exported.OrderBy(n => n, StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("FunctionsToExport")]
    [InlineData("VariablesToExport")]
    [InlineData("AliasesToExport")]
    public void Nothing_else_is_exported(string key)
    {
        List<object?> list = Assert.IsType<List<object?>>(_manifest[key]);
        Assert.Empty(list);
    }

    [Fact]
    public void The_built_manifest_carries_the_build_version_and_sits_in_a_folder_of_that_name()
    {
        Assert.Equal(_module.ModuleVersion, _manifest["ModuleVersion"]);
        Assert.Equal(_module.ModuleVersion, new DirectoryInfo(_module.ModuleDir).Name);
        Assert.True(Version.TryParse((string)_manifest["ModuleVersion"]!, out _));
        string root = File.ReadAllText(Path.Combine(_module.RepoRoot, "MySmpp.psd1"));
        Assert.Equal(_manifest["GUID"], Psd1Reader.Read(root)["GUID"]);
    }

    [Fact]
    public void It_runs_on_Windows_PowerShell_5_1_and_PowerShell_7()
    {
        Assert.Equal(new[] { "Core", "Desktop" }, Strings(_manifest["CompatiblePSEditions"]).OrderBy(e => e, StringComparer.Ordinal));
        Assert.Equal("5.1", _manifest["PowerShellVersion"]);
        Assert.Equal("MySmpp.dll", _manifest["RootModule"]);
        Assert.True(Guid.TryParse((string)_manifest["GUID"]!, out Guid guid) && guid != Guid.Empty);
        Assert.False(_manifest.ContainsKey("RequiredAssemblies"), "RequiredAssemblies would load System.Text.Json next to other modules' copies on 5.1.");
        Assert.False(_manifest.ContainsKey("NestedModules"));
    }

    [Fact]
    public void Format_and_type_files_named_in_the_manifest_exist()
    {
        IReadOnlyList<string> formats = Strings(_manifest["FormatsToProcess"]);
        Assert.Contains("MySmpp.Format.ps1xml", formats);
        foreach (string file in formats.Concat(Strings(_manifest.GetValueOrDefault("TypesToProcess"))))
        {
            Assert.True(File.Exists(Path.Combine(_module.ModuleDir, file)), file + " is named in the manifest but not in the module folder.");
        }
    }

    [Fact]
    public void Gallery_metadata_is_complete()
    {
        var privateData = Assert.IsType<Dictionary<string, object?>>(_manifest["PrivateData"]);
        var psData = Assert.IsType<Dictionary<string, object?>>(privateData["PSData"]);
        Assert.NotEmpty(Strings(psData["Tags"]));
        Assert.DoesNotContain(Strings(psData["Tags"]), t => t.Contains(' ', StringComparison.Ordinal));
        foreach (string key in new[] { "ProjectUri", "LicenseUri" })
        {
            Assert.True(Uri.TryCreate((string)psData[key]!, UriKind.Absolute, out Uri? uri) && uri.Scheme == Uri.UriSchemeHttps, key + " must be an https address.");
        }

        Assert.False(string.IsNullOrWhiteSpace(psData["ReleaseNotes"] as string));
        Assert.False(string.IsNullOrWhiteSpace(_manifest["Description"] as string));
        Assert.False(string.IsNullOrWhiteSpace(_manifest["Author"] as string));
    }

    [Fact]
    public void The_manifest_is_plain_ascii_so_Windows_PowerShell_reads_it_in_any_code_page()
    {
        foreach (string path in new[] { Path.Combine(_module.ModuleDir, "MySmpp.psd1"), Path.Combine(_module.RepoRoot, "MySmpp.psd1") })
        {
            string text = File.ReadAllText(path).TrimStart('\uFEFF');
            Assert.DoesNotContain(text, c => c > 127);
        }
    }

    [Fact]
    public void The_reader_refuses_what_is_not_data()
    {
        Assert.Throws<FormatException>(() => Psd1Reader.Read("@{ A = $env:X }"));
        Assert.Throws<FormatException>(() => Psd1Reader.Read("@{ A = 'x'; A = 'y' }"));
        Dictionary<string, object?> read = Psd1Reader.Read("@{ A = 'it''s'; B = @('x', \"y\"); C = @{ D = $true } # note\n}");
        Assert.Equal("it's", read["A"]);
        Assert.Equal(new object?[] { "x", "y" }, (List<object?>)read["B"]!);
    }
}
