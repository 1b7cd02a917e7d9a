using System.Linq;
using System.Management.Automation;
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
}
