# Runbook safety as a runbook sees it, in real PowerShell: hard time bounds against servers that stall,
# ask for long Retry-After pauses or are not there at all; a bounded number of requests against a server
# that refuses everything; input that cannot be misread; a session disconnected under a running command.
# The figures are the issue's "Done when" numbers. Windows PowerShell 5.1 compatible syntax.

BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'MySmpp.TestHelpers.ps1')
    $modulePath = Get-MySmppTestModulePath
    Import-Module -Name $modulePath -Force -ErrorAction Stop
    $cred = New-TestCredential

    # A loopback HTTP server that misbehaves in one way and counts the requests it received:
    #   Stall      reads the request and never answers (not even headers) until the client gives up;
    #   Busy       answers 503 with Retry-After: 30;
    #   Malformed  answers every request with the gateway's "Incorrect JSON document format" error.
    if (-not ('MySmppPesterFaultServer' -as [type])) {
        Add-Type -Language CSharp -TypeDefinition @'
using System;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;

public sealed class MySmppPesterFaultServer : IDisposable
{
    private readonly TcpListener _listener;
    private readonly string _mode;
    private int _requests;
    private volatile bool _stopped;

    public MySmppPesterFaultServer(string mode)
    {
        _mode = mode;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        Thread accept = new Thread(AcceptLoop);
        accept.IsBackground = true;
        accept.Start();
    }

    public int Port { get { return ((IPEndPoint)_listener.LocalEndpoint).Port; } }

    public string BaseUri { get { return "http://127.0.0.1:" + Port; } }

    public int Requests { get { return Interlocked.CompareExchange(ref _requests, 0, 0); } }

    public void Dispose()
    {
        _stopped = true;
        _listener.Stop();
    }

    private void AcceptLoop()
    {
        while (!_stopped)
        {
            TcpClient client;
            try { client = _listener.AcceptTcpClient(); }
            catch (Exception) { return; }
            Thread serve = new Thread(Serve);
            serve.IsBackground = true;
            serve.Start(client);
        }
    }

    private void Serve(object state)
    {
        TcpClient client = (TcpClient)state;
        try
        {
            using (client)
            {
                NetworkStream stream = client.GetStream();
                byte[] buffer = new byte[65536];
                while (!_stopped)
                {
                    int length = ReadHead(stream);
                    if (length < 0) return;
                    while (length > 0)
                    {
                        int read = stream.Read(buffer, 0, Math.Min(buffer.Length, length));
                        if (read <= 0) return;
                        length -= read;
                    }

                    Interlocked.Increment(ref _requests);
                    if (_mode == "Stall")
                    {
                        while (stream.Read(buffer, 0, buffer.Length) > 0) { }
                        return;
                    }

                    string body = _mode == "Busy" ? "busy" : "{\"error\":\"Incorrect JSON document format\"}";
                    string head = _mode == "Busy"
                        ? "HTTP/1.1 503 Service Unavailable\r\nRetry-After: 30\r\nContent-Type: text/plain\r\n"
                        : "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n";
                    byte[] answer = Encoding.ASCII.GetBytes(head + "Content-Length: " + body.Length + "\r\n\r\n" + body);
                    stream.Write(answer, 0, answer.Length);
                }
            }
        }
        catch (Exception)
        {
            // The client went away: nothing to do.
        }
    }

    // Reads the request head; returns its Content-Length (0 without one), or -1 when the connection closed.
    private static int ReadHead(NetworkStream stream)
    {
        StringBuilder head = new StringBuilder();
        while (true)
        {
            int b = stream.ReadByte();
            if (b < 0) return -1;
            head.Append((char)b);
            if (head.Length >= 4 && head[head.Length - 1] == '\n' && head.ToString(head.Length - 4, 4) == "\r\n\r\n") break;
        }

        foreach (string line in head.ToString().Split('\n'))
        {
            if (line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
            {
                return int.Parse(line.Substring(15).Trim());
            }
        }

        return 0;
    }
}
'@
    }

    function Connect-Fault {
        param([string] $BaseUri, [int] $OperationTimeoutSec = 3600)
        Connect-MySmpp -Credential $cred -BaseUri $BaseUri -SkipValidation -OperationTimeoutSec $OperationTimeoutSec -PassThru -WarningAction SilentlyContinue
    }
}

Describe 'Deadlines that hold' {
    It 'Wait-SmsState -TimeoutSec 1 returns within 6 s against a server that never answers' {
        $server = New-Object -TypeName MySmppPesterFaultServer -ArgumentList 'Stall'
        try {
            $session = Connect-Fault -BaseUri $server.BaseUri
            $watch = [System.Diagnostics.Stopwatch]::StartNew()
            $states = @(Wait-SmsState -Id 82216, 82217 -TimeoutSec 1 -PollIntervalSec 1 -Session $session -ErrorVariable late -ErrorAction SilentlyContinue)
            $watch.Stop()

            $watch.Elapsed.TotalSeconds | Should -BeLessThan 6
            $states.Count | Should -Be 0
            $late.Count | Should -Be 2
            foreach ($record in $late) {
                $record.FullyQualifiedErrorId | Should -BeLike 'MySmpp.WaitTimeout,*'
                $record.Exception.Message | Should -BeLike '*did not settle within 1 s*'
            }
            ($late | ForEach-Object { $_.TargetObject } | Sort-Object) -join ',' | Should -Be '82216,82217'
            $server.Requests | Should -BeGreaterThan 0
        }
        finally {
            $server.Dispose()
            Disconnect-MySmpp -Session $session
        }
    }

    It 'Wait-SmsState -TimeoutSec 3 returns within 8 s against 503 with Retry-After: 30' {
        $server = New-Object -TypeName MySmppPesterFaultServer -ArgumentList 'Busy'
        try {
            $session = Connect-Fault -BaseUri $server.BaseUri
            $watch = [System.Diagnostics.Stopwatch]::StartNew()
            $null = Wait-SmsState -Id 82216 -TimeoutSec 3 -PollIntervalSec 1 -Session $session -ErrorVariable late -ErrorAction SilentlyContinue
            $watch.Stop()

            $watch.Elapsed.TotalSeconds | Should -BeLessThan 8
            $late.Count | Should -Be 1
            $late[0].FullyQualifiedErrorId | Should -BeLike 'MySmpp.WaitTimeout,*'
            $late[0].Exception.Message | Should -BeLike '*HTTP 503*'
        }
        finally {
            $server.Dispose()
            Disconnect-MySmpp -Session $session
        }
    }

    It 'Get-SmsState -OperationTimeoutSec 5 on 4,000 ids against a dead gateway returns within 8 s, every id accounted for' {
        $session = Connect-Fault -BaseUri ('http://127.0.0.1:' + (Get-FreeTcpPort))
        try {
            $ids = 1..4000 | ForEach-Object { 1000000 + $_ }
            $watch = [System.Diagnostics.Stopwatch]::StartNew()
            $states = @($ids | Get-SmsState -OperationTimeoutSec 5 -Session $session -ErrorVariable failed -ErrorAction SilentlyContinue)
            $watch.Stop()

            $watch.Elapsed.TotalSeconds | Should -BeLessThan 8
            $states.Count | Should -Be 0
            $failed.Count | Should -Be 4000
            (@($failed | ForEach-Object { [long] $_.TargetObject }) -join ',') | Should -Be ($ids -join ',')
            foreach ($record in $failed) { $record.FullyQualifiedErrorId | Should -BeLike 'MySmpp.Transport,*' }
            $failed[0].Exception.Message | Should -Not -BeLike '*Connection refused*Connection refused*'
        }
        finally {
            Disconnect-MySmpp -Session $session
        }
    }

    It 'Get-SmsState -OperationTimeoutSec gives MySmpp.Timeout to ids not answered by then' {
        $server = New-Object -TypeName MySmppPesterFaultServer -ArgumentList 'Stall'
        try {
            $session = Connect-Fault -BaseUri $server.BaseUri
            $watch = [System.Diagnostics.Stopwatch]::StartNew()
            $null = 82216, 82217, 82218 | Get-SmsState -OperationTimeoutSec 2 -Session $session -ErrorVariable failed -ErrorAction SilentlyContinue
            $watch.Stop()

            $watch.Elapsed.TotalSeconds | Should -BeLessThan 8
            $failed.Count | Should -Be 3
            foreach ($record in $failed) {
                $record.FullyQualifiedErrorId | Should -BeLike 'MySmpp.Timeout,*'
                $record.CategoryInfo.Category | Should -Be 'OperationTimeout'
            }
        }
        finally {
            $server.Dispose()
            Disconnect-MySmpp -Session $session
        }
    }

    It 'Connect-MySmpp exposes the bounds on the session' {
        $session = Connect-MySmpp -Credential $cred -BaseUri 'http://127.0.0.1:1' -SkipValidation -PassThru -WarningAction SilentlyContinue `
            -OperationTimeoutSec 120 -RetryMaxDelaySec 5 -MaxResponseSizeMB 2 -MaxRetries 1
        try {
            $session.OperationTimeout | Should -Be ([timespan]::FromSeconds(120))
            $session.RetryMaxDelay | Should -Be ([timespan]::FromSeconds(5))
            $session.MaxResponseBytes | Should -Be (2 * 1024 * 1024)
            $session.MaxRetries | Should -Be 1
        }
        finally {
            Disconnect-MySmpp -Session $session
        }
        $default = Connect-MySmpp -Credential $cred -BaseUri 'http://127.0.0.1:1' -SkipValidation -PassThru -WarningAction SilentlyContinue
        try {
            $default.OperationTimeout | Should -Be ([timespan]::FromSeconds(3600))
        }
        finally {
            Disconnect-MySmpp -Session $default
        }
    }
}

Describe 'No request storms' {
    It 'sends at most 200 requests for 2,000 ids when the server refuses everything as malformed, every id a typed error' {
        $server = New-Object -TypeName MySmppPesterFaultServer -ArgumentList 'Malformed'
        try {
            $session = Connect-Fault -BaseUri $server.BaseUri
            $ids = 1..2000 | ForEach-Object { 1000000 + $_ }
            $states = @($ids | Get-SmsState -Session $session -ErrorVariable failed -ErrorAction SilentlyContinue)

            $server.Requests | Should -BeLessOrEqual 200
            $states.Count | Should -Be 0
            $failed.Count | Should -Be 2000
            (@($failed | ForEach-Object { [long] $_.TargetObject }) -join ',') | Should -Be ($ids -join ',')
            foreach ($record in $failed) {
                $record.FullyQualifiedErrorId | Should -BeLike 'MySmpp.Protocol,*'
                $record.Exception.Message | Should -BeLike '*Incorrect JSON document format*'
            }
        }
        finally {
            $server.Dispose()
            Disconnect-MySmpp -Session $session
        }
    }

    It 'does not retry https against a plain-http endpoint and says to try http://' {
        $emulator = Start-TestEmulator
        try {
            $https = $emulator.BaseUri -replace '^http:', 'https:'
            $session = Connect-Fault -BaseUri $https
            $watch = [System.Diagnostics.Stopwatch]::StartNew()
            $null = Get-SmsState 82216 -Session $session -ErrorVariable failed -ErrorAction SilentlyContinue
            $watch.Elapsed.TotalSeconds | Should -BeLessThan 5
            $failed.Count | Should -Be 1
            $failed[0].FullyQualifiedErrorId | Should -BeLike 'MySmpp.Transport,*'
            $failed[0].Exception.Message | Should -BeLike '*use http:// instead of https://*'
            $failed[0].Exception.Message | Should -Not -BeLike '*Gave up after*'
        }
        finally {
            Disconnect-MySmpp -Session $session
            Stop-TestEmulator -Emulator $emulator
        }
    }

    It 'names -BaseUri, not an internal option, for an address with a path' {
        $refused = { Connect-MySmpp -Credential $cred -BaseUri 'http://127.0.0.1:1/json/' -SkipValidation -WarningAction SilentlyContinue } |
            Should -Throw -ErrorId 'MySmpp.InvalidArgument,*' -PassThru
        $refused.Exception.Message | Should -BeLike '-BaseUri must be just scheme, host and port*'
        $refused.Exception.Message | Should -Not -BeLike '*BaseAddress*'
    }
}

Describe 'Input that cannot be misread' {
    BeforeAll {
        $server = New-Object -TypeName MySmppPesterFaultServer -ArgumentList 'Malformed'
        $session = Connect-Fault -BaseUri $server.BaseUri
        $workDir = Join-Path -Path ([System.IO.Path]::GetTempPath()) -ChildPath ('mysmpp-pester-' + [guid]::NewGuid().ToString('N'))
        New-Item -ItemType Directory -Path $workDir | Out-Null
    }

    AfterAll {
        Disconnect-MySmpp -Session $session
        $server.Dispose()
        Remove-Item -LiteralPath $workDir -Recurse -Force -ErrorAction SilentlyContinue
    }

    It "'1,234' | Get-SmsState sends nothing and gives one error naming 1,234" {
        $out = @('1,234' | Get-SmsState -Session $session -ErrorVariable bad -ErrorAction SilentlyContinue)
        $out.Count | Should -Be 0
        $bad.Count | Should -Be 1
        $bad[0].Exception.Message | Should -BeLike "*'1,234' is not one message id*"
        $bad[0].Exception.Message | Should -BeLike '*-split*'
        $server.Requests | Should -Be 0
    }

    It 'refuses <Name> by every path that reaches -Id, without sending' -TestCases @(
        @{ Name = 'a thousands comma'; Value = '1,234'; Shown = '1,234' }
        @{ Name = 'a space'; Value = '82 218'; Shown = '82 218' }
        @{ Name = 'a decimal point'; Value = '1.234'; Shown = '1.234' }
        @{ Name = 'a no-break space'; Value = ('82' + [char] 0x00A0 + '216'); Shown = '82[U+00A0]216' }
        @{ Name = 'a thin space'; Value = ('82' + [char] 0x2009 + '216'); Shown = '82[U+2009]216' }
    ) {
        param($Name, $Value, $Shown)
        $pattern = "*'" + [System.Management.Automation.WildcardPattern]::Escape($Shown) + "' is not one message id*"
        $sentBefore = $server.Requests

        # Positional (a parameter binding error stops the command).
        { Get-SmsState $Value -Session $session } | Should -Throw -ExpectedMessage $pattern

        # Pipeline by value: one error for that row, the other rows still go through.
        $null = @($Value, '82216') | Get-SmsState -Session $session -ErrorVariable byValue -ErrorAction SilentlyContinue
        @($byValue | Where-Object { $_.Exception.Message -like $pattern }).Count | Should -Be 1

        # By property name, from Import-Csv.
        $csv = Join-Path -Path $workDir -ChildPath 'sent.csv'
        Set-Content -LiteralPath $csv -Encoding UTF8 -Value @('id_sms;phone', ($Value + ';79001234567'))
        $null = Import-Csv -LiteralPath $csv -Delimiter ';' | Get-SmsState -Session $session -ErrorVariable byName -ErrorAction SilentlyContinue
        $byName.Count | Should -Be 1
        $byName[0].Exception.Message | Should -BeLike $pattern

        # An array of strings.
        { Get-SmsState -Id @('82216', $Value) -Session $session } | Should -Throw -ExpectedMessage $pattern

        # Only the good row above ('82216', by value) may have been sent.
        $server.Requests | Should -BeLessOrEqual ($sentBefore + 1)
    }

    It 'still takes one id per string, trimmed, and arrays of them' {
        $null = Get-SmsState -Id ' 82216 ', '82217' -Session $session -ErrorVariable sent -ErrorAction SilentlyContinue
        # The Malformed server refuses them, which proves they were sent as ids.
        (@($sent | ForEach-Object { [long] $_.TargetObject }) | Sort-Object) -join ',' | Should -Be '82216,82217'
    }

    It 'says a value beyond the id range is out of range, not "not a whole number"' {
        { Get-SmsState 99999999999999999999 -Session $session } | Should -Throw -ExpectedMessage '*99999999999999999999 is out of range for a message id*'
        { Get-SmsState '99999999999999999999' -Session $session } | Should -Throw -ExpectedMessage '*out of range for a message id*'
    }

    It 'names the accepted property names for a piped object without one' {
        $null = [pscustomobject]@{ Phone = '79001234567'; Text = 'hi' } | Get-SmsState -Session $session -ErrorVariable noId -ErrorAction SilentlyContinue
        $noId.Count | Should -Be 1
        $noId[0].Exception.Message | Should -BeLike '*Id, id_sms, MessageId or IdSms*'
    }
}

Describe 'Session lifetime' {
    It 'ends a running Get-SmsState with one terminating MySmpp.NotConnected when another runspace disconnects its session' {
        $emulator = Start-TestEmulator -Arguments @('--latency-ms', '100')
        $session = Connect-MySmpp -Credential $cred -BaseUri $emulator.BaseUri -BatchSize 20 -MaxConcurrency 1 -PassThru -WarningAction SilentlyContinue
        $other = [powershell]::Create()
        try {
            $null = $other.AddScript('param($s, $m) Import-Module $m; Start-Sleep -Milliseconds 1500; Disconnect-MySmpp -Session $s').AddArgument($session).AddArgument($modulePath)
            $handle = $other.BeginInvoke()
            $states = New-Object -TypeName System.Collections.ArrayList
            $perId = New-Object -TypeName System.Collections.ArrayList
            { 1000001..1004000 | Get-SmsState -Session $session -ErrorVariable +perId -ErrorAction SilentlyContinue | ForEach-Object { $null = $states.Add($_) } } |
                Should -Throw -ErrorId 'MySmpp.NotConnected,*'
            $null = $other.EndInvoke($handle)

            # -ErrorVariable also holds the terminating error (as its record and as the exception carrying it): nothing else.
            foreach ($item in $perId) {
                $record = $item
                if ($item -isnot [System.Management.Automation.ErrorRecord]) { $record = $item.ErrorRecord }
                $record.FullyQualifiedErrorId | Should -BeLike 'MySmpp.NotConnected,*'
            }
            $states.Count | Should -BeGreaterThan 0
            $states.Count | Should -BeLessThan 4000
            $states[$states.Count - 1].Id | Should -Be (1000000 + $states.Count)
        }
        finally {
            $other.Dispose()
            Stop-TestEmulator -Emulator $emulator
        }
    }

    It 'ends a running Wait-SmsState at once with one terminating MySmpp.NotConnected when another runspace disconnects its session' {
        $emulator = Start-TestEmulator
        $session = Connect-MySmpp -Credential $cred -BaseUri $emulator.BaseUri -PassThru -WarningAction SilentlyContinue
        $other = [powershell]::Create()
        try {
            $null = $other.AddScript('param($s, $m) Import-Module $m; Start-Sleep -Milliseconds 2000; Disconnect-MySmpp -Session $s').AddArgument($session).AddArgument($modulePath)
            $watch = [System.Diagnostics.Stopwatch]::StartNew()
            $handle = $other.BeginInvoke()
            $perId = New-Object -TypeName System.Collections.ArrayList
            # 7002 stays Sent: without the disconnect this would wait the full 60 s.
            { $null = Wait-SmsState -Id 7002 -TimeoutSec 60 -PollIntervalSec 30 -Session $session -ErrorVariable +perId -ErrorAction SilentlyContinue } |
                Should -Throw -ErrorId 'MySmpp.NotConnected,*'
            $watch.Stop()
            $null = $other.EndInvoke($handle)

            $watch.Elapsed.TotalSeconds | Should -BeLessThan 15
            foreach ($item in $perId) {
                $record = $item
                if ($item -isnot [System.Management.Automation.ErrorRecord]) { $record = $item.ErrorRecord }
                $record.FullyQualifiedErrorId | Should -BeLike 'MySmpp.NotConnected,*'
            }
        }
        finally {
            $other.Dispose()
            Stop-TestEmulator -Emulator $emulator
        }
    }
}
