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
    Package  builds -Configuration, then tools/New-ModulePackage.ps1 makes the .nupkg of out/MySmpp/<version>/ in
             artifacts/ (publishing to a temporary local repository with Publish-PSResource or Publish-Module, or a
             .zip if neither can): the assemblies of that configuration, no .pdb, README.md and LICENSE inside. It
             checks the laid-out folder before and the package after, and fails when either is wrong.
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

function Invoke-Package {
    Invoke-Build
    $script = Join-Path -Path $root -ChildPath 'tools/New-ModulePackage.ps1'
    $null = & $script -ModuleFolder (Get-ModuleFolder) -Destination (Join-Path -Path $root -ChildPath 'artifacts') -Configuration $Configuration
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
