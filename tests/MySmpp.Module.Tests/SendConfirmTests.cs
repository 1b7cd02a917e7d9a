using System.Linq;
using System.Management.Automation.Runspaces;
using System.Threading.Tasks;
using MySmpp.Emulator;
using Xunit;

namespace MySmpp.Module.Tests;

/// <summary>Send-Sms -Confirm asks once per recipient and sends exactly the ones the user confirms.</summary>
[Collection(ModuleCollection.Name)]
public sealed class SendConfirmTests
{
    private readonly ModuleFixture _module;

    public SendConfirmTests(ModuleFixture module) => _module = module;

    [Fact]
    public async Task Confirm_asks_per_recipient_and_sends_only_the_confirmed_ones()
    {
        await using EmulatorServer server = await TestEmulator.StartAsync();
        var host = new AnsweringHost("&Yes", "&No", "&Yes");
        using Runspace runspace = RunspaceFactory.CreateRunspace(host, InitialSessionState.CreateDefault2());
        runspace.Open();
        using var shell = new Shell(runspace);
        shell.Run("Import-Module -Name $args[0] -ErrorAction Stop", _module.ManifestPath).ThrowOnError();
        shell.Run("$c = [pscredential]::new('ops', (ConvertTo-SecureString $args[1] -AsPlainText -Force)); Connect-MySmpp -Credential $c -BaseUri $args[0] -WarningAction SilentlyContinue", server.BaseUri(), TestEmulator.SecretPassword).ThrowOnError();

        ShellResult sent = shell.Run("Send-Sms -Phone 79001110001, 79001110002, 79001110003 -Text 'Confirm me' -Sender MyShop -Confirm").ThrowOnError();

        Assert.Equal(3, host.Prompts.Count);
        Assert.Contains("79001110001", host.Prompts[0], System.StringComparison.Ordinal);
        Assert.Contains("79001110002", host.Prompts[1], System.StringComparison.Ordinal);
        Assert.Contains("79001110003", host.Prompts[2], System.StringComparison.Ordinal);
        Assert.Equal(new[] { "79001110001", "79001110003" }, sent.Output.Select(o => (string)o.Properties["Phone"].Value));
        Assert.Equal(2, server.Sending.Accepted);
    }

    [Fact]
    public async Task A_job_run_again_after_a_declined_row_sends_every_row_once()
    {
        // A declined row keeps its place in the input: run again with every row confirmed, the job sends the declined
        // row and knows the rows after it (a row moved to a place the first run never reached would go out twice).
        await using EmulatorServer server = await TestEmulator.StartAsync();
        string folder = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "mysmpp-confirm-" + System.Guid.NewGuid().ToString("N"));
        var host = new AnsweringHost("&Yes", "&No", "&Yes", "&Yes", "&Yes", "&Yes");
        using Runspace runspace = RunspaceFactory.CreateRunspace(host, InitialSessionState.CreateDefault2());
        runspace.Open();
        using var shell = new Shell(runspace);
        try
        {
            shell.Run("Import-Module -Name $args[0] -ErrorAction Stop", _module.ManifestPath).ThrowOnError();
            shell.Run("$c = [pscredential]::new('ops', (ConvertTo-SecureString $args[1] -AsPlainText -Force)); Connect-MySmpp -Credential $c -BaseUri $args[0] -JournalPath $args[2] -WarningAction SilentlyContinue", server.BaseUri(), TestEmulator.SecretPassword, System.IO.Path.Combine(folder, "journal.db")).ThrowOnError();
            const string Send = "Send-Sms -Phone 79001120001, 79001120002, 79001120003 -Text 'Job' -Sender MyShop -JobName confirmed -Confirm";
            string[] phones = { "79001120001", "79001120002", "79001120003" };

            ShellResult first = shell.Run(Send).ThrowOnError();
            Assert.Equal(new[] { phones[0], phones[2] }, first.Output.Select(o => (string)o.Properties["Phone"].Value));

            ShellResult again = shell.Run(Send).ThrowOnError();
            Assert.Equal(phones, again.Output.Select(o => (string)o.Properties["Phone"].Value));
            Assert.Equal(new[] { true, false, true }, again.Output.Select(o => (bool)o.Properties["AlreadySent"].Value));
            Assert.All(phones, p => Assert.Single(server.Sending.Received, r => r.Phone == p && r.Answer == "send"));
        }
        finally
        {
            shell.Run("Disconnect-MySmpp");
            if (System.IO.Directory.Exists(folder)) System.IO.Directory.Delete(folder, recursive: true);
        }
    }

    [Theory]
    [InlineData("$ConfirmPreference = 'Medium'; Send-Sms -Phone 79001110001, 79001110002 -Text 'Asked' -Sender MyShop", 2, 0)]
    [InlineData("$ConfirmPreference = 'High'; Send-Sms -Phone 79001110001, 79001110002 -Text 'Not asked' -Sender MyShop", 0, 0)]
    [InlineData("Send-Sms -Phone 79001110001, 79001110002 -Text 'Shown' -Sender MyShop -Verbose", 0, 2)]
    [InlineData("$WhatIfPreference = $true; Send-Sms -Phone 79001110001, 79001110002 -Text 'What if' -Sender MyShop", 0, 0)]
    public async Task Every_way_of_asking_or_showing_still_reaches_each_recipient(string script, int prompts, int performingLines)
    {
        await using EmulatorServer server = await TestEmulator.StartAsync();
        var host = new AnsweringHost("&Yes");
        using Runspace runspace = RunspaceFactory.CreateRunspace(host, InitialSessionState.CreateDefault2());
        runspace.Open();
        using var shell = new Shell(runspace);
        shell.Run("Import-Module -Name $args[0] -ErrorAction Stop", _module.ManifestPath).ThrowOnError();
        shell.Run("$c = [pscredential]::new('ops', (ConvertTo-SecureString $args[1] -AsPlainText -Force)); Connect-MySmpp -Credential $c -BaseUri $args[0] -WarningAction SilentlyContinue", server.BaseUri(), TestEmulator.SecretPassword).ThrowOnError();

        ShellResult sent = shell.Run(script).ThrowOnError();

        Assert.Equal(prompts, host.Prompts.Count);
        Assert.Equal(performingLines, sent.Verbose.Count(v => v.StartsWith("Performing the operation", System.StringComparison.Ordinal)));
        Assert.Equal(script.Contains("WhatIf", System.StringComparison.Ordinal) ? 0 : 2, server.Sending.Accepted);
    }
}
