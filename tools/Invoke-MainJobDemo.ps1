#!/usr/bin/env pwsh
<#
.SYNOPSIS
    The module's main job against the emulator, in one command: restore and build if needed, start the
    emulator as the gateway, report the messages that were not delivered to a CSV file, show it, stop the emulator.
.DESCRIPTION
    From the repository root of a fresh clone, with only the .NET SDK (no PowerShell installed):

        dotnet tool restore && dotnet pwsh ./tools/Invoke-MainJobDemo.ps1

    (dotnet tool restore installs the repository's own pwsh, which 'dotnet pwsh' runs.)

    1. Restores and builds MySmpp.sln (dotnet build restores the NuGet packages first) when the laid-out module
       or the emulator is missing.
    2. Starts the emulator on a free loopback port (it binds port 0 and reports the port it got), with a
       simulated minute passing every second, so ids 1001-1010 settle during the demo, and makes it the gateway
       Connect-MySmpp goes to when given no -BaseUri, so the job below runs as a user writes it.
    3. Runs the main job: Connect-MySmpp -Credential, then
       Get-SmsState -Detail | Where-Object IsDelivered -eq $false | ConvertTo-SmsStateRecord | Export-Csv
       (IsDelivered is true for Delivered and Read: a Viber message that was read did arrive.)
    4. Shows the CSV as a table and prints its path.
    5. Writes the delivery report of everything it found (Export-SmsDeliveryReport: one HTML page with
       charts that any browser opens offline) next to the CSV and prints its path. Stops the emulator and
       waits for it to exit, whatever happened, so nothing is left running. Exits 1 when any step fails.
.PARAMETER OutputPath
    The CSV file to write (default out/demo/not-delivered.csv under the repository); the report is
    delivery-report.html in the same folder.
.EXAMPLE
    dotnet tool restore && dotnet pwsh ./tools/Invoke-MainJobDemo.ps1
#>
[CmdletBinding()]
param(
    [string] $OutputPath
)

$ErrorActionPreference = 'Stop'
$root = Split-Path -Parent $PSScriptRoot
if (-not $OutputPath) { $OutputPath = Join-Path -Path $root -ChildPath 'out/demo/not-delivered.csv' }

function Get-ModuleManifestPath {
    [xml] $props = Get-Content -LiteralPath (Join-Path -Path $root -ChildPath 'Directory.Build.props') -Raw
    $version = $props.SelectSingleNode('//MySmppVersion').InnerText.Trim().Split('-')[0]
    Join-Path -Path $root -ChildPath "out/MySmpp/$version/MySmpp.psd1"
}

function Get-EmulatorPath {
    $bin = Join-Path -Path $root -ChildPath 'src/MySmpp.Emulator/bin'
    Get-ChildItem -Path $bin -Filter 'MySmpp.Emulator.dll' -Recurse -ErrorAction SilentlyContinue |
        Sort-Object -Property LastWriteTimeUtc -Descending |
        Select-Object -First 1 -ExpandProperty FullName
}

# Starts the emulator on port 0 and reads the address it reports ("MySmpp emulator listening on http://...").
function Start-Emulator {
    param([string] $Dll)
    $info = New-Object -TypeName System.Diagnostics.ProcessStartInfo
    $info.FileName = 'dotnet'
    $info.Arguments = '"' + $Dll + '" --urls http://127.0.0.1:0 --time-scale 60'
    $info.UseShellExecute = $false
    $info.RedirectStandardOutput = $true
    $info.RedirectStandardError = $true
    $process = [System.Diagnostics.Process]::Start($info)
    $deadline = [DateTime]::UtcNow.AddSeconds(120)
    while ([DateTime]::UtcNow -lt $deadline) {
        $read = $process.StandardOutput.ReadLineAsync()
        if (-not $read.Wait([TimeSpan]::FromSeconds(120))) { break }
        $line = $read.Result
        if ($null -eq $line) { break }
        if ($line -match 'listening on (http://127\.0\.0\.1:\d+)') {
            return [pscustomobject] @{ Process = $process; BaseUri = $Matches[1] }
        }
    }
    $stderr = if ($process.HasExited) { $process.StandardError.ReadToEnd() } else { '' }
    Stop-Emulator -Process $process
    throw "The emulator did not report its address. $stderr"
}

function Stop-Emulator {
    param([System.Diagnostics.Process] $Process)
    if ($null -eq $Process) { return }
    if (-not $Process.HasExited) {
        $Process.Kill()
        $null = $Process.WaitForExit(30000)
    }
    Write-Host "Emulator stopped (process $($Process.Id) exited: $($Process.HasExited))."
    $Process.Dispose()
}

$emulator = $null
$exitCode = 0
try {
    $manifest = Get-ModuleManifestPath
    $dll = Get-EmulatorPath
    if (-not (Test-Path -LiteralPath $manifest) -or -not $dll) {
        Write-Host '> dotnet build MySmpp.sln (restores the NuGet packages first)'
        & dotnet build (Join-Path -Path $root -ChildPath 'MySmpp.sln') --nologo -v quiet
        if ($LASTEXITCODE -ne 0) { throw "dotnet build failed with exit code $LASTEXITCODE." }
        $dll = Get-EmulatorPath
    }

    $emulator = Start-Emulator -Dll $dll
    Write-Host "Emulator: $($emulator.BaseUri) (process $($emulator.Process.Id)), the gateway for this demo"

    # The emulator stands in for the gateway: Connect-MySmpp without -BaseUri goes there instead of lk.mysmpp.ru.
    $PSDefaultParameterValues['Connect-MySmpp:BaseUri'] = $emulator.BaseUri
    Import-Module -Name $manifest
    $cred = New-Object -TypeName System.Management.Automation.PSCredential -ArgumentList 'login', (ConvertTo-SecureString -String 'password' -AsPlainText -Force)
    Connect-MySmpp -Credential $cred -WarningAction SilentlyContinue

    # Let the simulated clock settle 1001-1010 (59 simulated seconds at most: about a second here).
    Start-Sleep -Seconds 2

    # The main job: states of a batch of sends, keep the ones that did not arrive, save them for the morning.
    # (IsDelivered covers Delivered and Read.)
    $null = New-Item -ItemType Directory -Path (Split-Path -Parent $OutputPath) -Force
    @(82216..82225) + @(1001..1010) | Get-SmsState -Detail |
        Where-Object IsDelivered -eq $false |
        ConvertTo-SmsStateRecord |
        Export-Csv -Path $OutputPath -NoTypeInformation -Encoding UTF8

    Import-Csv -Path $OutputPath | Format-Table -Property Id, Status, StatusTime, Parts, TotalCost | Out-Host
    Write-Host "CSV: $((Resolve-Path -LiteralPath $OutputPath).Path)"

    # The report people look at: every state found (and any id that came back as an error), as one page.
    $reportPath = Join-Path -Path (Split-Path -Parent $OutputPath) -ChildPath 'delivery-report.html'
    @(82216..82225) + @(1001..1010) | Get-SmsState -Detail 2>&1 |
        Export-SmsDeliveryReport -Path $reportPath -Title 'Main job: delivery report'
    Write-Host "Report: $((Resolve-Path -LiteralPath $reportPath).Path)"
    Disconnect-MySmpp
}
catch {
    Write-Host "Invoke-MainJobDemo: $($_.Exception.Message)" -ForegroundColor Red
    $exitCode = 1
}
finally {
    if ($null -ne $emulator) { Stop-Emulator -Process $emulator.Process }
}
exit $exitCode
