using System;
using System.Linq;
using System.Threading.Tasks;
using MySmpp.Emulator;
using Xunit;

namespace MySmpp.Module.Tests;

/// <summary>
/// -ClientId decides whether the gateway sends or answers "already sent", so a key is read strictly: a CSV cell
/// like 1.234 or 1,236 is refused naming it (PowerShell would read 1 and 1236, and two rows could share a key),
/// an empty cell means "generate one".
/// </summary>
[Collection(ModuleCollection.Name)]
public sealed class SendClientIdTests
{
    private readonly ModuleFixture _module;

    public SendClientIdTests(ModuleFixture module) => _module = module;

    [Fact]
    public async Task Keys_from_csv_are_whole_numbers_or_refused_per_row_and_an_empty_cell_gets_a_generated_key()
    {
        await using EmulatorServer server = await TestEmulator.StartAsync();
        using Shell shell = _module.OpenShell();
        shell.Run("$c = [pscredential]::new('ops', (ConvertTo-SecureString $args[1] -AsPlainText -Force)); Connect-MySmpp -Credential $c -BaseUri $args[0] -WarningAction SilentlyContinue", server.BaseUri(), TestEmulator.SecretPassword).ThrowOnError();

        ShellResult result = shell.Run(@"
'Phone,Text,ClientId', '79001110001,one,1.234', '79001110002,two,1.235', '79001110003,three,""1,236""', '79001110004,four,0x10', '79001110005,five,', '79001110006,six,500006' |
    ConvertFrom-Csv | Send-Sms -Sender MyShop");

        Assert.Null(result.Terminating);
        Assert.Equal(4, result.Errors.Count);
        Assert.All(result.Errors, e => Assert.Contains("-ClientId", e.ToString(), StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e.ToString().Contains("'1.234'", StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e.ToString().Contains("'1.235'", StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e.ToString().Contains("'0x10'", StringComparison.Ordinal));
        var sent = result.Output.Select(o => ((string)o.Properties["Phone"].Value, (long)o.Properties["ClientId"].Value, (bool)o.Properties["AlreadySent"].Value)).ToList();
        Assert.Equal(new[] { "79001110005", "79001110006" }, sent.Select(s => s.Item1));
        Assert.Equal(500006, sent[1].Item2);
        Assert.True(sent[0].Item2 > 0 && sent[0].Item2 != 500006);
        Assert.All(sent, s => Assert.False(s.Item3));
        Assert.Equal(2, server.Sending.Accepted);
    }
}
