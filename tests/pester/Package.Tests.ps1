# The package a Gallery user gets (build.ps1 -Task Package runs tools/New-ModulePackage.ps1 over the Release build; here
# it runs over the module the tests use, so no build happens under the tests): what it holds, its manifest as
# Test-ModuleManifest reads it, and an install from a LOCAL file repository with PSResourceGet (in pwsh 7.4+; no
# network), then Import-Module by name and a command. PSResourceGet is not in Windows PowerShell 5.1: PowerShell 7 only.

BeforeAll {
    . (Join-Path -Path $PSScriptRoot -ChildPath 'MySmpp.TestHelpers.ps1')
    $packager = Join-Path -Path (Get-TestRepoRoot) -ChildPath 'tools/New-ModulePackage.ps1'
    $work = Join-Path -Path ([System.IO.Path]::GetTempPath()) -ChildPath ('mysmpp-package-test-' + [guid]::NewGuid().ToString('N'))
    New-Item -ItemType Directory -Path $work | Out-Null

    # Runs a script block in a job (a new process) whose HOME and XDG folders are in the work folder, so the local
    # repositories PSResourceGet registers and the module it installs for the current user stay there, away from this
    # machine's own settings (which other runs may be using at the same time). Returns what the job wrote.
    # The XDG folders must exist: .NET answers an empty path for a special folder that does not, and PSResourceGet and
    # NuGet then write their settings (PSResourceGet/, NuGet/) relative to the process's current folder. The job's
    # process also starts in the work folder (it inherits the current folder of this process, not PowerShell's
    # location), so nothing it writes can land in the repository.
    function Invoke-InOwnHome {
        param([scriptblock] $ScriptBlock, [object[]] $ArgumentList)
        $home2 = Join-Path -Path $work -ChildPath 'home'
        $folders = @{
            XDG_DATA_HOME   = Join-Path -Path $home2 -ChildPath '.local/share'
            XDG_CONFIG_HOME = Join-Path -Path $home2 -ChildPath '.config'
            XDG_CACHE_HOME  = Join-Path -Path $home2 -ChildPath '.cache'
        }
        New-Item -ItemType Directory -Path (@($home2) + @($folders.Values)) -Force | Out-Null
        $saved = @{}
        foreach ($name in @('HOME') + @($folders.Keys)) { $saved[$name] = [Environment]::GetEnvironmentVariable($name) }
        $savedFolder = [Environment]::CurrentDirectory
        try {
            $env:HOME = $home2
            foreach ($name in $folders.Keys) { [Environment]::SetEnvironmentVariable($name, $folders[$name]) }
            [Environment]::CurrentDirectory = $work
            $job = Start-Job -ScriptBlock $ScriptBlock -ArgumentList $ArgumentList -WorkingDirectory $work
        }
        finally {
            [Environment]::CurrentDirectory = $savedFolder
            foreach ($name in $saved.Keys) { [Environment]::SetEnvironmentVariable($name, $saved[$name]) }
        }
        try {
            $job | Wait-Job -Timeout 300 | Receive-Job -ErrorAction Stop
        }
        finally {
            $job | Remove-Job -Force
        }
    }

    $package = $null
    if ($PSVersionTable.PSEdition -ne 'Desktop') {
        $made = Invoke-InOwnHome -ArgumentList $packager, (Split-Path -Parent (Get-MySmppTestModulePath)), (Join-Path -Path $work -ChildPath 'artifacts') -ScriptBlock {
            param($packager, $folder, $destination)
            (& $packager -ModuleFolder $folder -Destination $destination 6>$null | Where-Object { $_ -is [System.IO.FileInfo] } | Select-Object -Last 1).FullName
        }
        $package = Get-Item -LiteralPath $made
    }

    Add-Type -AssemblyName System.IO.Compression, System.IO.Compression.FileSystem
    function Get-EntryName {
        param([string] $Path)
        $zip = [System.IO.Compression.ZipFile]::OpenRead($Path)
        try { @($zip.Entries | ForEach-Object { $_.FullName -replace '\\', '/' }) } finally { $zip.Dispose() }
    }

    # A copy of the package with one entry added or taken away, for the checks' own tests.
    function New-DoctoredPackage {
        param([string] $Name, [string] $Add, [string] $Remove)
        $copy = Join-Path -Path $work -ChildPath $Name
        Copy-Item -LiteralPath $package.FullName -Destination $copy
        $zip = [System.IO.Compression.ZipFile]::Open($copy, [System.IO.Compression.ZipArchiveMode]::Update)
        try {
            if ($Add) { $null = $zip.CreateEntry($Add) }
            if ($Remove) { $zip.GetEntry($Remove).Delete() }
        }
        finally {
            $zip.Dispose()
        }
        $copy
    }
}

AfterAll {
    Remove-Item -LiteralPath $work -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'The Gallery package' -Skip:($PSVersionTable.PSEdition -eq 'Desktop') {
    It 'is a .nupkg holding the module without debug symbols, with README.md and LICENSE' {
        $package.Name | Should -Be "MySmpp.$((Get-MySmppTestVersion).Split('-')[0]).nupkg"
        $names = Get-EntryName -Path $package.FullName
        $names | Where-Object { $_ -like '*.pdb' } | Should -BeNullOrEmpty
        foreach ($required in 'MySmpp.psd1', 'MySmpp.dll', 'MySmpp.Core.dll', 'MySmpp.Format.ps1xml', 'MySmpp.Types.ps1xml', 'README.md', 'LICENSE', 'en-US/MySmpp.dll-Help.xml') {
            $names | Should -Contain $required
        }
    }

    It 'is refused by its own check with a .pdb in it, or without README.md or LICENSE' {
        { & $packager -Test (New-DoctoredPackage -Name 'with-pdb.nupkg' -Add 'MySmpp.pdb') } | Should -Throw -ExpectedMessage '*holds debug symbols: MySmpp.pdb*'
        { & $packager -Test (New-DoctoredPackage -Name 'no-readme.nupkg' -Remove 'README.md') } | Should -Throw -ExpectedMessage '*does not hold README.md*'
        { & $packager -Test (New-DoctoredPackage -Name 'no-license.nupkg' -Remove 'LICENSE') } | Should -Throw -ExpectedMessage '*does not hold LICENSE*'
        { & $packager -Test $package.FullName 6>$null } | Should -Not -Throw
    }

    It 'has a manifest Test-ModuleManifest accepts, describing the whole module, with no placeholder left' {
        $extracted = Join-Path -Path $work -ChildPath 'extracted/MySmpp'
        [System.IO.Compression.ZipFile]::ExtractToDirectory($package.FullName, $extracted)
        $manifestPath = Join-Path -Path $extracted -ChildPath 'MySmpp.psd1'
        $info = Test-ModuleManifest -Path $manifestPath -ErrorAction Stop
        $info.Version | Should -Be ([version] (Get-MySmppTestVersion).Split('-')[0])
        $info.ExportedCmdlets.Keys | Should -Contain 'Send-Sms'

        $data = Import-PowerShellDataFile -LiteralPath $manifestPath
        foreach ($topic in 'Send-Sms', 'balance', 'sender names', 'stop list', 'report', 'journal') {
            $data.Description | Should -BeLike "*$topic*"
        }
        foreach ($topic in 'Sending', 'Get-MySmppBalance', 'Get-SmsInbound', 'ConvertTo-SmsDeliveryReport', 'Get-SmsJournal') {
            $data.PrivateData.PSData.ReleaseNotes | Should -BeLike "*$topic*"
        }
        $data.PrivateData.PSData.Tags | Should -Contain 'SMS'
        $data.PrivateData.PSData.ProjectUri | Should -BeLike 'https://*'
        $data.PrivateData.PSData.LicenseUri | Should -BeLike 'https://*'
        Get-Content -LiteralPath $manifestPath -Raw | Should -Not -BeLike '*placeholder*'
    }

    It 'installs from a local file repository with PSResourceGet, imports by name and runs a command' {
        $result = Invoke-InOwnHome -ArgumentList $package.DirectoryName -ScriptBlock {
            param($feed)
            $ErrorActionPreference = 'Stop'
            Register-PSResourceRepository -Name MySmppLocalTest -Uri $feed -Trusted
            try {
                Install-PSResource -Name MySmpp -Repository MySmppLocalTest -Scope CurrentUser -TrustRepository -Quiet
                Import-Module -Name MySmpp
                $module = Get-Module -Name MySmpp
                [pscustomobject] @{
                    ModuleBase = $module.ModuleBase
                    Version    = $module.Version.ToString()
                    Cmdlets    = $module.ExportedCmdlets.Count
                    Parts      = (Measure-SmsText -Text 'Your code is 1234').Parts
                    Installed  = @(Get-InstalledPSResource -Name MySmpp -Scope CurrentUser).Count
                }
                # On Windows the current user's module folder is the real one: leave nothing there.
                if ($IsWindows) { Uninstall-PSResource -Name MySmpp -Scope CurrentUser }
            }
            finally {
                Unregister-PSResourceRepository -Name MySmppLocalTest
            }
        }

        $result.Version | Should -Be ((Get-MySmppTestVersion).Split('-')[0])
        $result.Cmdlets | Should -Be (Test-ModuleManifest -Path (Get-MySmppTestModulePath)).ExportedCmdlets.Count
        $result.Parts | Should -Be 1
        $result.Installed | Should -Be 1
        if (-not $IsWindows) {
            $result.ModuleBase | Should -BeLike ((Join-Path -Path $work -ChildPath 'home') + '*')
            # PSResourceGet kept its settings in the job's own home, not in the folder the job started in.
            Join-Path -Path $work -ChildPath 'home/.local/share/PSResourceGet/PSResourceRepository.xml' | Should -Exist
            Join-Path -Path $work -ChildPath 'PSResourceGet' | Should -Not -Exist
        }
    }
}
