# Delivery reports in real pwsh against the emulator: the main job's pipeline to Export-SmsDeliveryReport, the page
# opened in headless Chromium (no request, no console error, the summary's numbers, no sideways scrolling), and the
# same numbers in the Email, AdaptiveCard and Markdown formats.

BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'MySmpp.TestHelpers.ps1')
    Import-Module -Name (Get-MySmppTestModulePath) -Force -ErrorAction Stop
    # A frozen clock: every run of the pipeline below sees the same states, so the report and the summary are
    # made from the same input although the pipeline runs once for each.
    $emulator = Start-TestEmulator -Arguments @('--time-scale', '0')
    Connect-MySmpp -Credential (New-TestCredential) -BaseUri $emulator.BaseUri -WarningAction SilentlyContinue
    $workDir = Join-Path -Path ([System.IO.Path]::GetTempPath()) -ChildPath ('mysmpp-pester-' + [guid]::NewGuid().ToString('N'))
    New-Item -ItemType Directory -Path $workDir | Out-Null
    Push-Location -LiteralPath $workDir

    # The KPI texts of a page, read back as numbers with the invariant culture.
    function ConvertFrom-KpiText {
        param([string] $Text)
        $clean = ($Text -replace ',', '') -replace '%', ''
        $clean = ($clean -split ' ')[0]
        [decimal]::Parse($clean, [System.Globalization.CultureInfo]::InvariantCulture)
    }

    function Assert-SummaryNumbers {
        param($Kpis, $Summary)
        (ConvertFrom-KpiText $Kpis.total) | Should -Be $Summary.Total
        (ConvertFrom-KpiText $Kpis.delivered) | Should -Be ($Summary.Delivered + $Summary.Read)
        (ConvertFrom-KpiText $Kpis.notDelivered) | Should -Be $Summary.NotDelivered
        (ConvertFrom-KpiText $Kpis.expired) | Should -Be $Summary.Expired
        (ConvertFrom-KpiText $Kpis.errors) | Should -Be $Summary.Errors
        (ConvertFrom-KpiText $Kpis.stillOpen) | Should -Be ($Summary.Sent + $Summary.PartlyDelivered + $Summary.Unknown)
        (ConvertFrom-KpiText $Kpis.deliveryRate) | Should -Be ([math]::Round($Summary.DeliveryRate * 100, 1))
        (ConvertFrom-KpiText $Kpis.cost) | Should -Be ([math]::Round($Summary.TotalCost, 2))
    }

    function Assert-CleanPage {
        param($Check)
        @($Check.ConsoleProblems).Count | Should -Be 0 -Because (@($Check.ConsoleProblems) -join '; ')
        @($Check.Requests).Count | Should -Be 0 -Because (@($Check.Requests) -join '; ')
        $Check.ExecutableScripts | Should -Be 0
        $Check.ExternalReferences | Should -Be 0
        foreach ($viewport in $Check.Viewports) {
            $viewport.ScrollWidth | Should -BeLessOrEqual $viewport.ClientWidth -Because "the page must not scroll sideways at $($viewport.Width) px"
            (Get-Item -LiteralPath $viewport.Screenshot).Length | Should -BeGreaterThan 10000
        }
    }
}

AfterAll {
    Pop-Location
    Disconnect-MySmpp
    Stop-TestEmulator -Emulator $emulator
    Remove-Item -LiteralPath $workDir -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'Export-SmsDeliveryReport of the main job' {
    BeforeAll {
        $summary = 82216..82225 + 1001..1010 | Get-SmsState -Detail 2>&1 | Get-SmsStateSummary
    }

    It 'writes a page that Chromium renders with the summary''s numbers, no request and no error' {
        82216..82225 + 1001..1010 | Get-SmsState -Detail 2>&1 | Export-SmsDeliveryReport -Path report.html
        $page = Join-Path -Path $workDir -ChildPath 'report.html'
        (Get-Item -LiteralPath $page).Length | Should -BeLessThan 100000
        $check = Invoke-BrowserCheck -Path $page -Name 'pester-main-job'
        Assert-CleanPage -Check $check
        $check.Title | Should -Be 'SMS delivery report'
        Assert-SummaryNumbers -Kpis $check.Kpis -Summary $summary
        $summary.Total | Should -Be 20
        ($check.EmbeddedJson | ConvertFrom-Json).totals.messages | Should -Be 20
    }

    It 'gives the same numbers as an e-mail body, rendered in Chromium too' {
        82216..82225 + 1001..1010 | Get-SmsState -Detail 2>&1 | Export-SmsDeliveryReport -Path mail.html -Format Email
        $text = Get-Content -LiteralPath mail.html -Raw
        $text | Should -Not -Match '<svg|<script|<style| class=|data:'
        $check = Invoke-BrowserCheck -Path (Join-Path -Path $workDir -ChildPath 'mail.html') -Name 'pester-main-job-email'
        Assert-CleanPage -Check $check
        Assert-SummaryNumbers -Kpis $check.Kpis -Summary $summary
    }

    It 'gives the same numbers as an Adaptive Card' {
        $card = 82216..82225 + 1001..1010 | Get-SmsState -Detail 2>&1 | ConvertTo-SmsDeliveryReport -Format AdaptiveCard | ConvertFrom-Json
        $card.type | Should -Be 'message'
        $card.attachments[0].contentType | Should -Be 'application/vnd.microsoft.card.adaptive'
        $content = $card.attachments[0].content
        $content.type | Should -Be 'AdaptiveCard'
        $facts = @{}
        foreach ($fact in $content.body[2].facts) { $facts[$fact.title] = $fact.value }
        (ConvertFrom-KpiText $facts['Messages']) | Should -Be $summary.Total
        (ConvertFrom-KpiText $facts['Delivered']) | Should -Be ($summary.Delivered + $summary.Read)
        (ConvertFrom-KpiText $facts['Delivery rate']) | Should -Be ([math]::Round($summary.DeliveryRate * 100, 1))
        (ConvertFrom-KpiText $facts['Not delivered']) | Should -Be $summary.NotDelivered
        (ConvertFrom-KpiText $facts['Expired']) | Should -Be $summary.Expired
        (ConvertFrom-KpiText $facts['Errors']) | Should -Be $summary.Errors
        (ConvertFrom-KpiText $facts['Cost']) | Should -Be ([math]::Round($summary.TotalCost, 2))
    }

    It 'gives the same numbers as Markdown' {
        $lines = (82216..82225 + 1001..1010 | Get-SmsState -Detail 2>&1 | ConvertTo-SmsDeliveryReport -Format Markdown) -split "`n"
        $header = [array]::IndexOf($lines, ($lines | Where-Object { $_ -like '| Messages | Delivered |*' } | Select-Object -First 1))
        $cells = $lines[$header + 2].Trim('|', ' ') -split ' \| '
        (ConvertFrom-KpiText $cells[0]) | Should -Be $summary.Total
        (ConvertFrom-KpiText $cells[1]) | Should -Be ($summary.Delivered + $summary.Read)
        (ConvertFrom-KpiText $cells[2]) | Should -Be ([math]::Round($summary.DeliveryRate * 100, 1))
        (ConvertFrom-KpiText $cells[3]) | Should -Be $summary.NotDelivered
        (ConvertFrom-KpiText $cells[4]) | Should -Be $summary.Expired
        (ConvertFrom-KpiText $cells[6]) | Should -Be $summary.Errors
        (ConvertFrom-KpiText $cells[8]) | Should -Be ([math]::Round($summary.TotalCost, 2))
    }
}

Describe 'Reports with errors and send results' {
    It 'counts unknown ids and refusals at send as the summary does, by kind' {
        $results = @(82216, 82218, 999) | Get-SmsState -Detail 2>&1
        $sends = @('+7 900 111-00-01', '79990000000') | Send-Sms -Text 'Hello' -Sender MyShop 2>&1
        $all = @($results) + @($sends)
        $summary = $all | Get-SmsStateSummary
        $summary.Errors | Should -Be 2
        $summary.Sent | Should -Be 1
        $markdown = $all | ConvertTo-SmsDeliveryReport -Format Markdown
        $markdown | Should -Match '\| MySmpp\.IdNotFound \| error \| 1 \|'
        $markdown | Should -Match '\| MySmpp\.StopListed \| refused at send \| 1 \|'
        $markdown | Should -Match ('\| {0} \| ' -f $summary.Total)
    }

    It 'refuses other objects with MySmpp.UnexpectedInput and still writes the report' {
        $text = @((Get-SmsState -Id 82216), 'not a state') | ConvertTo-SmsDeliveryReport -Format Markdown -ErrorVariable wrong -ErrorAction SilentlyContinue
        $wrong[0].FullyQualifiedErrorId | Should -BeLike 'MySmpp.UnexpectedInput,*'
        $text | Should -Match '1 message, 0 errors'
    }

    It 'stops with MySmpp.ReportWriteFailed when the file cannot be written' {
        $missing = Join-Path -Path $workDir -ChildPath 'no/such/folder/report.html'
        { Get-SmsState -Id 82216 | Export-SmsDeliveryReport -Path $missing -ErrorAction Stop } | Should -Throw -ErrorId 'MySmpp.ReportWriteFailed*'
    }
}
