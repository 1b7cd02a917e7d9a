# Crash safety of the send journal, as a runbook meets it in real PowerShell (issue 23, item 6): a Send-Sms process
# killed outright (SIGKILL on Linux and macOS, TerminateProcess on Windows) while requests are in flight, a refused
# recipient under -ErrorAction Stop, and Disconnect-MySmpp mid-send. Afterwards the journal opens, every recipient the
# command received is in it with its key, and Resume-SmsSend and a re-run of the same Send-Sms -JobName finish the job:
# the gateway accepts each key at most once and each recipient gets exactly one message.
# Windows PowerShell 5.1 compatible syntax.

BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'MySmpp.TestHelpers.ps1')
    $modulePath = Get-MySmppTestModulePath
    Import-Module -Name $modulePath -Force -ErrorAction Stop
    $cred = New-TestCredential
    $work = Join-Path -Path ([System.IO.Path]::GetTempPath()) -ChildPath ('mysmpp-sendjournal-' + [guid]::NewGuid().ToString('N'))
    New-Item -ItemType Directory -Path $work | Out-Null

    function New-Rows {
        param([int] $Count, [string] $Prefix)
        foreach ($i in 1..$Count) { [pscustomobject]@{ Phone = $Prefix + $i.ToString('D4'); Text = "Order $i is ready" } }
    }

    function Set-SendFault {
        param($Emulator, [string] $Fault)
        $null = Invoke-RestMethod -Method Post -Uri ($Emulator.BaseUri + '/emulator/send-fault') -Body $Fault
    }

    function Get-Received {
        param($Emulator)
        # Invoke-RestMethod writes a JSON array as one object; ForEach-Object hands out its entries.
        Invoke-RestMethod -Uri ($Emulator.BaseUri + '/emulator/received') | ForEach-Object { $_ }
    }

    # The job is done: every phone got exactly one message, and no key was accepted twice.
    function Assert-JobDone {
        param($Emulator, [object[]] $Phones)
        $accepted = @(Get-Received -Emulator $Emulator | Where-Object { $_.answer -eq 'send' })
        @($accepted | Group-Object -Property clientId | Where-Object Count -gt 1).Count | Should -Be 0
        # Named on failure: which phone got more than one message, under which keys.
        $twice = @($accepted | Group-Object -Property phone | Where-Object Count -gt 1 |
            ForEach-Object { $_.Name + ' (' + (($_.Group | ForEach-Object { $_.clientId }) -join ' ') + ')' })
        $twice -join '; ' | Should -BeNullOrEmpty
        ($accepted | ForEach-Object { $_.phone } | Sort-Object) -join ',' | Should -Be (($Phones | Sort-Object) -join ',')
    }

    # Waits (polling) until $Condition holds; fails the test after $Seconds.
    function Wait-Until {
        param([scriptblock] $Condition, [int] $Seconds = 60, [string] $What)
        $deadline = [DateTime]::UtcNow.AddSeconds($Seconds)
        while (-not (& $Condition)) {
            if ([DateTime]::UtcNow -gt $deadline) { throw "Timed out waiting for: $What" }
            Start-Sleep -Milliseconds 50
        }
    }

    # A runbook in its own process: imports the module, connects with the journal, sends, and writes its results to a
    # file. $Hold (a file) makes it send the first 30 rows, wait until the file exists, then send the rest.
    # A plain child process, not Start-Job: PowerShell waits 60 s for a killed job's process before Remove-Job (or the
    # test run's own exit) returns.
    $runbookScript = Join-Path -Path $work -ChildPath 'runbook.ps1'
    Set-Content -LiteralPath $runbookScript -Encoding UTF8 -Value @'
param([string] $ArgumentsFile)
$a = Import-Clixml -LiteralPath $ArgumentsFile
Import-Module -Name $a.Module -ErrorAction Stop
$c = New-Object System.Management.Automation.PSCredential 'login', (ConvertTo-SecureString 'password' -AsPlainText -Force)
Connect-MySmpp -Credential $c -BaseUri $a.Base -JournalPath $a.Journal -BatchSize 10 -MaxConcurrency 4 -WarningAction SilentlyContinue
$rows = $a.Rows
if ($a.Hold) {
    $results = & { $rows[0..29]; while (-not (Test-Path -LiteralPath $a.Hold)) { Start-Sleep -Milliseconds 50 }; $rows[30..($rows.Count - 1)] } |
        Send-Sms -Sender MyShop -JobName $a.JobName
}
else {
    $results = $rows | Send-Sms -Sender MyShop -JobName $a.JobName
}
$results | Export-Clixml -LiteralPath $a.Results
'@

    function Start-Runbook {
        param($Emulator, [string] $Journal, [object[]] $Rows, [string] $JobName, [string] $Hold)
        $name = Join-Path -Path $work -ChildPath ([guid]::NewGuid().ToString('N'))
        $arguments = @{ Module = $modulePath; Base = $Emulator.BaseUri; Journal = $Journal; Rows = $Rows; JobName = $JobName; Hold = $Hold; Results = "$name.results.xml" }
        [pscustomobject] $arguments | Export-Clixml -LiteralPath "$name.arguments.xml"
        $shell = if ($PSVersionTable.PSEdition -eq 'Desktop') { 'powershell.exe' } elseif ($IsWindows) { 'pwsh.exe' } else { 'pwsh' }
        $process = Start-Process -FilePath (Join-Path -Path $PSHOME -ChildPath $shell) -PassThru -NoNewWindow `
            -ArgumentList @('-NoProfile', '-NonInteractive', '-File', "`"$runbookScript`"", "`"$name.arguments.xml`"") `
            -RedirectStandardOutput "$name.out.txt" -RedirectStandardError "$name.err.txt"
        [pscustomobject]@{ Process = $process; Results = "$name.results.xml"; Errors = "$name.err.txt" }
    }

    # The runbook's results, once it has ended on its own.
    function Receive-Runbook {
        param($Runbook)
        if (-not $Runbook.Process.WaitForExit(120000)) { throw 'The runbook did not end within 120 s.' }
        if (-not (Test-Path -LiteralPath $Runbook.Results)) { throw ('The runbook wrote no results: ' + (Get-Content -LiteralPath $Runbook.Errors -Raw)) }
        Import-Clixml -LiteralPath $Runbook.Results
    }

    # Not a polite stop: Process.Kill is SIGKILL on Linux and macOS and TerminateProcess on Windows.
    function Stop-RunbookHard {
        param($Runbook)
        # .NET Framework's Kill throws for a process that has already ended; a stalled runbook never has, but say so if so.
        if ($Runbook.Process.HasExited) { throw ('The runbook ended before it was killed: ' + (Get-Content -LiteralPath $Runbook.Errors -Raw)) }
        $Runbook.Process.Kill()
        $null = $Runbook.Process.WaitForExit(30000)
    }
}

AfterAll {
    Disconnect-MySmpp
    Remove-Item -LiteralPath $work -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'A Send-Sms process killed while its requests are in flight' {
    AfterEach {
        Disconnect-MySmpp
        Stop-TestEmulator -Emulator $emulator
    }

    It 'leaves every recipient in the journal with its key, and Resume-SmsSend finishes the job, nothing twice' {
        # The first request is answered; the next two are acted on and never answered; the last is never acted on.
        $emulator = Start-TestEmulator -Arguments @('--send-fault', 'stall-accepted:10')
        $journal = Join-Path -Path $work -ChildPath 'killed-resume/journal.db'
        $hold = Join-Path -Path $work -ChildPath 'killed-resume.go'
        $rows = @(New-Rows -Count 40 -Prefix '7931000')
        Connect-MySmpp -Credential $cred -BaseUri $emulator.BaseUri -JournalPath $journal -WarningAction SilentlyContinue
        $run = Start-Runbook -Emulator $emulator -Journal $journal -Rows $rows -JobName 'resume' -Hold $hold
        try {
            Wait-Until -What '30 recipients received, 10 answered' -Condition {
                @(Get-Received -Emulator $emulator).Count -eq 30 -and @(Get-SmsJournal -Status Accepted).Count -eq 10
            }
            Set-SendFault -Emulator $emulator -Fault 'stall'
            $requests = (Get-TestEmulatorStats -Emulator $emulator).requests
            New-Item -ItemType File -Path $hold | Out-Null
            Wait-Until -What 'the last request in flight' -Condition {
                @(Get-SmsJournal).Count -eq 40 -and (Get-TestEmulatorStats -Emulator $emulator).requests -gt $requests
            }
        }
        finally {
            Stop-RunbookHard -Runbook $run
        }

        # The journal opens after the kill and holds every recipient with its key.
        $entries = @(Get-SmsJournal)
        $entries.Count | Should -Be 40
        ($entries | ForEach-Object { $_.Phone } | Sort-Object) -join ',' | Should -Be (($rows | ForEach-Object { $_.Phone } | Sort-Object) -join ',')
        @($entries | Group-Object -Property ClientId | Where-Object Count -gt 1).Count | Should -Be 0
        @($entries | Where-Object Status -eq 'Accepted').Count | Should -Be 10
        @($entries | Where-Object Status -eq 'Unconfirmed').Count | Should -Be 30

        Set-SendFault -Emulator $emulator -Fault 'none'
        $resent = @(Resume-SmsSend)
        $resent.Count | Should -Be 30
        @($resent | Where-Object AlreadySent).Count | Should -Be 20    # acted on before the kill
        @($resent | Where-Object { -not $_.AlreadySent }).Count | Should -Be 10   # never reached the gateway
        foreach ($r in $resent) { ($entries | Where-Object Phone -eq $r.Phone).ClientId | Should -Be $r.ClientId }
        Assert-JobDone -Emulator $emulator -Phones ($rows | ForEach-Object { $_.Phone })

        @(Resume-SmsSend).Count | Should -Be 0
        @(Get-SmsJournal -Status Accepted).Count | Should -Be 40
    }

    It 'is finished by running the same Send-Sms -JobName again: rows reached keep their keys, the rest go out once' {
        $emulator = Start-TestEmulator -Arguments @('--send-fault', 'stall-accepted:10')
        $journal = Join-Path -Path $work -ChildPath 'killed-job/journal.db'
        $rows = @(New-Rows -Count 100 -Prefix '7932000')
        Connect-MySmpp -Credential $cred -BaseUri $emulator.BaseUri -JournalPath $journal -WarningAction SilentlyContinue
        $run = Start-Runbook -Emulator $emulator -Journal $journal -Rows $rows -JobName 'nightly'
        try {
            # Four requests in flight at most: the first answered, the next acted on and never answered.
            Wait-Until -What '40 recipients received, 10 answered' -Condition {
                @(Get-Received -Emulator $emulator | Select-Object -ExpandProperty clientId -Unique).Count -ge 40 -and @(Get-SmsJournal -Status Accepted).Count -eq 10
            }
        }
        finally {
            Stop-RunbookHard -Runbook $run
        }
        $before = @(Get-SmsJournal)
        $reached = @(Get-Received -Emulator $emulator | Select-Object -ExpandProperty clientId -Unique)

        # Write-ahead: every key the gateway saw is in the journal, with its phone.
        foreach ($key in $reached) { @($before | Where-Object { [string] $_.ClientId -eq [string] $key }).Count | Should -Be 1 }

        # The restarted runbook: the same command, in a new process.
        Set-SendFault -Emulator $emulator -Fault 'none'
        $again = Start-Runbook -Emulator $emulator -Journal $journal -Rows $rows -JobName 'nightly'
        $results = @(Receive-Runbook -Runbook $again)

        $results.Count | Should -Be 100
        @($results | Where-Object AlreadySent).Count | Should -Be $reached.Count
        foreach ($e in $before) { ($results | Where-Object Phone -eq $e.Phone).ClientId | Should -Be $e.ClientId }
        Assert-JobDone -Emulator $emulator -Phones ($rows | ForEach-Object { $_.Phone })
        @(Get-SmsJournal -Status Accepted).Count | Should -Be 100
        @(Get-SmsJournal).Count | Should -Be 100
    }
}

Describe 'A Send-Sms job stopped early in-process' {
    AfterEach {
        Disconnect-MySmpp
        Stop-TestEmulator -Emulator $emulator
    }

    It '-ErrorAction Stop on a refused recipient: its report is in the journal; Resume-SmsSend and the job re-run finish it' {
        # Slow answers, one request at a time: row 6's refusal stops the command before it has read all its input (a
        # journaled send reads up to three batches per request in flight ahead, here 12 rows, before the refusal is known).
        $emulator = Start-TestEmulator -Arguments @('--latency-ms', '200')
        $journal = Join-Path -Path $work -ChildPath 'stopped/journal.db'
        Connect-MySmpp -Credential $cred -BaseUri $emulator.BaseUri -JournalPath $journal -BatchSize 4 -MaxConcurrency 1 -WarningAction SilentlyContinue
        $rows = @(New-Rows -Count 40 -Prefix '7933000')
        $rows[5].Phone = '79990000000'   # on the emulator's stop list
        $caught = { $null = $rows | Send-Sms -Sender MyShop -JobName 'stopped' -ErrorAction Stop } | Should -Throw -ErrorId 'MySmpp.StopListed*' -PassThru
        $report = $caught.TargetObject
        $report.Outcomes.Count | Should -BeLessThan $rows.Count

        # Every recipient the command received is in the journal with its key.
        $entries = @(Get-SmsJournal)
        foreach ($o in $report.Outcomes) {
            ($entries | Where-Object Phone -eq $o.Phone).ClientId | Should -Be $o.ClientId
        }
        $entries.Count | Should -Be $report.Outcomes.Count

        $resent = @(Resume-SmsSend)
        $resent.Count | Should -Be @($report.Unresolved).Count
        $received = @($report.Outcomes | Where-Object Phone -ne '79990000000' | ForEach-Object { $_.Phone })
        Assert-JobDone -Emulator $emulator -Phones $received

        # The job again: the rows reached come out as sent (no request), the stop-listed row is refused again, the rest go.
        $again = @($rows | Send-Sms -Sender MyShop -JobName 'stopped' -ErrorAction SilentlyContinue -ErrorVariable refused)
        $again.Count | Should -Be ($rows.Count - 1)
        @($again | Where-Object AlreadySent).Count | Should -Be (@($report.Accepted).Count + $resent.Count)
        @($refused).Count | Should -Be 1
        $refused[0].FullyQualifiedErrorId | Should -BeLike 'MySmpp.StopListed*'
        Assert-JobDone -Emulator $emulator -Phones ($rows | Where-Object Phone -ne '79990000000' | ForEach-Object { $_.Phone })
    }

    It 'Disconnect-MySmpp mid-send: its report is in the journal; a new session resumes and re-runs the job, nothing twice' {
        $emulator = Start-TestEmulator -Arguments @('--latency-ms', '300')
        $journal = Join-Path -Path $work -ChildPath 'disconnected/journal.db'
        $session = Connect-MySmpp -Credential $cred -BaseUri $emulator.BaseUri -JournalPath $journal -BatchSize 4 -MaxConcurrency 2 -PassThru -WarningAction SilentlyContinue
        $rows = @(New-Rows -Count 40 -Prefix '7934000')
        $other = [powershell]::Create()
        try {
            $null = $other.AddScript('param($s, $m) Import-Module $m; Start-Sleep -Milliseconds 1000; Disconnect-MySmpp -Session $s').AddArgument($session).AddArgument($modulePath)
            $handle = $other.BeginInvoke()
            $caught = { $null = $rows | Send-Sms -Sender MyShop -Session $session -JobName 'cut' } | Should -Throw -ErrorId 'MySmpp.NotConnected*' -PassThru
            $null = $other.EndInvoke($handle)
        }
        finally {
            $other.Dispose()
        }
        $report = $caught.TargetObject
        @($report.Unresolved).Count | Should -BeGreaterThan 0

        $fresh = Connect-MySmpp -Credential $cred -BaseUri $emulator.BaseUri -JournalPath $journal -PassThru -WarningAction SilentlyContinue
        $entries = @(Get-SmsJournal -Session $fresh)
        foreach ($o in $report.Outcomes) {
            ($entries | Where-Object Phone -eq $o.Phone).ClientId | Should -Be $o.ClientId
        }
        $null = Resume-SmsSend -Session $fresh
        Assert-JobDone -Emulator $emulator -Phones ($report.Outcomes | ForEach-Object { $_.Phone })

        $null = $rows | Send-Sms -Sender MyShop -Session $fresh -JobName 'cut'
        Assert-JobDone -Emulator $emulator -Phones ($rows | ForEach-Object { $_.Phone })
        Disconnect-MySmpp -Session $fresh
    }
}

Describe 'A Send-Sms job with a record refused whole' {
    AfterEach {
        Disconnect-MySmpp
        Stop-TestEmulator -Emulator $emulator
    }

    It 'keeps the later rows at their places, so the job run again with the record fixed sends every row once' {
        $emulator = Start-TestEmulator
        Connect-MySmpp -Credential $cred -BaseUri $emulator.BaseUri -JournalPath (Join-Path -Path $work -ChildPath 'skipped/journal.db') -WarningAction SilentlyContinue
        # The second record gives two phones and one key: refused whole, nothing of it sent.
        $records = @(
            [pscustomobject]@{ Phone = @('79350000001'); Text = 'Order 1 is ready' }
            [pscustomobject]@{ Phone = @('79350000002', '79350000003'); ClientId = @(935000002); Text = 'Order 2 is ready' }
            [pscustomobject]@{ Phone = @('79350000004'); Text = 'Order 4 is ready' }
        )
        $first = @($records | Send-Sms -Sender MyShop -JobName 'fixed' -ErrorAction SilentlyContinue -ErrorVariable refused)
        ($first | ForEach-Object { $_.Phone }) -join ',' | Should -Be '79350000001,79350000004'
        @($refused).Count | Should -Be 1
        $refused[0].FullyQualifiedErrorId | Should -BeLike 'MySmpp.InvalidArgument*'

        $records[1].ClientId = @(935000002, 935000003)
        $again = @($records | Send-Sms -Sender MyShop -JobName 'fixed')
        ($again | ForEach-Object { $_.Phone + '=' + $_.AlreadySent }) -join ',' | Should -Be '79350000001=True,79350000002=False,79350000003=False,79350000004=True'
        Assert-JobDone -Emulator $emulator -Phones @('79350000001', '79350000002', '79350000003', '79350000004')
    }
}
