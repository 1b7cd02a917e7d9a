using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using MySmpp.Emulator;
using Xunit;

namespace MySmpp.Module.Tests;

/// <summary>
/// Runs every PowerShell example of README.md, docs/*.md and docs/help/*.md as written, each in a fresh
/// runspace against a fresh emulator. The conventions (CONTRIBUTING.md, "Tests that run the documentation"):
/// <list type="bullet">
/// <item>Placeholders replaced in the text: the gateway's address (http(s)://lk.mysmpp.ru, and the quick
/// start's http://127.0.0.1:5080, the proxy recipe's https://sms-gw.corp.example) becomes the emulator's, and
/// http://proxy.example.com:8080 a loopback forward proxy to it; ./out/MySmpp/0.1.0 the built folder; D:\sms\ a
/// temporary folder. Connect-MySmpp without -BaseUri goes to the emulator ($PSDefaultParameterValues).</item>
/// <item>Stand-ins for what needs a person, a vault or a network: Get-Credential, Get-Secret,
/// Get-AutomationPSCredential, Send-MailMessage, Connect-MgGraph, Send-MgUserMail (which checks the message's shape),
/// Install-PSResource, Install-Module; Get-Secret -Name TeamsWebhookUrl gives the address of a loopback Teams webhook
/// (<see cref="LoopbackWebhook"/>) that Invoke-RestMethod really posts to.</item>
/// <item>Given: a default session whose send journal (in the work folder: Connect-MySmpp gets -JournalPath there) holds
/// an hour-old run of the campaign 'codes' (the settling ids accepted, one refused, one unconfirmed), $session, $cred, $ids, $sentIds, $sent, $states, $batches,
/// $tokenFromTheCiSecretStore, MYSMPP_TOKEN, and sent.csv / sent-today.csv / recipients.csv in the current folder.</item>
/// <item>An example may write an error only when its text names the error id (MySmpp.IdNotFound...).</item>
/// </list>
/// </summary>
[Collection(ModuleCollection.Name)]
public sealed class ExampleTests
{
    private const string Prologue = @"
$BaseUri = $args[0]
$WorkDir = $args[1]
$global:ExampleWebhookUrl = $args[2]
$ErrorActionPreference = 'Continue'
$PSDefaultParameterValues['Connect-MySmpp:BaseUri'] = $BaseUri
$PSDefaultParameterValues['Connect-MySmpp:JournalPath'] = Join-Path $WorkDir 'journal.db'
Set-Location -LiteralPath $WorkDir

$script:StandIns = [System.Collections.Generic.List[string]]::new()
function global:Get-Credential { param([string] $UserName, [string] $Message, [string] $Title) $script:StandIns.Add('Get-Credential'); [pscredential]::new('login', (ConvertTo-SecureString 'password' -AsPlainText -Force)) }
function global:Get-Secret { param([Parameter(Mandatory)] [string] $Name, [string] $Vault, [switch] $AsPlainText)
    $script:StandIns.Add('Get-Secret ' + $Name)
    switch ($Name) {
        'TeamsWebhookUrl' { if ($AsPlainText) { $global:ExampleWebhookUrl } else { ConvertTo-SecureString $global:ExampleWebhookUrl -AsPlainText -Force } }
        'MySmppToken' { ConvertTo-SecureString 'token' -AsPlainText -Force }
        'MySmppLogin' { [pscredential]::new('login', (ConvertTo-SecureString 'password' -AsPlainText -Force)) }
        'CorpProxy' { [pscredential]::new('CORP\svc-sms', (ConvertTo-SecureString 'proxy-password' -AsPlainText -Force)) }
        default { throw ""The example vault has no secret '$Name'."" }
    }
}
function global:Get-AutomationPSCredential { param([Parameter(Mandatory)] [string] $Name)
    $script:StandIns.Add('Get-AutomationPSCredential ' + $Name)
    switch ($Name) {
        'MySmpp' { [pscredential]::new('login', (ConvertTo-SecureString 'password' -AsPlainText -Force)) }
        'MySmppToken' { [pscredential]::new('token', (ConvertTo-SecureString 'token' -AsPlainText -Force)) }
        default { throw ""The example Automation account has no credential '$Name'."" }
    }
}
function global:Send-MailMessage { param([string[]] $To, [string] $From, [string] $Subject, [string] $Body, [string] $SmtpServer) $script:StandIns.Add('Send-MailMessage ' + $Subject) }
# Microsoft Graph: what Send-MgUserMail would send is checked for the shape Graph's sendMail takes (HTML body,
# recipients, file attachments with base64 content), so a recipe that builds the message wrongly fails here.
function global:Connect-MgGraph { param([string[]] $Scopes, [switch] $Identity, [string] $ClientId, [string] $TenantId, [string] $CertificateThumbprint, [switch] $NoWelcome) $script:StandIns.Add('Connect-MgGraph') }
function global:Send-MgUserMail { param([Parameter(Mandatory)] [string] $UserId, [Parameter(Mandatory)] [hashtable] $BodyParameter)
    $message = $BodyParameter.Message
    if ($null -eq $message -or $message.Body.ContentType -notin 'HTML', 'Text' -or [string]::IsNullOrEmpty($message.Body.Content)) { throw 'Send-MgUserMail stand-in: Message.Body needs ContentType and Content.' }
    if (@($message.ToRecipients).Count -eq 0 -or -not @($message.ToRecipients)[0].EmailAddress.Address) { throw 'Send-MgUserMail stand-in: Message.ToRecipients needs an EmailAddress.Address.' }
    foreach ($attachment in @($message.Attachments)) {
        if ($attachment['@odata.type'] -ne '#microsoft.graph.fileAttachment' -or -not $attachment.Name) { throw 'Send-MgUserMail stand-in: an attachment needs @odata.type #microsoft.graph.fileAttachment and a Name.' }
        $null = [Convert]::FromBase64String($attachment.ContentBytes)
    }
    $script:StandIns.Add('Send-MgUserMail ' + $message.Subject)
}
function global:Install-PSResource { param([string[]] $Name, [string] $Scope) $script:StandIns.Add('Install-PSResource ' + ($Name -join ',')) }
function global:Install-Module { param([string[]] $Name, [string] $Scope) $script:StandIns.Add('Install-Module ' + ($Name -join ',')) }

$global:cred = [pscredential]::new('login', (ConvertTo-SecureString 'password' -AsPlainText -Force))
$global:session = Connect-MySmpp -Credential $cred -PassThru -WarningAction SilentlyContinue
$global:ids = [long[]] (1000001..1000600)
$global:sentIds = [long[]] (1001..1010)
$global:sent = $sentIds | ForEach-Object { [pscustomobject] @{ MessageId = $_; Phone = '+7900000' + $_ } }
$global:states = Get-SmsState -Id (82216..82225) -Session $session -Detail
$global:batches = @(, [long[]] (82216..82220)) + @(, [long[]] (82221..82225))
$global:tokenFromTheCiSecretStore = 'token'

# Ids that settle (delivered or final) within seconds at time scale 60, so waiting examples end.
$settling = @(82216, 82218, 82219, 82220, 82223, 82224, 82225) + (1001..1010)
$settling | ForEach-Object { [pscustomobject] @{ id_sms = $_; phone = '+79000000000' } } | Export-Csv -LiteralPath (Join-Path $WorkDir 'sent.csv') -NoTypeInformation
Copy-Item -LiteralPath (Join-Path $WorkDir 'sent.csv') -Destination (Join-Path $WorkDir 'sent-today.csv')
@('Phone,Text,ClientId', '+7 900 111-00-01,Your code is 1234,500001', '+7 900 111-00-02,Your code is 5678,500002') |
    Set-Content -LiteralPath (Join-Path $WorkDir 'recipients.csv') -Encoding UTF8
New-Item -ItemType Directory -Path (Join-Path $WorkDir 'sms') | Out-Null
Copy-Item -LiteralPath (Join-Path $WorkDir 'sent.csv') -Destination (Join-Path $WorkDir ('sms/sent-' + (Get-Date).AddDays(-1).ToString('yyyy-MM-dd') + '.csv'))

# The send journal as a day of sending left it (Send-Sms journals by itself once the send path writes ahead; until then the
# entries are written through the journal's API): ids that settle, one refused recipient, one whose answer was lost.
$flags = [System.Reflection.BindingFlags]'Instance,NonPublic'
$journal = [MySmpp.Commands.MySmppSession].GetMethod('OpenJournal', $flags).Invoke($session, @())
$account = [MySmpp.Commands.MySmppSession].GetMethod('JournalAccount', $flags).Invoke($session, @())
$now = [DateTimeOffset]::Now.AddHours(-1)
$run = $journal.StartRun($account, [guid]::NewGuid(), [NullString]::Value, $now)
$intents = [System.Collections.Generic.List[MySmpp.Journal.SendIntent]]::new()
$seed = @($settling) + @(0, 0)
for ($i = 0; $i -lt $seed.Count; $i++) {
    $message = [MySmpp.Sending.SmsMessage]::new(); $message.Text = 'Your code is ' + (1000 + $i); $message.Sender = 'MyShop'; $message.CampaignName = 'codes'
    $intents.Add([MySmpp.Journal.SendIntent]::new($i + 1, '7900111' + (1000 + $i), 700001 + $i, $message, $now.AddSeconds($i)))
}
$entries = $journal.RecordIntents($run, $intents)
$outcomes = [System.Collections.Generic.List[MySmpp.Journal.SendJournalOutcome]]::new()
for ($i = 0; $i -lt $settling.Count; $i++) { $outcomes.Add([MySmpp.Journal.SendJournalOutcome]::Accepted($entries[$i], $settling[$i], 1, $null, $now)) }
$outcomes.Add([MySmpp.Journal.SendJournalOutcome]::Refused($entries[$settling.Count], 'MySmpp.StopListed', 'The phone is on the stop list.', $now))
$journal.RecordOutcomes($outcomes)
";

    private readonly ModuleFixture _module;

    public ExampleTests(ModuleFixture module) => _module = module;

    public static IEnumerable<object[]> Examples() =>
        DocumentedExample.All(new ModuleFixture().RepoRoot).Select(e => new object[] { e.File + "#" + e.Index });

    private DocumentedExample Find(string id) => DocumentedExample.All(_module.RepoRoot).Single(e => e.File + "#" + e.Index == id);

    /// <summary>The example's text with the documented placeholders replaced.</summary>
    private string Substitute(string code, string baseUri, string proxyUri, string workDir)
    {
        string moduleDir = _module.ModuleDir.Replace('\\', '/');
        code = Regex.Replace(code, @"https?://(lk\.mysmpp\.ru|127\.0\.0\.1:5080|sms-gw\.corp\.example)", baseUri);
        code = code.Replace("http://proxy.example.com:8080", proxyUri, StringComparison.Ordinal);
        code = code.Replace("./out/MySmpp/" + _module.ModuleVersion, moduleDir, StringComparison.Ordinal);
        code = code.Replace(@"D:\sms\", Path.Combine(workDir, "sms") + Path.DirectorySeparatorChar, StringComparison.Ordinal);
        return code;
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public async Task Documented_example_runs_as_written(string id)
    {
        DocumentedExample example = Find(id);
        if (!example.IsRun)
        {
            // Shown but not run: it must still say why, and be valid PowerShell.
            Assert.True(example.NotRunReason.Length > 10, example.Name + ": a block that is not run must say why after '" + DocumentedExample.NotRunMarker + "'.");
            Parser.ParseInput(example.Code, out _, out ParseError[] parseErrors);
            Assert.True(parseErrors.Length == 0, example.Name + ": " + string.Join("; ", parseErrors.Select(e => e.Message)));
            return;
        }

        string? problem = await RunAsync(example);
        Assert.True(problem == null, problem);
    }

    [Fact]
    public async Task The_runner_fails_an_example_on_an_error_it_does_not_name_and_on_a_stop()
    {
        DocumentedExample Example(string code) => new DocumentedExample("test", 1, 1, "runner check", code);
        Assert.Null(await RunAsync(Example("Get-SmsState 82216, 999   # 999 gives MySmpp.IdNotFound")));
        Assert.Contains("unexpected", await RunAsync(Example("Get-SmsState 82216, 999")), StringComparison.Ordinal);
        Assert.Contains("stopped", await RunAsync(Example("Get-SmsState -Id 82216 -Session $null; throw 'x'")), StringComparison.Ordinal);
        Assert.Contains("flood", await RunAsync(Example("Get-SmsState -Id (1..20) # MySmpp.IdNotFound")), StringComparison.Ordinal);
    }

    /// <summary>Runs one example in a fresh runspace against a fresh emulator; null when it ran as expected, else what went wrong.</summary>
    private async Task<string?> RunAsync(DocumentedExample example)
    {
        string workDir = Path.Combine(Path.GetTempPath(), "mysmpp-example-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(workDir);
        Dictionary<string, string?> savedEnvironment = new[] { "MYSMPP_TOKEN", "MYSMPP_LOGIN", "MYSMPP_PASSWORD" }.ToDictionary(n => n, Environment.GetEnvironmentVariable);
        try
        {
            Environment.SetEnvironmentVariable("MYSMPP_TOKEN", "token");
            Environment.SetEnvironmentVariable("MYSMPP_LOGIN", null);
            Environment.SetEnvironmentVariable("MYSMPP_PASSWORD", null);
            await using EmulatorServer server = await TestEmulator.StartAsync(timeScale: 60);

            // The proxy recipe's proxy: forwards the emulator's address (no authentication asked, so every
            // credential form of the recipe connects).
            var emulator = new Uri(server.BaseUri());
            await using var proxy = new MySmpp.TestProxy.LoopbackForwardProxy(new Dictionary<string, System.Net.IPEndPoint>
            {
                [emulator.Host] = new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, emulator.Port),
            });
            await using LoopbackWebhook webhook = LoopbackWebhook.Start();
            using Shell shell = _module.OpenShell();
            shell.Run(Prologue, server.BaseUri(), workDir, webhook.Url).ThrowOnError();

            string code = Substitute(example.Code, server.BaseUri(), proxy.Address.AbsoluteUri.TrimEnd('/'), workDir);
            // Dot-sourced so the example's variables live on between its lines; Out-String renders what it shows.
            ShellResult result = shell.Run(". {\n" + code + "\n} | Out-String -Width 80");

            if (result.Terminating != null) return example.Name + " stopped: " + result.Terminating.Message + "\n" + code;
            var namedIds = new HashSet<string>(Regex.Matches(example.Code, @"MySmpp\.[A-Za-z]+").Select(m => m.Value), StringComparer.Ordinal);
            List<ErrorRecord> unexpected = result.Errors.Where(e => !namedIds.Contains(e.FullyQualifiedErrorId.Split(',')[0])).ToList();
            if (unexpected.Count > 0) return example.Name + " wrote " + unexpected.Count + " unexpected errors, the first: " + unexpected[0].FullyQualifiedErrorId + ": " + unexpected[0] + "\n" + code;
            if (result.Errors.Count > 10) return example.Name + " wrote " + result.Errors.Count + " errors: an example shows a few, not a flood.";
            return null;
        }
        finally
        {
            foreach (var pair in savedEnvironment) Environment.SetEnvironmentVariable(pair.Key, pair.Value);
            Directory.Delete(workDir, recursive: true);
        }
    }

    [Fact]
    public void Get_Help_Examples_shows_exactly_the_examples_that_run_here()
    {
        // The MAML help is generated from docs/help/*.md, so running those blocks runs Get-Help -Examples.
        IReadOnlyList<DocumentedExample> all = DocumentedExample.All(_module.RepoRoot);
        using Shell shell = _module.OpenShell();
        foreach (string name in shell.Run("Get-Command -Module MySmpp | ForEach-Object Name").ThrowOnError().Output.Select(o => o.ToString()))
        {
            List<string> shown = shell.Run("(Get-Help -Name $args[0] -Examples).examples.example | ForEach-Object { $_.code }", name).ThrowOnError().Output.Select(o => o.ToString().Replace("\r\n", "\n", StringComparison.Ordinal).Trim()).ToList();
            List<string> run = all.Where(e => e.File == "docs/help/" + name + ".md").Select(e => e.Code.Trim()).ToList();
            Assert.True(shown.Count >= 2, name + " shows " + shown.Count + " examples.");
            Assert.Equal(run, shown);
        }
    }

    [Fact]
    public void The_documentation_has_examples_and_most_of_them_run()
    {
        IReadOnlyList<DocumentedExample> all = DocumentedExample.All(_module.RepoRoot);
        Assert.True(all.Count >= 30, "Only " + all.Count + " PowerShell blocks found.");
        Assert.Contains(all, e => e.File == "README.md");
        Assert.True(all.Count(e => !e.IsRun) <= 2, "Blocks not run: " + string.Join(", ", all.Where(e => !e.IsRun).Select(e => e.Name)));
        Assert.All(all, e => Assert.DoesNotContain(e.Code, c => c == '\t'));
    }
}
