# Helpers shared by the Pester suites (dot-sourced in each BeforeAll). Windows PowerShell 5.1 and
# PowerShell 7 syntax only: no ternary, no '??', no '&&', no ::new() on generic types.

# Secrets of the seeded account 'ops': distinctive, so tests can prove they never show up in output.
$MySmppSecretPassword = 'Pw-7f3c9a2e'
$MySmppSecretToken = 'Tk-51d0b8e4'

# The seed every test emulator gets: the built-in demo data, the 'ops' account, and two messages of
# our own: 7001 is Sent and becomes Delivered 120 simulated seconds after start; 7002 stays Sent.
function Get-MySmppTestSeed {
    @'
{
  "includeDefaults": true,
  "accounts": [
    { "login": "ops", "password": "Pw-7f3c9a2e", "token": "Tk-51d0b8e4" }
  ],
  "messages": [
    { "id": 7001, "parts": 2, "price": 1.25,
      "steps": [ { "afterSeconds": 0, "state": "send" }, { "afterSeconds": 120, "state": "deliver", "sms": "deliver" } ] },
    { "id": 7002, "parts": 1, "price": 1.25,
      "steps": [ { "afterSeconds": -10, "state": "send" } ] }
  ]
}
'@
}

function Get-TestRepoRoot {
    [System.IO.Path]::GetFullPath((Join-Path -Path $PSScriptRoot -ChildPath '../..'))
}

function Get-MySmppTestVersion {
    $props = Join-Path -Path (Get-TestRepoRoot) -ChildPath 'Directory.Build.props'
    [xml] $xml = Get-Content -LiteralPath $props -Raw
    $node = $xml.SelectSingleNode('//MySmppVersion')
    if ($null -eq $node) { throw "MySmppVersion is not set in $props." }
    $node.InnerText.Trim()
}

# The manifest of the BUILT module (out/MySmpp/<version>/MySmpp.psd1), never the source tree's.
function Get-MySmppTestModulePath {
    if ($env:MYSMPP_MODULE_PATH) { return $env:MYSMPP_MODULE_PATH }
    $version = (Get-MySmppTestVersion).Split('-')[0]
    $path = Join-Path -Path (Get-TestRepoRoot) -ChildPath "out/MySmpp/$version/MySmpp.psd1"
    if (-not (Test-Path -LiteralPath $path)) {
        throw "The built module is missing: $path. Run 'dotnet build MySmpp.sln' first."
    }
    [System.IO.Path]::GetFullPath($path)
}

function Get-MySmppTestEmulatorDll {
    if ($env:MYSMPP_EMULATOR_DLL) { return $env:MYSMPP_EMULATOR_DLL }
    $bin = Join-Path -Path (Get-TestRepoRoot) -ChildPath 'src/MySmpp.Emulator/bin'
    if ($env:MYSMPP_CONFIGURATION) {
        $candidate = Join-Path -Path $bin -ChildPath "$($env:MYSMPP_CONFIGURATION)/net10.0/MySmpp.Emulator.dll"
        if (Test-Path -LiteralPath $candidate) { return $candidate }
    }
    $found = Get-ChildItem -Path $bin -Filter 'MySmpp.Emulator.dll' -Recurse -ErrorAction SilentlyContinue |
        Sort-Object -Property LastWriteTimeUtc -Descending |
        Select-Object -First 1
    if ($null -eq $found) { throw "The emulator is not built under $bin. Run 'dotnet build MySmpp.sln' first." }
    $found.FullName
}

function Get-FreeTcpPort {
    $listener = New-Object -TypeName System.Net.Sockets.TcpListener -ArgumentList ([System.Net.IPAddress]::Loopback), 0
    $listener.Start()
    try { $listener.LocalEndpoint.Port } finally { $listener.Stop() }
}

function Test-TcpPort {
    param([int] $Port)
    $client = New-Object -TypeName System.Net.Sockets.TcpClient
    try {
        $client.Connect('127.0.0.1', $Port)
        $true
    }
    catch {
        $false
    }
    finally {
        $client.Close()
    }
}

# Starts the emulator on a free loopback port and waits until it accepts connections (polling, no
# fixed sleep). Returns an object with BaseUri, Port, Process, LogDir and, with -Https, Certificate (the path of
# the self-signed certificate it serves, PEM, written before the port opens); stop it with Stop-TestEmulator.
function Start-TestEmulator {
    param([string[]] $Arguments = @(), [switch] $Https)
    $dotnet = (Get-Command -Name dotnet -CommandType Application -ErrorAction Stop | Select-Object -First 1).Path
    $dll = Get-MySmppTestEmulatorDll
    $port = Get-FreeTcpPort
    $scheme = 'http'
    if ($Https) { $scheme = 'https' }
    $base = "${scheme}://127.0.0.1:$port"
    $logDir = Join-Path -Path ([System.IO.Path]::GetTempPath()) -ChildPath ('mysmpp-emulator-' + [guid]::NewGuid().ToString('N'))
    New-Item -ItemType Directory -Path $logDir | Out-Null
    $seedPath = Join-Path -Path $logDir -ChildPath 'seed.json'
    Set-Content -LiteralPath $seedPath -Value (Get-MySmppTestSeed) -Encoding Ascii
    $certificate = $null
    if ($Https) {
        $certificate = Join-Path -Path $logDir -ChildPath 'emulator.pem'
        $Arguments = @('--certificate-out', ('"' + $certificate + '"')) + $Arguments
    }

    $argumentList = @('"' + $dll + '"', '--urls', $base, '--seed', '"' + $seedPath + '"') + $Arguments
    $process = Start-Process -FilePath $dotnet -ArgumentList $argumentList -PassThru -NoNewWindow `
        -RedirectStandardOutput (Join-Path -Path $logDir -ChildPath 'out.txt') `
        -RedirectStandardError (Join-Path -Path $logDir -ChildPath 'err.txt')

    $deadline = [DateTime]::UtcNow.AddSeconds(60)
    while (-not (Test-TcpPort -Port $port)) {
        if ($process.HasExited) {
            $stderr = Get-Content -LiteralPath (Join-Path -Path $logDir -ChildPath 'err.txt') -Raw -ErrorAction SilentlyContinue
            throw "The emulator exited before it was ready: $stderr"
        }
        if ([DateTime]::UtcNow -gt $deadline) {
            Stop-Process -Id $process.Id -Force -ErrorAction SilentlyContinue
            throw "The emulator did not accept connections on port $port within 60 s."
        }
        Start-Sleep -Milliseconds 100
    }

    [pscustomobject]@{
        BaseUri     = $base
        Port        = $port
        Process     = $process
        LogDir      = $logDir
        Certificate = $certificate
    }
}

function Stop-TestEmulator {
    param($Emulator)
    if ($null -eq $Emulator) { return }
    if (-not $Emulator.Process.HasExited) {
        Stop-Process -Id $Emulator.Process.Id -Force -ErrorAction SilentlyContinue
        $null = $Emulator.Process.WaitForExit(10000)
    }
    Remove-Item -LiteralPath $Emulator.LogDir -Recurse -Force -ErrorAction SilentlyContinue
}

# The emulator's counters (GET /emulator/stats): requests, expectHeaders, tlsHandshakes, ...
function Get-TestEmulatorStats {
    param($Emulator)
    $http = 'http://127.0.0.1:' + $Emulator.Port
    if ($Emulator.BaseUri -like 'https:*') {
        # Read over a raw TLS stream that accepts the emulator's own certificate: a test-only trust, for this one read.
        $thumbprint = (Get-TestCertificate -Path $Emulator.Certificate).Thumbprint
        $pinned = [System.Net.Security.RemoteCertificateValidationCallback] { param($sender, $certificate) $certificate.GetCertHashString() -eq $thumbprint }.GetNewClosure()
        $client = New-Object -TypeName System.Net.Sockets.TcpClient -ArgumentList '127.0.0.1', $Emulator.Port
        try {
            $ssl = New-Object -TypeName System.Net.Security.SslStream -ArgumentList $client.GetStream(), $false, $pinned
            $ssl.AuthenticateAsClient('127.0.0.1', $null, [System.Security.Authentication.SslProtocols]::Tls12, $false)
            $request = [System.Text.Encoding]::ASCII.GetBytes("GET /emulator/stats HTTP/1.1`r`nHost: 127.0.0.1`r`nConnection: close`r`n`r`n")
            $ssl.Write($request, 0, $request.Length)
            $reader = New-Object -TypeName System.IO.StreamReader -ArgumentList $ssl
            $text = $reader.ReadToEnd()
            return ($text.Substring($text.IndexOf("`r`n`r`n") + 4) | ConvertFrom-Json)
        }
        finally {
            $client.Close()
        }
    }
    Invoke-RestMethod -Uri "$http/emulator/stats"
}

# The certificate in a PEM file, as an X509Certificate2 (5.1 has no ImportFromPem).
function Get-TestCertificate {
    param([string] $Path)
    $pem = Get-Content -LiteralPath $Path -Raw
    $base64 = ($pem -replace '-----[A-Z ]+-----', '') -replace '\s', ''
    New-Object -TypeName System.Security.Cryptography.X509Certificates.X509Certificate2 -ArgumentList (, [Convert]::FromBase64String($base64))
}

function New-TestCredential {
    param([string] $Login = 'login', [string] $Password = 'password')
    $secure = ConvertTo-SecureString -String $Password -AsPlainText -Force
    New-Object -TypeName System.Management.Automation.PSCredential -ArgumentList $Login, $secure
}

function New-TestToken {
    param([string] $Token = 'token')
    ConvertTo-SecureString -String $Token -AsPlainText -Force
}

# The verbose messages a script block writes, as one string.
function Get-VerboseText {
    param([scriptblock] $ScriptBlock)
    $records = & $ScriptBlock 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
    ($records | ForEach-Object { $_.Message }) -join "`n"
}

function Remove-MySmppEnvironment {
    foreach ($name in 'MYSMPP_TOKEN', 'MYSMPP_LOGIN', 'MYSMPP_PASSWORD') {
        Remove-Item -Path "Env:$name" -ErrorAction SilentlyContinue
    }
}

# The browser checker (tests/MySmpp.BrowserCheck): opens a page in the machine's headless Chromium and prints
# what it saw as JSON (console problems, requests, KPI texts, sideways scrolling at 1280 and 600 px, screenshots).
function Get-MySmppBrowserCheckDll {
    $bin = Join-Path -Path (Get-TestRepoRoot) -ChildPath 'tests/MySmpp.BrowserCheck/bin'
    if ($env:MYSMPP_CONFIGURATION) {
        $candidate = Join-Path -Path $bin -ChildPath "$($env:MYSMPP_CONFIGURATION)/net10.0/MySmpp.BrowserCheck.dll"
        if (Test-Path -LiteralPath $candidate) { return $candidate }
    }
    $found = Get-ChildItem -Path $bin -Filter 'MySmpp.BrowserCheck.dll' -Recurse -ErrorAction SilentlyContinue |
        Sort-Object -Property LastWriteTimeUtc -Descending |
        Select-Object -First 1
    if ($null -eq $found) { throw "The browser checker is not built under $bin. Run 'dotnet build MySmpp.sln' first." }
    $found.FullName
}

# Opens $Path in headless Chromium; screenshots go to TestResults/browser/<Name>-<width>.png. Throws when the
# page could not be checked at all (no browser), so a missing browser fails the test rather than skipping it.
function Invoke-BrowserCheck {
    param([Parameter(Mandatory = $true)] [string] $Path, [Parameter(Mandatory = $true)] [string] $Name)
    $dotnet = (Get-Command -Name dotnet -CommandType Application -ErrorAction Stop | Select-Object -First 1).Path
    $shots = Join-Path -Path (Get-TestRepoRoot) -ChildPath 'TestResults/browser'
    $errorFile = [System.IO.Path]::GetTempFileName()
    try {
        $output = & $dotnet (Get-MySmppBrowserCheckDll) $Path $shots $Name 2> $errorFile
        if ($LASTEXITCODE -ne 0) { throw "The browser check of $Path failed: $(Get-Content -LiteralPath $errorFile -Raw)" }
    }
    finally {
        Remove-Item -LiteralPath $errorFile -Force -ErrorAction SilentlyContinue
    }
    ($output -join "`n") | ConvertFrom-Json
}

# The send journal of a session, and its account there, through the session's internal accessors (what Send-Sms uses).
function Get-TestJournal {
    param($Session)
    $flags = [System.Reflection.BindingFlags]'Instance,NonPublic'
    $type = [MySmpp.Commands.MySmppSession]
    [pscustomobject]@{
        Journal = $type.GetMethod('OpenJournal', $flags).Invoke($Session, @())
        Account = $type.GetMethod('JournalAccount', $flags).Invoke($Session, @())
    }
}

# Writes recipients into a session's send journal through the journal's API, as the send path does: one run, one batch
# of intents (one transaction), then one batch of outcomes. Each recipient is an object with Phone, Text, ClientId and
# optionally Campaign, and Id (accepted), ErrorId (refused) or neither (left unconfirmed). Returns the run.
function Add-TestJournalEntry {
    param($Session, [object[]] $Recipient, [string] $JobName = $null, [datetime] $At = (Get-Date))
    $target = Get-TestJournal -Session $Session
    $when = [DateTimeOffset] $At
    # [NullString]: PowerShell would pass $null to a string parameter as an empty string.
    $job = [NullString]::Value
    if ($JobName) { $job = $JobName }
    $run = $target.Journal.StartRun($target.Account, [guid]::NewGuid(), $job, $when)
    $intents = New-Object -TypeName 'System.Collections.Generic.List[MySmpp.Journal.SendIntent]'
    $position = 0
    foreach ($r in $Recipient) {
        $position++
        $message = New-Object -TypeName MySmpp.Sending.SmsMessage
        $message.Text = $r.Text
        $message.Sender = 'MyShop'
        if ($r.Campaign) { $message.CampaignName = $r.Campaign }
        $intents.Add((New-Object -TypeName MySmpp.Journal.SendIntent -ArgumentList ([long] $position), ([string] $r.Phone), ([long] $r.ClientId), $message, $when))
    }
    $entries = $target.Journal.RecordIntents($run, $intents)
    $outcomes = New-Object -TypeName 'System.Collections.Generic.List[MySmpp.Journal.SendJournalOutcome]'
    for ($i = 0; $i -lt $Recipient.Count; $i++) {
        $r = $Recipient[$i]
        if ($r.Id) {
            $outcomes.Add([MySmpp.Journal.SendJournalOutcome]::Accepted($entries[$i], [long] $r.Id, 1, $null, $when))
        }
        elseif ($r.ErrorId) {
            $outcomes.Add([MySmpp.Journal.SendJournalOutcome]::Refused($entries[$i], [string] $r.ErrorId, 'refused by the test', $when))
        }
    }
    $target.Journal.RecordOutcomes($outcomes)
    $run
}

# The e_sqlite3 file of every platform the module ships for (MySmppNativeRids in src/MySmpp/MySmpp.Module.targets).
function Get-MySmppNativeLibraryPath {
    'runtimes/win-x64/native/e_sqlite3.dll', 'runtimes/win-x86/native/e_sqlite3.dll', 'runtimes/win-arm64/native/e_sqlite3.dll',
    'runtimes/linux-x64/native/libe_sqlite3.so', 'runtimes/linux-arm64/native/libe_sqlite3.so',
    'runtimes/linux-musl-x64/native/libe_sqlite3.so', 'runtimes/linux-musl-arm64/native/libe_sqlite3.so',
    'runtimes/osx-x64/native/libe_sqlite3.dylib', 'runtimes/osx-arm64/native/libe_sqlite3.dylib'
}
