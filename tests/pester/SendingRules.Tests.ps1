# Send-Sms -MaxTotalCost and -QuietHours in real PowerShell, against the emulator in both dialects: a capped recipient
# comes out in its place as a typed error and nothing of it is sent; a recipient whose local time is inside the quiet
# hours is scheduled for their end, its time zone asked of def.php once per session; an invalid window fails at
# binding; -ErrorAction Stop, [powershell].Stop() and Disconnect-MySmpp still account for every recipient.
# Windows PowerShell 5.1 compatible syntax.

BeforeDiscovery {
    $dialects = @(
        @{ Dialect = 'documented' },
        @{ Dialect = 'live' }
    )
}

BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'MySmpp.TestHelpers.ps1')
    $modulePath = Get-MySmppTestModulePath
    Import-Module -Name $modulePath -Force -ErrorAction Stop
    $cred = New-TestCredential

    function Get-Received {
        param($Emulator)
        $received = Invoke-RestMethod -Uri ($Emulator.BaseUri + '/emulator/received')
        @($received)
    }

    # A window of the form HH:mm-HH:mm around Moscow's time now: from an hour ago to two hours ahead. Returns the
    # window and the first allowed minute after it, in Moscow time (the account's, with --account-utc-offset 03:00).
    function New-WindowAroundMoscowNow {
        $moscow = [DateTime]::UtcNow.AddHours(3)
        $minute = New-Object -TypeName DateTime -ArgumentList $moscow.Year, $moscow.Month, $moscow.Day, $moscow.Hour, $moscow.Minute, 0
        [pscustomobject] @{
            Text = $minute.AddHours(-1).ToString('HH:mm', [cultureinfo]::InvariantCulture) + '-' + $minute.AddHours(2).ToString('HH:mm', [cultureinfo]::InvariantCulture)
            End  = $minute.AddHours(2).ToString('yyyy-MM-dd HH:mm', [cultureinfo]::InvariantCulture)
        }
    }
}

Describe 'Send-Sms -MaxTotalCost and -QuietHours against the <Dialect> dialect' -ForEach $dialects {
    BeforeAll {
        $emulator = Start-TestEmulator -Arguments @('--dialect', $Dialect, '--account-utc-offset', '03:00')
        $session = Connect-MySmpp -Credential $cred -BaseUri $emulator.BaseUri -BatchSize 3 -PassThru -WarningAction SilentlyContinue
    }

    AfterAll {
        Disconnect-MySmpp -Session $session
        Stop-TestEmulator -Emulator $emulator
    }

    It 'sends the recipients that fit the cap and writes each refused one in its place as a typed error' {
        $before = Get-TestEmulatorStats -Emulator $emulator
        $sentBefore = @(Get-Received -Emulator $emulator).Count
        # Tele2 1.25 and MTS 1.40 fit (2.65); Ukraine has no price; MegaFon 1.10 fits (3.75); the last 1.25 would not.
        $phones = '79001110001', '79141110002', '380501234567', '79131110003', '79001110004'
        $all = @(Send-Sms -Phone $phones -Text 'Sale starts tomorrow' -Sender MyShop -MaxTotalCost 3.80 -Session $session 2>&1)

        $all.Count | Should -Be 5
        $all[0].Phone | Should -Be '79001110001'
        $all[1].Phone | Should -Be '79141110002'
        $all[2] | Should -BeOfType ([System.Management.Automation.ErrorRecord])
        $all[2].FullyQualifiedErrorId | Should -BeLike 'MySmpp.PriceUnknown*'
        $all[2].CategoryInfo.Category | Should -Be 'InvalidData'
        $all[2].TargetObject | Should -BeOfType ([MySmpp.Sending.SmsSendOutcome])
        $all[2].TargetObject.Position | Should -Be 2
        $all[2].TargetObject.Fate | Should -Be 'Refused'
        $all[3].Phone | Should -Be '79131110003'
        $all[4].FullyQualifiedErrorId | Should -BeLike 'MySmpp.SpendCapExceeded*'
        $all[4].CategoryInfo.Category | Should -Be 'LimitsExceeded'
        $all[4].TargetObject.Phone | Should -Be '79001110004'
        $all[4].TargetObject.Position | Should -Be 4
        $all[4].ErrorDetails.RecommendedAction | Should -BeLike '*-MaxTotalCost*'

        # Nothing of a refused recipient reached the gateway; the balance was read once.
        $received = @(Get-Received -Emulator $emulator | Select-Object -Skip $sentBefore)
        @($received | ForEach-Object { $_.phone }) | Should -Be @('79001110001', '79141110002', '79131110003')
        $after = Get-TestEmulatorStats -Emulator $emulator
        ($after.balanceRequests - $before.balanceRequests) | Should -Be 1
    }

    It 'stops at a capped recipient under -ErrorAction Stop and ends with the report of every recipient' {
        $sentBefore = @(Get-Received -Emulator $emulator).Count
        $phones = '79001120001', '79141120002', '79001120003', '79001120004'
        $caught = { $null = Send-Sms -Phone $phones -Text 'Sale' -Sender MyShop -MaxTotalCost 1.30 -Session $session -ErrorAction Stop } |
            Should -Throw -ErrorId 'MySmpp.SpendCapExceeded*' -PassThru
        $report = $caught.TargetObject
        $report | Should -BeOfType ([MySmpp.Sending.SmsSendReport])
        $report.Outcomes.Count | Should -Be 4
        for ($i = 0; $i -lt 4; $i++) { $report.Outcomes[$i].Phone | Should -Be $phones[$i] }
        $report.Outcomes[1].Fate | Should -Be 'Refused'
        @($report.Accepted | ForEach-Object { $_.Phone }) | Should -Not -Contain '79141120002'
        @(Get-Received -Emulator $emulator | Select-Object -Skip $sentBefore).Count | Should -Be @($report.Accepted).Count
    }

    It 'schedules a recipient inside the quiet hours for their end, sends one outside at once, and asks def.php once per session' {
        $window = New-WindowAroundMoscowNow
        $sentBefore = @(Get-Received -Emulator $emulator).Count
        $before = Get-TestEmulatorStats -Emulator $emulator
        # Krasnodar is on Moscow time (inside the window), Kamchatka nine hours ahead (outside), 7999 of unknown zone (Moscow time).
        $phones = '79001130001', '79141130002', '79991130003'
        $verbose = @(Send-Sms -Phone $phones -Text 'Sale' -Sender MyShop -QuietHours $window.Text -Session $session -Verbose 4>&1 |
            Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object { $_.Message })

        $received = @(Get-Received -Emulator $emulator | Select-Object -Skip $sentBefore)
        $received.Count | Should -Be 3
        ($received | Where-Object phone -eq '79001130001').timeSend | Should -Be $window.End
        ($received | Where-Object phone -eq '79991130003').timeSend | Should -Be $window.End
        ($received | Where-Object phone -eq '79141130002').timeSend | Should -BeNullOrEmpty
        ($verbose -match ('^Quiet hours ' + [regex]::Escape($window.Text) + ': 2 of 3 recipients moved')).Count | Should -Be 1
        ($verbose -match '1 recipient of unknown time zone taken as Moscow time').Count | Should -Be 1
        $lookups = (Get-TestEmulatorStats -Emulator $emulator).phoneInfoRequests - $before.phoneInfoRequests
        $lookups | Should -Be 1

        # The same recipients again: their zones are known to the session.
        $null = Send-Sms -Phone $phones -Text 'Sale again' -Sender MyShop -QuietHours $window.Text -MaxTotalCost 100 -Session $session
        (Get-TestEmulatorStats -Emulator $emulator).phoneInfoRequests | Should -Be ($before.phoneInfoRequests + 1)
    }

    It 'refuses an invalid window or a negative cap at parameter binding and sends nothing' {
        $before = Get-TestEmulatorStats -Emulator $emulator
        $bad = { Send-Sms -Phone 79001140001 -Text 'x' -Sender MyShop -QuietHours '21:00' -Session $session } |
            Should -Throw -ExceptionType ([System.Management.Automation.ParameterBindingException]) -PassThru
        $bad.Exception.Message | Should -BeLike '*HH:mm-HH:mm*'
        { Send-Sms -Phone 79001140001 -Text 'x' -Sender MyShop -QuietHours '21:00-21:00' -Session $session } | Should -Throw -ExceptionType ([System.Management.Automation.ParameterBindingException])
        { Send-Sms -Phone 79001140001 -Text 'x' -Sender MyShop -MaxTotalCost -1 -Session $session } | Should -Throw -ExceptionType ([System.Management.Automation.ParameterBindingException])
        (Get-TestEmulatorStats -Emulator $emulator).requests | Should -Be $before.requests
    }
}

Describe 'Send-Sms -QuietHours interrupted while def.php does not answer' {
    BeforeAll {
        $emulator = Start-TestEmulator -Arguments @('--stall-path', '/xml/def.php')
    }

    AfterAll {
        Stop-TestEmulator -Emulator $emulator
    }

    It '[powershell].Stop() keeps every recipient read on the session, none sent, each with its key' {
        $session = Connect-MySmpp -Credential $cred -BaseUri $emulator.BaseUri -BatchSize 3 -PassThru -WarningAction SilentlyContinue
        # The advisory sender check (originator.php) is answered now, so the only request Send-Sms makes is def.php: the
        # wait below then ends once the rules hold a whole chunk, not while the first recipient is still being checked.
        $null = Get-MySmppSender -Session $session
        $phones = @('79001150001', '79001150002', '79001150003', '79001150004', '79001150005')
        $runner = [powershell]::Create()
        try {
            $requests = (Get-TestEmulatorStats -Emulator $emulator).requests
            $null = $runner.AddScript('param($s, $m, $p) Import-Module $m; $p | Send-Sms -Text Night -Sender MyShop -QuietHours 21:00-09:00 -Session $s').AddArgument($session).AddArgument($modulePath).AddArgument($phones)
            $handle = $runner.BeginInvoke()
            $deadline = [DateTime]::UtcNow.AddSeconds(30)
            while ((Get-TestEmulatorStats -Emulator $emulator).requests -le $requests -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 50 }
            $runner.Stop()

            $report = $session.LastIncompleteSend
            $report | Should -Not -BeNullOrEmpty
            $report.Outcomes.Count | Should -Be 3
            for ($i = 0; $i -lt 3; $i++) {
                $report.Outcomes[$i].Phone | Should -Be $phones[$i]
                $report.Outcomes[$i].Fate | Should -Be 'NotSent'
                $report.Outcomes[$i].ClientId | Should -BeGreaterThan 0
            }
            (Get-TestEmulatorStats -Emulator $emulator).sendRequests | Should -Be 0
        }
        finally {
            $runner.Dispose()
            Disconnect-MySmpp -Session $session
        }
    }

    It 'Disconnect-MySmpp from another runspace ends it with MySmpp.NotConnected and the report of every recipient read' {
        $session = Connect-MySmpp -Credential $cred -BaseUri $emulator.BaseUri -BatchSize 3 -PassThru -WarningAction SilentlyContinue
        $null = Get-MySmppSender -Session $session   # as above: the first request of Send-Sms is then def.php
        $requests = (Get-TestEmulatorStats -Emulator $emulator).requests
        $other = [powershell]::Create()
        try {
            $script = 'param($s, $m, $e, $r) Import-Module $m; $deadline = [DateTime]::UtcNow.AddSeconds(30); ' +
                'while ((Invoke-RestMethod -Uri ($e + "/emulator/stats")).requests -le $r -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 50 }; ' +
                'Disconnect-MySmpp -Session $s'
            $null = $other.AddScript($script).AddArgument($session).AddArgument($modulePath).AddArgument($emulator.BaseUri).AddArgument($requests)
            $handle = $other.BeginInvoke()
            $caught = { $null = '79001160001', '79001160002', '79001160003', '79001160004' | Send-Sms -Text 'Night' -Sender MyShop -QuietHours '21:00-09:00' -Session $session } |
                Should -Throw -ErrorId 'MySmpp.NotConnected*' -PassThru
            $null = $other.EndInvoke($handle)

            $report = $caught.TargetObject
            $report | Should -BeOfType ([MySmpp.Sending.SmsSendReport])
            $report.Outcomes.Count | Should -Be 3
            @($report.Unresolved).Count | Should -Be 3
            $report.Outcomes[0].Error.Message | Should -BeLike '*def.php*'
            (Get-TestEmulatorStats -Emulator $emulator).sendRequests | Should -Be 0
        }
        finally {
            $other.Dispose()
        }
    }
}

Describe 'Send-Sms -MaxTotalCost stopped by a refusal while the rules hold recipients' {
    BeforeAll {
        $emulator = Start-TestEmulator -Arguments @('--latency-ms', '300')
    }

    AfterAll {
        Disconnect-MySmpp
        Stop-TestEmulator -Emulator $emulator
    }

    It '-ErrorAction Stop puts every recipient it read in the report, the ones the rules still held among them' {
        Connect-MySmpp -Credential $cred -BaseUri $emulator.BaseUri -BatchSize 3 -MaxConcurrency 1 -WarningAction SilentlyContinue
        # The first request's answer (79990000000 is on the stop list) arrives while later rows are still coming in
        # and waiting in the rules' chunk.
        $phones = @('79990000000') + @(1..9 | ForEach-Object { '790011700' + $_.ToString('D2') })
        $script:given = 0
        $caught = { $null = $phones | ForEach-Object { Start-Sleep -Milliseconds 250; $script:given++; $_ } | Send-Sms -Text 'Sale' -Sender MyShop -MaxTotalCost 100 -ErrorAction Stop } |
            Should -Throw -ErrorId 'MySmpp.StopListed*' -PassThru
        $report = $caught.TargetObject
        $report | Should -BeOfType ([MySmpp.Sending.SmsSendReport])
        $report.Outcomes.Count | Should -Be $script:given
        for ($i = 0; $i -lt $report.Outcomes.Count; $i++) { $report.Outcomes[$i].Phone | Should -Be $phones[$i] }
        $accepted = @($report.Accepted).Count
        (@(Invoke-RestMethod -Uri ($emulator.BaseUri + '/emulator/received')) | ForEach-Object { $_ } | Where-Object { $_.answer -eq 'send' }).Count | Should -Be $accepted
    }
}
