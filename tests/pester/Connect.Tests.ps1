# Connect-MySmpp, Get-MySmppSession and Disconnect-MySmpp as a user runs them, against the emulator.

BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'MySmpp.TestHelpers.ps1')
    Import-Module -Name (Get-MySmppTestModulePath) -Force -ErrorAction Stop
    $emulator = Start-TestEmulator
    $base = $emulator.BaseUri
}

AfterAll {
    Disconnect-MySmpp
    Remove-MySmppEnvironment
    Stop-TestEmulator -Emulator $emulator
}

Describe 'The built module' {
    It 'is imported from the out folder with the stamped version and exactly its cmdlets' {
        $module = Get-Module -Name MySmpp
        [System.IO.Path]::GetFullPath($module.ModuleBase).TrimEnd('\', '/') | Should -Be ([System.IO.Path]::GetDirectoryName((Get-MySmppTestModulePath)))
        $module.Version.ToString() | Should -Be ((Get-MySmppTestVersion).Split('-')[0])
        ($module.ExportedCmdlets.Keys | Sort-Object) -join ',' |
            Should -Be ('Add-MySmppStopList,Clear-SmsJournal,Connect-MySmpp,ConvertFrom-SmsStatusCallback,ConvertTo-SmsDeliveryReport,ConvertTo-SmsStateRecord,Disconnect-MySmpp,Export-SmsDeliveryReport,' +
                'Get-MySmppBalance,Get-MySmppSender,Get-MySmppSession,Get-MySmppStopList,Get-SmsInbound,Get-SmsJournal,Get-SmsPhoneInfo,Get-SmsScheduled,' +
                'Get-SmsState,Get-SmsStateSummary,Measure-SmsText,New-SmsStatusCallbackAcknowledgement,Remove-MySmppStopList,Remove-SmsScheduled,Resume-SmsSend,Send-Sms,Sync-SmsJournal,' +
                'Wait-SmsState')
    }

    It 'passes Test-ModuleManifest' {
        { Test-ModuleManifest -Path (Get-MySmppTestModulePath) -ErrorAction Stop } | Should -Not -Throw
    }

    It 'has full help for Get-SmsState' {
        $help = Get-Help -Name Get-SmsState -Full
        $help.Synopsis | Should -Match 'delivery state'
        @($help.Examples.Example).Count | Should -BeGreaterOrEqual 2
        $id = $help.Parameters.Parameter | Where-Object { $_.Name -eq 'Id' }
        $id.Required | Should -Be 'true'
        $id.PipelineInput | Should -Match 'ByPropertyName'
        Get-Help -Name about_MySmpp | Out-String | Should -Match 'SHORT DESCRIPTION|Delivery status'
    }
}

Describe 'Connect-MySmpp' {
    AfterEach {
        Remove-MySmppEnvironment
    }

    It 'connects with -Credential over JSON and returns the session with -PassThru' {
        $session = Connect-MySmpp -Credential (New-TestCredential) -BaseUri $base -PassThru -WarningAction SilentlyContinue
        $session.Protocol | Should -Be 'Json'
        $session.Endpoint.AbsoluteUri | Should -Be "$base/json/state.php"
        $session.IsDefault | Should -BeTrue
        $session.IsConnected | Should -BeTrue
        $session.Account | Should -Match "login"
        $session.PSObject.TypeNames[0] | Should -Be 'MySmpp.Commands.MySmppSession'
        (Get-MySmppSession).Endpoint | Should -Be $session.Endpoint
    }

    It 'connects with -Token over XML' {
        $session = Connect-MySmpp -Token (New-TestToken) -Protocol Xml -BaseUri $base -PassThru -WarningAction SilentlyContinue
        $session.Protocol | Should -Be 'Xml'
        $session.Endpoint.AbsoluteUri | Should -Be "$base/xml/state.php"
        (Get-SmsState -Id 82216).SmsStatus | Should -Be 'Delivered'
    }

    It 'warns once per session that credentials travel over plain http' {
        $null = Connect-MySmpp -Credential (New-TestCredential) -BaseUri $base -WarningVariable warnings -WarningAction SilentlyContinue
        @($warnings).Count | Should -Be 1
        $warnings[0].Message | Should -Match 'http'
        $null = Get-SmsState -Id 82216 -WarningVariable later -WarningAction SilentlyContinue
        @($later).Count | Should -Be 0
    }

    It 'reads the token from MYSMPP_TOKEN' {
        $env:MYSMPP_TOKEN = $MySmppSecretToken
        $text = Get-VerboseText { Connect-MySmpp -BaseUri $base -Verbose -WarningAction SilentlyContinue }
        $text | Should -Match 'MYSMPP_TOKEN'
        $text | Should -Not -Match ([regex]::Escape($MySmppSecretToken))
        (Get-MySmppSession).Account | Should -Not -Match ([regex]::Escape($MySmppSecretToken))
        (Get-SmsState -Id 82216).Status | Should -Be 'Delivered'
    }

    It 'reads the login and password from MYSMPP_LOGIN and MYSMPP_PASSWORD' {
        $env:MYSMPP_LOGIN = 'ops'
        $env:MYSMPP_PASSWORD = $MySmppSecretPassword
        $session = Connect-MySmpp -BaseUri $base -PassThru -WarningAction SilentlyContinue
        $session.Account | Should -Match 'ops'
        ($session | Out-String) | Should -Not -Match ([regex]::Escape($MySmppSecretPassword))
        "$session" | Should -Not -Match ([regex]::Escape($MySmppSecretPassword))
    }

    It 'fails with MySmpp.CredentialMissing when there is nothing to connect with' {
        { Connect-MySmpp -BaseUri $base -WarningAction SilentlyContinue } | Should -Throw -ErrorId 'MySmpp.CredentialMissing,*'
    }

    It 'fails with a terminating MySmpp.AuthenticationFailed for a wrong password, without showing it' {
        $wrong = 'Wrong-Pw-93ab'
        $caught = { Connect-MySmpp -Credential (New-TestCredential -Login 'ops' -Password $wrong) -BaseUri $base -WarningAction SilentlyContinue } |
            Should -Throw -ErrorId 'MySmpp.AuthenticationFailed,*' -PassThru
        $caught.CategoryInfo.Category | Should -Be 'AuthenticationError'
        ($caught | Out-String) | Should -Not -Match $wrong
    }

    It 'fails with MySmpp.AccountLocked for a locked account' {
        { Connect-MySmpp -Credential (New-TestCredential -Login 'locked') -BaseUri $base -WarningAction SilentlyContinue } |
            Should -Throw -ErrorId 'MySmpp.AccountLocked,*'
    }

    It 'refuses an address without a scheme with MySmpp.InvalidArgument' {
        { Connect-MySmpp -Credential (New-TestCredential) -BaseUri 'lk.mysmpp.ru' } | Should -Throw -ErrorId 'MySmpp.InvalidArgument,*'
    }

    It 'skips the check with -SkipValidation; the first query then fails terminating' {
        Connect-MySmpp -Credential (New-TestCredential -Password 'nope') -BaseUri $base -SkipValidation -WarningAction SilentlyContinue
        { Get-SmsState -Id 82216 } | Should -Throw -ErrorId 'MySmpp.AuthenticationFailed,*'
    }

    It 'applies the session options' {
        $session = Connect-MySmpp -Credential (New-TestCredential) -BaseUri $base -BatchSize 50 -MaxConcurrency 2 -TimeoutSec 10 -MaxRetries 1 -PassThru -WarningAction SilentlyContinue
        $session.BatchSize | Should -Be 50
        $session.MaxConcurrency | Should -Be 2
        $session.RequestTimeout.TotalSeconds | Should -Be 10
        $session.MaxRetries | Should -Be 1
    }
}

Describe 'Disconnect-MySmpp and not being connected' {
    It 'reports MySmpp.NotConnected, terminating, when there is no session' {
        Disconnect-MySmpp
        Get-MySmppSession | Should -BeNullOrEmpty
        { Get-SmsState -Id 82216 } | Should -Throw -ErrorId 'MySmpp.NotConnected,*'
        { Wait-SmsState -Id 82216 -TimeoutSec 1 } | Should -Throw -ErrorId 'MySmpp.NotConnected,*'
    }

    It 'is quiet when there is nothing to disconnect' {
        Disconnect-MySmpp
        { Disconnect-MySmpp -ErrorAction Stop } | Should -Not -Throw
    }

    It 'closes a session passed in, which then reports MySmpp.NotConnected' {
        $session = Connect-MySmpp -Credential (New-TestCredential) -BaseUri $base -PassThru -WarningAction SilentlyContinue
        $closed = $session | Disconnect-MySmpp -PassThru
        $closed.IsConnected | Should -BeFalse
        Get-MySmppSession | Should -BeNullOrEmpty
        { Get-SmsState -Id 82216 -Session $session } | Should -Throw -ErrorId 'MySmpp.NotConnected,*'
    }
}
