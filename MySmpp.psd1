#
# Module manifest for MySmpp.
# The build copies this file to out/MySmpp/<version>/ and sets ModuleVersion there from MySmppVersion in
# Directory.Build.props (the one place the version lives); the value in the repository's copy is never shipped.
# Keep this file ASCII: Windows PowerShell 5.1 reads a manifest without a BOM in the ANSI code page.
#
@{
    RootModule           = 'MySmpp.dll'
    # Processed before RootModule: on Windows PowerShell 5.1 it stops an import on .NET Framework older than 4.7.1
    # with a clear error (MySmpp.NetFrameworkTooOld); on PowerShell 7 it loads the precompiled (ReadyToRun)
    # MySmpp.Core for the running .NET and platform, if the module has one (docs/cold-start.md).
    NestedModules        = @('MySmpp.Prerequisites.psm1')
    ModuleVersion        = '0.0.0'
    GUID                 = '60670dc9-0497-4dd1-a483-bcd41d8b28fa'
    Author               = 'MySmpp contributors'
    CompanyName          = 'MySmpp contributors'
    Copyright            = '(c) MySmpp contributors. MIT License.'
    Description          = 'Send SMS and Viber messages through the MySMPP gateway (lk.mysmpp.ru) and follow them to delivery: Send-Sms (batched, retried without ever sending twice), Get-SmsState and Wait-SmsState, the account (balance, sender names, stop list, replies, scheduled messages, number lookup), delivery reports as an HTML page, an e-mail body, a Teams card or Markdown, and a local journal of everything sent. Windows PowerShell 5.1 and PowerShell 7.4+, Windows, Linux and macOS.'
    CompatiblePSEditions = @('Desktop', 'Core')
    PowerShellVersion    = '5.1'
    FormatsToProcess     = @('MySmpp.Format.ps1xml')
    TypesToProcess       = @('MySmpp.Types.ps1xml')
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
            Tags         = @('SMS', 'Viber', 'MySMPP', 'Messaging', 'SendSMS', 'DeliveryStatus', 'DeliveryReport', 'PSEdition_Desktop', 'PSEdition_Core', 'Windows', 'Linux', 'MacOS')
            ProjectUri   = 'https://github.com/mysmpp/MySmpp'
            LicenseUri   = 'https://github.com/mysmpp/MySmpp/blob/main/LICENSE'
            ReleaseNotes = @'
0.1.0, the first release.
- Sending: Send-Sms sends SMS and Viber messages in batches, several requests in flight, with an idempotency key per
  recipient, so a lost answer is retried without sending twice and a re-run with the same keys sends nothing new;
  -WhatIf and -Confirm; every recipient is accounted for, whatever ends the command.
- Delivery states: Get-SmsState (one id or millions, JSON or XML), Wait-SmsState (until each message has arrived or
  finally failed), Get-SmsStateSummary, ConvertTo-SmsStateRecord (culture-free CSV and JSON).
- The account: Get-MySmppBalance, Get-MySmppSender; sessions with Connect-MySmpp (credentials, tokens, environment
  variables, proxies), Get-MySmppSession, Disconnect-MySmpp.
- The rest of the platform: Get-SmsInbound (replies), Get-/Add-/Remove-MySmppStopList, Get-/Remove-SmsScheduled,
  Get-SmsPhoneInfo, Measure-SmsText, ConvertFrom-SmsStatusCallback and New-SmsStatusCallbackAcknowledgement (the
  status webhook).
- Reports: ConvertTo-SmsDeliveryReport and Export-SmsDeliveryReport (an offline HTML page with charts, an
  Outlook-safe e-mail body, a Teams Adaptive Card, Markdown).
- The send journal: a local record of every recipient sent, with its key and outcome (Get-SmsJournal, Sync-SmsJournal,
  Clear-SmsJournal).
'@
            # Prerelease = ''
        }
    }
}
