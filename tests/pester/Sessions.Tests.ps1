# Several sessions side by side, and sessions shared with parallel runspaces.

BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'MySmpp.TestHelpers.ps1')
    Import-Module -Name (Get-MySmppTestModulePath) -Force -ErrorAction Stop
    $emulator = Start-TestEmulator
    $base = $emulator.BaseUri
}

AfterAll {
    Disconnect-MySmpp
    Stop-TestEmulator -Emulator $emulator
}

Describe 'Multiple sessions' {
    It 'keeps independent sessions usable with -Session' {
        $json = Connect-MySmpp -Credential (New-TestCredential) -BaseUri $base -PassThru -WarningAction SilentlyContinue
        $xml = Connect-MySmpp -Token (New-TestToken) -Protocol Xml -BaseUri $base -PassThru -WarningAction SilentlyContinue

        $xml.IsDefault | Should -BeTrue
        $json.IsDefault | Should -BeFalse
        (Get-SmsState -Id 82216 -Session $json).Protocol | Should -Be 'Json'
        (Get-SmsState -Id 82216 -Session $xml).Protocol | Should -Be 'Xml'
        (Get-SmsState -Id 82216).Protocol | Should -Be 'Xml'

        Disconnect-MySmpp -Session $json
        $json.IsConnected | Should -BeFalse
        $xml.IsConnected | Should -BeTrue
        (Get-SmsState -Id 82216).Status | Should -Be 'Delivered'
        { Get-SmsState -Id 82216 -Session $json } | Should -Throw -ErrorId 'MySmpp.NotConnected,*'
    }

    It 'shows sessions without secrets' {
        $session = Connect-MySmpp -Credential (New-TestCredential -Login 'ops' -Password $MySmppSecretPassword) -BaseUri $base -PassThru -WarningAction SilentlyContinue
        $shown = ($session | Format-List -Property * | Out-String) + ($session | Out-String) + "$session" + ($session | ConvertTo-Json -Depth 2 -WarningAction SilentlyContinue)
        $shown | Should -Match 'ops'
        $shown | Should -Not -Match ([regex]::Escape($MySmppSecretPassword))
    }

    It 'shares one session with ForEach-Object -Parallel branches (PowerShell 7)' -Skip:($PSVersionTable.PSVersion.Major -lt 7) {
        $session = Connect-MySmpp -Credential (New-TestCredential) -BaseUri $base -PassThru -WarningAction SilentlyContinue
        $module = Get-MySmppTestModulePath
        $work = 82216, 82217, 82218, 82220 | ForEach-Object { [pscustomobject]@{ Id = $_; Session = $session; Module = $module } }
        $states = $work | ForEach-Object -Parallel {
            Import-Module -Name $_.Module
            Get-SmsState -Id $_.Id -Session $_.Session
        } -ThrottleLimit 4
        ($states | ForEach-Object { $_.Id } | Sort-Object) -join ',' | Should -Be '82216,82217,82218,82220'
    }

    It 'has no default session in a parallel branch (PowerShell 7)' -Skip:($PSVersionTable.PSVersion.Major -lt 7) {
        $null = Connect-MySmpp -Credential (New-TestCredential) -BaseUri $base -WarningAction SilentlyContinue
        $module = Get-MySmppTestModulePath
        $result = [pscustomobject]@{ Module = $module } | ForEach-Object -Parallel {
            Import-Module -Name $_.Module
            try {
                Get-SmsState -Id 82216
                'no error'
            }
            catch {
                $_.FullyQualifiedErrorId
            }
        }
        $result | Should -BeLike 'MySmpp.NotConnected,*'
    }
}
