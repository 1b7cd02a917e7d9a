# Sending you can trust, as a runbook sees it in real PowerShell: against a gateway that accepts the first recipients
# and then refuses, locks, stalls or is disconnected, and under -ErrorAction Stop and Ctrl+C ([powershell].Stop()),
# every recipient Send-Sms received is accounted for exactly once (a result, an error, or in the report its
# terminating error carries), and sending again what the account says to send, with its keys, sends nothing twice.
# Windows PowerShell 5.1 compatible syntax.

BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'MySmpp.TestHelpers.ps1')
    $modulePath = Get-MySmppTestModulePath
    Import-Module -Name $modulePath -Force -ErrorAction Stop
    $cred = New-TestCredential

    # Twenty recipients of a runbook's CSV, one key per row; the phones are what the emulator's account is checked by.
    function New-Rows {
        param([int] $Count = 20, [string] $Prefix = '7920000')
        foreach ($i in 1..$Count) {
            [pscustomobject]@{ Phone = $Prefix + $i.ToString('D4'); Text = "Order $i is ready"; ClientId = 880000 + $i }
        }
    }

    function Set-SendFault {
        param($Emulator, [string] $Fault)
        $null = Invoke-RestMethod -Method Post -Uri ($Emulator.BaseUri + '/emulator/send-fault') -Body $Fault -NoProxy:($PSVersionTable.PSVersion.Major -ge 6)
    }

    # What the emulator's account accepted: one entry per message it really sent.
    function Get-Accepted {
        param($Emulator)
        $received = Invoke-RestMethod -Uri ($Emulator.BaseUri + '/emulator/received')
        @($received | Where-Object { $_.answer -eq 'send' })
    }

    # The job is done: the account sent exactly $Count messages, no phone two.
    function Assert-EachPhoneSentOnce {
        param($Emulator, [int] $Count)
        $accepted = @(Get-Accepted -Emulator $Emulator)
        $accepted.Count | Should -Be $Count
        @($accepted | Group-Object -Property phone | Where-Object Count -gt 1).Count | Should -Be 0
    }

    # Every row once. With a report (the command ended early): it holds each row Send-Sms received exactly once, in
    # input order (rows after the last were never read), and every result written is one of its accepted rows. Without
    # one: the results and the per-recipient errors together hold each row exactly once. Returns the rows received.
    function Assert-EachRowOnce {
        param([object[]] $Rows, [object[]] $Results, [object[]] $Errors, $Report)
        $written = @{}
        foreach ($r in $Results) { $written[$r.Phone] = 1 + [int] $written[$r.Phone] }
        foreach ($e in $Errors) { $written[$e.TargetObject.Phone] = 1 + [int] $written[$e.TargetObject.Phone] }
        foreach ($phone in $written.Keys) { $written[$phone] | Should -Be 1 -Because "$phone must be written once" }
        if ($null -eq $Report) {
            $written.Count | Should -Be $Rows.Count
            return $Rows.Count
        }
        for ($i = 0; $i -lt $Report.Outcomes.Count; $i++) {
            $Report.Outcomes[$i].Position | Should -Be $i
            $Report.Outcomes[$i].Phone | Should -Be $Rows[$i].Phone
        }
        $accepted = @($Report.Outcomes | Where-Object { $null -ne $_.Result } | ForEach-Object { $_.Phone })
        foreach ($r in $Results) { $accepted | Should -Contain $r.Phone }
        $Report.Outcomes.Count
    }
}

Describe 'Send-Sms against a gateway that accepts 7 recipients and then misbehaves' {
    AfterEach {
        Disconnect-MySmpp
        Stop-TestEmulator -Emulator $emulator
    }

    It '-ErrorAction Stop on the first refused recipient writes the accepted ones and ends with the report of every row' {
        $emulator = Start-TestEmulator -Arguments @('--send-fault', 'refuse:7')
        Connect-MySmpp -Credential $cred -BaseUri $emulator.BaseUri -BatchSize 4 -MaxConcurrency 1 -WarningAction SilentlyContinue
        # Forty rows: a send reads up to three batches per request in flight ahead (with the journal Connect-MySmpp gives it
        # by default), here 12 rows, before the refusal of row 8 is known; it must stop before reading all its input.
        $rows = @(New-Rows -Count 40)
        $written = New-Object -TypeName System.Collections.ArrayList

        # A runbook's try/catch gets the error it stopped at, with every row it had received in the report.
        $caught = { $null = $rows | Send-Sms -Sender MyShop -ErrorAction Stop -OutVariable +written } | Should -Throw -ErrorId 'MySmpp.DestinationClosed*' -PassThru
        $report = $caught.TargetObject
        $report | Should -BeOfType ([MySmpp.Sending.SmsSendReport])
        $caught.ErrorDetails.Message | Should -BeLike '*Send-Sms stopped at this error (-ErrorAction Stop)*'
        @($written).Count | Should -Be 7
        @($report.Accepted).Count | Should -Be 7
        $report.Outcomes[7].Fate | Should -Be 'Refused'
        $count = Assert-EachRowOnce -Rows $rows -Results $written -Errors @() -Report $report
        $count | Should -BeLessThan 40
        # What was in flight when it stopped was finished; nothing more was sent.
        @(Get-Accepted -Emulator $emulator).Count | Should -Be 7
        (@($report.Accepted).Count + @($report.Refused).Count + @($report.Unresolved).Count) | Should -Be $count

        # Sending again what was not accepted, with its keys, and the rows never read, sends each of those once.
        Set-SendFault -Emulator $emulator -Fault 'none'
        $again = @($report.Outcomes | Where-Object { $null -eq $_.Result } | Send-Sms -Sender MyShop) + @($rows[$count..39] | Send-Sms -Sender MyShop)
        @($again | Where-Object { -not $_.AlreadySent }).Count | Should -Be 33
        Assert-EachPhoneSentOnce -Emulator $emulator -Count 40
    }

    It '$ErrorActionPreference = Stop does the same as -ErrorAction Stop' {
        $emulator = Start-TestEmulator -Arguments @('--send-fault', 'refuse:7')
        Connect-MySmpp -Credential $cred -BaseUri $emulator.BaseUri -BatchSize 4 -MaxConcurrency 1 -WarningAction SilentlyContinue
        $rows = @(New-Rows)
        $caught = {
            $ErrorActionPreference = 'Stop'
            $null = $rows | Send-Sms -Sender MyShop
        } | Should -Throw -ErrorId 'MySmpp.DestinationClosed*' -PassThru

        @($caught.TargetObject.Accepted).Count | Should -Be 7
    }

    It 'a lock on a recipient line ends the command with MySmpp.AccountLocked and the report, after every accepted result' {
        $emulator = Start-TestEmulator -Arguments @('--send-fault', 'lock:7', '--dialect', 'live')
        Connect-MySmpp -Credential $cred -BaseUri $emulator.BaseUri -BatchSize 4 -MaxConcurrency 2 -WarningAction SilentlyContinue
        $rows = @(New-Rows)
        $written = New-Object -TypeName System.Collections.ArrayList
        $refused = New-Object -TypeName System.Collections.ArrayList
        $caught = { $null = $rows | Send-Sms -Sender MyShop -OutVariable +written -ErrorVariable +refused -ErrorAction SilentlyContinue } |
            Should -Throw -ErrorId 'MySmpp.AccountLocked*' -PassThru

        $report = $caught.TargetObject
        @($written).Count | Should -Be 7
        $perRecipient = @($refused | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] -and $_.TargetObject -is [MySmpp.Sending.SmsSendOutcome] })
        $perRecipient.Count | Should -BeGreaterThan 0
        foreach ($e in $perRecipient) { $e.FullyQualifiedErrorId | Should -BeLike 'MySmpp.AccountLocked*' }
        $count = Assert-EachRowOnce -Rows $rows -Results $written -Errors $perRecipient -Report $report
        (Get-MySmppSession).LastIncompleteSend | Should -Be $report

        # Once unlocked, the rest goes with the keys it had; nothing is sent twice.
        Set-SendFault -Emulator $emulator -Fault 'none'
        $rest = @($report.Outcomes | Where-Object { $null -eq $_.Result })
        $null = $rest | Send-Sms -Sender MyShop
        $null = $rows[$count..19] | Send-Sms -Sender MyShop
        Assert-EachPhoneSentOnce -Emulator $emulator -Count 20
    }

    It 'a gateway that stalls gives each recipient in flight an error with its key at the time limit; sending them again with it is safe' {
        $emulator = Start-TestEmulator -Arguments @('--send-fault', 'stall:8')
        Connect-MySmpp -Credential $cred -BaseUri $emulator.BaseUri -BatchSize 4 -MaxConcurrency 2 -OperationTimeoutSec 3 -TimeoutSec 2 -WarningAction SilentlyContinue
        $rows = @(New-Rows)
        $results = @($rows | Send-Sms -Sender MyShop -ErrorVariable failed -ErrorAction SilentlyContinue)

        $results.Count | Should -Be 8
        @($failed).Count | Should -Be 12
        foreach ($e in $failed) {
            $e.FullyQualifiedErrorId | Should -BeLike 'MySmpp.Timeout*'
            $e.TargetObject.ClientId | Should -BeGreaterThan 0
            $e.Exception.Message | Should -BeLike ('*client_id_sms ' + $e.TargetObject.ClientId + '*')
        }
        $null = Assert-EachRowOnce -Rows $rows -Results $results -Errors $failed -Report $null

        Set-SendFault -Emulator $emulator -Fault 'none'
        $null = $failed.TargetObject | Send-Sms -Sender MyShop
        Assert-EachPhoneSentOnce -Emulator $emulator -Count 20
    }
}

Describe 'Send-Sms interrupted' {
    It 'Disconnect-MySmpp from another runspace ends it with MySmpp.NotConnected and the report; a new session sends the rest once' {
        $emulator = Start-TestEmulator -Arguments @('--latency-ms', '300')
        $session = Connect-MySmpp -Credential $cred -BaseUri $emulator.BaseUri -BatchSize 4 -MaxConcurrency 2 -PassThru -WarningAction SilentlyContinue
        $other = [powershell]::Create()
        try {
            $null = $other.AddScript('param($s, $m) Import-Module $m; Start-Sleep -Milliseconds 1000; Disconnect-MySmpp -Session $s').AddArgument($session).AddArgument($modulePath)
            $handle = $other.BeginInvoke()
            $rows = @(New-Rows -Count 60 -Prefix '7921000')
            $written = New-Object -TypeName System.Collections.ArrayList
            $caught = { $null = $rows | Send-Sms -Sender MyShop -Session $session -OutVariable +written } | Should -Throw -ErrorId 'MySmpp.NotConnected*' -PassThru
            $null = $other.EndInvoke($handle)

            $report = $caught.TargetObject
            $report | Should -BeOfType ([MySmpp.Sending.SmsSendReport])
            @($written).Count | Should -BeGreaterThan 0
            @($report.Unresolved).Count | Should -BeGreaterThan 0
            $count = Assert-EachRowOnce -Rows $rows -Results $written -Errors @() -Report $report
            $session.LastIncompleteSend | Should -Be $report

            $fresh = Connect-MySmpp -Credential $cred -BaseUri $emulator.BaseUri -PassThru -WarningAction SilentlyContinue
            $null = $report.Unresolved | Send-Sms -Sender MyShop -Session $fresh
            if ($count -lt 60) { $null = $rows[$count..59] | Send-Sms -Sender MyShop -Session $fresh }
            Assert-EachPhoneSentOnce -Emulator $emulator -Count 60
        }
        finally {
            $other.Dispose()
            Stop-TestEmulator -Emulator $emulator
        }
    }

    It '[powershell].Stop() keeps the report on the session, and sending its unresolved recipients again sends none twice' {
        $emulator = Start-TestEmulator -Arguments @('--latency-ms', '300')
        $session = Connect-MySmpp -Credential $cred -BaseUri $emulator.BaseUri -BatchSize 4 -MaxConcurrency 2 -PassThru -WarningAction SilentlyContinue
        $rows = @(New-Rows -Count 40 -Prefix '7922000')
        $runner = [powershell]::Create()
        try {
            $null = $runner.AddScript('param($s, $m, $rows) Import-Module $m; $rows | Send-Sms -Sender MyShop -Session $s').AddArgument($session).AddArgument($modulePath).AddArgument($rows)
            $output = New-Object -TypeName 'System.Management.Automation.PSDataCollection[psobject]'
            $handle = $runner.BeginInvoke([System.Management.Automation.PSDataCollection[psobject]] $null, $output)
            $deadline = [DateTime]::UtcNow.AddSeconds(30)
            while ($output.Count -lt 4 -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 20 }
            $runner.Stop()

            $report = $session.LastIncompleteSend
            $report | Should -Not -BeNullOrEmpty
            @($report.Accepted).Count | Should -BeGreaterOrEqual 4
            $received = $report.Outcomes.Count
            for ($i = 0; $i -lt $received; $i++) { $report.Outcomes[$i].Phone | Should -Be $rows[$i].Phone }
            foreach ($o in $report.Unresolved) { $o.ClientId | Should -BeGreaterThan 0 }

            $null = $report.Unresolved | Send-Sms -Sender MyShop -Session $session
            if ($received -lt 40) { $null = $rows[$received..39] | Send-Sms -Sender MyShop -Session $session }
            Assert-EachPhoneSentOnce -Emulator $emulator -Count 40
        }
        finally {
            $runner.Dispose()
            Disconnect-MySmpp -Session $session
            Stop-TestEmulator -Emulator $emulator
        }
    }
}

Describe 'The advisory sender-name check' {
    BeforeAll {
        $emulator = Start-TestEmulator -Arguments @('--stall-path', '/xml/originator.php')
    }
    AfterAll {
        Disconnect-MySmpp
        Stop-TestEmulator -Emulator $emulator
    }

    It 'delays a send by a few seconds at most when originator.php never answers, and says it was skipped' {
        Connect-MySmpp -Credential $cred -BaseUri $emulator.BaseUri -TimeoutSec 30 -WarningAction SilentlyContinue
        $watch = [System.Diagnostics.Stopwatch]::StartNew()
        $sent = Send-Sms -Phone 79230000001 -Text 'hello' -Sender MyShop -WarningVariable warned -WarningAction SilentlyContinue
        $watch.Stop()

        $sent.Id | Should -BeGreaterThan 0
        $watch.Elapsed.TotalSeconds | Should -BeLessThan 10
        ($warned -join ' ') | Should -BeLike "*could not check the sender name 'MyShop'*sending anyway*"
    }

    It 'leaves the send its share of a short -OperationTimeoutSec' {
        Connect-MySmpp -Credential $cred -BaseUri $emulator.BaseUri -OperationTimeoutSec 3 -WarningAction SilentlyContinue
        $watch = [System.Diagnostics.Stopwatch]::StartNew()
        $sent = Send-Sms -Phone 79230000002 -Text 'hello' -Sender MyShop -WarningAction SilentlyContinue
        $watch.Stop()

        $sent.Id | Should -BeGreaterThan 0
        $watch.Elapsed.TotalSeconds | Should -BeLessThan 5
    }
}
