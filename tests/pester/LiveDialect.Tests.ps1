# The live platform's behaviour, in real PowerShell: against the emulator speaking as the live platform does
# (--dialect live: Russian texts, errors with HTTP 200, unknown ids in-line, XML price/num_parts, JSON
# values as strings, a batch limit of 150 refused as a malformed document) and as the documents describe
# (--dialect documented, the same limit answered with HTTP 413), in both wire flavours. Also the text
# safety of server-sourced values as a console shows them.

BeforeDiscovery {
    $cases = @(
        @{ Dialect = 'live'; Protocol = 'Json' },
        @{ Dialect = 'live'; Protocol = 'Xml' },
        @{ Dialect = 'documented'; Protocol = 'Json' },
        @{ Dialect = 'documented'; Protocol = 'Xml' }
    )
}

BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'MySmpp.TestHelpers.ps1')
    Import-Module -Name (Get-MySmppTestModulePath) -Force -ErrorAction Stop

    # The shared seed plus two messages whose "status" is hostile text: a terminal escape sequence, and a formula.
    $seedDir = Join-Path -Path ([System.IO.Path]::GetTempPath()) -ChildPath ('mysmpp-live-' + [guid]::NewGuid().ToString('N'))
    New-Item -ItemType Directory -Path $seedDir | Out-Null
    $seedPath = Join-Path -Path $seedDir -ChildPath 'seed.json'
    $seed = (Get-MySmppTestSeed) -replace '"messages": \[', ('"messages": [' +
        '{ "id": 7100, "steps": [ { "afterSeconds": -10, "state": "\u001b]0;pwned\u0007\u001b[2J\r\nforged line" } ] },' +
        '{ "id": 7101, "steps": [ { "afterSeconds": -10, "state": "=HYPERLINK(\"http://evil.example\")" } ] },')
    Set-Content -LiteralPath $seedPath -Value $seed -Encoding Ascii
    $escape = [string][char]27
    $bell = [string][char]7

    function Start-DialectEmulator {
        param([string] $Dialect)
        Start-TestEmulator -Arguments @('--dialect', $Dialect, '--max-batch', '150', '--seed', ('"' + $seedPath + '"'))
    }

    function Get-PostCount {
        param([string] $VerboseText)
        @($VerboseText -split "`n" | Where-Object { $_ -like 'POST *' }).Count
    }
}

AfterAll {
    Remove-Item -LiteralPath $seedDir -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'Against the <Dialect> dialect over <Protocol>' -ForEach $cases {
    BeforeAll {
        $emulator = Start-DialectEmulator -Dialect $Dialect
        $base = $emulator.BaseUri
    }

    AfterAll {
        Disconnect-MySmpp
        Stop-TestEmulator -Emulator $emulator
    }

    It 'stops at the first answer that refuses the password: terminating MySmpp.AuthenticationFailed' {
        Connect-MySmpp -Credential (New-TestCredential -Login 'ops' -Password 'wrong-password') -BaseUri $base -Protocol $Protocol -BatchSize 100 -MaxConcurrency 2 -SkipValidation -WarningAction SilentlyContinue
        $lines = New-Object -TypeName System.Collections.ArrayList
        {
            Get-SmsState -Id (1000000..1001999) -Verbose 4>&1 | ForEach-Object {
                if ($_ -is [System.Management.Automation.VerboseRecord]) { [void]$lines.Add($_.Message) }
            }
        } | Should -Throw -ErrorId 'MySmpp.AuthenticationFailed,*'
        $posts = @($lines | Where-Object { $_ -like 'POST *' }).Count
        $posts | Should -BeGreaterOrEqual 1
        $posts | Should -BeLessOrEqual 3
    }

    It 'reports a locked account as terminating MySmpp.AccountLocked' {
        Connect-MySmpp -Credential (New-TestCredential -Login 'locked' -Password 'password') -BaseUri $base -Protocol $Protocol -SkipValidation -WarningAction SilentlyContinue
        { Get-SmsState -Id 82216, 82217 } | Should -Throw -ErrorId 'MySmpp.AccountLocked,*'
    }

    It 'accounts for every id: states for known ids, one MySmpp.IdNotFound per unknown id, no Unknown states' {
        Connect-MySmpp -Credential (New-TestCredential -Login 'ops' -Password $MySmppSecretPassword) -BaseUri $base -Protocol $Protocol -BatchSize 200 -WarningAction SilentlyContinue
        $ids = @(82216..82224) + @(5, 6, 7) + @(1000000..1000399)
        $states = @(Get-SmsState -Id $ids -Detail -ErrorVariable missing -ErrorAction SilentlyContinue)

        $states.Count | Should -Be ($ids.Count - 3)
        @($missing).Count | Should -Be 3
        foreach ($record in $missing) {
            $record.FullyQualifiedErrorId | Should -BeLike 'MySmpp.IdNotFound,*'
        }
        ($missing | ForEach-Object { $_.TargetObject }) -join ',' | Should -Be '5,6,7'
        @($states | Where-Object { $_.Id -in 5, 6, 7 }).Count | Should -Be 0
        # The seed's one undocumented status ('queued') stays Unknown; a sentence never becomes a state.
        @($states | Where-Object { $_.Status -eq 'Unknown' -and $_.RawStatus -ne 'queued' }).Count | Should -Be 0
    }

    It 'reads parts and price (XML from price/num_parts in the live dialect)' {
        $state = Get-SmsState -Id 82216 -Detail
        if ($Protocol -eq 'Json' -or $Dialect -eq 'live') {
            $state.Parts | Should -Be 1
            $state.PricePerPart | Should -Be 10.6
            $state.TotalCost | Should -Be 10.6
        }
        else {
            $state.Parts | Should -BeNullOrEmpty
        }
    }

    It 'shows a status full of escape sequences as a one-line error, in the error view and Format-List' {
        # (An XML writer cannot put ESC into a document: the emulator then fails with HTTP 500, which is also shown safely.)
        Connect-MySmpp -Credential (New-TestCredential -Login 'ops' -Password $MySmppSecretPassword) -BaseUri $base -Protocol $Protocol -MaxRetries 0 -WarningAction SilentlyContinue
        $null = Get-SmsState -Id 7100 -ErrorVariable hostile -ErrorAction SilentlyContinue
        @($hostile).Count | Should -Be 1
        if ($Protocol -eq 'Json') { $hostile[0].FullyQualifiedErrorId | Should -BeLike 'MySmpp.ApiError,*' }
        $hostile[0].TargetObject | Should -Be 7100
        $shown = ($hostile | Out-String) + ($hostile[0] | Format-List * -Force | Out-String) + ($hostile[0].Exception | Format-List * -Force | Out-String)
        $shown.Contains($escape) | Should -BeFalse
        $shown.Contains($bell) | Should -BeFalse
        $hostile[0].Exception.Message | Should -Not -Match "[`r`n]"
    }

    It 'never writes a server text into a CSV record as a formula' {
        $null = Get-SmsState -Id 7101 -ErrorVariable formula -ErrorAction SilentlyContinue
        $formula[0].FullyQualifiedErrorId | Should -BeLike 'MySmpp.ApiError,*'
        $handMade = New-Object -TypeName MySmpp.Model.SmsState -ArgumentList 1, '=HYPERLINK("http://evil.example")', $null, ([MySmpp.Model.MySmppProtocol]::Json), $null, $null, $null, $null, $null
        $record = $handMade | ConvertTo-SmsStateRecord
        $record.RawStatus | Should -BeLike "'=*"
    }
}

Describe 'Connect-MySmpp -BaseUri with user information' {
    It 'is refused without printing the password back' {
        $caught = { Connect-MySmpp -Credential (New-TestCredential) -BaseUri 'https://user:Hunter2-Secret@gateway.example' -SkipValidation -WarningAction SilentlyContinue } |
            Should -Throw -ErrorId 'MySmpp.InvalidArgument,*' -PassThru
        $shown = ($caught | Out-String) + [string]$caught.TargetObject + $caught.CategoryInfo.ToString() + $caught.Exception.ToString()
        $shown | Should -Not -Match 'Hunter2'
    }
}
