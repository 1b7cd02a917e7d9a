#
# Module manifest for MySmpp.
# ModuleVersion below is a placeholder: the build copies this file to out/MySmpp/<version>/ with
# ModuleVersion set from MySmppVersion in Directory.Build.props (the one place the version lives).
# Keep this file ASCII: Windows PowerShell 5.1 reads a manifest without a BOM in the ANSI code page.
#
@{
    RootModule           = 'MySmpp.dll'
    # Processed before RootModule: on Windows PowerShell 5.1 it stops an import on .NET Framework older than 4.7.1
    # with a clear error (MySmpp.NetFrameworkTooOld); on PowerShell 7 it returns at once.
    NestedModules        = @('MySmpp.Prerequisites.psm1')
    ModuleVersion        = '0.0.0'
    GUID                 = '60670dc9-0497-4dd1-a483-bcd41d8b28fa'
    Author               = 'MySmpp contributors'
    CompanyName          = 'MySmpp contributors'
    Copyright            = '(c) MySmpp contributors. MIT License.'
    Description          = 'Delivery status of messages sent through the MySMPP gateway (lk.mysmpp.ru): Get-SmsState, Wait-SmsState and run reports, over the XML or JSON API, in Windows PowerShell 5.1 and PowerShell 7.4+.'
    CompatiblePSEditions = @('Desktop', 'Core')
    PowerShellVersion    = '5.1'
    FormatsToProcess     = @('MySmpp.Format.ps1xml')
    CmdletsToExport      = @(
        'Connect-MySmpp'
        'ConvertTo-SmsStateRecord'
        'Disconnect-MySmpp'
        'Get-MySmppSession'
        'Get-SmsState'
        'Get-SmsStateSummary'
        'Wait-SmsState'
        'Send-Sms'
        'Get-MySmppBalance'
        'Get-MySmppSender'
        'Get-SmsInbound'
        'Get-MySmppStopList'
        'Add-MySmppStopList'
        'Remove-MySmppStopList'
        'Get-SmsScheduled'
        'Remove-SmsScheduled'
        'Get-SmsPhoneInfo'
        'ConvertFrom-SmsStatusCallback'
        'New-SmsStatusCallbackAcknowledgement'
        'Measure-SmsText'
        'ConvertTo-SmsDeliveryReport'
        'Export-SmsDeliveryReport'
        'Get-SmsJournal'
        'Sync-SmsJournal'
        'Clear-SmsJournal'
        'Resume-SmsSend'
    )
    FunctionsToExport    = @()
    VariablesToExport    = @()
    AliasesToExport      = @()
    PrivateData          = @{
        PSData = @{
            Tags         = @('SMS', 'MySMPP', 'Viber', 'DeliveryStatus', 'Messaging', 'PSEdition_Desktop', 'PSEdition_Core', 'Windows', 'Linux', 'MacOS')
            ProjectUri   = 'https://github.com/mysmpp/MySmpp'
            LicenseUri   = 'https://github.com/mysmpp/MySmpp/blob/main/LICENSE'
            ReleaseNotes = 'First release: Connect-MySmpp, Get-SmsState, Wait-SmsState, Get-SmsStateSummary, ConvertTo-SmsStateRecord, sessions, MAML help.'
            # Prerelease = ''
        }
    }
}
