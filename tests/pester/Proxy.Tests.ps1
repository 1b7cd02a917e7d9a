# Connect-MySmpp behind a proxy, in real PowerShell: a test-only forward proxy (tests/MySmpp.TestProxy) on
# loopback requires Basic proxy authentication and alone resolves the gateway's name lk.mysmpp.test to the
# emulator, so a request that works went through it. It logs one line per request, never a credential.

BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'MySmpp.TestHelpers.ps1')
    Import-Module -Name (Get-MySmppTestModulePath) -Force -ErrorAction Stop

    function Get-TestProxyDll {
        $bin = Join-Path -Path (Get-TestRepoRoot) -ChildPath 'tests/MySmpp.TestProxy/bin'
        $found = Get-ChildItem -Path $bin -Filter 'MySmpp.TestProxy.dll' -Recurse -ErrorAction SilentlyContinue |
            Sort-Object -Property LastWriteTimeUtc -Descending |
            Select-Object -First 1
        if ($null -eq $found) { throw "The test proxy is not built under $bin. Run 'dotnet build MySmpp.sln' first." }
        $found.FullName
    }

    # Starts the proxy on a free port; -Map names the hosts it resolves (host=127.0.0.1:port).
    function Start-TestProxy {
        param([string] $Credential, [string[]] $Map)
        $dotnet = (Get-Command -Name dotnet -CommandType Application -ErrorAction Stop | Select-Object -First 1).Path
        $port = Get-FreeTcpPort
        $dir = Join-Path -Path ([System.IO.Path]::GetTempPath()) -ChildPath ('mysmpp-proxy-' + [guid]::NewGuid().ToString('N'))
        New-Item -ItemType Directory -Path $dir | Out-Null
        $log = Join-Path -Path $dir -ChildPath 'requests.log'
        $arguments = @('"' + (Get-TestProxyDll) + '"', '--port', $port, '--log', '"' + $log + '"', '--credential', $Credential)
        foreach ($entry in $Map) { $arguments += @('--map', $entry) }
        $process = Start-Process -FilePath $dotnet -ArgumentList $arguments -PassThru -NoNewWindow `
            -RedirectStandardOutput (Join-Path -Path $dir -ChildPath 'out.txt') `
            -RedirectStandardError (Join-Path -Path $dir -ChildPath 'err.txt')
        $deadline = [DateTime]::UtcNow.AddSeconds(60)
        while (-not (Test-TcpPort -Port $port)) {
            if ($process.HasExited) { throw ('The test proxy exited: ' + (Get-Content -LiteralPath (Join-Path -Path $dir -ChildPath 'err.txt') -Raw)) }
            if ([DateTime]::UtcNow -gt $deadline) { throw "The test proxy did not listen on port $port within 60 s." }
            Start-Sleep -Milliseconds 100
        }
        [pscustomobject]@{ Uri = "http://127.0.0.1:$port"; Port = $port; Process = $process; Dir = $dir; Log = $log }
    }

    # The proxy's log lines after the first $Skip ones.
    function Get-ProxyLog {
        param($Proxy, [int] $Skip = 0)
        if (-not (Test-Path -LiteralPath $Proxy.Log)) { return @() }
        @(Get-Content -LiteralPath $Proxy.Log | Select-Object -Skip $Skip)
    }

    function Get-ProxyLogCount {
        param($Proxy)
        @(Get-ProxyLog -Proxy $Proxy).Count
    }

    $emulator = Start-TestEmulator
    $proxyPassword = 'Px-2b7e90c4'
    $proxy = Start-TestProxy -Credential "proxyops:$proxyPassword" -Map @("lk.mysmpp.test=127.0.0.1:$($emulator.Port)")
    $gateway = "http://lk.mysmpp.test:$($emulator.Port)"
    $proxyCred = New-Object -TypeName System.Management.Automation.PSCredential -ArgumentList 'proxyops', (ConvertTo-SecureString -String $proxyPassword -AsPlainText -Force)
    $basicToken = [Convert]::ToBase64String([System.Text.Encoding]::UTF8.GetBytes("proxyops:$proxyPassword"))
}

AfterAll {
    Disconnect-MySmpp
    if ($null -ne $proxy) {
        if (-not $proxy.Process.HasExited) {
            Stop-Process -Id $proxy.Process.Id -Force -ErrorAction SilentlyContinue
            $null = $proxy.Process.WaitForExit(10000)
        }
        Remove-Item -LiteralPath $proxy.Dir -Recurse -Force -ErrorAction SilentlyContinue
    }
    Stop-TestEmulator -Emulator $emulator
}

Describe 'Connect-MySmpp -Proxy' {
    AfterEach {
        Disconnect-MySmpp
    }

    It 'queries through an authenticating proxy with -ProxyCredential (<_>)' -ForEach @('Json', 'Xml') {
        $protocol = $_
        $before = Get-ProxyLogCount -Proxy $proxy

        Connect-MySmpp -Credential (New-TestCredential) -BaseUri $gateway -Protocol $protocol -Proxy $proxy.Uri -ProxyCredential $proxyCred -WarningAction SilentlyContinue
        $state = Get-SmsState -Id 82216

        $state.Status | Should -Be 'Delivered'
        $path = $protocol.ToLowerInvariant() + '/state.php'
        $forwarded = @(Get-ProxyLog -Proxy $proxy -Skip $before | Where-Object { $_ -like '200 POST *' })
        $forwarded | Should -Be @("200 POST $gateway/$path proxy-auth=accepted", "200 POST $gateway/$path proxy-auth=accepted") # the check, then the query
        @(Get-ProxyLog -Proxy $proxy -Skip $before | Where-Object { $_ -like '*proxy-auth=refused' }).Count | Should -Be 0
    }

    It 'without -ProxyCredential, Get-SmsState fails once with MySmpp.ProxyAuthenticationRequired and sends no retries' {
        Connect-MySmpp -Credential (New-TestCredential) -BaseUri $gateway -Proxy $proxy.Uri -SkipValidation -BatchSize 1 -MaxConcurrency 1 -MaxRetries 4 -WarningAction SilentlyContinue
        $before = Get-ProxyLogCount -Proxy $proxy

        $failure = { Get-SmsState -Id 82216, 82217, 82218 } | Should -Throw -ErrorId 'MySmpp.ProxyAuthenticationRequired,*' -PassThru

        $failure.CategoryInfo.Category | Should -Be 'AuthenticationError'
        $failure.Exception.Message | Should -Match ([regex]::Escape("The proxy $($proxy.Uri)/ requires authentication"))
        $failure.ErrorDetails.RecommendedAction | Should -Match '-ProxyCredential'
        $failure.ErrorDetails.RecommendedAction | Should -Match '-ProxyUseDefaultCredentials'
        Get-ProxyLog -Proxy $proxy -Skip $before | Should -Be @("407 POST $gateway/json/state.php proxy-auth=none")
    }

    It 'without -ProxyCredential, Connect-MySmpp fails once with MySmpp.ProxyAuthenticationRequired' {
        $before = Get-ProxyLogCount -Proxy $proxy

        { Connect-MySmpp -Credential (New-TestCredential) -BaseUri $gateway -Proxy $proxy.Uri -Protocol Xml -WarningAction SilentlyContinue } |
            Should -Throw -ErrorId 'MySmpp.ProxyAuthenticationRequired,*'

        Get-ProxyLog -Proxy $proxy -Skip $before | Should -Be @("407 POST $gateway/xml/state.php proxy-auth=none")
        Get-MySmppSession | Should -BeNullOrEmpty
    }

    It 'shows the proxy on the session, and never its password (views, ToString, JSON, -Verbose)' {
        $verbose = Get-VerboseText {
            Connect-MySmpp -Credential (New-TestCredential) -BaseUri $gateway -Proxy $proxy.Uri -ProxyCredential $proxyCred -Verbose -WarningAction SilentlyContinue
            $null = Get-SmsState -Id 82216 -Verbose
        }
        $session = Get-MySmppSession

        $session.Proxy | Should -Be "$($proxy.Uri)/ as 'proxyops' (password hidden)"
        $verbose | Should -Match ([regex]::Escape("Proxy: $($proxy.Uri)/ as 'proxyops' (password hidden)"))
        $texts = @(
            $verbose,
            $session.ToString(),
            ($session | Format-List -Property * | Out-String),
            ($session | Format-Table | Out-String),
            ($session | ConvertTo-Json -Depth 3)
        )
        $session | Export-Clixml -Path (Join-Path -Path $proxy.Dir -ChildPath 'session.xml')
        foreach ($text in $texts) {
            $text | Should -Not -Match ([regex]::Escape($proxyPassword))
            $text | Should -Not -Match ([regex]::Escape($basicToken))
        }
        Get-Content -LiteralPath (Join-Path -Path $proxy.Dir -ChildPath 'session.xml') -Raw | Should -Not -Match ([regex]::Escape($proxyPassword))
    }

    It 'names an unreachable proxy, not the gateway' {
        $nowhere = "http://127.0.0.1:$(Get-FreeTcpPort)"
        $failure = { Connect-MySmpp -Credential (New-TestCredential) -BaseUri $gateway -Proxy $nowhere -ProxyCredential $proxyCred -MaxRetries 0 -WarningAction SilentlyContinue } |
            Should -Throw -ErrorId 'MySmpp.Transport,*' -PassThru

        $failure.CategoryInfo.Category | Should -Be 'ConnectionError'
        $failure.Exception.Message | Should -Match ([regex]::Escape("Could not connect to the proxy $nowhere/"))
        $failure.Exception.Message | Should -Not -Match 'lk\.mysmpp\.test'
        $failure.Exception.Message | Should -Not -Match ([regex]::Escape($proxyPassword))
    }

    It 'refuses <Name> as Invoke-RestMethod does, before sending anything' -ForEach @(
        @{ Name = '-NoProxy with -Proxy'; Splat = @{ NoProxy = $true; Proxy = 'http://127.0.0.1:9' } }
        @{ Name = '-ProxyCredential without -Proxy'; Splat = @{ ProxyCredential = 'cred' } }
        @{ Name = '-ProxyUseDefaultCredentials without -Proxy'; Splat = @{ ProxyUseDefaultCredentials = $true } }
        @{ Name = '-ProxyCredential with -ProxyUseDefaultCredentials'; Splat = @{ Proxy = 'http://127.0.0.1:9'; ProxyCredential = 'cred'; ProxyUseDefaultCredentials = $true } }
        @{ Name = 'a proxy address without a scheme'; Splat = @{ Proxy = 'proxy.example.com:8080' } }
    ) {
        $parameters = @{}
        foreach ($key in $Splat.Keys) { $parameters[$key] = $Splat[$key] }
        if ($parameters.ContainsKey('ProxyCredential')) { $parameters['ProxyCredential'] = $proxyCred }
        $before = Get-ProxyLogCount -Proxy $proxy

        { Connect-MySmpp -Credential (New-TestCredential) -BaseUri $gateway @parameters -WarningAction SilentlyContinue } |
            Should -Throw -ErrorId 'MySmpp.InvalidArgument,*'

        Get-ProxyLogCount -Proxy $proxy | Should -Be $before
        Get-MySmppSession | Should -BeNullOrEmpty
    }
}

Describe 'The system proxy and -NoProxy' {
    # Windows PowerShell 5.1 (.NET Framework) takes its default proxy from its configuration and the user's
    # Internet Options, not from HTTP_PROXY, and never proxies loopback: this test is about PowerShell 7.
    It 'uses HTTP_PROXY by default and bypasses it with -NoProxy (a child process with HTTP_PROXY set)' -Skip:($PSVersionTable.PSEdition -eq 'Desktop') {
        $before = Get-ProxyLogCount -Proxy $proxy
        $saved = $env:HTTP_PROXY
        $env:HTTP_PROXY = $proxy.Uri
        try {
            # A job runs in a new process, which reads the proxy variables afresh.
            $job = Start-Job -ArgumentList (Get-MySmppTestModulePath), $emulator.BaseUri -ScriptBlock {
                param($modulePath, $base)
                Import-Module -Name $modulePath -ErrorAction Stop
                $cred = New-Object -TypeName System.Management.Automation.PSCredential -ArgumentList 'login', (ConvertTo-SecureString -String 'password' -AsPlainText -Force)
                $viaEnvironment = $null
                try { Connect-MySmpp -Credential $cred -BaseUri $base -WarningAction SilentlyContinue } catch { $viaEnvironment = $_.FullyQualifiedErrorId }
                Connect-MySmpp -Credential $cred -BaseUri $base -NoProxy -WarningAction SilentlyContinue
                [pscustomobject]@{
                    ViaEnvironment = $viaEnvironment
                    Direct         = (Get-SmsState -Id 82216).Status.ToString()
                    Proxy          = (Get-MySmppSession).Proxy
                }
            }
        }
        finally {
            $env:HTTP_PROXY = $saved
        }
        $result = $job | Wait-Job -Timeout 120 | Receive-Job
        $job | Remove-Job -Force

        $result.ViaEnvironment | Should -BeLike 'MySmpp.ProxyAuthenticationRequired,*'
        $result.Direct | Should -Be 'Delivered'
        $result.Proxy | Should -Be 'none (NoProxy)'
        Get-ProxyLog -Proxy $proxy -Skip $before | Should -Be @("407 POST $($emulator.BaseUri)/json/state.php proxy-auth=none")
    }
}
