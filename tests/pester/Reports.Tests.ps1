# Reports: Get-SmsStateSummary, Export-Csv / Import-Csv round trips, ConvertTo-Json.

BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'MySmpp.TestHelpers.ps1')
    Import-Module -Name (Get-MySmppTestModulePath) -Force -ErrorAction Stop
    $emulator = Start-TestEmulator
    Connect-MySmpp -Credential (New-TestCredential) -BaseUri $emulator.BaseUri -WarningAction SilentlyContinue
    $workDir = Join-Path -Path ([System.IO.Path]::GetTempPath()) -ChildPath ('mysmpp-pester-' + [guid]::NewGuid().ToString('N'))
    New-Item -ItemType Directory -Path $workDir | Out-Null

    function Invoke-WithCulture {
        param([string] $Name, [scriptblock] $ScriptBlock)
        $thread = [System.Threading.Thread]::CurrentThread
        $old = $thread.CurrentCulture
        try {
            $thread.CurrentCulture = [System.Globalization.CultureInfo]::GetCultureInfo($Name)
            & $ScriptBlock
        }
        finally {
            $thread.CurrentCulture = $old
        }
    }
}

AfterAll {
    Disconnect-MySmpp
    Stop-TestEmulator -Emulator $emulator
    Remove-Item -LiteralPath $workDir -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'Get-SmsStateSummary' {
    It 'counts statuses, the delivery rate and the total cost' {
        $summary = Get-SmsState -Id 82216, 82218, 82220, 82217 -Detail | Get-SmsStateSummary
        $summary.PSObject.TypeNames[0] | Should -Be 'MySmpp.Reporting.SmsStateSummary'
        $summary.Total | Should -Be 4
        $summary.Delivered | Should -Be 1
        $summary.Read | Should -Be 1
        $summary.NotDelivered | Should -Be 1
        $summary.Sent | Should -Be 1
        $summary.Errors | Should -Be 0
        $summary.DeliveryRate | Should -Be 0.5
        $summary.TotalCost | Should -Be ([decimal] '34.3')
    }

    It 'counts error records merged with 2>&1 as errors' {
        $summary = Get-SmsState -Id 82216, 999 2>&1 | Get-SmsStateSummary
        $summary.Total | Should -Be 1
        $summary.Errors | Should -Be 1
    }

    It 'takes -InputObject and reports other input as MySmpp.UnexpectedInput' {
        $states = Get-SmsState -Id 82216, 82220
        (Get-SmsStateSummary -InputObject $states).Total | Should -Be 2
        $null = 'not a state' | Get-SmsStateSummary -ErrorVariable wrong -ErrorAction SilentlyContinue
        $wrong[0].FullyQualifiedErrorId | Should -BeLike 'MySmpp.UnexpectedInput,*'
    }
}

Describe 'Export-Csv and Import-Csv' {
    It 'round-trips records with clean columns: no type line, ISO times, invariant numbers' {
        $path = Join-Path -Path $workDir -ChildPath 'report.csv'
        Get-SmsState -Id 82216, 82217, 82219 -Detail | ConvertTo-SmsStateRecord | Export-Csv -LiteralPath $path -NoTypeInformation -Encoding UTF8
        $lines = Get-Content -LiteralPath $path
        $lines[0] | Should -Not -Match '#TYPE'
        $lines[0] | Should -Be '"Id","Status","RawStatus","StatusTime","StatusTimeOffset","IsFinal","IsDelivered","SmsStatus","ViberStatus","Parts","PricePerPart","TotalCost","Protocol"'
        $rows = Import-Csv -LiteralPath $path
        $rows[0].Id | Should -Be '82216'
        $rows[0].Status | Should -Be 'Delivered'
        $rows[0].StatusTime | Should -Be '2021-04-26T15:15:03'
        $rows[0].PricePerPart | Should -Be '10.6'
        $rows[1].StatusTime | Should -Be ''
        $rows[2].TotalCost | Should -Be '21.2'
        ($rows | Get-SmsState | ForEach-Object { $_.Id }) -join ',' | Should -Be '82216,82217,82219'
    }

    It 'writes the same record file under a culture with a decimal comma' {
        $path = Join-Path -Path $workDir -ChildPath 'report-de.csv'
        try {
            $null = [System.Globalization.CultureInfo]::GetCultureInfo('de-DE')
        }
        catch {
            Set-ItResult -Skipped -Because 'this system has no de-DE culture (invariant globalization)'
            return
        }
        Invoke-WithCulture -Name 'de-DE' -ScriptBlock {
            Get-SmsState -Id 82219 -Detail | ConvertTo-SmsStateRecord | Export-Csv -LiteralPath $path -NoTypeInformation -Encoding UTF8
        }
        $row = Import-Csv -LiteralPath $path
        $row.TotalCost | Should -Be '21.2'
        $row.StatusTime | Should -Be '2021-04-26T15:12:00'
    }

    It 'round-trips raw states too: the Id column binds back to Get-SmsState' {
        $path = Join-Path -Path $workDir -ChildPath 'raw.csv'
        Get-SmsState -Id 82216, 82220 | Export-Csv -LiteralPath $path -NoTypeInformation
        ((Import-Csv -LiteralPath $path | Get-SmsState) | ForEach-Object { $_.Id }) -join ',' | Should -Be '82216,82220'
    }
}

Describe 'ConvertTo-Json' {
    It 'serialises states' {
        $json = Get-SmsState -Id 82216 | ConvertTo-Json
        $back = $json | ConvertFrom-Json
        $back.Id | Should -Be 82216
        $back.RawStatus | Should -Be 'deliver'
    }

    It 'serialises records with ISO times and names in every edition' {
        $back = Get-SmsState -Id 82216 -Detail | ConvertTo-SmsStateRecord | ConvertTo-Json | ConvertFrom-Json
        $back.Status | Should -Be 'Delivered'
        $back.PricePerPart | Should -Be '10.6'
        # PowerShell 7's ConvertFrom-Json turns ISO strings into dates; compare the text either way.
        $time = $back.StatusTime
        if ($time -is [datetime]) { $time = $time.ToString('yyyy-MM-ddTHH:mm:ss', [System.Globalization.CultureInfo]::InvariantCulture) }
        $time | Should -Be '2021-04-26T15:15:03'
    }
}
