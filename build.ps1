#!/usr/bin/env pwsh
<#
.SYNOPSIS
    Builds, tests, packages or cleans the MySmpp module.
.DESCRIPTION
    Build    dotnet build MySmpp.sln; the build lays the module out in out/MySmpp/<version>/
             (manifest stamped from MySmppVersion in Directory.Build.props, dlls, format file, help,
             Dependencies/Desktop) and this script checks it with Test-ModuleManifest.
    Test     installs Debian's chromium when no Chromium is found and the machine allows it (Linux, root,
             apt-get), for the browser tests; then dotnet test MySmpp.sln (the xunit suites, including the
             cmdlets hosted in-process and every documented example), then the Pester suites in tests/pester with the Pester that the build
             restored from NuGet. Prints 'xunit: N passed, M failed' and 'Pester: N passed, M failed';
             fails when either has a failure or when Pester cannot run. -SkipPester is the only way
             to leave Pester out, and the run then says so.
    Package  builds -Configuration, checks that the laid-out assemblies are that configuration, then makes
             a .nupkg of out/MySmpp/<version>/ in artifacts/ by publishing to a temporary local
             repository (Publish-PSResource or Publish-Module), or a .zip if neither can.
    Clean    removes out/, artifacts/, TestResults/ and every bin/ and obj/ folder of the projects.
    Runs in Windows PowerShell 5.1 and PowerShell 7; exits 1 when a task fails.
.EXAMPLE
    ./build.ps1
.EXAMPLE
    ./build.ps1 -Task Clean, Build, Test, Package -Configuration Release
.EXAMPLE
    dotnet pwsh ./build.ps1 -Task Test
    From bash on a machine without pwsh on PATH: the repository's own pwsh (dotnet tool restore).
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Package', 'Clean')]
    [string[]] $Task = 'Build',

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Debug',

    # Leaves the Pester suites out of -Task Test; the summary says they were skipped on request.
    [switch] $SkipPester
)

$ErrorActionPreference = 'Stop'
$root = $PSScriptRoot

function Invoke-Dotnet {
    param([string[]] $Arguments)
    Write-Host ('> dotnet ' + ($Arguments -join ' '))
    & dotnet @Arguments
    if ($LASTEXITCODE -ne 0) {
        throw "dotnet $($Arguments[0]) failed with exit code $LASTEXITCODE."
    }
}

function Get-ModuleVersion {
    [xml] $props = Get-Content -LiteralPath (Join-Path -Path $root -ChildPath 'Directory.Build.props') -Raw
    $node = $props.SelectSingleNode('//MySmppVersion')
    if ($null -eq $node) { throw 'MySmppVersion is not set in Directory.Build.props.' }
    $node.InnerText.Trim()
}

function Get-ModuleFolder {
    $version = (Get-ModuleVersion).Split('-')[0]
    Join-Path -Path $root -ChildPath "out/MySmpp/$version"
}

function Invoke-Build {
    Invoke-Dotnet -Arguments @('build', 'MySmpp.sln', '-c', $Configuration)
    $folder = Get-ModuleFolder
    $manifest = Join-Path -Path $folder -ChildPath 'MySmpp.psd1'
    if (-not (Test-Path -LiteralPath $manifest)) { throw "The build did not produce $manifest." }
    $module = Test-ModuleManifest -Path $manifest -ErrorAction Stop
    Write-Host "Module: $folder (MySmpp $($module.Version), $(@($module.ExportedCmdlets.Keys).Count) cmdlets)"
}

# Runs dotnet test, echoing its output, and adds up the per-project 'Passed!/Failed!' lines into one
# 'xunit: N passed, M failed' line.
function Invoke-XunitSuites {
    $arguments = @('test', 'MySmpp.sln', '-c', $Configuration)
    Write-Host ('> dotnet ' + ($arguments -join ' '))
    # Windows PowerShell 5.1 turns a native command's stderr lines into error records under 2>&1, which
    # 'Stop' would make fatal; the exit code decides here.
    $ErrorActionPreference = 'Continue'

    $passed = 0
    $failed = 0
    $projects = 0
    & dotnet @arguments 2>&1 | ForEach-Object {
        $line = [string] $_
        Write-Host $line
        if ($line -match '^\s*(Passed|Failed)!.*Failed:\s*(\d+),\s*Passed:\s*(\d+)') {
            $failed += [int] $Matches[2]
            $passed += [int] $Matches[3]
            $projects++
        }
    }
    $exit = $LASTEXITCODE
    Write-Host ('xunit: {0} passed, {1} failed' -f $passed, $failed)
    if ($exit -ne 0) { throw "dotnet test failed with exit code $exit." }
    if ($projects -eq 0 -or $passed -eq 0) { throw 'dotnet test ran no xunit test.' }
}

# The browser tests open the reports in the machine's own headless Chromium (tests/MySmpp.BrowserCheck finds
# Debian's chromium, or Chrome/Edge, or MYSMPP_CHROMIUM). On a fresh Debian or Ubuntu machine run as root - CI -
# this installs Debian's package when none is there, so the README's test command is all CI needs; elsewhere it
# says what to install and the browser tests fail with the same advice.
function Install-TestBrowser {
    if ($env:MYSMPP_CHROMIUM -and (Test-Path -LiteralPath $env:MYSMPP_CHROMIUM)) { return }
    $onLinux = ($PSVersionTable.PSEdition -eq 'Core') -and $IsLinux
    if (-not $onLinux) { return }
    foreach ($candidate in '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable', '/snap/bin/chromium') {
        if (Test-Path -LiteralPath $candidate) { return }
    }
    $aptGet = Get-Command -Name apt-get -CommandType Application -ErrorAction SilentlyContinue
    $isRoot = (& id -u 2>$null) -eq '0'
    if ($null -eq $aptGet -or -not $isRoot) {
        Write-Warning "No Chromium for the browser tests: run 'sudo apt-get install -y chromium' (or set MYSMPP_CHROMIUM)."
        return
    }
    Write-Host '> apt-get install -y chromium (the browser tests need a headless Chromium)'
    $env:DEBIAN_FRONTEND = 'noninteractive'
    & apt-get update -qq
    if ($LASTEXITCODE -ne 0) { throw "apt-get update failed with exit code $LASTEXITCODE." }
    & apt-get install -y -qq chromium
    if ($LASTEXITCODE -ne 0) { throw "apt-get install chromium failed with exit code $LASTEXITCODE." }
}

function Invoke-Test {
    Install-TestBrowser
    Invoke-XunitSuites
    if ($SkipPester) {
        Write-Host 'Pester: SKIPPED on request (-SkipPester)'
        return
    }
    $suite = Join-Path -Path $root -ChildPath 'tests/pester/Invoke-PesterSuite.ps1'
    & $suite -Configuration $Configuration
    if ($LASTEXITCODE -ne 0) { throw "The Pester suites failed (exit code $LASTEXITCODE)." }
}

# The [AssemblyConfiguration] of an assembly's bytes (loaded as bytes, so no file stays locked).
function Get-AssemblyConfiguration {
    param([byte[]] $Bytes)
    $assembly = [System.Reflection.Assembly]::Load($Bytes)
    $attribute = $assembly.GetCustomAttributes([System.Reflection.AssemblyConfigurationAttribute], $false) | Select-Object -First 1
    if ($null -ne $attribute) { $attribute.Configuration } else { '(none)' }
}

# The laid-out folder is shared by Debug and Release builds: make sure it holds the one being packaged.
function Assert-LayoutConfiguration {
    param([string] $Folder)
    foreach ($name in 'MySmpp.dll', 'MySmpp.Core.dll') {
        $path = Join-Path -Path $Folder -ChildPath $name
        $actual = Get-AssemblyConfiguration -Bytes ([System.IO.File]::ReadAllBytes($path))
        if ($actual -ne $Configuration) {
            throw "$name in $Folder is a $actual build, not $Configuration."
        }
    }
}

# What was packed is what was asked for: the package's own MySmpp.dll and MySmpp.Core.dll are $Configuration.
function Assert-PackageConfiguration {
    param([string] $Package)
    Add-Type -AssemblyName System.IO.Compression, System.IO.Compression.FileSystem
    $zip = [System.IO.Compression.ZipFile]::OpenRead($Package)
    try {
        foreach ($name in 'MySmpp.dll', 'MySmpp.Core.dll') {
            # A .nupkg holds the module at its root; the .zip fallback inside a MySmpp folder.
            $entry = $zip.Entries | Where-Object { ($_.FullName -replace '\\', '/') -in @($name, "MySmpp/$name") } | Select-Object -First 1
            if ($null -eq $entry) { throw "$Package does not hold $name." }
            $stream = $entry.Open()
            $buffer = New-Object -TypeName System.IO.MemoryStream
            try { $stream.CopyTo($buffer) } finally { $stream.Dispose() }
            $actual = Get-AssemblyConfiguration -Bytes $buffer.ToArray()
            if ($actual -ne $Configuration) { throw "$name in $Package is a $actual build, not $Configuration." }
        }
    }
    finally {
        $zip.Dispose()
    }
    Write-Host "Package check: MySmpp.dll and MySmpp.Core.dll in $(Split-Path -Leaf $Package) are $Configuration builds."
}

function Invoke-Package {
    Invoke-Build
    $folder = Get-ModuleFolder
    Assert-LayoutConfiguration -Folder $folder
    $version = (Get-ModuleVersion).Split('-')[0]
    $artifacts = Join-Path -Path $root -ChildPath 'artifacts'
    New-Item -ItemType Directory -Path $artifacts -Force | Out-Null

    # Publish from a folder named after the module, as both PowerShellGet and PSResourceGet expect.
    $temp = Join-Path -Path ([System.IO.Path]::GetTempPath()) -ChildPath ('mysmpp-package-' + [guid]::NewGuid().ToString('N'))
    $staging = Join-Path -Path $temp -ChildPath 'MySmpp'
    $feed = Join-Path -Path $temp -ChildPath 'feed'
    New-Item -ItemType Directory -Path $staging, $feed -Force | Out-Null
    Copy-Item -Path (Join-Path -Path $folder -ChildPath '*') -Destination $staging -Recurse
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
        foreach ($package in $packages) {
            $target = Join-Path -Path $artifacts -ChildPath $package.Name
            Copy-Item -LiteralPath $package.FullName -Destination $target -Force
            Assert-PackageConfiguration -Package $target
            Write-Host "Package: $target"
        }
    }
    else {
        $zip = Join-Path -Path $artifacts -ChildPath "MySmpp.$version.zip"
        if (Test-Path -LiteralPath $zip) { Remove-Item -LiteralPath $zip -Force }
        Compress-Archive -Path $staging -DestinationPath $zip
        Assert-PackageConfiguration -Package $zip
        Write-Host "Package: $zip (no PowerShell repository module could publish; extract it into a folder on `$env:PSModulePath)"
    }
    Remove-Item -LiteralPath $temp -Recurse -Force -ErrorAction SilentlyContinue
}

function Invoke-Clean {
    foreach ($name in 'out', 'artifacts', 'TestResults') {
        $path = Join-Path -Path $root -ChildPath $name
        if (Test-Path -LiteralPath $path) { Remove-Item -LiteralPath $path -Recurse -Force }
    }
    foreach ($top in 'src', 'tests', 'tools', 'bench') {
        $path = Join-Path -Path $root -ChildPath $top
        if (-not (Test-Path -LiteralPath $path)) { continue }
        Get-ChildItem -LiteralPath $path -Directory -Recurse -Force |
            Where-Object { $_.Name -eq 'bin' -or $_.Name -eq 'obj' } |
            Sort-Object -Property { $_.FullName.Length } -Descending |
            ForEach-Object { Remove-Item -LiteralPath $_.FullName -Recurse -Force -ErrorAction SilentlyContinue }
    }
    Write-Host 'Clean: removed out/, artifacts/, TestResults/ and the bin/ and obj/ folders.'
}

$exitCode = 0
Push-Location -LiteralPath $root
try {
    foreach ($name in $Task) {
        Write-Host "== $name ($Configuration)"
        switch ($name) {
            'Clean' { Invoke-Clean }
            'Build' { Invoke-Build }
            'Test' { Invoke-Test }
            'Package' { Invoke-Package }
        }
    }
}
catch {
    Write-Host "build.ps1: $($_.Exception.Message)" -ForegroundColor Red
    $exitCode = 1
}
finally {
    Pop-Location
}
exit $exitCode
