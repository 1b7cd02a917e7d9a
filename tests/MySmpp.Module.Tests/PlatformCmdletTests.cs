using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Net;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using MySmpp.Emulator;
using Xunit;

namespace MySmpp.Module.Tests;

/// <summary>
/// The platform's cmdlets hosted in PowerShell against an in-process emulator (frozen clock): the opt-out loop,
/// polling replies, -WhatIf and confirmation, batching, typed errors, and webhook bodies the emulator really pushed.
/// </summary>
[Collection(ModuleCollection.Name)]
public sealed class PlatformCmdletTests
{
    private readonly ModuleFixture _module;

    public PlatformCmdletTests(ModuleFixture module) => _module = module;

    private Shell Connected(EmulatorServer server, string extra = "")
    {
        Shell shell = _module.OpenShell();
        shell.Run("Connect-MySmpp -Credential ([pscredential]::new('login', (ConvertTo-SecureString 'password' -AsPlainText -Force))) -BaseUri $args[0] -WarningAction SilentlyContinue " + extra, server.BaseUri()).ThrowOnError();
        return shell;
    }

    private static List<string> Strings(ShellResult result) => result.Output.Select(o => o.ToString()).ToList();

    [Fact]
    public async Task The_opt_out_loop_puts_stop_replies_on_the_stop_list_and_a_later_send_to_them_is_refused_as_StopListed()
    {
        await using EmulatorServer server = await TestEmulator.StartAsync();
        using Shell shell = Connected(server);

        ShellResult added = shell.Run("$replies = Get-SmsInbound -Since '2021-04-26 00:00'; $replies | Where-Object Text -match '^\\s*stop' | Add-MySmppStopList").ThrowOnError();
        ShellResult sent = shell.Run("$replies.From | Send-Sms -Text 'Weekend sale' -Sender MyShop");

        Assert.Equal(new[] { "79001110001", "79001110003", "79001110005" }, added.Output.Select(o => (string)o.Properties["Phone"].Value));
        Assert.All(added.Output, o => Assert.Equal("Added", o.Properties["Outcome"].Value.ToString()));
        Assert.Equal(new[] { "79001110002", "79001110004" }, sent.Output.Select(o => (string)o.Properties["Phone"].Value));
        Assert.Equal(3, sent.Errors.Count);
        Assert.All(sent.Errors, e => Assert.Equal("MySmpp.StopListed", e.FullyQualifiedErrorId.Split(',')[0]));
        Assert.Equal(new[] { "79001110001", "79001110003", "79001110005" }, sent.Errors.Select(e => (string)PSObject.AsPSObject(e.TargetObject).Properties["Phone"].Value));
    }

    [Fact]
    public async Task Polling_Get_SmsInbound_from_the_last_ReceivedAt_never_writes_a_reply_twice_nor_misses_one()
    {
        await using EmulatorServer server = await TestEmulator.StartAsync();
        using Shell shell = Connected(server);
        shell.Run("$global:since = [datetime] '2021-04-26 00:00'; $global:seen = [System.Collections.Generic.List[long]]::new()").ThrowOnError();
        const string Poll = "$r = @(Get-SmsInbound -Since $global:since); $r | ForEach-Object { $global:seen.Add($_.Id) }; if ($r.Count) { $global:since = $r[-1].ReceivedAt }";

        shell.Run(Poll).ThrowOnError();
        server.Clock.Advance(TimeSpan.FromSeconds(20.5));
        server.Platform.AddReply(new EmulatorReply(9200, 20, "79001110200", EmulatorPlatform.ReplyNumber, string.Empty, "STOP"));
        shell.Run(Poll).ThrowOnError();
        server.Platform.AddReply(new EmulatorReply(9201, 20, "79001110201", EmulatorPlatform.ReplyNumber, string.Empty, "STOP"));
        server.Clock.Advance(TimeSpan.FromSeconds(1));
        shell.Run(Poll).ThrowOnError();
        shell.Run(Poll).ThrowOnError();

        Assert.Equal(new long[] { 9001, 9002, 9003, 9004, 9005, 9200, 9201 }, ((List<long>)shell.Get("seen")!).ToArray());
    }

    [Fact]
    public async Task WhatIf_changes_nothing_and_bad_phones_are_non_terminating_InvalidArgument_errors()
    {
        await using EmulatorServer server = await TestEmulator.StartAsync();
        using Shell shell = Connected(server);
        ShellResult whatIf = shell.Run("Add-MySmppStopList 79001234567 -WhatIf; Remove-MySmppStopList 79990000000 -WhatIf; Remove-SmsScheduled 2500000001 -WhatIf").ThrowOnError();
        ShellResult mixed = shell.Run("'+7 (900) 123-45-67', 'call me', '12' | Add-MySmppStopList");

        Assert.Empty(whatIf.Output);
        Assert.Equal(new[] { "79001234567", "79990000000" }, server.Platform.StopList("login"));
        Assert.Equal("79001234567", Assert.Single(mixed.Output).Properties["Phone"].Value);
        Assert.Equal(2, mixed.Errors.Count);
        Assert.All(mixed.Errors, e => Assert.Equal(("MySmpp.InvalidArgument", ErrorCategory.InvalidArgument), (e.FullyQualifiedErrorId.Split(',')[0], e.CategoryInfo.Category)));
        Assert.Equal(new[] { "call me", "12" }, mixed.Errors.Select(e => e.TargetObject));
        Assert.Equal(EmulatorPlatform.ScheduledDemoCount, server.Platform.ScheduledIds("login", EmulatorOptions.DefaultEpoch).Count);
    }

    [Fact]
    public async Task Phones_are_sent_in_batches_of_the_sessions_BatchSize_and_answered_in_input_order()
    {
        await using EmulatorServer server = await TestEmulator.StartAsync();
        using Shell shell = Connected(server, "-BatchSize 2");
        long accountRequestsBefore = server.Stats.Requests;

        ShellResult removed = shell.Run("Remove-MySmppStopList 79001110009, 79990000000, 79001110008, 79001110007, 79001110006 -Confirm:$false").ThrowOnError();
        ShellResult info = shell.Run("79131234567, 79991234567, 79111234567 | Get-SmsPhoneInfo").ThrowOnError();

        Assert.Equal(new[] { "NotFound", "Removed", "NotFound", "NotFound", "NotFound" }, removed.Output.Select(o => o.Properties["Outcome"].Value.ToString()));
        Assert.Equal(new[] { "79131234567", "79991234567", "79111234567" }, info.Output.Select(o => (string)o.Properties["Phone"].Value));
        Assert.Equal(new object?[] { TimeSpan.FromHours(7), null, TimeSpan.FromHours(2) }, info.Output.Select(o => o.Properties["UtcOffset"].Value));
        Assert.Equal(accountRequestsBefore + 5, server.Stats.Requests); // 5 numbers in batches of 2, then 3: 3 + 2 requests
    }

    [Fact]
    public async Task Remove_SmsScheduled_asks_before_each_message_and_deletes_only_the_confirmed_ones()
    {
        await using EmulatorServer server = await TestEmulator.StartAsync();
        var host = new AnsweringHost("&Yes", "&No");
        using Runspace runspace = RunspaceFactory.CreateRunspace(host, InitialSessionState.CreateDefault2());
        runspace.Open();
        using var shell = new Shell(runspace);
        shell.Run("Import-Module -Name $args[0] -ErrorAction Stop", _module.ManifestPath).ThrowOnError();
        shell.Run("Connect-MySmpp -Credential ([pscredential]::new('login', (ConvertTo-SecureString 'password' -AsPlainText -Force))) -BaseUri $args[0] -WarningAction SilentlyContinue", server.BaseUri()).ThrowOnError();

        ShellResult removed = shell.Run("Get-SmsScheduled | Select-Object -First 2 | Remove-SmsScheduled").ThrowOnError();

        Assert.Equal(2, host.Prompts.Count); // ConfirmImpact High: asked without -Confirm
        Assert.Equal(2500000001L, (long)Assert.Single(removed.Output).Properties["Id"].Value);
        Assert.Equal(EmulatorPlatform.ScheduledDemoCount - 1, server.Platform.ScheduledIds("login", EmulatorOptions.DefaultEpoch).Count);
    }

    [Fact]
    public async Task A_message_sent_with_SendAt_is_listed_and_can_be_cancelled_from_the_Send_Sms_result()
    {
        await using EmulatorServer server = await TestEmulator.StartAsync();
        using Shell shell = Connected(server);

        ShellResult result = shell.Run("$s = Send-Sms 79001234567 'Reminder' -Sender MyShop -SendAt '2021-04-27 09:00'; (Get-SmsScheduled | Where-Object Id -eq $s.Id).SendAt.ToString('yyyy-MM-dd HH:mm'); ($s | Remove-SmsScheduled -Confirm:$false).Outcome; ($s | Remove-SmsScheduled -Confirm:$false).Outcome; @(Get-SmsScheduled).Count").ThrowOnError();

        Assert.Equal(new[] { "2021-04-27 09:00", "Removed", "NotFound", "25" }, Strings(result));
    }

    [Fact]
    public async Task Bad_arguments_and_no_session_give_typed_errors_and_webhook_bodies_need_no_session()
    {
        await using EmulatorServer server = await TestEmulator.StartAsync();
        using Shell shell = _module.OpenShell();

        foreach (string command in new[] { "Get-SmsInbound -Since '2021-04-26'", "Get-MySmppStopList", "Add-MySmppStopList 79001234567", "Get-SmsScheduled", "Remove-SmsScheduled 1 -Confirm:$false", "Get-SmsPhoneInfo 79001234567" })
        {
            ShellResult result = shell.Run(command);
            Assert.True(result.Terminating != null, command);
            Assert.Equal("MySmpp.NotConnected", result.TerminatingRecord!.FullyQualifiedErrorId.Split(',')[0]);
        }

        ShellResult offline = shell.Run("ConvertFrom-SmsStatusCallback '[{\"id_sms\":\"7\",\"time\":\"\",\"state\":\"send\"}]' | New-SmsStatusCallbackAcknowledgement | ForEach-Object Body").ThrowOnError();
        Assert.Equal("[{\"id_sms\":7}]", Assert.Single(Strings(offline)));

        shell.Run("Connect-MySmpp -Credential ([pscredential]::new('login', (ConvertTo-SecureString 'password' -AsPlainText -Force))) -BaseUri $args[0] -WarningAction SilentlyContinue", server.BaseUri()).ThrowOnError();
        ShellResult backwards = shell.Run("Get-SmsInbound -Since '2021-04-26 12:00' -Until '2021-04-26 11:00'");
        Assert.Equal("MySmpp.InvalidArgument", backwards.TerminatingRecord!.FullyQualifiedErrorId.Split(',')[0]);

        ShellResult mixed = shell.Run("@([pscustomobject] @{ Id = 1; Protocol = 'Json' }, [pscustomobject] @{ Id = 2; Protocol = 'Xml' }) | New-SmsStatusCallbackAcknowledgement");
        Assert.Equal("MySmpp.InvalidArgument", mixed.TerminatingRecord!.FullyQualifiedErrorId.Split(',')[0]);

        ShellResult garbage = shell.Run("'not a callback', '[{\"id_sms\":\"8\",\"time\":\"\",\"state\":\"Сообщение с таким ID не принималось\"}]' | ConvertFrom-SmsStatusCallback");
        Assert.Empty(garbage.Output);
        Assert.Equal(new[] { "MySmpp.Protocol", "MySmpp.IdNotFound" }, garbage.Errors.Select(e => e.FullyQualifiedErrorId.Split(',')[0]));
        Assert.Equal(8L, garbage.Errors[1].TargetObject);
    }

    [Theory]
    [InlineData(EmulatorCallbackFormat.Json, "Json")]
    [InlineData(EmulatorCallbackFormat.Xml, "Xml")]
    public async Task Bodies_the_emulator_pushed_convert_to_the_states_Get_SmsState_gives(EmulatorCallbackFormat format, string protocol)
    {
        using var listener = new HttpListener();
        int port = FreePort();
        listener.Prefixes.Add("http://127.0.0.1:" + port + "/hook/");
        listener.Start();
        var bodies = new ConcurrentQueue<(string Body, string? Type)>();
        using var stop = new CancellationTokenSource();
        Task receiving = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                HttpListenerContext context;
                try
                {
                    context = await listener.GetContextAsync();
                }
                catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException)
                {
                    return;
                }

                using var reader = new System.IO.StreamReader(context.Request.InputStream, Encoding.UTF8);
                string body = await reader.ReadToEndAsync();
                bodies.Enqueue((body, context.Request.ContentType));
                // A receiver that takes everything: every id back, in the vendor's answer shape.
                string[] ids = System.Text.RegularExpressions.Regex.Matches(body, "id_sms\"?[:=]\"(\\d+)\"").Select(m => m.Groups[1].Value).ToArray();
                string ack = format == EmulatorCallbackFormat.Xml
                    ? "<response>" + string.Concat(ids.Select(id => "<id_sms>" + id + "</id_sms>")) + "</response>"
                    : "[" + string.Join(",", ids.Select(id => "{\"id_sms\":" + id + "}")) + "]";
                byte[] answer = Encoding.UTF8.GetBytes(ack);
                await context.Response.OutputStream.WriteAsync(answer);
                context.Response.Close();
            }
        });
        await using EmulatorServer server = await TestEmulator.StartAsync(configure: o =>
        {
            o.CallbackUrl = new Uri("http://127.0.0.1:" + port + "/hook/");
            o.CallbackFormat = format;
            o.CallbackInterval = TimeSpan.FromMilliseconds(20);
        });
        using Shell shell = Connected(server, "-Protocol " + protocol);
        shell.Run("$global:sent = Send-Sms 79004440001, 79004440002 -Text 'Hello' -Sender MyShop").ThrowOnError();

        server.Clock.Advance(TimeSpan.FromSeconds(61));
        for (int i = 0; i < 200 && server.Callbacks.Acknowledged < 2; i++) await Task.Delay(50);
        shell.Set("pushed", bodies.ToArray().Select(b => new PSObject(new { b.Body, ContentType = b.Type })).ToArray());
        ShellResult compared = shell.Run(@"
            $states = $pushed | ConvertFrom-SmsStatusCallback
            $queried = Get-SmsState -Id $sent.Id
            foreach ($state in $states) {
                $same = $queried | Where-Object Id -eq $state.Id
                '{0} {1} {2} {3} {4}' -f $state.Id, $state.Status, ($state.StatusTime -eq $same.StatusTime), ($state.GetType() -eq $same.GetType()), ($state.SmsStatus -eq $same.SmsStatus)
            }
            ($states | New-SmsStatusCallbackAcknowledgement).Protocol").ThrowOnError();
        await stop.CancelAsync();
        listener.Stop();
        await receiving;

        Assert.Equal(2, server.Callbacks.Acknowledged);
        List<string> lines = Strings(compared);
        Assert.Equal(protocol, lines[^1]);
        Assert.True(2 == lines.Count - 1, string.Join(" | ", lines)); // each state pushed once: the acknowledgement was read whole
        Assert.All(lines.Take(2), l => Assert.EndsWith(" Delivered True True True", l, StringComparison.Ordinal));
    }

    private static int FreePort()
    {
        var probe = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        int port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }
}
