using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
using MySmpp.Emulator;
using Xunit;

namespace MySmpp.Module.Tests;

/// <summary>
/// Each cmdlet run in hosted PowerShell against an in-process emulator (frozen clock): binding, error
/// records (id, category, target, terminating or not), -ErrorVariable, progress, -Verbose and secrets.
/// </summary>
[Collection(ModuleCollection.Name)]
public sealed class CmdletBehaviourTests : IAsyncLifetime
{
    private readonly ModuleFixture _module;
    private EmulatorServer? _server;
    private Shell? _shell;

    public CmdletBehaviourTests(ModuleFixture module) => _module = module;

    private EmulatorServer Server => _server!;

    private Shell Shell => _shell!;

    public async Task InitializeAsync()
    {
        _server = await TestEmulator.StartAsync();
        _shell = _module.OpenShell();
        Shell.Set("BaseUri", Server.BaseUri());
        Shell.Set("Password", TestEmulator.SecretPassword);
        Shell.Set("Token", TestEmulator.SecretToken);
        Shell.Run("$cred = [pscredential]::new('ops', (ConvertTo-SecureString $Password -AsPlainText -Force)); $secureToken = ConvertTo-SecureString $Token -AsPlainText -Force").ThrowOnError();
    }

    public async Task DisposeAsync()
    {
        _shell?.Dispose();
        if (_server != null) await _server.DisposeAsync();
    }

    private void Connect(string extra = "") =>
        Shell.Run("Connect-MySmpp -Credential $cred -BaseUri $BaseUri -WarningAction SilentlyContinue " + extra).ThrowOnError();

    private static List<long> Ids(ShellResult result) => result.Output.Select(o => (long)o.Properties["Id"].Value).ToList();

    [Fact]
    public void Connect_validates_makes_a_default_session_and_warns_once_about_plain_http()
    {
        ShellResult result = Shell.Run("$s = Connect-MySmpp -Credential $cred -BaseUri $BaseUri -PassThru; $s.PSObject.TypeNames[0]; $s.IsDefault; [object]::ReferenceEquals($s, (Get-MySmppSession))").ThrowOnError();
        Assert.Equal(new[] { "MySmpp.Commands.MySmppSession", "True", "True" }, result.Output.Select(o => o.ToString()));
        Assert.Single(result.Warnings, w => w.Contains("http", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(1L, Server.Stats.Requests);
    }

    [Fact]
    public void Ids_bind_by_position_by_value_as_numbers_and_strings_and_by_every_property_name()
    {
        Connect();
        Assert.Equal(new long[] { 82216, 82218 }, Ids(Shell.Run("Get-SmsState 82216, 82218").ThrowOnError()));
        Assert.Equal(new long[] { 82216, 82218, 82219 }, Ids(Shell.Run("82216, '82218', '82219' | Get-SmsState").ThrowOnError()));
        // One id per string: a list in one string is refused, never split (a '1,234' cell must not become two ids).
        ShellResult listed = Shell.Run("'82216;82218 82219' | Get-SmsState");
        Assert.Empty(Ids(listed));
        Assert.Contains("'82216;82218 82219' is not one message id", Assert.Single(listed.Errors).ToString(), StringComparison.Ordinal);
        Assert.Equal(new long[] { 82216, 82218, 82219 }, Ids(Shell.Run("'82216;82218 82219' -split '[; ]' | Get-SmsState").ThrowOnError()));
        foreach (string property in new[] { "Id", "id_sms", "MessageId", "IdSms" })
        {
            ShellResult byName = Shell.Run("[pscustomobject] @{ " + property + " = '82220'; Phone = '+7' } | Get-SmsState").ThrowOnError();
            Assert.Equal(new long[] { 82220 }, Ids(byName));
        }

        // States pipe back in (their Id property) and come back refreshed, in input order.
        Assert.Equal(new long[] { 82219, 82216 }, Ids(Shell.Run("Get-SmsState 82219, 82216 | Get-SmsState").ThrowOnError()));
    }

    [Fact]
    public void Unknown_ids_are_non_terminating_errors_with_the_id_as_target_collected_by_ErrorVariable()
    {
        Connect();
        ShellResult result = Shell.Run("Get-SmsState 82216, 999, 82218, 998 -ErrorVariable missing; 'after'; $missing.Count");
        Assert.Null(result.Terminating);
        Assert.Equal(new[] { "82216", "82218", "after", "2" }, result.Output.Select(o => o.Properties["Id"]?.Value?.ToString() ?? o.ToString()));
        Assert.Equal(2, result.Errors.Count);
        foreach ((ErrorRecord error, long id) in result.Errors.Zip(new long[] { 999, 998 }))
        {
            Assert.Equal("MySmpp.IdNotFound,MySmpp.Commands.Cmdlets.GetSmsStateCommand", error.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
            Assert.Equal(id, error.TargetObject);
        }
    }

    [Fact]
    public void Bad_credentials_stop_the_command_with_a_terminating_AuthenticationFailed()
    {
        ShellResult result = Shell.Run("Connect-MySmpp -Credential ([pscredential]::new('ops', (ConvertTo-SecureString 'wrong-Pw-1' -AsPlainText -Force))) -BaseUri $BaseUri -WarningAction SilentlyContinue; 'not reached'");
        ErrorRecord record = Assert.IsType<ErrorRecord>(result.TerminatingRecord);
        Assert.StartsWith("MySmpp.AuthenticationFailed,", record.FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.Equal(ErrorCategory.AuthenticationError, record.CategoryInfo.Category);
        Assert.DoesNotContain(result.Output, o => o.ToString() == "not reached");
        Assert.DoesNotContain("wrong-Pw-1", result.AllText(), StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_session_the_query_cmdlets_stop_with_NotConnected()
    {
        foreach (string command in new[] { "Get-SmsState 82216", "Wait-SmsState 82216 -TimeoutSec 1" })
        {
            ShellResult result = Shell.Run(command + "; 'not reached'");
            Assert.StartsWith("MySmpp.NotConnected,", result.TerminatingRecord?.FullyQualifiedErrorId, StringComparison.Ordinal);
            Assert.Equal(ErrorCategory.ConnectionError, result.TerminatingRecord!.CategoryInfo.Category);
            Assert.Empty(result.Output);
        }
    }

    /// <summary>
    /// The "not connected" and TLS errors say what to do once: the recommendation line (PowerShell 7 prints it under the
    /// message) neither says the message again nor contradicts it (a TLS failure is not retried, so no "already retried").
    /// </summary>
    [Fact]
    public void Not_connected_and_TLS_errors_have_recommendations_that_neither_repeat_nor_contradict_the_message()
    {
        ErrorRecord none = Shell.Run("Get-SmsState 82216").TerminatingRecord!;
        Assert.Contains("run Connect-MySmpp first", none.ToString(), StringComparison.Ordinal);
        AssertSaysSomethingElse(none);

        Connect();
        ErrorRecord disconnected = Shell.Run("$s = Get-MySmppSession; Disconnect-MySmpp; Get-SmsState 82216 -Session $s").TerminatingRecord!;
        Assert.StartsWith("MySmpp.NotConnected,", disconnected.FullyQualifiedErrorId, StringComparison.Ordinal);
        AssertSaysSomethingElse(disconnected);

        // https to the emulator's plain-http port: the TLS handshake fails.
        ErrorRecord tls = Shell.Run("Connect-MySmpp -Credential $cred -BaseUri ($BaseUri -replace '^http:', 'https:')").TerminatingRecord!;
        Assert.StartsWith("MySmpp.Transport,", tls.FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.Contains("use http:// instead of https://", tls.ToString(), StringComparison.Ordinal);
        Assert.Contains("Not retried", tls.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("retried", tls.ErrorDetails?.RecommendedAction ?? string.Empty, StringComparison.OrdinalIgnoreCase);
        AssertSaysSomethingElse(tls);
    }

    // No run of three words of the recommendation is in the message ("Run Connect-MySmpp, or pass a session" twice was).
    private static void AssertSaysSomethingElse(ErrorRecord record)
    {
        string? recommendation = record.ErrorDetails?.RecommendedAction;
        if (recommendation == null) return;
        static string[] Words(string text) => System.Text.RegularExpressions.Regex.Split(text.ToLowerInvariant(), @"[^\p{L}\p{N}_-]+").Where(w => w.Length > 0).ToArray();
        string message = " " + string.Join(" ", Words(record.ToString())) + " ";
        string[] words = Words(recommendation);
        for (int i = 0; i + 3 <= words.Length; i++)
        {
            string run = " " + string.Join(" ", words, i, 3) + " ";
            Assert.False(message.Contains(run, StringComparison.Ordinal), "The recommendation repeats '" + run.Trim() + "' of the message: " + record + " / " + recommendation);
        }
    }

    [Fact]
    public void Verbose_lines_count_in_the_singular_and_the_plural()
    {
        Connect("-NoJournal");
        ShellResult one = Shell.Run("Get-SmsState 82216 -Verbose | Out-Null; Wait-SmsState 82216 -TimeoutSec 5 -Verbose | Out-Null; Send-Sms -Phone 79001110001 -Text 'Your code is 1234' -Sender MyShop -Verbose | Out-Null").ThrowOnError();
        Assert.Contains(one.Verbose, v => v.EndsWith("1 id in 1 batch, 1 request, 0 retries.", StringComparison.Ordinal));
        Assert.Contains(one.Verbose, v => v.EndsWith("): 1 id 82216", StringComparison.Ordinal));
        Assert.Contains(one.Verbose, v => v.StartsWith("MySmpp: waiting for 1 id at ", StringComparison.Ordinal));
        Assert.Contains(one.Verbose, v => v.Contains("1 recipient in 1 batch, 1 request, 0 retries", StringComparison.Ordinal));
        Assert.DoesNotContain(one.Verbose, v => System.Text.RegularExpressions.Regex.IsMatch(v, @"\b1 (ids|batches|requests|recipients)\b"));

        ShellResult many = Shell.Run("Get-SmsState 82216, 82217 -Verbose | Out-Null").ThrowOnError();
        Assert.Contains(many.Verbose, v => v.EndsWith("2 ids in 1 batch, 1 request, 0 retries.", StringComparison.Ordinal));
    }

    [Fact]
    public void Send_Sms_without_a_sender_says_what_to_give_and_where_to_find_it()
    {
        Connect("-NoJournal");
        ShellResult result = Shell.Run("Send-Sms -Phone 79001110001 -Text 'Your code is 1234'");
        ErrorRecord refused = Assert.Single(result.Errors);
        Assert.StartsWith("MySmpp.InvalidArgument", refused.FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.Contains("-Sender", refused.ToString(), StringComparison.Ordinal);
        Assert.StartsWith("-Sender: ", refused.ToString(), StringComparison.Ordinal);
        Assert.Contains("approved sender names. Get-MySmppSender lists them", refused.ToString(), StringComparison.Ordinal);
        Assert.Equal(1L, Server.Stats.Requests); // Connect-MySmpp's check only: nothing was sent
    }

    [Fact]
    public void A_value_that_is_not_an_id_fails_binding_and_names_Id()
    {
        Connect();
        ShellResult result = Shell.Run("Get-SmsState -Id 'abc'");
        Assert.NotNull(result.TerminatingRecord);
        Assert.Contains("Id", result.TerminatingRecord!.ToString(), StringComparison.Ordinal);
        Assert.Equal(ErrorCategory.InvalidData, result.TerminatingRecord.CategoryInfo.Category);
    }

    [Fact]
    public void Get_SmsState_reports_progress_for_many_batches_and_completes_it()
    {
        Connect("-BatchSize 10");
        ShellResult result = Shell.Run("Get-SmsState -Id (1000001..1000100) | Measure-Object | ForEach-Object Count").ThrowOnError();
        Assert.Equal(100, (int)result.Output.Single().BaseObject);
        Assert.NotEmpty(result.Progress);
        Assert.Equal(ProgressRecordType.Completed, result.Progress.Last().RecordType);
        Assert.All(result.Progress, p => Assert.Equal(result.Progress[0].ActivityId, p.ActivityId));

        ShellResult silent = Shell.Run("$ProgressPreference = 'SilentlyContinue'; Get-SmsState -Id (1000001..1000100) | Out-Null").ThrowOnError();
        Assert.Empty(silent.Progress);
    }

    [Fact]
    public void Verbose_shows_endpoint_batches_and_account_but_no_secret_in_any_stream()
    {
        ShellResult login = Shell.Run("Connect-MySmpp -Credential $cred -BaseUri $BaseUri -Verbose -PassThru | Format-List * | Out-String; Get-SmsState 82216, 999 -Detail -Verbose -ErrorAction SilentlyContinue | Format-List * | Out-String; Get-MySmppSession | Out-String");
        ShellResult token = Shell.Run("Connect-MySmpp -Token $secureToken -BaseUri $BaseUri -Protocol Xml -Verbose -PassThru | Out-String; Wait-SmsState 82216 -TimeoutSec 5 -PollIntervalSec 1 -Verbose | Out-String; Disconnect-MySmpp -Verbose");
        Assert.True(login.Terminating == null && login.Errors.Count == 0, login.AllText());
        Assert.Contains(login.Verbose, v => v.Contains(Server.BaseUri(), StringComparison.Ordinal));
        Assert.Contains(login.Verbose, v => v.Contains("ops", StringComparison.Ordinal));
        Assert.Contains(token.Verbose, v => v.Contains("Disconnected", StringComparison.Ordinal));
        foreach (ShellResult result in new[] { login, token })
        {
            Assert.Null(result.Terminating);
            string all = result.AllText();
            Assert.DoesNotContain(TestEmulator.SecretPassword, all, StringComparison.Ordinal);
            Assert.DoesNotContain(TestEmulator.SecretToken, all, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Wait_SmsState_writes_each_state_once_when_it_settles_and_times_out_per_id()
    {
        Connect();
        // 82217 stays Sent for ever: it times out with its last state; 82218 is already final.
        ShellResult result = Shell.Run("Wait-SmsState -Id 82218, 82217 -TimeoutSec 2 -PollIntervalSec 1 -ErrorVariable late -ErrorAction SilentlyContinue; $late[0].Exception.LastState.Status.ToString()");
        Assert.Null(result.Terminating);
        Assert.Equal(82218L, result.Output[0].Properties["Id"].Value);
        Assert.Equal("Sent", result.Output[1].ToString());
        Assert.Equal(2, result.Output.Count);
        ErrorRecord late = Assert.IsType<ErrorRecord>(Assert.Single((ArrayList)Shell.Get("late")!));
        Assert.StartsWith("MySmpp.WaitTimeout,", late.FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.Equal(82217L, late.TargetObject);
    }

    [Fact]
    public void Summary_counts_states_and_error_records_and_records_use_invariant_numbers()
    {
        Connect();
        ShellResult summary = Shell.Run("Get-SmsState 82216, 82218, 999 -Detail 2>&1 | Get-SmsStateSummary").ThrowOnError();
        PSObject s = Assert.Single(summary.Output);
        Assert.Equal(2, Convert.ToInt32(s.Properties["Total"].Value, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(1, Convert.ToInt32(s.Properties["Errors"].Value, System.Globalization.CultureInfo.InvariantCulture));

        ShellResult record = Shell.Run("[cultureinfo]::CurrentCulture = 'de-DE'; Get-SmsState 82219 -Detail | ConvertTo-SmsStateRecord | ConvertTo-Csv -NoTypeInformation").ThrowOnError();
        Assert.Contains("\"21.2\"", record.Output[1].ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Disconnect_is_quiet_without_a_session_and_closes_a_piped_session()
    {
        Assert.Empty(Shell.Run("Disconnect-MySmpp").ThrowOnError().Output);
        Connect();
        ShellResult result = Shell.Run("Get-MySmppSession | Disconnect-MySmpp -PassThru | ForEach-Object IsConnected; Get-MySmppSession").ThrowOnError();
        Assert.Equal(new object[] { false }, result.Output.Select(o => o.BaseObject));
    }
}
