<#
.SYNOPSIS
    Runs the Pester suites in tests/pester against the built module, or says plainly why it cannot.
.DESCRIPTION
    Used by build.ps1 -Task Test and by .ci/run. Needs Pester 5 or later; with an older Pester (Windows
    PowerShell 5.1 ships 3.4) or none, it prints "Pester: SKIPPED (...)" and exits 0. Otherwise it
    exits 1 when a test fails. Works in Windows PowerShell 5.1 and PowerShell 7.
.PARAMETER Configuration
    The build configuration whose emulator the tests start (Debug or Release).
#>
[CmdletBinding()]
param(
    [string] $Configuration = 'Debug'
)

$ErrorActionPreference = 'Stop'
$pester = Get-Module -ListAvailable -Name Pester |
    Where-Object { $_.Version -ge [version] '5.0.0' } |
    Sort-Object -Property Version -Descending |
    Select-Object -First 1
if ($null -eq $pester) {
    Write-Host 'Pester: SKIPPED (Pester 5 or later is not installed; run: Install-Module Pester -MinimumVersion 5.0 -Scope CurrentUser -SkipPublisherCheck)'
    exit 0
}

Import-Module -Name $pester.Path -Force
$env:MYSMPP_CONFIGURATION = $Configuration
$root = [System.IO.Path]::GetFullPath((Join-Path -Path $PSScriptRoot -ChildPath '../..'))
$results = Join-Path -Path $root -ChildPath 'TestResults'
New-Item -ItemType Directory -Path $results -Force | Out-Null

$config = New-PesterConfiguration
$config.Run.Path = $PSScriptRoot
$config.Run.PassThru = $true
$config.Output.Verbosity = 'Detailed'
$config.TestResult.Enabled = $true
$config.TestResult.OutputFormat = 'NUnitXml'
$config.TestResult.OutputPath = Join-Path -Path $results -ChildPath 'pester.xml'

Write-Host "Pester $($pester.Version) on PowerShell $($PSVersionTable.PSVersion) ($($PSVersionTable.PSEdition))"
$run = Invoke-Pester -Configuration $config
Write-Host ('Pester: {0} passed, {1} failed, {2} skipped' -f $run.PassedCount, $run.FailedCount, $run.SkippedCount)
if ($run.Result -ne 'Passed' -or $run.FailedCount -gt 0) {
    exit 1
}
exit 0
