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
#>
[CmdletBinding()]
param(
    # The revision to compare with (default: main before the issue-13 clean-up).
    [string] $Before = '509e537',
    [string] $Ids = '100000',
    [string] $LatencyMs = '0,2',
    [int] $Repeat = 3,
    [switch] $SkipCodecs
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

$count = ([int]($Ids.Split(',')[0])).ToString('N0', [cultureinfo]::InvariantCulture)
foreach ($latency in $LatencyMs.Split(',')) {
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
$disturbed = Select-String -Path (Join-Path $outDir '*-throughput.md') -Pattern 'warning: other processes' | ForEach-Object { "- $($_.Filename): $($_.Line.TrimStart('- '))" }
$table = @("| measure | before ($base) | after ($head) |", '|---|---:|---:|') + ($rows | ForEach-Object { "| $($_.What) | $($_.Before) | $($_.After) |" })
if ($disturbed) { $table += @('', 'Disturbed runs:') + $disturbed }
$table | Set-Content -LiteralPath (Join-Path $outDir 'summary.md')
$table
