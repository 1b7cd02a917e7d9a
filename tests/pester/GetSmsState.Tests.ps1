# Get-SmsState as a user runs it: every way of passing ids, filtering, errors, verbose output.

BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'MySmpp.TestHelpers.ps1')
    Import-Module -Name (Get-MySmppTestModulePath) -Force -ErrorAction Stop
    $emulator = Start-TestEmulator
    $base = $emulator.BaseUri
    Connect-MySmpp -Credential (New-TestCredential -Login 'ops' -Password $MySmppSecretPassword) -BaseUri $base -WarningAction SilentlyContinue
    $workDir = Join-Path -Path ([System.IO.Path]::GetTempPath()) -ChildPath ('mysmpp-pester-' + [guid]::NewGuid().ToString('N'))
    New-Item -ItemType Directory -Path $workDir | Out-Null
}

AfterAll {
    Disconnect-MySmpp
    Stop-TestEmulator -Emulator $emulator
    Remove-Item -LiteralPath $workDir -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'Get-SmsState input binding' {
    It 'takes ids by position' {
        $state = Get-SmsState 82216
        $state.Id | Should -Be 82216
        $state.Status | Should -Be 'Delivered'
        $state.RawStatus | Should -Be 'deliver'
        $state.StatusTime | Should -BeOfType [datetime]
        $state.StatusTime.ToString('yyyy-MM-dd HH:mm:ss', [System.Globalization.CultureInfo]::InvariantCulture) | Should -Be '2021-04-26 15:15:03'
        $state.PSObject.TypeNames[0] | Should -Be 'MySmpp.Model.SmsState'
    }

    It 'takes ids piped as numbers, in input order' {
        $states = 1001, 1002, 82216 | Get-SmsState
        ($states | ForEach-Object { $_.Id }) -join ',' | Should -Be '1001,1002,82216'
    }

    It 'takes an id_sms column from Import-Csv' {
        $csv = Join-Path -Path $workDir -ChildPath 'sent.csv'
        Set-Content -LiteralPath $csv -Encoding Ascii -Value @('id_sms,phone', '82216,79001234567', ' 82218 ,79001234568', '82220,79001234569')
        $states = Import-Csv -LiteralPath $csv | Get-SmsState
        ($states | ForEach-Object { $_.Id }) -join ',' | Should -Be '82216,82218,82220'
    }

    It 'takes objects with a MessageId or an IdSms property' {
        $states = @([pscustomobject]@{ MessageId = 82216; To = 'a' }, [pscustomobject]@{ IdSms = '82217'; To = 'b' }) | Get-SmsState
        ($states | ForEach-Object { $_.Id }) -join ',' | Should -Be '82216,82217'
    }

    It 'refreshes states piped back in' {
        $states = Get-SmsState -Id 82216, 82220 | Get-SmsState
        ($states | ForEach-Object { $_.Id }) -join ',' | Should -Be '82216,82220'
    }

    It 'takes numeric strings, one id each, and refuses a string holding several' {
        (Get-SmsState -Id '82216', 82217).Count | Should -Be 2
        { Get-SmsState -Id '82216, 82217;82218' } | Should -Throw -ExpectedMessage "*'82216, 82217;82218' is not one message id*"
    }

    It 'answers duplicates once per occurrence' {
        $states = Get-SmsState -Id 82216, 82216, 82217
        ($states | ForEach-Object { $_.Id }) -join ',' | Should -Be '82216,82216,82217'
    }

    It 'refuses a value that is not an id with a message naming -Id' {
        { Get-SmsState -Id 'abc' } | Should -Throw -ExpectedMessage '*-Id*abc*'
        { Get-SmsState -Id 0 } | Should -Throw -ExpectedMessage '*-Id*'
        { Get-SmsState -Id 12.5 } | Should -Throw -ExpectedMessage '*-Id*'
    }
}

Describe 'Get-SmsState output' {
    It 'filters with Where-Object on Status' {
        $delivered = Get-SmsState -Id 82216, 82217, 82218, 82220 | Where-Object Status -eq 'Delivered'
        @($delivered).Count | Should -Be 1
        $delivered.Id | Should -Be 82216
    }

    It 'groups and measures naturally' {
        $states = Get-SmsState -Id 82216, 82218, 82219, 82220 -Detail
        @($states | Group-Object -Property Status).Count | Should -Be 4
        $sum = ($states | Measure-Object -Property TotalCost -Sum).Sum
        [math]::Round([double] $sum, 2) | Should -Be 44.9
    }

    It 'gives parts and price with -Detail over JSON' {
        $state = Get-SmsState -Id 82219 -Detail
        $state.Parts | Should -Be 2
        $state.PricePerPart | Should -Be ([decimal] '10.6')
        $state.TotalCost | Should -Be ([decimal] '21.2')
        (Get-SmsState -Id 82219).Parts | Should -BeNullOrEmpty
    }

    It 'keeps an unknown status with its wire string' {
        $state = Get-SmsState -Id 82222
        $state.Status | Should -Be 'Unknown'
        $state.RawStatus | Should -Be 'queued'
    }

    It 'answers large inputs in order, with progress off' {
        $ProgressPreference = 'SilentlyContinue'
        $ids = 1000001..1001500
        $states = Get-SmsState -Id $ids
        $states.Count | Should -Be 1500
        $states[0].Id | Should -Be 1000001
        $states[-1].Id | Should -Be 1001500
        ($states | ForEach-Object { $_.Id }) -join ',' | Should -Be ($ids -join ',')
    }

    It 'answers large piped inputs with progress on' {
        $ProgressPreference = 'Continue'
        $states = 1000001..1001000 | Get-SmsState
        $states.Count | Should -Be 1000
    }

    It 'stops early when the pipeline is done with it' {
        $watch = [System.Diagnostics.Stopwatch]::StartNew()
        $first = 1000001..1200000 | Get-SmsState | Select-Object -First 5
        $watch.Stop()
        @($first).Count | Should -Be 5
        $first[0].Id | Should -Be 1000001
        $watch.Elapsed.TotalSeconds | Should -BeLessThan 30
    }
}

Describe 'Get-SmsState errors' {
    It 'reports unknown ids as non-terminating MySmpp.IdNotFound with the id as target and still returns the others' {
        $states = Get-SmsState -Id 82216, 999, 82217 -ErrorVariable problems -ErrorAction SilentlyContinue
        ($states | ForEach-Object { $_.Id }) -join ',' | Should -Be '82216,82217'
        @($problems).Count | Should -Be 1
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'MySmpp.IdNotFound,*'
        $problems[0].TargetObject | Should -Be 999
        $problems[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $problems[0].Exception.GetType().FullName | Should -Be 'MySmpp.Errors.MySmppIdNotFoundException'
    }

    It 'goes on after an unknown id when errors are shown' {
        $output = Get-SmsState -Id 998, 82216 2>&1
        @($output | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] }).Count | Should -Be 1
        @($output | Where-Object { $_ -isnot [System.Management.Automation.ErrorRecord] }).Count | Should -Be 1
    }
}

Describe 'Get-SmsState -Verbose' {
    It 'tells the endpoint and what is sent, never the password' {
        $text = Get-VerboseText { Get-SmsState -Id 82216, 82217 -Verbose }
        $text | Should -Match ([regex]::Escape("$base/json/state.php"))
        $text | Should -Match 'ops'
        $text | Should -Match 'batch'
        $text | Should -Not -Match ([regex]::Escape($MySmppSecretPassword))
    }

    It 'never shows a token either' {
        Connect-MySmpp -Token (New-TestToken -Token $MySmppSecretToken) -BaseUri $base -Protocol Xml -WarningAction SilentlyContinue
        $text = Get-VerboseText { Get-SmsState -Id 82216 -Verbose }
        $text | Should -Match ([regex]::Escape("$base/xml/state.php"))
        $text | Should -Not -Match ([regex]::Escape($MySmppSecretToken))
        Connect-MySmpp -Credential (New-TestCredential -Login 'ops' -Password $MySmppSecretPassword) -BaseUri $base -WarningAction SilentlyContinue
    }
}
