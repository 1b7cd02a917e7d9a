# Send-Sms end to end in real pwsh: CSV -> Send-Sms -> Wait-SmsState -> Get-SmsStateSummary against an emulator whose
# clock runs 60 times faster, -WhatIf, re-runs with the same keys, and lost answers after the server accepted.

BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'MySmpp.TestHelpers.ps1')
    Import-Module -Name (Get-MySmppTestModulePath) -Force -ErrorAction Stop
    $emulator = Start-TestEmulator -Arguments @('--time-scale', '60')
    $base = $emulator.BaseUri
    $session = Connect-MySmpp -Credential (New-TestCredential) -BaseUri $base -PassThru -WarningAction SilentlyContinue

    function Get-EmulatorCounters {
        param([string] $BaseUri)
        Invoke-RestMethod -Uri "$BaseUri/emulator/stats" -Method Get
    }

    $csv = Join-Path -Path $emulator.LogDir -ChildPath 'recipients.csv'
    $rows = foreach ($i in 1..1000) {
        [pscustomobject]@{
            Phone    = '+7 (900) ' + $i.ToString('D7', [cultureinfo]::InvariantCulture)
            Text     = "Your order $i is ready"
            ClientId = 700000 + $i
        }
    }
    $rows | Export-Csv -LiteralPath $csv -NoTypeInformation -Encoding UTF8
}

AfterAll {
    Disconnect-MySmpp
    Stop-TestEmulator -Emulator $emulator
}

Describe 'Send-Sms' {
    It 'with -WhatIf makes no request at all and outputs no result' {
        $before = Get-EmulatorCounters -BaseUri $base
        $output = Import-Csv -LiteralPath $csv | Select-Object -First 3 | Send-Sms -Sender MyShop -WhatIf 6>&1
        $after = Get-EmulatorCounters -BaseUri $base
        $after.requests | Should -Be $before.requests
        $after.sendRequests | Should -Be $before.sendRequests
        $output | Should -BeNullOrEmpty
    }

    It 'sends 1,000 CSV rows, waits until delivered and accounts for every recipient' {
        $before = Get-EmulatorCounters -BaseUri $base
        $sent = Import-Csv -LiteralPath $csv | Send-Sms -Sender MyShop
        $after = Get-EmulatorCounters -BaseUri $base

        @($sent).Count | Should -Be 1000
        ($after.accepted - $before.accepted) | Should -Be 1000
        ($after.sendRequests - $before.sendRequests) | Should -BeLessOrEqual 10 -Because 'recipients are batched (200 per request)'
        $sent[0].Phone | Should -Be '79000000001'
        $sent[999].ClientId | Should -Be 701000
        @($sent | Where-Object AlreadySent).Count | Should -Be 0
        @($sent | ForEach-Object Id | Sort-Object -Unique).Count | Should -Be 1000

        $states = $sent | Wait-SmsState -Until Delivered -TimeoutSec 600 -PollIntervalSec 1
        $summary = $states | Get-SmsStateSummary
        $summary.Total | Should -Be 1000
        $summary.Delivered | Should -Be 1000
        $summary.Errors | Should -Be 0
        (Compare-Object -ReferenceObject @($sent | ForEach-Object Id) -DifferenceObject @($states | ForEach-Object Id)) | Should -BeNullOrEmpty
    }

    It 'sends nothing new when re-run with the same -ClientId values and reports AlreadySent' {
        $before = Get-EmulatorCounters -BaseUri $base
        $again = Import-Csv -LiteralPath $csv | Send-Sms -Sender MyShop
        $after = Get-EmulatorCounters -BaseUri $base

        @($again).Count | Should -Be 1000
        @($again | Where-Object AlreadySent).Count | Should -Be 1000
        $after.accepted | Should -Be $before.accepted
        ($after.alreadySent - $before.alreadySent) | Should -Be 1000
    }

    It 'binds Phone, Text and ClientId by the documented property names' {
        $result = [pscustomobject]@{ MobilePhone = '79001234567'; Message = 'hello'; client_id_sms = 880001 } | Send-Sms -Sender MyShop
        $result.Phone | Should -Be '79001234567'
        $result.ClientId | Should -Be 880001
        $result.PSObject.TypeNames[0] | Should -Be 'MySmpp.Sending.SmsSendResult'
        (Get-SmsState -Id $result.Id).Id | Should -Be $result.Id
    }

    It 'refuses per recipient with stable error ids and the recipient as TargetObject' {
        $ok = Send-Sms -Phone 79001112233, 79990000000, 12, 88812345678 -Text 'Sale' -Sender MyShop -ErrorVariable refused -ErrorAction SilentlyContinue
        @($ok).Count | Should -Be 1
        @($refused).Count | Should -Be 3
        $refused[0].FullyQualifiedErrorId | Should -BeLike 'MySmpp.StopListed,*'
        $refused[0].TargetObject.Phone | Should -Be '79990000000'
        $refused[0].TargetObject.Fate | Should -Be 'Refused'
        $refused[0].TargetObject.ClientId | Should -BeGreaterThan 0
        $refused[0].Exception.Refusal | Should -Be 'StopListed'
        $refused[0].Exception.ServerMessage | Should -Not -BeNullOrEmpty -Because 'the server''s text is kept'
        $refused[1].FullyQualifiedErrorId | Should -BeLike 'MySmpp.InvalidPhone,*'
        $refused[2].FullyQualifiedErrorId | Should -BeLike 'MySmpp.DestinationClosed,*'
        $refused[1].ErrorDetails.Message | Should -BeLike '-Phone: *'
    }

    It 'names the parameter a refusal before sending is about' {
        $null = Send-Sms -Phone 79001112233 -Channel Viber -ViberSender MyShop -ViberText ('x' * 1001) -ErrorVariable refused -ErrorAction SilentlyContinue
        $refused[0].FullyQualifiedErrorId | Should -BeLike 'MySmpp.InvalidArgument,*'
        $refused[0].Exception.Field | Should -Be 'ViberText'
        "$($refused[0])" | Should -Be '-ViberText: The Viber text has 1001 characters; Viber allows 1000.'
        $null = Send-Sms -Phone 79001112233 -Text 'No sender' -ErrorVariable noSender -ErrorAction SilentlyContinue
        "$($noSender[0])" | Should -BeLike '-Sender: The sender name is missing*Get-MySmppSender lists them; Tab after -Sender completes them.'
    }

    It 'warns before sending with a sender name that is not approved' {
        $warnings = $null
        $null = Send-Sms -Phone 79001112233 -Text 'x' -Sender NewName -WarningVariable warnings -WarningAction SilentlyContinue -ErrorAction SilentlyContinue -ErrorVariable refused
        "$warnings" | Should -BeLike "*NewName*not Approved*"
        $refused[0].FullyQualifiedErrorId | Should -BeLike 'MySmpp.SenderNotAllowed,*'
    }

    It 'completes -Sender from the session''s sender names' {
        $completion = TabExpansion2 -inputScript 'Send-Sms -Sender My' -cursorColumn 'Send-Sms -Sender My'.Length
        $completion.CompletionMatches.CompletionText | Should -Contain 'MyShop'
    }
}

Describe 'Get-MySmppBalance and Get-MySmppSender' {
    It 'reads the balance, which went down with the messages sent' {
        $balance = Get-MySmppBalance
        $balance.Money | Should -BeLessThan 10000
        $balance.Currency | Should -Be 'RUR'
        ($balance.Directions | Where-Object Kind -eq 'viber').Unlimited | Should -BeTrue
        $balance.PSObject.TypeNames[0] | Should -Be 'MySmpp.Account.MySmppBalance'
    }

    It 'reads the balance over XML too' {
        $xml = Connect-MySmpp -Credential (New-TestCredential) -BaseUri $base -Protocol Xml -PassThru -WarningAction SilentlyContinue
        try {
            (Get-MySmppBalance -Session $xml).Money | Should -Be (Get-MySmppBalance -Session $session).Money
        }
        finally {
            Disconnect-MySmpp -Session $xml
            Connect-MySmpp -Credential (New-TestCredential) -BaseUri $base -WarningAction SilentlyContinue
        }
    }

    It 'lists the sender names with their states' {
        $names = Get-MySmppSender
        ($names | Where-Object Name -eq 'MyShop').State | Should -Be 'Approved'
        ($names | Where-Object Name -eq 'NewName').State | Should -Be 'Registering'
        ($names | Where-Object Name -eq 'Spammer').State | Should -Be 'Rejected'
        (Get-MySmppSender -State Approved).Name | Should -Be 'MyShop'
    }
}

Describe 'Send-Sms with 20 % of answers lost after the server accepted' {
    BeforeAll {
        $faulty = Start-TestEmulator -Arguments @('--time-scale', '60', '--failure-rate', '0.2', '--failure-modes', 'DropConnection', '--fault-seed', '7')
        $faultySession = Connect-MySmpp -Credential (New-TestCredential) -BaseUri $faulty.BaseUri -BatchSize 20 -MaxRetries 10 -PassThru -WarningAction SilentlyContinue
    }

    AfterAll {
        Disconnect-MySmpp -Session $faultySession
        Stop-TestEmulator -Emulator $faulty
    }

    It 'sends every phone exactly once and accounts for all of them' {
        $sent = Import-Csv -LiteralPath $csv | Send-Sms -Sender MyShop -Session $faultySession
        $counters = Get-EmulatorCounters -BaseUri $faulty.BaseUri

        $counters.faultsInjected | Should -BeGreaterThan 0
        @($sent).Count | Should -Be 1000
        $counters.accepted | Should -Be 1000 -Because 'a retried request carries the same keys, so nothing is sent twice'
        @($sent | ForEach-Object Id | Sort-Object -Unique).Count | Should -Be 1000
        @($sent | Where-Object AlreadySent).Count | Should -BeGreaterThan 0 -Because 'recipients accepted before their answer was lost come back as already sent'
        $summary = $sent | Wait-SmsState -Until Delivered -TimeoutSec 600 -PollIntervalSec 1 -Session $faultySession | Get-SmsStateSummary
        $summary.Delivered | Should -Be 1000
    }
}
