using System;
using System.IO;

namespace MySmpp.Benchmarks.Cold;

/// <summary>
/// The script every fresh pwsh of the <c>cold</c> command runs, one mode per process (<c>-What</c>):
/// <list type="bullet">
/// <item><c>state</c>: Import-Module, Connect-MySmpp, then <c>$results = Get-SmsState -Id $ids</c>, timed from the call.</item>
/// <item><c>state-loop</c>: what an admin writes without the module: the ids in batches, one <c>Invoke-RestMethod</c> at a
/// time, the body built in script, a result object per id from what Invoke-RestMethod parsed.</item>
/// <item><c>send</c>: Import-Module, Connect-MySmpp -NoJournal, then <c>$results = Send-Sms -Phone $phones …</c>.</item>
/// <item><c>send-loop</c>: the hand-written batched send loop (as the <c>send</c> command's loop phase).</item>
/// <item><c>one</c>: Import-Module, Connect-MySmpp and a one-id Get-SmsState: the CPU a runbook pays for the module.</item>
/// <item><c>bare</c>: the same one id with a bare <c>Invoke-RestMethod</c> one-liner, no module.</item>
/// </list>
/// The inputs (ids, phones) are made before anything is timed or loaded; the results are checked after the clock
/// stops (count, order, a sample of statuses for the harness to check against the emulator's rule).
/// </summary>
internal static class ColdScript
{
    public const string Text = """
        param(
            [string] $What, [string] $Module, [string] $Base, [string] $Protocol = 'Json', [int] $Count = 1,
            [long] $FirstId = 1000000000, [int] $BatchSize = 200, [int] $Concurrency = 4, [int] $SampleEvery = 1000, [long] $FirstKey = 1
        )
        $ErrorActionPreference = 'Stop'
        # As runbook authors do: progress records would only be collected by the job.
        $ProgressPreference = 'SilentlyContinue'
        $self = [System.Diagnostics.Process]::GetCurrentProcess()
        function Get-ProcessCpu { $self.Refresh(); $self.TotalProcessorTime.TotalSeconds }
        $startupCpu = Get-ProcessCpu

        # Inputs first, nothing of ours loaded: what a runbook reads from a file.
        $text = 'Your order is ready for pick-up at the counter'
        if ($What -like 'send*') {
            $inputs = [string[]]::new($Count)
            for ($i = 0; $i -lt $Count; $i++) { $inputs[$i] = '7902' + $i.ToString('D7', [cultureinfo]::InvariantCulture) }
        } else {
            $inputs = [long[]]($FirstId..($FirstId + $Count - 1))
        }

        $clock = [System.Diagnostics.Stopwatch]::StartNew()
        $cpu0 = Get-ProcessCpu
        $credential = [pscredential]::new('login', (ConvertTo-SecureString -String 'password' -AsPlainText -Force))
        if ($What -in 'state', 'one', 'send') {
            Import-Module -Name $Module
            $connect = @{ Credential = $credential; BaseUri = $Base; Protocol = $Protocol; BatchSize = $BatchSize; MaxConcurrency = $Concurrency; SkipValidation = $true; WarningAction = 'SilentlyContinue' }
            if ($What -eq 'send') { $connect.NoJournal = $true }
            $null = Connect-MySmpp @connect
        }
        $importSeconds = $clock.Elapsed.TotalSeconds
        $cpu1 = Get-ProcessCpu
        $jit1 = [System.Runtime.JitInfo]::GetCompiledMethodCount($false)
        $jitTime1 = [System.Runtime.JitInfo]::GetCompilationTime($false)
        $errorsBefore = $Error.Count
        $ErrorActionPreference = 'Continue'
        $clock.Restart()

        if ($What -in 'state', 'one') {
            $results = Get-SmsState -Id $inputs
        } elseif ($What -eq 'send') {
            $results = Send-Sms -Phone $inputs -Text $text -Sender MyShop
        } elseif ($What -eq 'bare') {
            $results = Invoke-RestMethod -Method Post -Uri ($Base.TrimEnd('/') + '/json/state.php') -ContentType 'text/json; charset=utf-8' -Body ('[{"login":"' + $credential.UserName + '","password":"' + $credential.GetNetworkCredential().Password + '","id_sms":' + $inputs[0] + ',"detail":0}]')
            $results = foreach ($s in $results) { [pscustomobject]@{ Id = [long] $s.id_sms; RawStatus = $s.state } }
        } elseif ($What -eq 'state-loop') {
            $login = $credential.UserName
            $password = $credential.GetNetworkCredential().Password
            $xml = $Protocol -eq 'Xml'
            $uri = $Base.TrimEnd('/') + $(if ($xml) { '/xml/state.php' } else { '/json/state.php' })
            $list = [System.Collections.Generic.List[object]]::new()
            for ($start = 0; $start -lt $inputs.Count; $start += $BatchSize) {
                $end = [Math]::Min($start + $BatchSize, $inputs.Count) - 1
                if ($xml) {
                    $items = for ($i = $start; $i -le $end; $i++) { '<id_sms>' + $inputs[$i] + '</id_sms>' }
                    $body = '<?xml version="1.0" encoding="utf-8"?><request><security><login value="{0}"/><password value="{1}"/></security><get_state>{2}</get_state></request>' -f `
                        [System.Security.SecurityElement]::Escape($login), [System.Security.SecurityElement]::Escape($password), (-join $items)
                    $answer = Invoke-RestMethod -Method Post -Uri $uri -Body ([System.Text.Encoding]::UTF8.GetBytes($body)) -ContentType 'text/xml; charset=utf-8'
                    foreach ($s in $answer.response.state) { $list.Add([pscustomobject]@{ Id = [long] $s.id_sms; RawStatus = $s.'#text'; Time = $s.time }) }
                } else {
                    $items = for ($i = $start; $i -le $end; $i++) { @{ login = $login; password = $password; id_sms = $inputs[$i]; detail = 0 } }
                    $body = ConvertTo-Json -InputObject @($items) -Compress
                    $answer = Invoke-RestMethod -Method Post -Uri $uri -Body ([System.Text.Encoding]::UTF8.GetBytes($body)) -ContentType 'text/json; charset=utf-8'
                    foreach ($s in $answer) { $list.Add([pscustomobject]@{ Id = [long] $s.id_sms; RawStatus = $s.state; Time = $s.time_change_state }) }
                }
            }
            $results = $list.ToArray()
        } elseif ($What -eq 'send-loop') {
            $login = $credential.UserName
            $password = $credential.GetNetworkCredential().Password
            $uri = $Base.TrimEnd('/') + '/xml/'
            $list = [System.Collections.Generic.List[object]]::new()
            for ($start = 0; $start -lt $inputs.Count; $start += $BatchSize) {
                $end = [Math]::Min($start + $BatchSize, $inputs.Count) - 1
                $abonents = for ($i = $start; $i -le $end; $i++) {
                    '<abonent phone="{0}" number_sms="{1}" client_id_sms="{2}"/>' -f $inputs[$i], ($i - $start + 1), ($FirstKey + $i)
                }
                $body = '<?xml version="1.0" encoding="utf-8"?><request><security><login value="{0}"/><password value="{1}"/></security><message type="sms" type_send_1="sms"><sender>MyShop</sender><text>{2}</text>{3}</message></request>' -f `
                    [System.Security.SecurityElement]::Escape($login), [System.Security.SecurityElement]::Escape($password), [System.Security.SecurityElement]::Escape($text), (-join $abonents)
                $answer = Invoke-RestMethod -Method Post -Uri $uri -Body ([System.Text.Encoding]::UTF8.GetBytes($body)) -ContentType 'text/xml; charset=utf-8'
                foreach ($line in $answer.response.information) {
                    $list.Add([pscustomobject]@{ Phone = $inputs[$start + [int] $line.number_sms - 1]; Id = [long] $line.id_sms; Status = $line.'#text' })
                }
            }
            $results = $list.ToArray()
        } else {
            throw "Unknown -What '$What'."
        }

        $callSeconds = $clock.Elapsed.TotalSeconds
        $cpu2 = Get-ProcessCpu
        $jit2 = [System.Runtime.JitInfo]::GetCompiledMethodCount($false)
        $jitTime2 = [System.Runtime.JitInfo]::GetCompilationTime($false)
        $ErrorActionPreference = 'Stop'

        # Checked after the clock: every result there, in input order; a sample of statuses for the harness.
        $results = @($results)
        $errors = $Error.Count - $errorsBefore
        if ($What -like 'send*') {
            if ($results.Count -ne $inputs.Count -or -not [System.Linq.Enumerable]::SequenceEqual([string[]] $results.Phone, $inputs)) { $errors++ }
            $sample = @()
        } else {
            if ($results.Count -ne $inputs.Count -or -not [System.Linq.Enumerable]::SequenceEqual([long[]] $results.Id, $inputs)) { $errors++ }
            $sample = for ($i = 0; $i -lt $results.Count; $i += $SampleEvery) { [string] $results[$i].RawStatus }
        }

        $self.Refresh()
        'RESULT ' + (ConvertTo-Json -Compress -InputObject ([ordered]@{
            StartupCpu = $startupCpu; ImportSeconds = $importSeconds; ImportCpu = $cpu1 - $cpu0
            CallSeconds = $callSeconds; CallCpu = $cpu2 - $cpu1; TotalCpu = $cpu2
            Count = $inputs.Count; Results = $results.Count; Errors = $errors; Sample = @($sample)
            PeakWorkingSet = $self.PeakWorkingSet64
            CallCompiledMethods = $jit2 - $jit1; CallCompileSeconds = ($jitTime2 - $jitTime1).TotalSeconds
        }))
        """;

    /// <summary>Writes the script to a new temporary file; the caller deletes it.</summary>
    public static string WriteTemporary()
    {
        string path = Path.Combine(Path.GetTempPath(), "mysmpp-cold-" + Guid.NewGuid().ToString("N") + ".ps1");
        File.WriteAllText(path, Text);
        return path;
    }
}
