using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using MySmpp.Emulator;
using Xunit;

namespace MySmpp.Module.Tests;

/// <summary>
/// Send-Sms -Sender completes from the gateway's sender names; a completion is pasted into the user's command
/// line, so a name the gateway sends must never become code there.
/// </summary>
[Collection(ModuleCollection.Name)]
public sealed class SenderCompletionTests
{
    private readonly ModuleFixture _module;

    public SenderCompletionTests(ModuleFixture module) => _module = module;

    [Fact]
    public async Task Only_valid_sender_names_are_offered_so_a_hostile_name_cannot_run_code()
    {
        await using EmulatorServer server = await TestEmulator.StartAsync();
        server.Sending.Senders.Add(new KeyValuePair<string, string>("MyShop$(ni pwned.txt)", "completed")); // 21 characters: not a sender name
        server.Sending.Senders.Add(new KeyValuePair<string, string>("My'Shop;calc", "completed")); // ';' is not allowed
        server.Sending.Senders.Add(new KeyValuePair<string, string>("My`$(calc)", "completed")); // '`' is not allowed
        server.Sending.Senders.Add(new KeyValuePair<string, string>("My$(calc)", "completed")); // valid: quoted, never run
        server.Sending.Senders.Add(new KeyValuePair<string, string>("My 'Shop'", "completed")); // valid: quotes doubled
        server.Sending.Senders.Add(new KeyValuePair<string, string>("MyShopExtra", "completed"));
        using Shell shell = _module.OpenShell();
        shell.Run("$c = [pscredential]::new('ops', (ConvertTo-SecureString $args[1] -AsPlainText -Force)); Connect-MySmpp -Credential $c -BaseUri $args[0] -WarningAction SilentlyContinue", server.BaseUri(), TestEmulator.SecretPassword).ThrowOnError();

        List<string> offered = shell.Run("(TabExpansion2 -inputScript 'Send-Sms -Sender My' -cursorColumn 'Send-Sms -Sender My'.Length).CompletionMatches | ForEach-Object CompletionText")
            .ThrowOnError().Output.Select(o => o.ToString()).ToList();

        Assert.Equal(new[] { "'My ''Shop'''", "'My$(calc)'", "MyShop", "MyShopExtra" }.OrderBy(n => n, System.StringComparer.Ordinal), offered.OrderBy(n => n, System.StringComparer.Ordinal));

        // Pasted back into a command line, each completion is exactly the name, and nothing runs.
        foreach (string completion in offered)
        {
            string value = shell.Run("$global:ran = $false; function global:calc { $global:ran = $true }; function global:Show-Argument { param($Value) $Value }; Show-Argument " + completion).ThrowOnError().Output.Single().ToString();
            Assert.Contains(value, new[] { "MyShop", "MyShopExtra", "My$(calc)", "My 'Shop'" });
            Assert.Equal("False", shell.Run("$global:ran").ThrowOnError().Output.Single().ToString());
        }
    }
}
