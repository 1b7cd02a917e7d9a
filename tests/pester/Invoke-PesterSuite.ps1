<#
.SYNOPSIS
    Runs the Pester suites in tests/pester against the built module.
.DESCRIPTION
    Used by build.ps1 -Task Test (and so by .ci/run). Pester comes from the NuGet feed through
    tools/MySmpp.TestTools (restored by 'dotnet build MySmpp.sln', which records the module folder in
    out/tools/Pester.path); an installed Pester 5 or later is used only when that file is missing.
    Exits 1 when a test fails and when Pester cannot run at all: a suite that did not run is a failure,
    never a silent skip. Works in Windows PowerShell 5.1 and PowerShell 7.
.PARAMETER Configuration
    The build configuration whose emulator the tests start (Debug or Release).
.PARAMETER Path
    Test files or folders to run instead of the whole of tests/pester.
#>
[CmdletBinding()]
param(
    [string] $Configuration = 'Debug',
    [string[]] $Path
)

# The tests run with PowerShell's default preferences whoever calls this script: build.ps1 sets Stop for
# itself, and a caller's Stop would leak into every test and change what Write-Error does in the cmdlets.
$ErrorActionPreference = 'Continue'
$root = [System.IO.Path]::GetFullPath((Join-Path -Path $PSScriptRoot -ChildPath '../..'))

function Find-Pester {
    $recorded = Join-Path -Path $root -ChildPath 'out/tools/Pester.path'
    if (Test-Path -LiteralPath $recorded) {
        $folder = (Get-Content -LiteralPath $recorded -TotalCount 1).Trim()
        $manifest = Join-Path -Path $folder -ChildPath 'Pester.psd1'
        if (Test-Path -LiteralPath $manifest) { return $manifest }
    }
    $installed = Get-Module -ListAvailable -Name Pester |
        Where-Object { $_.Version -ge [version] '5.0.0' } |
        Sort-Object -Property Version -Descending |
        Select-Object -First 1
    if ($null -ne $installed) { return $installed.Path }
    $null
}

$pesterManifest = Find-Pester
if ($null -eq $pesterManifest) {
    Write-Host "Pester: FAILED TO RUN (no Pester 5 or later: run 'dotnet build MySmpp.sln', which restores it from NuGet into out/tools/Pester.path)"
    exit 1
}

$pester = Import-Module -Name $pesterManifest -Force -PassThru -ErrorAction Stop
$env:MYSMPP_CONFIGURATION = $Configuration
# Send-Sms journals into the user's default file unless a test says otherwise: the suites and the pwsh they start keep
# theirs in a temporary folder ($XDG_DATA_HOME; Windows has no such variable, and CI machines are thrown away).
$env:XDG_DATA_HOME = Join-Path -Path ([System.IO.Path]::GetTempPath()) -ChildPath "mysmpp-pester-$PID"
$results = Join-Path -Path $root -ChildPath 'TestResults'
New-Item -ItemType Directory -Path $results -Force | Out-Null

$config = New-PesterConfiguration
$config.Run.Path = $(if ($Path) { $Path } else { $PSScriptRoot })
$config.Run.PassThru = $true
$config.Output.Verbosity = 'Detailed'
$config.TestResult.Enabled = $true
$config.TestResult.OutputFormat = 'NUnitXml'
$config.TestResult.OutputPath = Join-Path -Path $results -ChildPath 'pester.xml'

Write-Host "Pester $($pester.Version) on PowerShell $($PSVersionTable.PSVersion) ($($PSVersionTable.PSEdition))"
$run = Invoke-Pester -Configuration $config
if ($null -eq $run) {
    Write-Host 'Pester: FAILED TO RUN (Invoke-Pester returned no result)'
    exit 1
}
# The failures again, last: a CI log that keeps only its tail still names them.
foreach ($failed in @($run.Failed) + @($run.FailedBlocks) + @($run.FailedContainers)) {
    if ($null -eq $failed) { continue }
    $name = if ($failed.ExpandedPath) { $failed.ExpandedPath } elseif ($failed.Path) { $failed.Path -join '.' } else { [string] $failed.Item }
    $message = @($failed.ErrorRecord | ForEach-Object { $_.Exception.Message }) -join ' | '
    if ($message.Length -gt 600) { $message = $message.Substring(0, 600) + '...' }
    Write-Host ('FAILED: {0}: {1}' -f $name, ($message -replace '\s+', ' '))
}
Write-Host ('Pester: {0} passed, {1} failed, {2} skipped' -f $run.PassedCount, $run.FailedCount, $run.SkippedCount)
if ($run.Result -ne 'Passed' -or $run.FailedCount -gt 0 -or $run.PassedCount -eq 0) {
    exit 1
}
exit 0
