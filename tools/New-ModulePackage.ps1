<#
.SYNOPSIS
    Makes the Gallery package of a laid-out MySmpp module folder, and checks what it holds.
.DESCRIPTION
    build.ps1 -Task Package calls this with out/MySmpp/<version>/ after building it. With -Configuration it first refuses a
    folder that holds another configuration's assemblies (Debug and Release builds share it). It stages a copy of the
    folder without .pdb files, with README.md and LICENSE from the repository root, publishes it to a temporary
    local repository (Publish-PSResource of PSResourceGet, or Publish-Module of PowerShellGet; a .zip when neither
    can), copies the .nupkg to -Destination, and then opens it and checks it: no .pdb, README.md, LICENSE and the
    manifest present, and (with -Configuration) MySmpp.dll and MySmpp.Core.dll built in that configuration. A package
    that fails a check is deleted and the script throws, so a bad package never reaches artifacts/.

    -Test runs the checks alone on an existing package. Runs in Windows PowerShell 5.1 and PowerShell 7.
.PARAMETER ModuleFolder
    The laid-out module: out/MySmpp/<version>.
.PARAMETER Destination
    Where the package goes (artifacts/).
.PARAMETER Configuration
    Debug or Release: the configuration MySmpp.dll and MySmpp.Core.dll must have been built in. Not checked without it.
.PARAMETER Test
    A package (.nupkg or .zip) to check, instead of making one.
.OUTPUTS
    System.IO.FileInfo: the package (when making one).
.EXAMPLE
    ./tools/New-ModulePackage.ps1 -ModuleFolder ./out/MySmpp/0.1.0 -Destination ./artifacts -Configuration Release
.EXAMPLE
    ./tools/New-ModulePackage.ps1 -Test ./artifacts/MySmpp.0.1.0.nupkg
#>
[CmdletBinding(DefaultParameterSetName = 'Make')]
param(
    [Parameter(Mandatory = $true, ParameterSetName = 'Make')]
    [string] $ModuleFolder,

    [Parameter(Mandatory = $true, ParameterSetName = 'Make')]
    [string] $Destination,

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration,

    [Parameter(Mandatory = $true, ParameterSetName = 'Test')]
    [string] $Test
)

$ErrorActionPreference = 'Stop'
$root = Split-Path -Parent $PSScriptRoot
Add-Type -AssemblyName System.IO.Compression, System.IO.Compression.FileSystem

# The [AssemblyConfiguration] of an assembly's bytes (loaded as bytes, so no file stays locked).
function Get-AssemblyConfiguration {
    param([byte[]] $Bytes)
    $assembly = [System.Reflection.Assembly]::Load($Bytes)
    $attribute = $assembly.GetCustomAttributes([System.Reflection.AssemblyConfigurationAttribute], $false) | Select-Object -First 1
    if ($null -ne $attribute) { $attribute.Configuration } else { '(none)' }
}

# What a Gallery user gets: the module without debug symbols, with the README and the licence, and (when asked) the
# assemblies of the configuration that was meant. Throws naming the first thing wrong.
function Assert-PackageContent {
    param([string] $Package, [string] $Configuration)
    $zip = [System.IO.Compression.ZipFile]::OpenRead($Package)
    try {
        # A .nupkg holds the module at its root; the .zip fallback inside a MySmpp folder.
        $names = @($zip.Entries | ForEach-Object { ($_.FullName -replace '\\', '/') -replace '^MySmpp/', '' })
        $symbols = @($names | Where-Object { $_ -like '*.pdb' })
        if ($symbols.Count -gt 0) { throw "$Package holds debug symbols: $($symbols -join ', ')." }
        foreach ($required in 'MySmpp.psd1', 'MySmpp.dll', 'MySmpp.Core.dll', 'README.md', 'LICENSE') {
            if ($names -notcontains $required) { throw "$Package does not hold $required." }
        }
        if ($Configuration) {
            foreach ($name in 'MySmpp.dll', 'MySmpp.Core.dll') {
                $entry = $zip.Entries | Where-Object { (($_.FullName -replace '\\', '/') -replace '^MySmpp/', '') -eq $name } | Select-Object -First 1
                $stream = $entry.Open()
                $buffer = New-Object -TypeName System.IO.MemoryStream
                try { $stream.CopyTo($buffer) } finally { $stream.Dispose() }
                $actual = Get-AssemblyConfiguration -Bytes $buffer.ToArray()
                if ($actual -ne $Configuration) { throw "$name in $Package is a $actual build, not $Configuration." }
            }
        }
    }
    finally {
        $zip.Dispose()
    }
    $built = if ($Configuration) { "; MySmpp.dll and MySmpp.Core.dll are $Configuration builds" } else { '' }
    Write-Host "Package check: $(Split-Path -Leaf $Package) holds README.md and LICENSE, no .pdb$built."
}

if ($PSCmdlet.ParameterSetName -eq 'Test') {
    Assert-PackageContent -Package (Resolve-Path -LiteralPath $Test).Path -Configuration $Configuration
    return
}

$ModuleFolder = (Resolve-Path -LiteralPath $ModuleFolder).Path
$version = (Split-Path -Leaf $ModuleFolder)

# The laid-out folder is shared by Debug and Release builds: make sure it holds the one being packaged.
if ($Configuration) {
    foreach ($name in 'MySmpp.dll', 'MySmpp.Core.dll') {
        $actual = Get-AssemblyConfiguration -Bytes ([System.IO.File]::ReadAllBytes((Join-Path -Path $ModuleFolder -ChildPath $name)))
        if ($actual -ne $Configuration) { throw "$name in $ModuleFolder is a $actual build, not $Configuration." }
    }
}
New-Item -ItemType Directory -Path $Destination -Force | Out-Null
$Destination = (Resolve-Path -LiteralPath $Destination).Path

# Publish from a folder named after the module, as both PowerShellGet and PSResourceGet expect.
$temp = Join-Path -Path ([System.IO.Path]::GetTempPath()) -ChildPath ('mysmpp-package-' + [guid]::NewGuid().ToString('N'))
$staging = Join-Path -Path $temp -ChildPath 'MySmpp'
$feed = Join-Path -Path $temp -ChildPath 'feed'
New-Item -ItemType Directory -Path $staging, $feed -Force | Out-Null
try {
    Copy-Item -Path (Join-Path -Path $ModuleFolder -ChildPath '*') -Destination $staging -Recurse
    Get-ChildItem -LiteralPath $staging -Filter '*.pdb' -Recurse -File | Remove-Item -Force
    foreach ($file in 'README.md', 'LICENSE') {
        Copy-Item -LiteralPath (Join-Path -Path $root -ChildPath $file) -Destination $staging
    }

    $repository = 'MySmppLocal' + [guid]::NewGuid().ToString('N').Substring(0, 8)
    $published = $false
    try {
        if (Get-Command -Name Publish-PSResource -ErrorAction SilentlyContinue) {
            Register-PSResourceRepository -Name $repository -Uri $feed -Trusted
            try {
                Publish-PSResource -Path $staging -Repository $repository
                $published = $true
            }
            finally {
                Unregister-PSResourceRepository -Name $repository
            }
        }
        elseif (Get-Command -Name Publish-Module -ErrorAction SilentlyContinue) {
            Register-PSRepository -Name $repository -SourceLocation $feed -PublishLocation $feed -InstallationPolicy Trusted
            try {
                Publish-Module -Path $staging -Repository $repository -NuGetApiKey 'local'
                $published = $true
            }
            finally {
                Unregister-PSRepository -Name $repository
            }
        }
    }
    catch {
        Write-Warning "Publishing to a local repository failed ($($_.Exception.Message)); making a .zip instead."
    }

    $packages = @(Get-ChildItem -LiteralPath $feed -Filter '*.nupkg' -ErrorAction SilentlyContinue)
    if ($published -and $packages.Count -gt 0) {
        $target = Join-Path -Path $Destination -ChildPath $packages[0].Name
        Copy-Item -LiteralPath $packages[0].FullName -Destination $target -Force
    }
    else {
        $target = Join-Path -Path $Destination -ChildPath "MySmpp.$version.zip"
        if (Test-Path -LiteralPath $target) { Remove-Item -LiteralPath $target -Force }
        Compress-Archive -Path $staging -DestinationPath $target
        Write-Host "No PowerShell repository module could publish: $target is a .zip to extract into a folder on `$env:PSModulePath."
    }

    try {
        Assert-PackageContent -Package $target -Configuration $Configuration
    }
    catch {
        Remove-Item -LiteralPath $target -Force -ErrorAction SilentlyContinue
        throw
    }
    Write-Host "Package: $target"
    Get-Item -LiteralPath $target
}
finally {
    Remove-Item -LiteralPath $temp -Recurse -Force -ErrorAction SilentlyContinue
}
