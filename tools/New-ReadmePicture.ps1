#!/usr/bin/env pwsh
<#
.SYNOPSIS
    Makes docs/images/delivery-report.png, the README's picture: a delivery report of a day of traffic on the
    emulator, screenshot in headless Chromium.
.DESCRIPTION
    From the repository root, after 'dotnet build MySmpp.sln' and with Chromium installed:

        dotnet pwsh ./tools/New-ReadmePicture.ps1

    1. Writes an emulator seed with a day of messages (ids 60001-60600, sent over the 24 hours before the
       emulator's epoch, 2021-04-26 15:20; most delivered, some read on Viber, some not delivered or expired,
       the last ones still open) next to the demo data, and starts the emulator with it, its clock frozen.
    2. Runs the main job's query over those ids and two unknown ones (Get-SmsState -Detail 2>&1) into
       Export-SmsDeliveryReport.
    3. Takes a 1280-px screenshot of the page's top with Chromium's own --screenshot, and stops the emulator.
    The seed is drawn from a fixed random seed, so the picture only changes when the report does.
.PARAMETER OutputPath
    The PNG to write (default docs/images/delivery-report.png).
#>
[CmdletBinding()]
param(
    [string] $OutputPath
)

$ErrorActionPreference = 'Stop'
$root = Split-Path -Parent $PSScriptRoot
if (-not $OutputPath) { $OutputPath = Join-Path -Path $root -ChildPath 'docs/images/delivery-report.png' }
. (Join-Path -Path $root -ChildPath 'tests/pester/MySmpp.TestHelpers.ps1')

$work = Join-Path -Path ([System.IO.Path]::GetTempPath()) -ChildPath ('mysmpp-picture-' + [guid]::NewGuid().ToString('N'))
New-Item -ItemType Directory -Path $work | Out-Null
$random = New-Object -TypeName System.Random -ArgumentList 20210426
$messages = foreach ($i in 1..600) {
    # Sends follow a working day: few at night, most between 09:00 and 19:00 (epoch 15:20, so -86400 s is 15:20 the day before).
    do { $sent = -86400 + $random.Next(0, 86400); $hour = (15 + 20 / 60 + $sent / 3600 + 48) % 24 } while (($hour -lt 8 -or $hour -gt 21) -and $random.NextDouble() -lt 0.85)
    $roll = $random.NextDouble()
    $settle = $sent + 3 + [int]([math]::Pow($random.NextDouble(), 3) * 900)
    if ($settle -gt -60) { $final = 'send' }
    elseif ($roll -lt 0.70) { $final = 'deliver' }
    elseif ($roll -lt 0.84) { $final = 'read' }
    elseif ($roll -lt 0.93) { $final = 'not_deliver' }
    else { $final = 'expired' }
    if ($final -eq 'expired') {
        # Expiry comes hours later, when the validity runs out; one that would come after the epoch is still open.
        $settle = $sent + 3600 + $random.Next(0, 7200)
        if ($settle -gt -60) { $final = 'send' }
    }
    $steps = @(@{ afterSeconds = $sent; state = 'send' })
    if ($final -ne 'send') {
        $step = @{ afterSeconds = $settle; state = $final }
        if ($final -eq 'read') { $step.viber = 'read' }
        $steps += $step
    }
    @{ id = 60000 + $i; parts = 1 + [int]($random.NextDouble() * $random.NextDouble() * 3); price = 1.25; steps = $steps }
}
$seedPath = Join-Path -Path $work -ChildPath 'day.json'
@{ includeDefaults = $true; messages = @($messages) } | ConvertTo-Json -Depth 6 | Set-Content -LiteralPath $seedPath -Encoding UTF8

$dotnet = (Get-Command -Name dotnet -CommandType Application | Select-Object -First 1).Path
$port = Get-FreeTcpPort
$emulator = Start-Process -FilePath $dotnet -PassThru -NoNewWindow -RedirectStandardOutput (Join-Path $work 'out.txt') -RedirectStandardError (Join-Path $work 'err.txt') `
    -ArgumentList @('"' + (Get-MySmppTestEmulatorDll) + '"', '--urls', "http://127.0.0.1:$port", '--seed', '"' + $seedPath + '"', '--time-scale', '0')
try {
    $deadline = [DateTime]::UtcNow.AddSeconds(60)
    while (-not (Test-TcpPort -Port $port)) {
        if ($emulator.HasExited -or [DateTime]::UtcNow -gt $deadline) { throw "The emulator did not start: $(Get-Content (Join-Path $work 'err.txt') -Raw)" }
        Start-Sleep -Milliseconds 100
    }
    Import-Module -Name (Get-MySmppTestModulePath)
    Connect-MySmpp -Credential (New-TestCredential) -BaseUri "http://127.0.0.1:$port" -WarningAction SilentlyContinue
    $page = Join-Path -Path $work -ChildPath 'report.html'
    # The two unknown ids come back as error records, which the report counts: they must not stop the script.
    $ErrorActionPreference = 'Continue'
    @(60001..60600) + @(999, 998) | Get-SmsState -Detail 2>&1 |
        Export-SmsDeliveryReport -Path $page -Title 'SMS delivery, 25-26 April 2021' -Currency RUB -Top 8
    $ErrorActionPreference = 'Stop'
    Disconnect-MySmpp

    $browser = @('/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome') | Where-Object { Test-Path -LiteralPath $_ } | Select-Object -First 1
    if ($env:MYSMPP_CHROMIUM) { $browser = $env:MYSMPP_CHROMIUM }
    if (-not $browser) { throw 'No Chromium found (apt-get install -y chromium, or set MYSMPP_CHROMIUM).' }
    $browserProfile = Join-Path -Path $work -ChildPath 'profile'
    $url = (New-Object -TypeName System.Uri -ArgumentList $page).AbsoluteUri
    & $browser --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking --disable-component-update `
        --disable-sync --hide-scrollbars "--user-data-dir=$browserProfile" '--window-size=1280,1560' "--screenshot=$OutputPath" $url
    if (-not (Test-Path -LiteralPath $OutputPath)) { throw 'Chromium wrote no screenshot.' }
    Write-Host "Picture: $((Resolve-Path -LiteralPath $OutputPath).Path)"
}
finally {
    if (-not $emulator.HasExited) { Stop-Process -Id $emulator.Id -Force; $null = $emulator.WaitForExit(10000) }
    if (-not $env:MYSMPP_KEEP_PICTURE_WORK) { Remove-Item -LiteralPath $work -Recurse -Force -ErrorAction SilentlyContinue }
}
