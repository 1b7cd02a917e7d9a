#!/usr/bin/env pwsh
<#
.SYNOPSIS
    Before/after in one run: builds an earlier revision in a git worktree and runs the same throughput
    harness and codec benchmarks on it and on this checkout, one right after the other, then prints one
    Markdown table of the figures that matter side by side.

.DESCRIPTION
    Both sides run THIS checkout's harness: its bench/MySmpp.Benchmarks sources are copied over the earlier
    revision's before that is built, so only the code under test differs (an earlier harness warmed up
    differently and measured other things). The ratios (client/raw, cmdlet/client) are taken inside each
    run, where both sides of a ratio share the machine's state. The raw outputs stay in artifacts/compare/
    (before-*.md, after-*.md, summary.md). Needs a quiet machine: the harness prints "other load" per phase
    and warns when another process disturbed a timed section; the summary lists such runs.

.EXAMPLE
    dotnet pwsh ./bench/Compare-Revisions.ps1 -Before 509e537
.EXAMPLE
    dotnet pwsh ./bench/Compare-Revisions.ps1 -Before 87cbd50 -Benchmark Cold -Ids 2000,100000,1000000
    The cold command instead (a fresh pwsh per call: Get-SmsState -Id, Send-Sms, import + connect + one id), both sides.
#>
[CmdletBinding()]
param(
    # The revision to compare with (default: main before the issue-13 clean-up).
    [string] $Before = '509e537',
    [string] $Ids = '100000',
    [string] $LatencyMs = '0,2',
    [int] $Repeat = 3,
    [switch] $SkipCodecs,
    # Throughput: the throughput harness and the codecs (as before). Cold: the cold command (bench/README.md, "cold").
    [ValidateSet('Throughput', 'Cold')]
    [string] $Benchmark = 'Throughput',
    # Cold: Send-Sms recipients (0 leaves sending out) and fresh-pwsh runs of import + connect + a one-id query.
    [int] $SendRecipients = 10000,
    [int] $OneIdRuns = 5,
    # Cold: runs of the warmed reference phases (default: -Repeat); each one's worker warms up for 5-60 s first.
    [int] $WarmRuns = -1,
    # Cold: runs of every phase for 1,000,000 ids or more (default: -Repeat).
    [int] $LargeRepeat = -1
)

$ErrorActionPreference = 'Stop'
$repo = (Resolve-Path (Join-Path $PSScriptRoot '..')).Path
$outDir = Join-Path $repo 'artifacts/compare'
$beforeTree = Join-Path $repo 'artifacts/before'
New-Item -ItemType Directory -Force -Path $outDir | Out-Null

function Invoke-Checked([string] $what, [scriptblock] $command) {
    & $command
    if ($LASTEXITCODE -ne 0) { throw "$what failed (exit code $LASTEXITCODE)." }
}

if (-not (Test-Path (Join-Path $beforeTree '.git'))) {
    # A worktree folder deleted by hand is still registered until pruned.
    Invoke-Checked 'git worktree prune' { git -C $repo worktree prune 2>&1 | Write-Verbose }
    Invoke-Checked 'git worktree add' { git -C $repo worktree add --detach $beforeTree $Before 2>&1 | Write-Verbose }
} else {
    Invoke-Checked 'git checkout' { git -C $beforeTree checkout --quiet --force --detach $Before 2>&1 | Write-Verbose }
}

# The same harness on both sides: this checkout's sources over the earlier revision's.
$harnessSource = Join-Path $repo 'bench/MySmpp.Benchmarks'
$harnessTarget = Join-Path $beforeTree 'bench/MySmpp.Benchmarks'
Get-ChildItem -LiteralPath $harnessSource -Recurse -File -Include '*.cs', '*.csproj' |
    Where-Object { $_.FullName -notmatch '[\\/](bin|obj)[\\/]' } |
    ForEach-Object {
        $target = Join-Path $harnessTarget ([System.IO.Path]::GetRelativePath($harnessSource, $_.FullName))
        New-Item -ItemType Directory -Force -Path (Split-Path $target) | Out-Null
        Copy-Item -LiteralPath $_.FullName -Destination $target -Force
    }

$sides = [ordered]@{ before = $beforeTree; after = $repo }
foreach ($side in $sides.Keys) {
    Write-Host "Building $side ($($sides[$side])) in Release..."
    $log = dotnet build (Join-Path $sides[$side] 'MySmpp.sln') -c Release -warnaserror -nologo -v q 2>&1
    if ($LASTEXITCODE -ne 0) {
        $log | Write-Host
        throw "The build of $side failed$(if ($side -eq 'before') { ' (this checkout''s harness may not compile against that revision''s Core)' })."
    }
}

foreach ($side in $sides.Keys) {
    $harness = Join-Path $sides[$side] 'bench/MySmpp.Benchmarks/bin/Release/net10.0/MySmpp.Benchmarks.dll'
    $work = Join-Path $outDir $side
    New-Item -ItemType Directory -Force -Path $work | Out-Null
    Push-Location $work
    try {
        if ($Benchmark -eq 'Cold') {
            Write-Host "Cold, $side..."
            Invoke-Checked "cold ($side)" { dotnet $harness cold --ids $Ids --latency-ms $LatencyMs --repeat $Repeat --send-recipients $SendRecipients --one-id-runs $OneIdRuns --warm-runs $(if ($WarmRuns -lt 0) { $Repeat } else { $WarmRuns }) --large-repeat $(if ($LargeRepeat -lt 0) { $Repeat } else { $LargeRepeat }) > (Join-Path $outDir "$side-cold.md") }
            continue
        }
        Write-Host "Throughput, $side..."
        Invoke-Checked "throughput ($side)" { dotnet $harness throughput --ids $Ids --latency-ms $LatencyMs --repeat $Repeat > (Join-Path $outDir "$side-throughput.md") }
        if (-not $SkipCodecs) {
            Write-Host "Codecs, $side..."
            Invoke-Checked "codecs ($side)" { dotnet $harness codecs > (Join-Path $outDir "$side-codecs.md") }
        }
    } finally {
        Pop-Location
    }
}

# The rows of the Markdown table whose header starts with $headerStart, after the line $after (if given), as objects.
function Read-Table([string] $path, [string] $headerStart, [string] $after) {
    $lines = Get-Content -LiteralPath $path
    $start = 0
    if ($after) {
        $start = [array]::FindIndex($lines, [Predicate[string]] { param($l) $l.StartsWith($after) }) + 1
        if ($start -eq 0) { throw "$path has no line starting with '$after'." }
    }
    $header = [array]::FindIndex($lines, $start, [Predicate[string]] { param($l) $l.StartsWith($headerStart) })
    if ($header -lt 0) { throw "$path has no table starting with '$headerStart'$(if ($after) { " after '$after'" })." }
    $names = $lines[$header].Trim('|').Split('|') | ForEach-Object { $_.Trim() }
    for ($i = $header + 2; $i -lt $lines.Count -and $lines[$i].StartsWith('|'); $i++) {
        $cells = $lines[$i].Trim('|').Split('|') | ForEach-Object { $_.Trim() }
        $row = [ordered]@{}
        for ($c = 0; $c -lt $names.Count; $c++) { $row[$names[$c]] = $cells[$c] }
        [pscustomobject]$row
    }
}

$rows = New-Object System.Collections.Generic.List[object]

# "a / b / c", a dash for each value that is missing.
function Join-Cells {
    ($args | ForEach-Object { if ($null -eq $_ -or "$_" -eq '') { '–' } else { $_ } }) -join ' / '
}
function Add-Row([string] $what, $beforeValue, $afterValue) {
    $rows.Add([pscustomobject]@{ What = $what; Before = $(if ($null -eq $beforeValue -or $beforeValue -eq '') { '–' } else { $beforeValue }); After = $(if ($null -eq $afterValue -or $afterValue -eq '') { '–' } else { $afterValue }) })
}

# The cold command's tables, side by side: every id count, flavour and latency, Send-Sms, and the one-id CPU.
function Add-ColdRows {
    foreach ($latency in $LatencyMs.Split(',')) {
        $state = @{}; $send = @{}
        foreach ($side in $sides.Keys) {
            $file = Join-Path $outDir "$side-cold.md"
            $state[$side] = @(Read-Table $file '| ids | flavour | (1) wire limit' "### Get-SmsState -Id in a fresh pwsh, latency $latency ms")
            if ($SendRecipients -gt 0) { $send[$side] = @(Read-Table $file '| recipients |' "### Send-Sms -Phone in a fresh pwsh (Connect-MySmpp -NoJournal), latency $latency ms") }
        }
        foreach ($b in $state.before) {
            $a = $state.after | Where-Object { $_.ids -eq $b.ids -and $_.flavour -eq $b.flavour }
            $prefix = "Get-SmsState, $($b.flavour), $latency ms, $($b.ids) ids"
            Add-Row "$prefix`: cold ids/s (wire limit)" "$($b.'(3) cold Get-SmsState ids/s') ($($b.'(1) wire limit ids/s'))" "$($a.'(3) cold Get-SmsState ids/s') ($($a.'(1) wire limit ids/s'))"
            Add-Row "$prefix`: cold / wire limit" $b.'3/1' $a.'3/1'
            Add-Row "$prefix`: cold / warmed" $b.'3/2' $a.'3/2'
            Add-Row "$prefix`: cold / cold Invoke-RestMethod loop" $b.'3/4' $a.'3/4'
        }
        if ($SendRecipients -gt 0) {
            $b = $send.before[0]; $a = $send.after[0]
            Add-Row "Send-Sms, $latency ms, $($b.recipients) recipients: cold recipients/s (wire limit)" "$($b.'(3) cold Send-Sms') ($($b.'(1) wire limit recipients/s'))" "$($a.'(3) cold Send-Sms') ($($a.'(1) wire limit recipients/s'))"
            Add-Row "Send-Sms, $latency ms: cold / wire limit, cold / warmed, cold / loop" (Join-Cells $b.'3/1' $b.'3/2' $b.'3/4') (Join-Cells $a.'3/1' $a.'3/2' $a.'3/4')
        }
    }
    if ($OneIdRuns -gt 0) {
        $one = @{}
        foreach ($side in $sides.Keys) { $one[$side] = @(Read-Table (Join-Path $outDir "$side-cold.md") '| what | process CPU' $null) }
        foreach ($i in 0..1) {
            $b = $one.before[$i]; $a = $one.after[$i]
            Add-Row "$($b.what): process CPU s (median; every run)" "$($b.'process CPU s at the end (median)') ($($b.'every run'))" "$($a.'process CPU s at the end (median)') ($($a.'every run'))"
            Add-Row "$($b.what): import + connect / query CPU s" (Join-Cells $b.'import + connect CPU s' $b."the query's CPU s") (Join-Cells $a.'import + connect CPU s' $a."the query's CPU s")
        }
    }
}

$count = ([int]($Ids.Split(',')[0])).ToString('N0', [cultureinfo]::InvariantCulture)
if ($Benchmark -eq 'Cold') { Add-ColdRows; $SkipCodecs = $true }
foreach ($latency in $(if ($Benchmark -eq 'Cold') { @() } else { $LatencyMs.Split(',') })) {
    $section = "### Emulator latency $latency ms"
    $main = @{}; $details = @{}
    foreach ($side in $sides.Keys) {
        $file = Join-Path $outDir "$side-throughput.md"
        $main[$side] = Read-Table $file '| ids | flavour | (1) raw' $section | Where-Object ids -EQ $count
        $details[$side] = Read-Table $file '| ids | flavour | phase |' "<details><summary>Per-phase details, latency $latency ms" | Where-Object ids -EQ $count
    }
    foreach ($flavour in 'Json', 'Xml') {
        $b = $main.before | Where-Object flavour -EQ $flavour
        $a = $main.after | Where-Object flavour -EQ $flavour
        # One cell of a side's per-phase details for this flavour.
        $detail = { param($side, $phase, $column) ($details[$side] | Where-Object { $_.flavour -eq $flavour -and $_.phase -eq $phase }).$column }
        $cpu = { param($side, $phase) & $detail $side $phase 'worker CPU µs/id' }
        $alloc = { param($side, $phase) & $detail $side $phase 'alloc B/id' }
        $prefix = "$flavour, $latency ms, $count ids"
        Add-Row "$prefix`: client/raw" $b.'2/1' $a.'2/1'
        Add-Row "$prefix`: cmdlet/client, ids with -Id" $b.'4/2' $a.'4/2'
        Add-Row "$prefix`: cmdlet/client, ids piped" $b.'5/2' $a.'5/2'
        Add-Row "$prefix`: raw / client CPU µs/id" (Join-Cells (& $cpu 'before' 'Raw') (& $cpu 'before' 'Client')) (Join-Cells (& $cpu 'after' 'Raw') (& $cpu 'after' 'Client'))
        Add-Row "$prefix`: cmdlet CPU µs/id, -Id / piped" (Join-Cells (& $cpu 'before' 'Cmdlet') (& $cpu 'before' 'CmdletPiped')) (Join-Cells (& $cpu 'after' 'Cmdlet') (& $cpu 'after' 'CmdletPiped'))
        Add-Row "$prefix`: alloc B/id client / cmdlet -Id / piped" `
            (Join-Cells (& $alloc 'before' 'Client') (& $alloc 'before' 'Cmdlet') (& $alloc 'before' 'CmdletPiped')) `
            (Join-Cells (& $alloc 'after' 'Client') (& $alloc 'after' 'Cmdlet') (& $alloc 'after' 'CmdletPiped'))
    }
}

if (-not $SkipCodecs) {
    $codecs = @{}
    foreach ($side in $sides.Keys) { $codecs[$side] = Read-Table (Join-Path $outDir "$side-codecs.md") '| response |' $null }
    foreach ($response in 'json', 'json-detail', 'xml') {
        $b = $codecs.before | Where-Object response -EQ $response
        $a = $codecs.after | Where-Object response -EQ $response
        Add-Row "codec $response`: parse / bare reader (MB/s)" ("{0} ({1})" -f $b.'parse / floor', (Join-Cells $b.'MySmpp parse MB/s' $b.'bare reader MB/s')) ("{0} ({1})" -f $a.'parse / floor', (Join-Cells $a.'MySmpp parse MB/s' $a.'bare reader MB/s'))
    }
}

$head = (git -C $repo describe --always --dirty).Trim()
$base = (git -C $beforeTree rev-parse --short HEAD).Trim()
$disturbed = Select-String -Path (Join-Path $outDir "*-$($Benchmark.ToLowerInvariant()).md") -Pattern 'warning: other processes' | ForEach-Object { "- $($_.Filename): $($_.Line.TrimStart('- '))" }
$table = @("| measure | before ($base) | after ($head) |", '|---|---:|---:|') + ($rows | ForEach-Object { "| $($_.What) | $($_.Before) | $($_.After) |" })
if ($disturbed) { $table += @('', 'Disturbed runs:') + $disturbed }
$table | Set-Content -LiteralPath (Join-Path $outDir 'summary.md')
$table
