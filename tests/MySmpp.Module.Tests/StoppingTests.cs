using System;
using System.Diagnostics;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using MySmpp.Emulator;
using Xunit;

namespace MySmpp.Module.Tests;

/// <summary>
/// Ctrl+C (PowerShell.Stop) while a command waits on the gateway: every cmdlet passes the stop to the Core
/// (MySmppCmdlet.StopToken) and ends with PipelineStoppedException at once, not when the answer comes.
/// </summary>
[Collection(ModuleCollection.Name)]
public sealed class StoppingTests : IAsyncLifetime
{
    // Far longer than any margin below: a command that does not pass the stop on would still be waiting.
    private const int SlowAnswerMs = 120_000;
    private static readonly TimeSpan PromptStop = TimeSpan.FromSeconds(30);
    private readonly ModuleFixture _module;
    private EmulatorServer? _server;
    private Shell? _shell;

    public StoppingTests(ModuleFixture module) => _module = module;

    public async Task InitializeAsync()
    {
        _server = await TestEmulator.StartAsync();
        _shell = _module.OpenShell();
        _shell.Set("BaseUri", _server.BaseUri());
        _shell.Set("Password", TestEmulator.SecretPassword);
        _shell.Run("$cred = [pscredential]::new('ops', (ConvertTo-SecureString $Password -AsPlainText -Force))").ThrowOnError();
    }

    public async Task DisposeAsync()
    {
        _shell?.Dispose();
        if (_server != null) await _server.DisposeAsync();
    }

    [Theory]
    [InlineData("Connect-MySmpp -Credential $cred -BaseUri $BaseUri -TimeoutSec 600 -WarningAction SilentlyContinue", false, SlowAnswerMs)]
    [InlineData("Get-SmsState 82216, 82218", true, SlowAnswerMs)]
    [InlineData("Get-MySmppBalance", true, SlowAnswerMs)]
    [InlineData("Get-MySmppSender", true, SlowAnswerMs)]
    [InlineData("Send-Sms -Phone '+79161234567' -Text 'Your order has shipped' -Sender MyShop", true, SlowAnswerMs)]
    [InlineData("Wait-SmsState 1001 -PollIntervalSec 3600", true, SlowAnswerMs)]
    [InlineData("Wait-SmsState 1001 -PollIntervalSec 3600", true, 0)] // stopped in the hour-long pause after the first poll
    public void Stopping_ends_a_command_that_waits_on_the_gateway_at_once(string command, bool connected, int latencyMs)
    {
        EmulatorServer server = _server!;
        if (connected) _shell!.Run("Connect-MySmpp -Credential $cred -BaseUri $BaseUri -TimeoutSec 600 -WarningAction SilentlyContinue").ThrowOnError();
        long requestsBefore = server.Stats.Requests;
        server.Options.LatencyMs = latencyMs;

        using PowerShell ps = PowerShell.Create();
        ps.Runspace = _shell!.Runspace;
        ps.AddScript(command);
        IAsyncResult running = ps.BeginInvoke();

        // The request has reached the gateway (and, without latency, been answered) before the stop.
        var watch = Stopwatch.StartNew();
        while (server.Stats.Requests == requestsBefore && watch.Elapsed < PromptStop) Thread.Sleep(20);
        Assert.True(server.Stats.Requests > requestsBefore, command + " sent nothing within " + PromptStop);
        Thread.Sleep(latencyMs == 0 ? 1000 : 300);
        Assert.False(running.IsCompleted, command + " ended before it was stopped.");

        watch.Restart();
        ps.Stop();
        TimeSpan stopping = watch.Elapsed;

        Assert.True(stopping < PromptStop, command + " took " + stopping + " to stop.");
        Assert.Equal(PSInvocationState.Stopped, ps.InvocationStateInfo.State);
        Assert.Throws<PipelineStoppedException>(() => ps.EndInvoke(running));
    }
}
