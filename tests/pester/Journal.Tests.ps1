# The send journal in real pwsh (and Windows PowerShell 5.1 in CI): the laid-out module with its native SQLite for
# every platform, nothing loaded before first use, write/read/sync/clear, owner-only files, many writers, and no clash
# with another Microsoft.Data.Sqlite / SQLitePCLRaw loaded into the same session first.

BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'MySmpp.TestHelpers.ps1')
    $modulePath = Get-MySmppTestModulePath
    $moduleDir = Split-Path -Path $modulePath -Parent
    Import-Module -Name $modulePath -Force -ErrorAction Stop
    $emulator = Start-TestEmulator -Arguments @('--time-scale', '60')
    $base = $emulator.BaseUri
    $work = Join-Path -Path ([System.IO.Path]::GetTempPath()) -ChildPath ('mysmpp-journal-' + [guid]::NewGuid().ToString('N'))
    New-Item -ItemType Directory -Path $work | Out-Null

    function New-JournalSession {
        param([string] $Name)
        Connect-MySmpp -Credential (New-TestCredential) -BaseUri $base -JournalPath (Join-Path -Path $work -ChildPath "$Name/MySmpp/journal.db") -PassThru -WarningAction SilentlyContinue
    }

    # Real ids from the emulator: sent by a session without a journal, then written into the journal under test through
    # its API, so that each test controls exactly which entries and outcomes the journal holds.
    function Send-Real {
        param([int] $Count, [int] $FirstKey)
        $sender = Connect-MySmpp -Credential (New-TestCredential) -BaseUri $base -NoJournal -PassThru -WarningAction SilentlyContinue
        try {
            $rows = for ($i = 0; $i -lt $Count; $i++) {
                [pscustomobject]@{ Phone = '7900222' + $i.ToString('0000'); Text = "Journal test $i"; ClientId = $FirstKey + $i }
            }
            $sent = @($rows | Send-Sms -Sender MyShop -Session $sender)
            for ($i = 0; $i -lt $Count; $i++) {
                [pscustomobject]@{ Phone = $rows[$i].Phone; Text = $rows[$i].Text; ClientId = $rows[$i].ClientId; Id = $sent[$i].Id; Campaign = 'pester' }
            }
        }
        finally {
            Disconnect-MySmpp -Session $sender
        }
    }
}

AfterAll {
    Get-MySmppSession -ErrorAction SilentlyContinue | Out-Null
    Disconnect-MySmpp
    Stop-TestEmulator -Emulator $emulator
    Remove-Item -LiteralPath $work -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'The laid-out module' {
    It 'ships the native SQLite library of every listed platform' {
        foreach ($relative in Get-MySmppNativeLibraryPath) {
            Join-Path -Path $moduleDir -ChildPath $relative | Should -Exist
        }
        Join-Path -Path $moduleDir -ChildPath 'Dependencies/Core/MySmpp.Journal.Sqlite.dll' | Should -Exist
        Join-Path -Path $moduleDir -ChildPath 'Dependencies/Desktop/MySmpp.Journal.Sqlite.dll' | Should -Exist
        Join-Path -Path $moduleDir -ChildPath 'Microsoft.Data.Sqlite.dll' | Should -Not -Exist
    }

    It 'loads nothing of the journal at import, Get-Command or Connect-MySmpp, and all of it on first use (a new process)' {
        $job = Start-Job -ArgumentList $modulePath, $base, (Join-Path -Path $work -ChildPath 'lazy/journal.db') -ScriptBlock {
            param($path, $base, $journal)
            function Get-JournalAssembly {
                @([AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -match 'Sqlite|SQLitePCL' } | ForEach-Object { $_.GetName().Name })
            }
            Import-Module -Name $path -ErrorAction Stop
            $null = Get-Command -Module MySmpp
            $cred = New-Object -TypeName System.Management.Automation.PSCredential -ArgumentList 'login', (ConvertTo-SecureString -String 'password' -AsPlainText -Force)
            Connect-MySmpp -Credential $cred -BaseUri $base -JournalPath $journal -WarningAction SilentlyContinue
            $before = Get-JournalAssembly
            $fileBefore = Test-Path -LiteralPath $journal
            $null = Get-SmsJournal
            [pscustomobject]@{ Before = $before.Count; FileBefore = $fileBefore; After = (Get-JournalAssembly) -join ','; FileAfter = Test-Path -LiteralPath $journal }
        }
        $result = $job | Wait-Job -Timeout 120 | Receive-Job
        $job | Remove-Job -Force
        $result.Before | Should -Be 0
        $result.FileBefore | Should -BeFalse
        $result.After | Should -Match 'MySmpp.Journal.Sqlite'
        $result.After | Should -Match 'Microsoft.Data.Sqlite'
        $result.FileAfter | Should -BeTrue
    }
}

Describe 'Writing, reading, syncing and clearing' {
    BeforeAll {
        $session = New-JournalSession -Name 'main'
        $recipients = @(Send-Real -Count 6 -FirstKey 810001)
        $recipients += [pscustomobject]@{ Phone = '79990000000'; Text = 'stop-listed'; ClientId = 810100; ErrorId = 'MySmpp.StopListed' }
        $recipients += [pscustomobject]@{ Phone = '79001113333'; Text = 'in flight when the process died'; ClientId = 810101 }
        $run = Add-TestJournalEntry -Session $session -Recipient $recipients
    }

    It 'reads back every entry in send order with its status' {
        $entries = @(Get-SmsJournal -Since (Get-Date).AddMinutes(-5) -Session $session)
        $entries.Count | Should -Be 8
        ($entries | ForEach-Object { $_.ClientId }) -join ',' | Should -Be '810001,810002,810003,810004,810005,810006,810100,810101'
        @($entries | Where-Object { $_.Status -eq 'Accepted' }).Count | Should -Be 6
        ($entries | Where-Object { $_.ClientId -eq 810100 }).Status | Should -Be 'Refused'
        ($entries | Where-Object { $_.ClientId -eq 810100 }).ErrorId | Should -Be 'MySmpp.StopListed'
        ($entries | Where-Object { $_.ClientId -eq 810101 }).Status | Should -Be 'Unconfirmed'
        ($entries | Where-Object { $_.ClientId -eq 810101 }).Text | Should -Be 'in flight when the process died'
        ($entries | Where-Object { $_.ClientId -eq 810001 }).Text | Should -BeNullOrEmpty
        $entries[0].RunId | Should -Be $run.RunId
    }

    It 'filters by status, id, key, phone, campaign and run' {
        @(Get-SmsJournal -Status Unconfirmed -Session $session).Count | Should -Be 1
        @(Get-SmsJournal -Status Refused, Unconfirmed -Session $session).Count | Should -Be 2
        @(Get-SmsJournal -Status Pending -Session $session).Count | Should -Be 6
        (Get-SmsJournal -Id $recipients[2].Id -Session $session).ClientId | Should -Be 810003
        (Get-SmsJournal -ClientId 810004 -Session $session).Id | Should -Be $recipients[3].Id
        (Get-SmsJournal -Phone '+7 999 000-00-00' -Session $session).ClientId | Should -Be 810100
        @(Get-SmsJournal -CampaignName pester -Session $session).Count | Should -Be 6
        @(Get-SmsJournal -RunId $run.RunId -Session $session).Count | Should -Be 8
        @(Get-SmsJournal -Until (Get-Date).AddMinutes(-5) -Session $session).Count | Should -Be 0
        { Get-SmsJournal -Phone 'not a phone' -Session $session } | Should -Throw -ErrorId 'MySmpp.InvalidArgument,*'
    }

    It 'pipes entries into Get-SmsState by Id' {
        $states = @(Get-SmsJournal -Status Pending -Session $session | Get-SmsState -Session $session)
        $states.Count | Should -Be 6
        ($states | ForEach-Object { $_.Id }) -join ',' | Should -Be (($recipients[0..5] | ForEach-Object { $_.Id }) -join ',')
    }

    It 'syncs the pending entries and stores their states' {
        # At time scale 60 the emulator settles a message 5-59 simulated seconds (under a second) after it was sent.
        Start-Sleep -Seconds 2
        $synced = @(Get-SmsJournal -Session $session | Sync-SmsJournal -PassThru -Session $session)
        $synced.Count | Should -Be 8
        ($synced | ForEach-Object { $_.ClientId }) -join ',' | Should -Be '810001,810002,810003,810004,810005,810006,810100,810101'
        $accepted = @($synced | Where-Object { $_.Id })
        $accepted | ForEach-Object { $_.Status | Should -BeIn @('Delivered', 'NotDelivered', 'Expired', 'Read', 'Sent', 'PartlyDelivered') }
        $accepted | ForEach-Object { $_.SyncedAt | Should -Not -BeNullOrEmpty }

        $stored = @(Get-SmsJournal -Status Pending, Final -Session $session | Where-Object { $_.Id })
        $stored | ForEach-Object { $_.SyncedAt | Should -Not -BeNullOrEmpty }
        ($stored | Where-Object { $_.Status -eq 'Delivered' }) | ForEach-Object { $_.IsFinal | Should -BeTrue }
        Sync-SmsJournal -Session $session -Since (Get-Date).AddMinutes(-5) | Should -BeNullOrEmpty
    }

    It 'refuses a session without a journal' {
        $none = Connect-MySmpp -Credential (New-TestCredential) -BaseUri $base -NoJournal -PassThru -SkipValidation -WarningAction SilentlyContinue
        { Get-SmsJournal -Session $none } | Should -Throw -ErrorId 'MySmpp.JournalDisabled,*'
        { Sync-SmsJournal -Session $none } | Should -Throw -ErrorId 'MySmpp.JournalDisabled,*'
        { Connect-MySmpp -Credential (New-TestCredential) -BaseUri $base -NoJournal -JournalKeepText -SkipValidation } | Should -Throw -ErrorId 'MySmpp.InvalidArgument,*'
        Disconnect-MySmpp -Session $none
    }

    It 'clears entries sent before a date, with -WhatIf first' {
        Clear-SmsJournal -Before (Get-Date).AddMinutes(1) -Session $session -WhatIf -WarningAction SilentlyContinue | Should -BeNullOrEmpty
        @(Get-SmsJournal -Session $session).Count | Should -Be 8
        $result = Clear-SmsJournal -Before (Get-Date).AddMinutes(1) -Session $session -Confirm:$false -WarningAction SilentlyContinue
        $result.Deleted | Should -Be 8
        @(Get-SmsJournal -Session $session).Count | Should -Be 0
    }
}

Describe 'Completing -CampaignName' {
    It 'offers the campaigns of the latest entries first, however many older ones there are' {
        $completing = New-JournalSession -Name 'completing'
        try {
            $old = for ($i = 0; $i -lt 5001; $i++) { [pscustomobject]@{ Phone = '7900333' + ($i % 10000).ToString('0000'); Text = 'old'; ClientId = 820000 + $i; Campaign = 'spring-sale' } }
            $null = Add-TestJournalEntry -Session $completing -Recipient $old -At (Get-Date).AddDays(-2)
            $null = Add-TestJournalEntry -Session $completing -Recipient @([pscustomobject]@{ Phone = '79003339999'; Text = 'new'; ClientId = 830000; Campaign = 'winter-sale' })
            $line = 'Get-SmsJournal -CampaignName '
            $completion = TabExpansion2 -inputScript $line -cursorColumn $line.Length
            @($completion.CompletionMatches.ListItemText) -join ',' | Should -Be 'winter-sale,spring-sale'
        }
        finally {
            Disconnect-MySmpp -Session $completing
        }
    }
}

Describe 'Clear-SmsJournal -Before at the ends of the calendar' {
    It 'takes [datetime]::MaxValue ("everything") west of UTC and MinValue east of it as a journal error or a result, never a .NET exception' -Skip:($IsWindows -or $PSVersionTable.PSEdition -eq 'Desktop') {
        $session = Connect-MySmpp -Credential (New-TestCredential) -BaseUri 'http://127.0.0.1:9' -SkipValidation -JournalPath (Join-Path -Path $work -ChildPath 'ends/MySmpp/journal.db') -PassThru -WarningAction SilentlyContinue
        $savedTz = $env:TZ
        try {
            foreach ($case in @(@{ Tz = 'America/New_York'; Before = [datetime]::MaxValue }, @{ Tz = 'Europe/Moscow'; Before = [datetime]::MinValue })) {
                $env:TZ = $case.Tz
                [System.TimeZoneInfo]::ClearCachedData()
                $result = Clear-SmsJournal -Before $case.Before -Session $session -Confirm:$false -WarningAction SilentlyContinue -ErrorAction Stop
                $result.Deleted | Should -Be 0
            }
        }
        finally {
            $env:TZ = $savedTz
            [System.TimeZoneInfo]::ClearCachedData()
            Disconnect-MySmpp -Session $session
        }
    }
}

Describe 'Owner-only files' {
    It 'creates the folder and the journal, -wal and -shm readable by their owner only' {
        $session = New-JournalSession -Name 'owner'
        $null = Add-TestJournalEntry -Session $session -Recipient @([pscustomobject]@{ Phone = '79001110001'; Text = 'x'; ClientId = 1 })
        $folder = Join-Path -Path $work -ChildPath 'owner/MySmpp'
        $file = Join-Path -Path $folder -ChildPath 'journal.db'
        $file | Should -Exist
        "$file-wal" | Should -Exist
        "$file-shm" | Should -Exist
        if ($IsWindows -or $PSVersionTable.PSEdition -eq 'Desktop') {
            $me = [System.Security.Principal.WindowsIdentity]::GetCurrent().User
            foreach ($path in $folder, $file, "$file-wal", "$file-shm") {
                $acl = Get-Acl -LiteralPath $path
                # The folder and the file have their own protected DACL; SQLite's -wal and -shm inherit the folder's.
                if ($path -eq $folder -or $path -eq $file) { $acl.AreAccessRulesProtected | Should -BeTrue -Because "$path must not inherit other principals" }
                $rules = @($acl.Access)
                $rules.Count | Should -BeGreaterThan 0
                foreach ($rule in $rules) {
                    $rule.IdentityReference.Translate([System.Security.Principal.SecurityIdentifier]) | Should -Be $me -Because "$path must grant only its owner"
                }
            }
        }
        else {
            [int] [System.IO.File]::GetUnixFileMode($folder) | Should -Be 448 -Because 'the folder must be 0700'
            foreach ($path in $file, "$file-wal", "$file-shm") {
                [int] [System.IO.File]::GetUnixFileMode($path) | Should -Be 384 -Because "$path must be 0600"
            }
        }
        Disconnect-MySmpp -Session $session
    }
}

Describe 'Many writers, one file' {
    It 'loses nothing with several runspaces and several processes writing at once' {
        $file = Join-Path -Path $work -ChildPath 'many/MySmpp/journal.db'
        $session = New-JournalSession -Name 'many'
        $helpers = Join-Path -Path $PSScriptRoot -ChildPath 'MySmpp.TestHelpers.ps1'
        # A writer says 'done' only when every one of its writes succeeded, and otherwise why not.
        $script = {
            param($modulePath, $base, $file, $first, $batches, $helpers)
            $ErrorActionPreference = 'Stop'
            try {
                . $helpers
                Import-Module -Name $modulePath
                $cred = New-Object -TypeName System.Management.Automation.PSCredential -ArgumentList 'login', (ConvertTo-SecureString -String 'password' -AsPlainText -Force)
                $s = Connect-MySmpp -Credential $cred -BaseUri $base -JournalPath $file -SkipValidation -PassThru -WarningAction SilentlyContinue
                for ($b = 0; $b -lt $batches; $b++) {
                    $rows = for ($i = 0; $i -lt 20; $i++) { [pscustomobject]@{ Phone = '79001110001'; Text = 'w'; ClientId = $first + $b * 20 + $i } }
                    $null = Add-TestJournalEntry -Session $s -Recipient $rows
                }
                Disconnect-MySmpp -Session $s
                'done'
            }
            catch {
                "writer $first failed: $($_.Exception.Message)"
            }
        }

        # Three processes and three runspaces of this one, 10 batches of 20 each, all at once. The runspaces import the
        # module one after the other before any writes: PowerShell's Import-Module in several runspaces of one process at
        # once can leave a runspace without the module's commands (PowerShell/PowerShell#7377; seen here once in 12 runs).
        $jobs = foreach ($p in 0..2) { Start-Job -ScriptBlock $script -ArgumentList $modulePath, $base, $file, (1000000 + $p * 1000), 10, $helpers }
        $shells = foreach ($r in 0..2) {
            $shell = [powershell]::Create()
            $shell.Runspace = [runspacefactory]::CreateRunspace()
            $shell.Runspace.Open()
            $null = $shell.AddCommand('Import-Module').AddParameter('Name', $modulePath).AddParameter('ErrorAction', 'Stop').Invoke()
            $shell.Commands.Clear()
            $null = $shell.AddScript($script.ToString()).AddArgument($modulePath).AddArgument($base).AddArgument($file).AddArgument(2000000 + $r * 1000).AddArgument(10).AddArgument($helpers)
            $shell
        }
        $handles = foreach ($shell in $shells) { $shell.BeginInvoke() }
        $fromRunspaces = for ($r = 0; $r -lt 3; $r++) {
            $shells[$r].EndInvoke($handles[$r])
            $shells[$r].Runspace.Dispose()
            $shells[$r].Dispose()
        }
        $fromProcesses = $jobs | Wait-Job -Timeout 180 | Receive-Job
        $jobs | Remove-Job -Force

        @($fromRunspaces) + @($fromProcesses) | Where-Object { $_ -ne 'done' } | Should -BeNullOrEmpty
        @($fromRunspaces | Where-Object { $_ -eq 'done' }).Count | Should -Be 3
        @($fromProcesses | Where-Object { $_ -eq 'done' }).Count | Should -Be 3
        $keys = @(Get-SmsJournal -Session $session | ForEach-Object { $_.ClientId })
        $keys.Count | Should -Be 1200
        @($keys | Sort-Object -Unique).Count | Should -Be 1200
        Disconnect-MySmpp -Session $session
    }
}

Describe 'Another Microsoft.Data.Sqlite and SQLitePCLRaw in the same session' {
    It 'keeps both working when the other versions were loaded first (a new process)' {
        $otherPath = Join-Path -Path (Get-TestRepoRoot) -ChildPath 'out/tools/OtherSqlite.path'
        $otherPath | Should -Exist -Because 'dotnet build MySmpp.sln restores the other versions (tools/MySmpp.TestTools)'
        $other = @(Get-Content -LiteralPath $otherPath | ForEach-Object { $_.Trim() })  # package root, Microsoft.Data.Sqlite version, SQLitePCLRaw version
        $job = Start-Job -ArgumentList $modulePath, $base, $work, $other[0], $other[1], $other[2], (Join-Path -Path $PSScriptRoot -ChildPath 'MySmpp.TestHelpers.ps1') -ScriptBlock {
            param($modulePath, $base, $work, $packages, $mdsVersion, $pclVersion, $helpers)
            . $helpers
            $core = $PSVersionTable.PSEdition -eq 'Core'
            $lib = if ($core) { 'net8.0' } else { 'netstandard2.0' }
            $pclLib = if ($core) { 'net6.0' } else { 'netstandard2.0' }
            $pcl = [System.Reflection.Assembly]::LoadFrom((Join-Path $packages "sqlitepclraw.core/$pclVersion/lib/netstandard2.0/SQLitePCLRaw.core.dll"))
            $provider = [System.Reflection.Assembly]::LoadFrom((Join-Path $packages "sqlitepclraw.provider.e_sqlite3/$pclVersion/lib/$pclLib/SQLitePCLRaw.provider.e_sqlite3.dll"))
            $mds = [System.Reflection.Assembly]::LoadFrom((Join-Path $packages "microsoft.data.sqlite.core/$mdsVersion/lib/$lib/Microsoft.Data.Sqlite.dll"))
            $otherUsed = $false
            $connection = $null
            if ($core) {
                # The other library is really used first: its own e_sqlite3 (2.1.11) through a resolver of its own.
                $rid = if ($IsWindows) { 'win-x64' } elseif ($IsMacOS) { 'osx-' + ([System.Runtime.InteropServices.RuntimeInformation]::ProcessArchitecture.ToString().ToLowerInvariant()) } else { 'linux-x64' }
                $file = if ($IsWindows) { 'e_sqlite3.dll' } elseif ($IsMacOS) { 'libe_sqlite3.dylib' } else { 'libe_sqlite3.so' }
                $native = Join-Path $packages "sqlitepclraw.lib.e_sqlite3/$pclVersion/runtimes/$rid/native/$file"
                $handle = [System.Runtime.InteropServices.NativeLibrary]::Load($native)
                # Its Microsoft.Data.Sqlite asks for SQLitePCLRaw.core 2.1.10: give it the 2.1.11 loaded above, as an app would bind it.
                [System.Runtime.Loader.AssemblyLoadContext]::Default.add_Resolving([Func[System.Runtime.Loader.AssemblyLoadContext, System.Reflection.AssemblyName, System.Reflection.Assembly]] { param($context, $name) if ($name.Name -eq 'SQLitePCLRaw.core') { $pcl } }.GetNewClosure())
                [System.Runtime.InteropServices.NativeLibrary]::SetDllImportResolver($provider, [System.Runtime.InteropServices.DllImportResolver] { param($name, $assembly, $path) $handle }.GetNewClosure())
                $pcl.GetType('SQLitePCL.raw').GetMethod('SetProvider').Invoke($null, @([Activator]::CreateInstance($provider.GetType('SQLitePCL.SQLite3Provider_e_sqlite3'))))
                $connection = [Activator]::CreateInstance($mds.GetType('Microsoft.Data.Sqlite.SqliteConnection'), @("Data Source=$(Join-Path $work 'other.db')"))
                $connection.Open()
                $command = $connection.CreateCommand()
                $command.CommandText = 'CREATE TABLE IF NOT EXISTS t (x); INSERT INTO t VALUES (1);'
                $null = $command.ExecuteNonQuery()
                $otherUsed = $true
            }

            Import-Module -Name $modulePath -ErrorAction Stop
            $cred = New-Object -TypeName System.Management.Automation.PSCredential -ArgumentList 'login', (ConvertTo-SecureString -String 'password' -AsPlainText -Force)
            $s = Connect-MySmpp -Credential $cred -BaseUri $base -JournalPath (Join-Path $work 'clash/journal.db') -SkipValidation -PassThru -WarningAction SilentlyContinue
            $null = Add-TestJournalEntry -Session $s -Recipient @([pscustomobject]@{ Phone = '79001110001'; Text = 'clash'; ClientId = 42; Id = 82216 })
            $read = @(Get-SmsJournal -Session $s)
            $synced = @($read | Sync-SmsJournal -PassThru -Session $s)

            $ours = [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'Microsoft.Data.Sqlite' -and $_ -ne $mds }
            $secondUse = $null
            if ($otherUsed) {
                $command = $connection.CreateCommand()
                $command.CommandText = 'INSERT INTO t VALUES (2); SELECT count(*) FROM t;'
                $secondUse = $command.ExecuteScalar()
                $connection.Dispose()
            }
            $context = $null
            $ourNative = $null
            if ($core) {
                $context = [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext(@($ours)[0]).GetType().FullName
                if ($IsLinux) { $ourNative = @(Get-Content "/proc/$PID/maps" | Where-Object { $_ -match 'e_sqlite3' } | ForEach-Object { ($_ -split '\s+')[-1] } | Sort-Object -Unique) -join ';' }
            }
            [pscustomobject]@{
                Read        = $read.Count
                Status      = $synced[0].Status.ToString()
                OtherLoaded = $mds.GetName().Version.ToString()
                OursVersion = (@($ours)[0]).GetName().Version.ToString()
                OursPath    = (@($ours)[0]).Location
                Context     = $context
                SecondUse   = $secondUse
                Natives     = $ourNative
            }
        }
        $result = $job | Wait-Job -Timeout 180 | Receive-Job
        $job | Remove-Job -Force

        $result.Read | Should -Be 1
        $result.Status | Should -Be 'Delivered'
        $result.OtherLoaded | Should -BeLike '9.*'
        $result.OursVersion | Should -BeLike '10.*'
        $result.OursPath | Should -BeLike (Join-Path -Path $moduleDir -ChildPath 'Dependencies*')
        if ($PSVersionTable.PSEdition -eq 'Core') {
            $result.Context | Should -Be 'MySmpp.Commands.JournalLoadContext'
            [int] $result.SecondUse | Should -BeGreaterThan 1
            if ($IsLinux) {
                $result.Natives | Should -Match ([regex]::Escape((Join-Path -Path $moduleDir -ChildPath 'runtimes')))
                $result.Natives | Should -Match 'sqlitepclraw.lib.e_sqlite3/2.1.11'
            }
        }
    }
}
