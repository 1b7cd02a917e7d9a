# What Windows PowerShell 5.1 (.NET Framework) does differently, in a real PowerShell: no "Expect: 100-continue",
# https:// with TLS 1.2 only (and, on 5.1, with [Net.ServicePointManager]::SecurityProtocol forced to Ssl3, Tls),
# an untrusted certificate failing once, 4 requests in parallel, the dependency resolver surviving Remove-Module in
# another runspace and answering only what tests/desktop-resolver-answers.txt lists. Most tests run in every edition
# (on PowerShell 7 they hold trivially or prove the same behaviour); those about .NET Framework itself run in 5.1 only,
# which is the Windows PowerShell leg of .github/workflows/ci.yml. Windows PowerShell 5.1 syntax only.

BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'MySmpp.TestHelpers.ps1')
    $modulePath = Get-MySmppTestModulePath
    Import-Module -Name $modulePath -Force -ErrorAction Stop
    $emulator = Start-TestEmulator
    $cred = New-TestCredential
    $isDesktop = $PSVersionTable.PSEdition -eq 'Desktop'
    $onWindows = [System.Environment]::OSVersion.Platform -eq 'Win32NT'
}

AfterAll {
    Disconnect-MySmpp
    Stop-TestEmulator -Emulator $emulator
}

Describe 'Requests carry no Expect header' {
    It 'status, send, balance and sender requests in both flavours reach the gateway without one' {
        $before = Get-TestEmulatorStats -Emulator $emulator
        foreach ($protocol in 'Json', 'Xml') {
            Connect-MySmpp -Credential $cred -BaseUri $emulator.BaseUri -Protocol $protocol -WarningAction SilentlyContinue
            (Get-SmsState -Id 82216).Status | Should -Be 'Delivered'
            Get-MySmppBalance | Should -Not -BeNullOrEmpty
            @(Get-MySmppSender).Count | Should -BeGreaterThan 0
            (Send-Sms -Phone 79001112233 -Text 'Expect nothing' -Sender MyShop -Confirm:$false).Id | Should -BeGreaterThan 0
        }
        $after = Get-TestEmulatorStats -Emulator $emulator
        ($after.requests - $before.requests) | Should -BeGreaterOrEqual 10
        ($after.expectHeaders - $before.expectHeaders) | Should -Be 0
    }
}

Describe 'https:// against a TLS-1.2-only gateway' {
    BeforeAll {
        $secure = Start-TestEmulator -Https -Arguments @('--tls12-only')
        $untrusted = Start-TestEmulator -Https -Arguments @('--tls12-only')
    }

    AfterAll {
        Stop-TestEmulator -Emulator $secure
        Stop-TestEmulator -Emulator $untrusted
    }

    It 'an untrusted certificate gives the certificate hint once per request in flight, not a retry storm' {
        Connect-MySmpp -Credential $cred -BaseUri $untrusted.BaseUri -BatchSize 10 -MaxConcurrency 4 -MaxRetries 6 -SkipValidation
        $before = Get-TestEmulatorStats -Emulator $untrusted
        $states = @(Get-SmsState -Id (1000000..1000999) -ErrorVariable failures -ErrorAction SilentlyContinue)
        $states.Count | Should -Be 0
        $failures.Count | Should -Be 1000
        $failures | ForEach-Object { $_.FullyQualifiedErrorId | Should -BeLike 'MySmpp.Transport,*' }
        $failures[0].Exception.Message | Should -BeLike '*is trusted*Not retried*'
        $stats = Get-TestEmulatorStats -Emulator $untrusted
        $stats.requests | Should -Be 0
        # 100 batches with 6 retries each allowed, yet only the requests already in flight (at most 4) tried; the
        # second stats read is one more TLS connection.
        ($stats.tlsHandshakes - $before.tlsHandshakes - 1) | Should -BeLessOrEqual 4
    }

    It 'queries and sends over https when the certificate is trusted (5.1: with SecurityProtocol forced to Ssl3, Tls)' -Skip:($IsMacOS -or ($onWindows -and $env:MYSMPP_TRUST_TEST_CERTIFICATE -ne 'LocalMachine')) {
        if ($onWindows) {
            # Only where the workflow allows it (a throw-away runner, as administrator): trust the emulator's own
            # certificate machine-wide for this test, and take it out again.
            $certificate = Get-TestCertificate -Path $secure.Certificate
            $store = New-Object -TypeName System.Security.Cryptography.X509Certificates.X509Store -ArgumentList 'Root', 'LocalMachine'
            $store.Open('ReadWrite')
            $store.Add($certificate)
            $saved = [System.Net.ServicePointManager]::SecurityProtocol
            try {
                if ($isDesktop) {
                    # What powershell.exe has on Server 2016 and older images: no TLS 1.2. The session's handler must offer it.
                    [System.Net.ServicePointManager]::SecurityProtocol = [System.Net.SecurityProtocolType] 'Ssl3, Tls'
                }
                Connect-MySmpp -Credential $cred -BaseUri $secure.BaseUri
                $state = Get-SmsState -Id 82216
                $sent = Send-Sms -Phone 79001112234 -Text 'Over TLS 1.2' -Sender MyShop -Confirm:$false
            }
            finally {
                [System.Net.ServicePointManager]::SecurityProtocol = $saved
                $store.Remove($certificate)
                $store.Close()
            }
            $result = [pscustomobject]@{ Status = $state.Status.ToString(); SentId = $sent.Id }
        }
        else {
            # Linux: .NET reads the trusted roots from SSL_CERT_FILE, so a child process that has it trusts exactly
            # the emulator's certificate and nothing else (no store or process-wide callback is touched).
            $saved = $env:SSL_CERT_FILE
            $env:SSL_CERT_FILE = $secure.Certificate
            try {
                $job = Start-Job -ArgumentList $modulePath, $secure.BaseUri -ScriptBlock {
                    param($module, $base)
                    Import-Module -Name $module -ErrorAction Stop
                    $credential = New-Object -TypeName System.Management.Automation.PSCredential -ArgumentList 'login', (ConvertTo-SecureString -String 'password' -AsPlainText -Force)
                    Connect-MySmpp -Credential $credential -BaseUri $base
                    [pscustomobject]@{
                        Status = (Get-SmsState -Id 82216).Status.ToString()
                        SentId = (Send-Sms -Phone 79001112234 -Text 'Over TLS 1.2' -Sender MyShop -Confirm:$false).Id
                    }
                }
            }
            finally {
                $env:SSL_CERT_FILE = $saved
            }
            $result = $job | Wait-Job -Timeout 120 | Receive-Job
            $job | Remove-Job -Force
        }

        $result.Status | Should -Be 'Delivered'
        $result.SentId | Should -BeGreaterThan 0
        (Get-TestEmulatorStats -Emulator $secure).expectHeaders | Should -Be 0
    }
}

Describe 'Requests in flight' {
    BeforeAll {
        $slow = Start-TestEmulator -Arguments @('--latency-ms', '400')
    }

    AfterAll {
        Stop-TestEmulator -Emulator $slow
    }

    It 'runs 4 requests at once with -MaxConcurrency 4 (.NET Framework allows 2 per server by default)' {
        # Calibrated by the same 4 one-id requests sent one at a time: in parallel they must take well under half.
        Connect-MySmpp -Credential $cred -BaseUri $slow.BaseUri -BatchSize 1 -MaxConcurrency 1 -SkipValidation
        $null = Get-SmsState -Id 1000001   # connection set up outside the timing
        $serial = Measure-Command { $null = Get-SmsState -Id (1000002..1000005) }
        Connect-MySmpp -Credential $cred -BaseUri $slow.BaseUri -BatchSize 1 -MaxConcurrency 4 -SkipValidation
        $null = Get-SmsState -Id 1000001
        $parallel = Measure-Command { $states = @(Get-SmsState -Id (1000006..1000009)) }
        $states.Count | Should -Be 4
        Write-Host ('    4 requests at 400 ms latency: one at a time {0:0.00} s, 4 in flight {1:0.00} s' -f $serial.TotalSeconds, $parallel.TotalSeconds)
        $serial.TotalSeconds | Should -BeGreaterThan 1.5
        $parallel.TotalSeconds | Should -BeLessThan ($serial.TotalSeconds / 2)
    }
}

Describe 'The dependency resolver in a fresh process' {
    It 'keeps working in one runspace after another runspace removed the module' {
        # A new process, so that nothing is loaded yet: on 5.1 the first JSON answer is the first System.Text.Json load.
        $job = Start-Job -ArgumentList $modulePath, $emulator.BaseUri -ScriptBlock {
            param($module, $base)
            $a = [runspacefactory]::CreateRunspace()
            $b = [runspacefactory]::CreateRunspace()
            $a.Open()
            $b.Open()
            foreach ($runspace in $a, $b) {
                $ps = [powershell]::Create()
                $ps.Runspace = $runspace
                $null = $ps.AddScript('param($m) Import-Module -Name $m -ErrorAction Stop').AddArgument($module).Invoke()
            }
            $ps = [powershell]::Create()
            $ps.Runspace = $a
            $null = $ps.AddScript('Remove-Module -Name MySmpp -ErrorAction Stop').Invoke()
            $ps = [powershell]::Create()
            $ps.Runspace = $b
            $null = $ps.AddScript('param($base) $c = New-Object System.Management.Automation.PSCredential login, (ConvertTo-SecureString password -AsPlainText -Force); Connect-MySmpp -Credential $c -BaseUri $base -Protocol Json -WarningAction SilentlyContinue; (Get-SmsState -Id 82216 -Detail).Status.ToString()').AddArgument($base)
            $output = $ps.Invoke()
            [pscustomobject]@{ Status = [string] ($output | Select-Object -First 1); Errors = @($ps.Streams.Error | ForEach-Object { $_.ToString() }) }
        }
        $result = $job | Wait-Job -Timeout 120 | Receive-Job
        $job | Remove-Job -Force
        $result.Errors | Should -BeNullOrEmpty
        $result.Status | Should -Be 'Delivered'
    }

    It 'answers only references that tests/desktop-resolver-answers.txt lists (Windows PowerShell 5.1)' -Skip:(-not $isDesktop) {
        $job = Start-Job -ArgumentList $modulePath, $emulator.BaseUri -ScriptBlock {
            param($module, $base)
            Import-Module -Name $module -ErrorAction Stop
            $c = New-Object System.Management.Automation.PSCredential login, (ConvertTo-SecureString password -AsPlainText -Force)
            Connect-MySmpp -Credential $c -BaseUri $base -ServerTimeZone 'Europe/Moscow' -WarningAction SilentlyContinue
            $null = Get-SmsState -Id 82216, 82217 -Detail
            $null = Send-Sms -Phone 79001112235 -Text 'Resolver' -Sender MyShop -Confirm:$false
            $resolver = [MySmpp.Commands.MySmppModuleInitializer].Assembly.GetType('MySmpp.Commands.DesktopDependencyResolver')
            [pscustomobject]@{
                Answers  = @($resolver.GetProperty('Answers', [System.Reflection.BindingFlags] 'NonPublic, Static').GetValue($null))
                TimeZone = (Get-MySmppSession).ServerTimeZone
            }
        }
        $result = $job | Wait-Job -Timeout 120 | Receive-Job
        $job | Remove-Job -Force

        Write-Host '    The resolver answered (asked name and version <- requesting assembly => file version):'
        $result.Answers | ForEach-Object { Write-Host "      $_" }
        $expected = @(Get-Content -LiteralPath (Join-Path -Path (Get-TestRepoRoot) -ChildPath 'tests/desktop-resolver-answers.txt') |
            Where-Object { $_ -match '\S' -and $_ -notmatch '^\s*#' } |
            ForEach-Object { ($_ -split ' -> ')[1].Trim() })
        foreach ($answer in $result.Answers) {
            ($answer -split ' <- ')[0] | Should -BeIn $expected
        }
        ($result.Answers | ForEach-Object { ($_ -split ' <- ')[0] }) | Should -Contain 'System.Text.Json 8.0.0.0'
        ($result.Answers | ForEach-Object { ($_ -split ' <- ')[0] }) | Should -Contain 'TimeZoneConverter 8.0.1.0'
        $result.TimeZone | Should -Be 'Russian Standard Time'
    }
}

Describe 'One 100,000-id run (Windows PowerShell 5.1)' {
    It 'answers every id and prints how long it took' -Skip:(-not $isDesktop) {
        Connect-MySmpp -Credential $cred -BaseUri $emulator.BaseUri -SkipValidation
        $time = Measure-Command { $states = Get-SmsState -Id (1000000..1099999) }
        $states.Count | Should -Be 100000
        Write-Host ('    100,000 ids on Windows PowerShell {0} (.NET Framework {1}): {2:0.0} s, {3:0} ids/s' -f $PSVersionTable.PSVersion, [System.Runtime.InteropServices.RuntimeInformation]::FrameworkDescription, $time.TotalSeconds, (100000 / $time.TotalSeconds))
    }
}
