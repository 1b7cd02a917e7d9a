#!/usr/bin/env pwsh
<#
.SYNOPSIS
    The send journal's cost, measured as pairs: Send-Sms with the journal and with -NoJournal, one right after the
    other in the same warmed pwsh, many times, in several fresh pwsh processes against one emulator.

.DESCRIPTION
    At 0-2 ms per request a 10,000-recipient send lasts about 0.1 s, and on a small shared machine single sends differ up
    to 4x (the machine, the emulator on the same cores, the runtime's background compiling). Runs in separate worker
    processes (the send bench's --journal-only) could not resolve a 15 % difference. Here each process alternates the
    two modes (journal, then -NoJournal, then -NoJournal, then journal, ...), so the two sends of a pair share the
    machine's state of that moment, and the answer is the median of many pair ratios (-NoJournal time / journal time,
    so 1.00 = free, 0.85 = the journal takes 15 % of the throughput) with its 95 % interval by order statistics.

    Each process is a fresh pwsh of the same version as this one, importing the built module (out/ by default, or each
    -Module in turn: before/after builds alternate process by process). Each send is timed by itself, with its
    Connect-MySmpp before the clock; the journal send opens the session's journal, as a user's first send does. The
    first -WarmUpPairs pairs of a process are not counted: before them the runtime is still compiling the send path.
    Then -ColdPairs pairs of fresh pwsh processes time one send each, what a runbook gets (SQLite loaded and the journal
    opened inside the journal's send, nothing compiled yet); -ColdJournal says whether that file is new (a runbook's
    temporary sandbox) or one earlier processes wrote (a scheduled task on a server). Their rows are given twice: the
    send alone, and the process from its start to the send's end (pwsh, Import-Module, Connect-MySmpp and the send: what
    a runbook of one send waits for). Every send checks it got one result per recipient.

.EXAMPLE
    dotnet build MySmpp.sln -c Release; dotnet pwsh ./bench/Measure-JournalCost.ps1
.EXAMPLE
    dotnet pwsh ./bench/Measure-JournalCost.ps1 -LatencyMs 0,2,20 -Processes 3 -Pairs 60
.EXAMPLE
    dotnet pwsh ./bench/Measure-JournalCost.ps1 -Processes 0 -ColdPairs 20 -ColdJournal New,Existing
#>
[CmdletBinding()]
param(
    [int] $Recipients = 10000,
    # Pairs counted per warmed process, after -WarmUpPairs.
    [int] $Pairs = 60,
    [int] $WarmUpPairs = 30,
    # Warmed processes (0: only the fresh ones).
    [int] $Processes = 3,
    # Also this many pairs of fresh pwsh processes that each import, connect and time ONE send (a runbook's first
    # send: SQLite loaded and the journal opened inside it, nothing compiled yet); 0 leaves them out.
    [int] $ColdPairs = 10,
    # The journal file of the fresh processes' journal sends: New (created by the send, as in a runbook's temporary
    # sandbox) or Existing (a file earlier processes wrote, as for a scheduled task on a server); one row per value.
    [string[]] $ColdJournal = @('New'),
    # Milliseconds the emulator waits per request; one table per value (a list, or one comma-separated text).
    [string[]] $LatencyMs = @('0', '2'),
    # MySmpp.psd1 of each build to measure (default: this checkout's out/). Several (a list, or one comma-separated
    # text) alternate process by process.
    [string[]] $Module,
    [string] $Emulator,
    # Internal: run as one worker process.
    [switch] $Worker,
    [string] $BaseUri,
    [string] $OutFile,
    # Internal: the journal file to use (kept afterwards) instead of a new one in a folder of the worker's own.
    [string] $JournalFile,
    [ValidateSet('', 'Journal', 'NoJournal')]
    [string] $Only = ''
)

$ErrorActionPreference = 'Stop'
$text = 'Your order is ready for pick-up at the counter'

if ($Worker) {
    Import-Module $Module[0]
    # A Debug build measures nothing users get: say so in every row (out/ is shared by Debug and Release builds).
    $debuggable = [MySmpp.Commands.Cmdlets.ConnectMySmppCommand].Assembly.GetCustomAttributes([Diagnostics.DebuggableAttribute], $false)
    $optimized = -not ($debuggable | Where-Object IsJITOptimizerDisabled)
    $credential = [pscredential]::new('login', (ConvertTo-SecureString 'password' -AsPlainText -Force))
    $journalDir = Join-Path ([IO.Path]::GetTempPath()) ('mysmpp-journal-cost-' + $PID)
    New-Item -ItemType Directory -Path $journalDir | Out-Null
    # Phones no earlier send used (the emulator de-duplicates nothing here: keys are new, the account's balance large).
    $prefix = '7' + (Get-Random -Minimum 10 -Maximum 99)
    $next = 0
    $self = [Diagnostics.Process]::GetCurrentProcess()
    $rows = [Collections.Generic.List[object]]::new()
    try {
        for ($pair = 0; $pair -lt $WarmUpPairs + $Pairs; $pair++) {
            $order = if ($Only) { , $Only } elseif ($pair % 2) { 'NoJournal', 'Journal' } else { 'Journal', 'NoJournal' }
            foreach ($mode in $order) {
                $phones = [string[]]::new($Recipients)
                for ($i = 0; $i -lt $Recipients; $i++) { $phones[$i] = $prefix + ($next++).ToString('D8') }
                $journalPath = if ($JournalFile) { $JournalFile } else { Join-Path $journalDir 'journal.db' }
                $where = if ($mode -eq 'Journal') { @{ JournalPath = $journalPath } } else { @{ NoJournal = $true } }
                Connect-MySmpp -Credential $credential -BaseUri $BaseUri -SkipValidation -WarningAction SilentlyContinue @where
                [GC]::Collect()
                $self.Refresh()
                $cpu = $self.TotalProcessorTime
                $jit = [Runtime.JitInfo]::GetCompilationTime($false)
                $clock = [Diagnostics.Stopwatch]::StartNew()
                $sent = Send-Sms -Phone $phones -Text $text -Sender MyShop
                $clock.Stop()
                $self.Refresh()
                if ($sent.Count -ne $Recipients) { throw "$mode send $pair gave $($sent.Count) results for $Recipients recipients." }
                $rows.Add([pscustomobject]@{
                    Pair = $pair; Mode = $mode; Counted = $pair -ge $WarmUpPairs; Optimized = $optimized
                    Ms = $clock.Elapsed.TotalMilliseconds
                    CpuMs = ($self.TotalProcessorTime - $cpu).TotalMilliseconds
                    JitMs = ([Runtime.JitInfo]::GetCompilationTime($false) - $jit).TotalMilliseconds
                    # From the process's start to the send's end: what a runbook of one send waits for (pwsh, import, connect, send).
                    RunMs = ([DateTime]::Now - $self.StartTime).TotalMilliseconds
                })
            }
        }
    } finally {
        Disconnect-MySmpp -ErrorAction SilentlyContinue
        Remove-Item -Recurse -Force -Path $journalDir -ErrorAction SilentlyContinue
    }
    $rows | Export-Csv -Path $OutFile -NoTypeInformation
    return
}

# pwsh -File passes a list as one text.
$Module = @($Module | ForEach-Object { $_ -split ',' } | Where-Object { $_ })
$latencies = @($LatencyMs | ForEach-Object { $_ -split ',' } | ForEach-Object { [int]$_ })
$ColdJournal = @($ColdJournal | ForEach-Object { $_ -split ',' } | Where-Object { $_ })
if ($ColdJournal | Where-Object { $_ -notin 'New', 'Existing' }) { throw "-ColdJournal takes New, Existing or both, not '$($ColdJournal -join ',')'." }
$repo = (Resolve-Path (Join-Path $PSScriptRoot '..')).Path
if (-not $Module) { $Module = @(Get-ChildItem -Path (Join-Path $repo 'out/MySmpp') -Filter MySmpp.psd1 -Recurse | Select-Object -First 1 -ExpandProperty FullName) }
if (-not $Module -or -not $Module[0]) { throw 'No built module in out/: run dotnet build MySmpp.sln -c Release first, or pass -Module.' }
$Module = @($Module | ForEach-Object { (Resolve-Path $_).Path })
if (-not $Emulator) { $Emulator = Join-Path $repo 'bench/MySmpp.Benchmarks/bin/Release/net10.0/MySmpp.Emulator.dll' }
if (-not (Test-Path $Emulator)) { throw "No emulator at ${Emulator}: run dotnet build MySmpp.sln -c Release first, or pass -Emulator." }
$pwsh = Join-Path -Path $PSHOME -ChildPath $(if ($IsWindows) { 'pwsh.exe' } else { 'pwsh' })

function Get-FreePort {
    $listener = [Net.Sockets.TcpListener]::new([Net.IPAddress]::Loopback, 0)
    $listener.Start()
    try { $listener.LocalEndpoint.Port } finally { $listener.Stop() }
}

function Get-Median([double[]] $values) {
    $sorted = @($values | Sort-Object)
    $n = $sorted.Count
    if ($n % 2) { $sorted[($n - 1) / 2] } else { ($sorted[$n / 2 - 1] + $sorted[$n / 2]) / 2 }
}

# The median's interval of at least 95 % from order statistics (the sign test's): the k-th smallest and k-th largest values,
# k the largest rank whose tails under Binomial(n, 1/2) hold at most 2.5 % each; none below 6 values. It treats the pairs
# as independent, which pairs of one process are not quite: it describes one run, and runs differ by more.
function Get-MedianInterval([double[]] $values) {
    $sorted = @($values | Sort-Object)
    $n = $sorted.Count
    if ($n -lt 6) { return , @() }
    $tail = [Math]::Pow(0.5, $n)   # P(X <= j) for j = 0, built up term by term
    $term = $tail
    $k = 0
    for ($j = 0; $j -lt $n; $j++) {
        if ($tail -gt 0.025) { break }
        $k = $j + 1
        $term = $term * ($n - $j) / ($j + 1)
        $tail += $term
    }
    if ($k -lt 1) { return , @() }
    , @($sorted[$k - 1], $sorted[$n - $k])
}

function Format-Ratio([double] $value) { $value.ToString('0.00', [Globalization.CultureInfo]::InvariantCulture) }

$work = Join-Path ([IO.Path]::GetTempPath()) ('mysmpp-journal-cost-' + $PID)
New-Item -ItemType Directory -Force -Path $work | Out-Null
$started = Get-Date
$report = [Text.StringBuilder]::new()
try {
    foreach ($latency in $latencies) {
        $port = Get-FreePort
        $emulatorArgs = @($Emulator, '--urls', "http://127.0.0.1:$port", '--no-id-tracking', '--time-scale', '0', '--no-send-tracking', '--balance', '1000000000')
        if ($latency -gt 0) { $emulatorArgs += @('--latency-ms', "$latency") }
        $emulatorProcess = Start-Process -FilePath 'dotnet' -ArgumentList $emulatorArgs -PassThru -RedirectStandardOutput (Join-Path $work "emulator-$port.log") -RedirectStandardError (Join-Path $work "emulator-$port.err")
        try {
            $deadline = (Get-Date).AddSeconds(60)
            while (-not (Select-String -Path (Join-Path $work "emulator-$port.log") -Pattern 'listening' -Quiet)) {
                if ($emulatorProcess.HasExited -or (Get-Date) -gt $deadline) { throw "The emulator did not start: $(Get-Content -Raw (Join-Path $work "emulator-$port.err"))" }
                Start-Sleep -Milliseconds 100
            }
            $all = @(foreach ($p in 0..($Processes - 1)) {
                if ($Processes -le 0) { break }
                $build = $Module[$p % $Module.Count]
                $csv = Join-Path $work "latency$latency-process$p.csv"
                Write-Host ("{0:HH:mm:ss} {1} ms, process {2} of {3}, {4}" -f (Get-Date), $latency, ($p + 1), $Processes, $build)
                & $pwsh -NoProfile -File $PSCommandPath -Worker -Module $build -BaseUri "http://127.0.0.1:$port/" -OutFile $csv `
                    -Recipients $Recipients -Pairs $Pairs -WarmUpPairs $WarmUpPairs
                if ($LASTEXITCODE -ne 0) { throw "Worker process $p failed (exit code $LASTEXITCODE)." }
                Import-Csv $csv | Where-Object Counted -EQ 'True' | ForEach-Object {
                    [pscustomobject]@{ Build = $build; Process = $p; Pair = [int]$_.Pair; Mode = $_.Mode; Ms = [double]$_.Ms; CpuMs = [double]$_.CpuMs; JitMs = [double]$_.JitMs; Optimized = $_.Optimized -eq 'True' }
                }
            })
            # Fresh processes, one send each; a pair is two consecutive processes of one build, the first mode alternating.
            $cold = @(foreach ($kind in $ColdJournal) {
                foreach ($c in 0..($ColdPairs * $Module.Count - 1)) {
                    if ($ColdPairs -le 0) { break }
                    $build = $Module[$c % $Module.Count]
                    $pairIndex = [Math]::Floor($c / $Module.Count)
                    $modes = if ($pairIndex % 2) { 'NoJournal', 'Journal' } else { 'Journal', 'NoJournal' }
                    if ($c % $Module.Count -eq 0) { Write-Host ("{0:HH:mm:ss} {1} ms, fresh-process pair {2} of {3}, {4} journal" -f (Get-Date), $latency, ($pairIndex + 1), $ColdPairs, $kind) }
                    $file = @{}
                    if ($kind -eq 'Existing') {
                        # One journal per build, written first by an uncounted process: later processes open a file with entries.
                        $file = @{ JournalFile = Join-Path $work ('latency{0}-existing{1}.db' -f $latency, ($c % $Module.Count)) }
                        if (-not (Test-Path $file.JournalFile)) {
                            & $pwsh -NoProfile -File $PSCommandPath -Worker -Only Journal -Module $build -BaseUri "http://127.0.0.1:$port/" -OutFile (Join-Path $work 'existing-first.csv') `
                                -Recipients $Recipients -Pairs 1 -WarmUpPairs 0 @file
                            if ($LASTEXITCODE -ne 0) { throw "The worker writing the existing journal failed (exit code $LASTEXITCODE)." }
                        }
                    }
                    foreach ($mode in $modes) {
                        $csv = Join-Path $work "latency$latency-cold$c-$kind-$mode.csv"
                        & $pwsh -NoProfile -File $PSCommandPath -Worker -Only $mode -Module $build -BaseUri "http://127.0.0.1:$port/" -OutFile $csv `
                            -Recipients $Recipients -Pairs 1 -WarmUpPairs 0 @file
                        if ($LASTEXITCODE -ne 0) { throw "Fresh worker $c ($mode) failed (exit code $LASTEXITCODE)." }
                        Import-Csv $csv | ForEach-Object {
                            [pscustomobject]@{ Build = $build; Process = "fresh-$kind"; Pair = $pairIndex; Mode = $_.Mode; Ms = [double]$_.Ms; CpuMs = [double]$_.CpuMs; JitMs = [double]$_.JitMs; RunMs = [double]$_.RunMs; Optimized = $_.Optimized -eq 'True' }
                        }
                    }
                }
            })
        } finally {
            Stop-Process -Id $emulatorProcess.Id -ErrorAction SilentlyContinue
            # Its log files must be closed before the work folder goes (Windows keeps open files).
            $null = $emulatorProcess.WaitForExit(10000)
        }

        $counted = if ($Processes -gt 0) { ", $Pairs pairs counted per warmed process after $WarmUpPairs" } else { '' }
        $freshText = if ($ColdPairs -gt 0) { ", $ColdPairs pairs of fresh processes" } else { '' }
        [void]$report.AppendLine("### $latency ms per request: $Recipients recipients per send$counted$freshText").AppendLine()
        [void]$report.AppendLine('| build | process | journal ms (median) | -NoJournal ms | -NoJournal / journal, median of pairs [95 % interval] (per-process medians) | worker CPU µs/recipient, journal / -NoJournal | sends with JIT |')
        [void]$report.AppendLine('|---|---|---:|---:|---|---:|---:|')
        foreach ($build in $Module) {
            # One row per warmed process, then all of them, then the fresh processes' single sends.
            $groups = [Collections.Generic.List[object]]::new()
            foreach ($process in ($all | Where-Object Build -EQ $build | Group-Object Process)) { $groups.Add(@("$([int]$process.Name + 1)", @($process.Group))) }
            $warmed = @($all | Where-Object Build -EQ $build)
            if ($warmed) { $groups.Add(@('**all** warmed', $warmed)) }
            foreach ($kind in $ColdJournal) {
                $fresh = @($cold | Where-Object { $_.Build -eq $build -and $_.Process -eq "fresh-$kind" })
                if (-not $fresh) { continue }
                $groups.Add(@("fresh pwsh, one send each, $($kind.ToLowerInvariant()) journal", $fresh))
                # The same processes timed from their start to the send's end: pwsh, Import-Module, Connect-MySmpp, Send-Sms.
                $groups.Add(@("the same, process start to the send's end", @($fresh | ForEach-Object { $r = $_.PSObject.Copy(); $r.Ms = $r.RunMs; $r })))
            }
            foreach ($group in $groups) {
                $label, $rows = $group[0], $group[1]
                if ($rows | Where-Object { -not $_.Optimized }) { $label += ' (DEBUG BUILD)' }
                $journal = @($rows | Where-Object Mode -EQ 'Journal')
                $plain = @($rows | Where-Object Mode -EQ 'NoJournal')
                $byPair = @{}
                foreach ($r in $journal) { $byPair["$($r.Process)/$($r.Pair)"] = $r.Ms }
                $ratios = @($plain | ForEach-Object { $_.Ms / $byPair["$($_.Process)/$($_.Pair)"] })
                $interval = Get-MedianInterval $ratios
                $intervalText = if ($interval.Count -eq 2) { '[{0}–{1}]' -f (Format-Ratio $interval[0]), (Format-Ratio $interval[1]) } else { '[n/a]' }
                # The pooled row also gives the spread of its processes' own medians: how much one process differs from another.
                $perProcess = @($rows | Where-Object Mode -EQ 'NoJournal' | Group-Object Process | ForEach-Object {
                        $p = $_.Name
                        Get-Median @($_.Group | ForEach-Object { $_.Ms / $byPair["$p/$($_.Pair)"] })
                    } | Sort-Object)
                $spread = if ($perProcess.Count -gt 1) { ', processes {0}–{1}' -f (Format-Ratio $perProcess[0]), (Format-Ratio $perProcess[-1]) } else { '' }
                $cpu = '{0:0.0} / {1:0.0}' -f ((Get-Median $journal.CpuMs) * 1000 / $Recipients), ((Get-Median $plain.CpuMs) * 1000 / $Recipients)
                $jitted = @($rows | Where-Object JitMs -GT 0).Count
                $name = Split-Path -Leaf ($build -replace '[\\/]out[\\/].*$', '')
                [void]$report.AppendLine(('| {0} | {1} | {2:0.0} | {3:0.0} | **{4}** {5} ({6} pairs{7}) | {8} | {9} of {10} |' -f $name, $label,
                        (Get-Median $journal.Ms), (Get-Median $plain.Ms), (Format-Ratio (Get-Median $ratios)), $intervalText,
                        $ratios.Count, $spread, $cpu, $jitted, $rows.Count))
            }
        }
        [void]$report.AppendLine()
    }
} finally {
    Remove-Item -Recurse -Force -Path $work -ErrorAction SilentlyContinue
}

Write-Host ''
Write-Host ("## The send journal's cost, {0:yyyy-MM-dd HH:mm}-{1:HH:mm} UTC, {2} cores, PowerShell {3}" -f $started.ToUniversalTime(), (Get-Date).ToUniversalTime(), [Environment]::ProcessorCount, $PSVersionTable.PSVersion)
Write-Host ''
Write-Host $report.ToString()
