# The rest of the platform in real PowerShell, against the emulator in both dialects (documented: English texts and
# names; live: Russian): replies, the opt-out loop into the stop list, scheduled messages over several pages, number
# information, the manager's comment on sender names, typed errors, and the status webhook: the emulator POSTs to a
# listener of this test, ConvertFrom-SmsStatusCallback reads the body, New-SmsStatusCallbackAcknowledgement answers.

BeforeDiscovery {
    $dialects = @(
        @{ Dialect = 'documented'; Format = 'json' },
        @{ Dialect = 'live'; Format = 'xml' }
    )
}

BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'MySmpp.TestHelpers.ps1')
    Import-Module -Name (Get-MySmppTestModulePath) -Force -ErrorAction Stop

    # Answers one POST of the emulator's webhook the way a receiver would: read, convert, acknowledge what was kept.
    function Receive-Callback {
        param($Listener, [int] $TimeoutMs = 30000)
        $pending = $Listener.GetContextAsync()
        if (-not $pending.Wait($TimeoutMs)) { throw "No status callback arrived within $TimeoutMs ms." }
        $context = $pending.Result
        $reader = New-Object -TypeName System.IO.StreamReader -ArgumentList $context.Request.InputStream, ([System.Text.Encoding]::UTF8)
        $body = $reader.ReadToEnd()
        $states = @(ConvertFrom-SmsStatusCallback -Body $body -ContentType $context.Request.ContentType)
        $ack = $states | New-SmsStatusCallbackAcknowledgement
        $bytes = [System.Text.Encoding]::UTF8.GetBytes($ack.Body)
        $context.Response.ContentType = $ack.ContentType
        $context.Response.OutputStream.Write($bytes, 0, $bytes.Length)
        $context.Response.Close()
        [pscustomobject] @{ Body = $body; ContentType = $context.Request.ContentType; States = $states; Ack = $ack }
    }
}

Describe 'The platform cmdlets against the <Dialect> dialect' -ForEach $dialects {
    BeforeAll {
        $hookPort = Get-FreeTcpPort
        # localhost rather than 127.0.0.1: on Windows, http.sys lets a user who is not an administrator listen there.
        $hook = "http://localhost:$hookPort/hook/"
        $listener = New-Object -TypeName System.Net.HttpListener
        $listener.Prefixes.Add($hook)
        $listener.Start()
        $emulator = Start-TestEmulator -Arguments @('--dialect', $Dialect, '--time-scale', '60', '--scheduled-page-size', '7', '--callback-url', $hook, '--callback-format', $Format)
        $base = $emulator.BaseUri
        $session = Connect-MySmpp -Credential (New-TestCredential) -BaseUri $base -PassThru -WarningAction SilentlyContinue
    }

    AfterAll {
        Disconnect-MySmpp -Session $session
        Stop-TestEmulator -Emulator $emulator
        $listener.Close()
    }

    It 'pushes status changes to the webhook, which reads them as Get-SmsState does and acknowledges them' {
        $sent = Send-Sms -Phone 79004440001, 79004440002 -Text 'Webhook test' -Sender MyShop -Session $session
        $received = @()
        $deadline = [DateTime]::UtcNow.AddSeconds(60)
        while (@($received | ForEach-Object { $_.States } | Where-Object { $sent.Id -contains $_.Id }).Count -lt 2) {
            if ([DateTime]::UtcNow -gt $deadline) { throw 'The webhook did not push both states.' }
            $received += Receive-Callback -Listener $listener
        }

        $pushed = @($received | ForEach-Object { $_.States } | Where-Object { $sent.Id -contains $_.Id })
        $queried = Get-SmsState -Id $sent.Id -Session $session
        foreach ($state in $pushed) {
            $same = $queried | Where-Object Id -eq $state.Id
            $state.Status | Should -Be 'Delivered'
            $state.StatusTime | Should -Be $same.StatusTime
            $state -is [MySmpp.Model.SmsState] | Should -BeTrue
        }
        $received[-1].Ack.Protocol.ToString() | Should -Be $(if ($Format -eq 'xml') { 'Xml' } else { 'Json' })
        $received[-1].ContentType | Should -BeLike "text/$Format*"

        $deadline = [DateTime]::UtcNow.AddSeconds(30)
        do {
            Start-Sleep -Milliseconds 200
            $stats = Invoke-RestMethod -Uri "$base/emulator/stats" -Method Get
        } until ($stats.callbacksAcknowledged -ge 2 -or [DateTime]::UtcNow -gt $deadline)
        $stats.callbacksAcknowledged | Should -BeGreaterOrEqual 2
        $stats.callbacksAbandoned | Should -Be 0
    }

    It 'runs the opt-out loop: STOP replies onto the stop list, a later send to them refused as MySmpp.StopListed' {
        $replies = Get-SmsInbound -Since '2021-04-26 00:00' -Session $session
        @($replies).Count | Should -BeGreaterOrEqual 5
        ($replies | Where-Object Id -eq 9002).Text | Should -Be ('Да, подтверждаю заказ 123')

        $added = $replies | Where-Object Text -match '^\s*stop' | Add-MySmppStopList -Session $session
        @($added | Where-Object Outcome -eq 'Added').Count | Should -Be @($added).Count
        (Get-MySmppStopList -Session $session).Phone | Should -Contain '79001110003'

        $ok = Send-Sms -Phone 79001110003, 79001110002 -Text 'Sale' -Sender MyShop -Session $session -ErrorVariable refused -ErrorAction SilentlyContinue
        @($ok).Count | Should -Be 1
        $refused[0].FullyQualifiedErrorId | Should -BeLike 'MySmpp.StopListed*'
        $refused[0].TargetObject.Phone | Should -Be '79001110003'

        $taken = Remove-MySmppStopList -Phone 79001110003, 79001119999 -Session $session -Confirm:$false
        ($taken | ForEach-Object { $_.Outcome.ToString() }) -join ',' | Should -Be 'Removed,NotFound'
    }

    It 'lists every page of scheduled messages once and cancels a campaign' {
        $all = @(Get-SmsScheduled -Session $session -WarningVariable changed)
        $all.Count | Should -Be 25
        @($all | Select-Object -ExpandProperty Id -Unique).Count | Should -Be 25
        $changed | Should -BeNullOrEmpty
        $all[0].Campaign | Should -Be 'Вечерняя рассылка'
        $all[0].Type | Should -Be 'sms'

        $cancelled = $all | Select-Object -First 10 | Remove-SmsScheduled -Session $session -Confirm:$false
        @($cancelled | Where-Object Outcome -eq 'Removed').Count | Should -Be 10
        @(Get-SmsScheduled -Session $session).Count | Should -Be 15
        (Get-SmsState -Id $all[0].Id -Session $session).Status | Should -Be 'NotDelivered'
    }

    It 'looks up numbers: operator, region and UTC offset, unknown as $null' {
        $info = @(Get-SmsPhoneInfo -Phone '+7 913 123-45-67', 79991234567 -Session $session)
        $info[0].UtcOffset | Should -Be ([TimeSpan]::FromHours(7))
        $info[0].Operator | Should -Be $(if ($Dialect -eq 'live') { 'МегаФон' } else { 'MegaFon' })
        $info[1].Operator | Should -BeNullOrEmpty
        $info[1].UtcOffset | Should -BeNullOrEmpty
    }

    It 'shows why a sender name was rejected' {
        $rejected = Get-MySmppSender -State Rejected -Session $session
        $rejected.Name | Should -Be 'Spammer'
        $rejected.ManagerComment | Should -BeLike $(if ($Dialect -eq 'live') { 'Отклонено*' } else { 'Rejected*' })
    }

    It 'refuses a wrong password on every new request with a terminating MySmpp.AuthenticationFailed' {
        $bad = Connect-MySmpp -Credential (New-TestCredential -Password 'wrong') -BaseUri $base -SkipValidation -PassThru -WarningAction SilentlyContinue
        try {
            { Get-SmsInbound -Since '2021-04-26' -Until '2021-04-27' -Session $bad } | Should -Throw -ErrorId 'MySmpp.AuthenticationFailed,*'
            { Get-MySmppStopList -Session $bad } | Should -Throw -ErrorId 'MySmpp.AuthenticationFailed,*'
            { Get-SmsScheduled -Session $bad } | Should -Throw -ErrorId 'MySmpp.AuthenticationFailed,*'
            { Get-SmsPhoneInfo 79001234567 -Session $bad } | Should -Throw -ErrorId 'MySmpp.AuthenticationFailed,*'
            $refused = { Add-MySmppStopList 79001234567 -Session $bad -ErrorAction Stop } | Should -Throw -ErrorId 'MySmpp.AuthenticationFailed,*' -PassThru
            $refused.Exception.Message | Should -BeLike $(if ($Dialect -eq 'live') { '*Неправильный логин или пароль*' } else { '*Incorrect login or password*' })
        }
        finally {
            Disconnect-MySmpp -Session $bad
        }
    }
}

Describe 'Measure-SmsText' {
    It 'counts GSM-7 and UCS-2 parts offline' {
        (Measure-SmsText 'Your code is 1234').Parts | Should -Be 1
        $cyrillic = Measure-SmsText ('Привет! ' * 9)
        $cyrillic.Encoding.ToString() | Should -Be 'Ucs2'
        $cyrillic.Parts | Should -Be 2
        (Measure-SmsText ('€' * 81)).Units | Should -Be 162
    }
}
