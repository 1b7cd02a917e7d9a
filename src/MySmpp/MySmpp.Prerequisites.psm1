# The manifest's NestedModules: PowerShell processes it before the RootModule, MySmpp.dll. Two jobs:
# - Windows PowerShell 5.1: MySmpp.dll is built for .NET Standard 2.0, which .NET Framework has in-box from 4.7.1 on; on
#   an older .NET Framework (Windows Server 2016 ships 4.6.2) loading it fails with "Could not load file or assembly
#   'netstandard, Version=2.0.0.0'", before MySmpp can say anything. This check says instead which .NET Framework is
#   installed and what to install.
# - PowerShell 7: loads the ReadyToRun (precompiled) MySmpp.Core.dll for this .NET and platform, when the module ships one,
#   before MySmpp.dll asks for MySmpp.Core (docs/cold-start.md).
# Windows PowerShell 5.1 syntax only. Keep this file ASCII: 5.1 reads a file without a BOM in the ANSI code page.

# Throws MySmpp.NetFrameworkTooOld (NotInstalled) on the Desktop edition when the .NET Framework release that
# $ReadRelease returns (the Release value of HKLM:\SOFTWARE\Microsoft\NET Framework Setup\NDP\v4\Full) is below 4.7.1.
# On PowerShell 7 ($Edition 'Core') it returns at once and reads nothing.
function Assert-MySmppNetFramework {
    param([string] $Edition, [scriptblock] $ReadRelease)
    if ($Edition -ne 'Desktop') { return }
    $release = & $ReadRelease
    if ($null -ne $release -and [int] $release -ge 461308) { return }

    # Release values from Microsoft's table "How to determine which .NET Framework versions are installed" (minimums).
    $known = @(@(461308, '4.7.1'), @(460798, '4.7'), @(394802, '4.6.2'), @(394254, '4.6.1'), @(393295, '4.6'), @(379893, '4.5.2'), @(378675, '4.5.1'), @(378389, '4.5'))
    $installed = 'no .NET Framework 4.5 or later'
    if ($null -ne $release) {
        $installed = ".NET Framework of Release $release"
        foreach ($entry in $known) {
            if ([int] $release -ge $entry[0]) {
                $installed = ".NET Framework $($entry[1]) (Release $release)"
                break
            }
        }
    }
    $message = "MySmpp needs .NET Framework 4.7.2 or later in Windows PowerShell 5.1 (4.7.1 at the very least: it is built for .NET Standard 2.0); this computer has $installed. " +
        'Install .NET Framework 4.8 (https://dotnet.microsoft.com/download/dotnet-framework/net48) and restart Windows, or use PowerShell 7.4 or later.'
    $exception = New-Object -TypeName System.PlatformNotSupportedException -ArgumentList $message
    $record = New-Object -TypeName System.Management.Automation.ErrorRecord -ArgumentList $exception, 'MySmpp.NetFrameworkTooOld', ([System.Management.Automation.ErrorCategory]::NotInstalled), $release
    throw $record
}

# The ReadyToRun MySmpp.Core.dll for this process, or $null: Dependencies/ReadyToRun/net<major>.0/<os>-<arch>/. A ReadyToRun
# image's code is used only by the .NET major version it was compiled for (a newer .NET rejects an older image's code
# and compiles the IL instead), so there is one image per .NET of the PowerShell versions supported and per platform;
# anywhere else (Windows PowerShell, another .NET, another platform) MySmpp.Core.dll next to MySmpp.dll is used, IL only.
function Get-MySmppReadyToRunImage {
    param([string] $ModuleRoot, [string] $Edition, [int] $RuntimeMajor, [string] $Os, [string] $Architecture)
    if ($Edition -ne 'Core' -or $Os -notin 'win', 'linux') { return $null }
    $path = [System.IO.Path]::Combine($ModuleRoot, 'Dependencies', 'ReadyToRun', "net$RuntimeMajor.0", "$Os-$($Architecture.ToLowerInvariant())", 'MySmpp.Core.dll')
    if ([System.IO.File]::Exists($path)) { return $path }
    $null
}

# Loads $Path into the default load context. When a MySmpp.Core is loaded already (another runspace imported the module
# first), LoadFromAssemblyPath returns that one and loads nothing, and MySmpp.dll's reference binds to it: no need to
# walk the loaded assemblies first (that walk cost about 50 ms of a fresh process). A failure leaves the IL copy.
function Import-MySmppReadyToRunImage {
    param([string] $Path)
    try {
        $null = [System.Runtime.Loader.AssemblyLoadContext]::Default.LoadFromAssemblyPath($Path)
    } catch {
        Write-Verbose "MySmpp: the precompiled $Path was not loaded ($($_.Exception.Message)); the portable MySmpp.Core.dll is used."
    }
}

Assert-MySmppNetFramework -Edition $PSEdition -ReadRelease {
    (Get-ItemProperty -LiteralPath 'HKLM:\SOFTWARE\Microsoft\NET Framework Setup\NDP\v4\Full' -Name Release -ErrorAction SilentlyContinue).Release
}
if ($PSEdition -eq 'Core') {
    $os = $(if ($IsWindows) { 'win' } elseif ($IsLinux) { 'linux' } else { 'other' })
    $image = Get-MySmppReadyToRunImage -ModuleRoot $PSScriptRoot -Edition $PSEdition -RuntimeMajor ([System.Environment]::Version.Major) `
        -Os $os -Architecture ([System.Runtime.InteropServices.RuntimeInformation]::ProcessArchitecture.ToString())
    if ($image) { Import-MySmppReadyToRunImage -Path $image }
}
Export-ModuleMember -Function @()
