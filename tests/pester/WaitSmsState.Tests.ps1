# Wait-SmsState against an emulator whose clock runs 60 times faster (a simulated minute per second).

BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'MySmpp.TestHelpers.ps1')
    Import-Module -Name (Get-MySmppTestModulePath) -Force -ErrorAction Stop
    $emulator = Start-TestEmulator -Arguments @('--time-scale', '60')
    $base = $emulator.BaseUri
    $session = Connect-MySmpp -Credential (New-TestCredential) -BaseUri $base -PassThru -WarningAction SilentlyContinue
}

AfterAll {
    Disconnect-MySmpp
    Stop-TestEmulator -Emulator $emulator
}

Describe 'Wait-SmsState' {
    It 'writes each of the demo ids 1001..1010 once, when it is delivered or final' {
        $states = 1001..1010 | Wait-SmsState -PollIntervalSec 1 -TimeoutSec 60
        @($states).Count | Should -Be 10
        ($states | ForEach-Object { $_.Id } | Sort-Object) -join ',' | Should -Be ((1001..1010) -join ',')
        foreach ($state in $states) {
            ($state.IsFinal -or $state.IsDelivered) | Should -BeTrue -Because "id $($state.Id) is $($state.Status)"
        }
    }

    It 'polls until a message changes (7001 turns Delivered two seconds after the start)' {
        $state = Wait-SmsState -Id 7001 -PollIntervalSec 1 -TimeoutSec 60 -Detail
        $state.Status | Should -Be 'Delivered'
        $state.Parts | Should -Be 2
    }

    It 'takes the same pipeline input as Get-SmsState' {
        $states = @([pscustomobject]@{ id_sms = '1001' }, [pscustomobject]@{ MessageId = 1004 }) | Wait-SmsState -PollIntervalSec 1 -TimeoutSec 60
        ($states | ForEach-Object { $_.Id } | Sort-Object) -join ',' | Should -Be '1001,1004'
    }

    It 'reports MySmpp.WaitTimeout per unsettled id, non-terminating, with the last state' {
        $started = Get-Date
        $states = Wait-SmsState -Id 7002, 1001 -Until Final -TimeoutSec 2 -PollIntervalSec 1 -ErrorVariable late -ErrorAction SilentlyContinue
        ((Get-Date) - $started).TotalSeconds | Should -BeLessThan 30
        ($states | ForEach-Object { $_.Id }) -join ',' | Should -Be '1001'
        @($late).Count | Should -Be 1
        $late[0].FullyQualifiedErrorId | Should -BeLike 'MySmpp.WaitTimeout,*'
        $late[0].TargetObject | Should -Be 7002
        $late[0].CategoryInfo.Category | Should -Be 'OperationTimeout'
        $late[0].Exception.LastState.Status | Should -Be 'Sent'
    }

    It 'returns a delivered SMS at once by default, the documents'' example (Wait-SmsState 82216 -TimeoutSec 3)' {
        $started = Get-Date
        $state = Wait-SmsState 82216 -TimeoutSec 3 -ErrorVariable problems
        ((Get-Date) - $started).TotalSeconds | Should -BeLessThan 3
        @($problems).Count | Should -Be 0
        $state.Id | Should -Be 82216
        $state.Status | Should -Be 'Delivered'
    }

    It 'times out a delivered SMS when waiting for a final status' {
        $null = Wait-SmsState -Id 1002 -Until Final -TimeoutSec 1 -PollIntervalSec 1 -ErrorVariable late -ErrorAction SilentlyContinue
        $late[0].FullyQualifiedErrorId | Should -BeLike 'MySmpp.WaitTimeout,*'
        $late[0].Exception.LastState.Status | Should -Be 'Delivered'
    }

    It 'reports unknown ids at once as MySmpp.IdNotFound' {
        $null = Wait-SmsState -Id 999 -TimeoutSec 60 -PollIntervalSec 1 -ErrorVariable missing -ErrorAction SilentlyContinue
        $missing[0].FullyQualifiedErrorId | Should -BeLike 'MySmpp.IdNotFound,*'
        $missing[0].TargetObject | Should -Be 999
    }

    It 'uses the session passed with -Session' {
        $other = Connect-MySmpp -Token (New-TestToken) -Protocol Xml -BaseUri $base -PassThru -WarningAction SilentlyContinue
        $state = Wait-SmsState -Id 82216 -Session $session -TimeoutSec 10 -Until Delivered -PollIntervalSec 1
        $state.Protocol | Should -Be 'Json'
        $other.IsDefault | Should -BeTrue
    }
}
