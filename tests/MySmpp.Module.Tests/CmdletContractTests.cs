using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using Xunit;

namespace MySmpp.Module.Tests;

/// <summary>The cmdlets' public contract as PowerShell reports it (Get-Command, Get-Verb) after importing the built module.</summary>
[Collection(ModuleCollection.Name)]
public sealed class CmdletContractTests : IDisposable
{
    private static readonly string[] IdAliases = { "id_sms", "MessageId", "IdSms" };

    /// <summary>
    /// Verbs that PowerShell 7 approves but Windows PowerShell 5.1 does not (5.1 would warn about them on import).
    /// </summary>
    private static readonly string[] NewerThan51Verbs = { "Build", "Deploy" };

    private readonly Shell _shell;

    public CmdletContractTests(ModuleFixture module) => _shell = module.OpenShell();

    public void Dispose() => _shell.Dispose();

    private CmdletInfo Command(string name) => (CmdletInfo)Assert.Single(_shell.Run("Get-Command -Name $args[0] -Module MySmpp -ErrorAction Stop", name).ThrowOnError().Output).BaseObject;

    private List<CmdletInfo> Commands() => _shell.Run("Get-Command -Module MySmpp").ThrowOnError().Output.Select(o => (CmdletInfo)o.BaseObject).ToList();

    private static ParameterSetMetadata OnlySet(ParameterMetadata parameter) => Assert.Single(parameter.ParameterSets).Value;

    [Fact]
    public void The_module_exports_exactly_the_documented_cmdlets_and_they_are_cmdlets()
    {
        List<CmdletInfo> commands = Commands();
        Assert.Equal(
            new[]
            {
                "Add-MySmppStopList", "Clear-SmsJournal", "Connect-MySmpp", "ConvertFrom-SmsStatusCallback", "ConvertTo-SmsDeliveryReport", "ConvertTo-SmsStateRecord", "Disconnect-MySmpp",
                "Export-SmsDeliveryReport", "Get-MySmppBalance", "Get-MySmppSender", "Get-MySmppSession", "Get-MySmppStopList", "Get-SmsInbound", "Get-SmsJournal",
                "Get-SmsPhoneInfo", "Get-SmsScheduled", "Get-SmsState", "Get-SmsStateSummary", "Measure-SmsText", "New-SmsStatusCallbackAcknowledgement", "Remove-MySmppStopList",
                "Remove-SmsScheduled", "Resume-SmsSend", "Send-Sms", "Sync-SmsJournal", "Wait-SmsState",
            },
            commands.Select(c => c.Name).OrderBy(n => n, StringComparer.Ordinal));
        Assert.All(commands, c => Assert.Equal(CommandTypes.Cmdlet, c.CommandType));
    }

    [Fact]
    public void Every_verb_is_approved_in_Windows_PowerShell_5_1_and_every_noun_carries_the_module_prefix()
    {
        var approved = _shell.Run("Get-Verb | ForEach-Object Verb").ThrowOnError().Output.Select(o => o.ToString()).Except(NewerThan51Verbs).ToHashSet(StringComparer.Ordinal);
        Assert.Contains("Connect", approved);
        foreach (CmdletInfo cmdlet in Commands())
        {
            Assert.True(approved.Contains(cmdlet.Verb), cmdlet.Name + ": '" + cmdlet.Verb + "' is not an approved verb.");
            Assert.True(cmdlet.Noun.StartsWith("MySmpp", StringComparison.Ordinal) || cmdlet.Noun.StartsWith("Sms", StringComparison.Ordinal), cmdlet.Name + ": the noun must start with MySmpp or Sms.");
            Assert.True(char.IsUpper(cmdlet.Noun[0]), cmdlet.Name + ": nouns are Pascal case.");
            // "Sms" is an abbreviation, not a plural (Send-Sms is the name the issue asks for).
            Assert.False(cmdlet.Noun.EndsWith('s') && !cmdlet.Noun.EndsWith("ss", StringComparison.Ordinal) && cmdlet.Noun != "Sms", cmdlet.Name + ": nouns are singular.");
            Assert.Equal(cmdlet.Verb + cmdlet.Noun + "Command", cmdlet.ImplementingType.Name);
            Assert.True(cmdlet.ImplementingType.IsPublic && cmdlet.ImplementingType.IsSealed, cmdlet.Name + " must be a public sealed class.");
        }
    }

    [Fact]
    public void Every_cmdlet_declares_output_types_that_resolve()
    {
        foreach (CmdletInfo cmdlet in Commands())
        {
            Assert.True(cmdlet.OutputType.Count > 0, cmdlet.Name + " has no [OutputType].");
            Assert.All(cmdlet.OutputType, t => Assert.True(t.Type != null, cmdlet.Name + ": [OutputType] names " + t.Name + ", which does not resolve."));
        }

        Assert.Equal("MySmpp.Reporting.SmsStateSummary", Assert.Single(Command("Get-SmsStateSummary").OutputType).Name);
        Assert.Equal("MySmpp.Model.SmsState", Assert.Single(Command("Get-SmsState").OutputType).Name);
        Assert.Equal("MySmpp.Model.SmsState", Assert.Single(Command("Wait-SmsState").OutputType).Name);
    }

    [Theory]
    [InlineData("Get-SmsState")]
    [InlineData("Wait-SmsState")]
    public void Id_binds_by_position_by_value_and_by_property_name_with_the_csv_aliases(string name)
    {
        CmdletInfo cmdlet = Command(name);
        ParameterMetadata id = cmdlet.Parameters["Id"];
        Assert.Equal(typeof(long[]), id.ParameterType);
        ParameterSetMetadata set = OnlySet(id);
        Assert.True(set.IsMandatory);
        Assert.Equal(0, set.Position);
        Assert.True(set.ValueFromPipeline);
        Assert.True(set.ValueFromPipelineByPropertyName);
        Assert.Equal(IdAliases.OrderBy(a => a, StringComparer.Ordinal), id.Aliases.OrderBy(a => a, StringComparer.Ordinal));
        Assert.Contains(id.Attributes, a => a is ArgumentTransformationAttribute);

        Assert.Equal(
            new[] { "Id" },
            cmdlet.Parameters.Values.Where(p => p.ParameterSets.Values.Any(s => s.ValueFromPipeline || s.ValueFromPipelineByPropertyName)).Select(p => p.Name));
    }

    [Fact]
    public void Connect_has_credential_token_and_environment_parameter_sets()
    {
        CmdletInfo connect = Command("Connect-MySmpp");
        Assert.Equal("Environment", connect.DefaultParameterSet);
        Assert.Equal(new[] { "Credential", "Environment", "Token" }, connect.ParameterSets.Select(s => s.Name).OrderBy(n => n, StringComparer.Ordinal));

        ParameterMetadata credential = connect.Parameters["Credential"];
        Assert.Equal(typeof(PSCredential), credential.ParameterType);
        Assert.True(Assert.Single(credential.ParameterSets, s => s.Key == "Credential").Value.IsMandatory);
        Assert.Single(credential.ParameterSets);
        Assert.Contains(credential.Attributes, a => a is CredentialAttribute);

        ParameterMetadata token = connect.Parameters["Token"];
        Assert.Equal(typeof(System.Security.SecureString), token.ParameterType);
        Assert.True(Assert.Single(token.ParameterSets, s => s.Key == "Token").Value.IsMandatory);

        string[] shared = { "BaseUri", "Protocol", "TimeoutSec", "OperationTimeoutSec", "RetryMaxDelaySec", "MaxResponseSizeMB", "BatchSize", "MaxConcurrency", "MaxRetries", "ServerTimeZone", "SkipValidation", "PassThru",
            "Proxy", "ProxyCredential", "ProxyUseDefaultCredentials", "NoProxy" };
        foreach (string name in shared)
        {
            ParameterMetadata parameter = connect.Parameters[name];
            Assert.True(parameter.ParameterSets.ContainsKey(ParameterAttribute.AllParameterSets), "-" + name + " must be in every parameter set.");
            Assert.False(parameter.ParameterSets[ParameterAttribute.AllParameterSets].IsMandatory, "-" + name + " must be optional.");
        }

        Assert.Equal(typeof(SwitchParameter), connect.Parameters["SkipValidation"].ParameterType);
        Assert.Equal("MySmpp.Model.MySmppProtocol", connect.Parameters["Protocol"].ParameterType.FullName);

        // The proxy parameters, typed as Invoke-RestMethod's.
        Assert.Equal(typeof(Uri), connect.Parameters["Proxy"].ParameterType);
        Assert.Equal(typeof(PSCredential), connect.Parameters["ProxyCredential"].ParameterType);
        Assert.Contains(connect.Parameters["ProxyCredential"].Attributes, a => a is CredentialAttribute);
        Assert.Equal(typeof(SwitchParameter), connect.Parameters["ProxyUseDefaultCredentials"].ParameterType);
        Assert.Equal(typeof(SwitchParameter), connect.Parameters["NoProxy"].ParameterType);

        // The session's bounds, named like -TimeoutSec (whole seconds, whole MiB).
        foreach (string name in new[] { "TimeoutSec", "OperationTimeoutSec", "RetryMaxDelaySec", "MaxResponseSizeMB" })
        {
            Assert.Equal(typeof(int), connect.Parameters[name].ParameterType);
            Assert.True(connect.Parameters[name].Attributes.Any(a => a is ValidateRangeAttribute), "-" + name + " must refuse values out of range before connecting.");
        }
    }

    [Theory]
    [InlineData("Connect-MySmpp -Protocol ", "Json", "Xml")]
    [InlineData("Wait-SmsState -Id 1 -Until ", "Settled", "Final")]
    [InlineData("Get-SmsJournal -Status ", "Unconfirmed", "Pending")]
    public void Choice_parameters_complete_their_names(string input, string first, string second)
    {
        List<string> completions = _shell.Run("(TabExpansion2 -inputScript $args[0] -cursorColumn $args[0].Length).CompletionMatches | ForEach-Object CompletionText", input)
            .ThrowOnError().Output.Select(o => o.ToString()).ToList();
        Assert.Contains(first, completions);
        Assert.Contains(second, completions);
    }

    [Fact]
    public void The_module_assembly_makes_public_only_what_users_see()
    {
        // Completers and the -Id transformation are PowerShell's business (it builds them by reflection): a user
        // never names them, so they are internal, as PowerShell's and PSResourceGet's own are.
        Type[] exported = Command("Get-SmsState").ImplementingType.Assembly.GetExportedTypes();
        Assert.DoesNotContain(exported, t => typeof(IArgumentCompleter).IsAssignableFrom(t));
        Assert.DoesNotContain(exported, t => typeof(ArgumentTransformationAttribute).IsAssignableFrom(t));
        Assert.Contains(exported, t => t.Name == "MySmppSession");
    }

    [Fact]
    public void The_server_time_zone_completes_from_the_machines_zones()
    {
        // Moscow time, the platform's zone, under the name this machine's zone database uses.
        (string typed, string expected) = OperatingSystem.IsWindows() ? ("Russian", "Russian Standard Time") : ("Europe/Mos", "Europe/Moscow");
        string input = "Connect-MySmpp -ServerTimeZone " + typed;
        List<string> completions = _shell.Run("(TabExpansion2 -inputScript $args[0] -cursorColumn $args[0].Length).CompletionMatches | ForEach-Object CompletionText", input)
            .ThrowOnError().Output.Select(o => o.ToString().Trim('\'', '"')).ToList();
        Assert.Contains(expected, completions);
    }

    [Fact]
    public void Wait_offers_the_documented_options_with_validated_ranges()
    {
        CmdletInfo wait = Command("Wait-SmsState");
        Assert.Equal("MySmpp.Waiting.SmsWaitCondition", wait.Parameters["Until"].ParameterType.FullName);
        Assert.Equal(new[] { "Delivered", "Final", "Settled" }, Enum.GetNames(wait.Parameters["Until"].ParameterType).OrderBy(n => n, StringComparer.Ordinal));
        Assert.Contains(wait.Parameters["PollIntervalSec"].Attributes, a => a is ValidateRangeAttribute);
        Assert.Contains(wait.Parameters["TimeoutSec"].Attributes, a => a is ValidateRangeAttribute);
    }

    [Theory]
    [InlineData("Get-SmsState")]
    [InlineData("Wait-SmsState")]
    [InlineData("Disconnect-MySmpp")]
    [InlineData("Get-SmsInbound")]
    [InlineData("Get-MySmppStopList")]
    [InlineData("Add-MySmppStopList")]
    [InlineData("Remove-MySmppStopList")]
    [InlineData("Get-SmsScheduled")]
    [InlineData("Remove-SmsScheduled")]
    [InlineData("Get-SmsPhoneInfo")]
    [InlineData("ConvertFrom-SmsStatusCallback")]
    [InlineData("New-SmsStatusCallbackAcknowledgement")]
    [InlineData("Get-SmsJournal")]
    [InlineData("Sync-SmsJournal")]
    [InlineData("Clear-SmsJournal")]
    [InlineData("Resume-SmsSend")]
    public void Cmdlets_that_use_a_session_take_an_optional_Session(string name)
    {
        ParameterMetadata session = Command(name).Parameters["Session"];
        Assert.Equal("MySmpp.Commands.MySmppSession", session.ParameterType.FullName);
        Assert.All(session.ParameterSets.Values, s => Assert.False(s.IsMandatory));
    }

    [Fact]
    public void Only_the_cmdlets_that_change_something_outside_the_runspace_offer_WhatIf()
    {
        // Status, balance, sender, reply, list and lookup queries are read-only, the webhook cmdlets only read and
        // write text, Sync-SmsJournal only refreshes states the gateway already has, and sessions live only in the
        // runspace, so ShouldProcess does not apply there; offering -WhatIf would promise a dry run of nothing.
        // Send-Sms and Resume-SmsSend send (and spend money), the stop-list cmdlets change who may be messaged, Remove-SmsScheduled
        // cancels messages, Clear-SmsJournal deletes history: they must offer -WhatIf and -Confirm.
        var changing = new Dictionary<string, ConfirmImpact>(StringComparer.Ordinal)
        {
            ["Send-Sms"] = ConfirmImpact.Medium,
            ["Resume-SmsSend"] = ConfirmImpact.Medium,
            ["Add-MySmppStopList"] = ConfirmImpact.Medium,
            ["Remove-MySmppStopList"] = ConfirmImpact.Medium,
            ["Remove-SmsScheduled"] = ConfirmImpact.High,
            ["Clear-SmsJournal"] = ConfirmImpact.Medium,
        };
        foreach (CmdletInfo cmdlet in Commands())
        {
            bool changes = changing.ContainsKey(cmdlet.Name);
            Assert.True(changes == cmdlet.Parameters.ContainsKey("WhatIf"), cmdlet.Name + (changes ? " must offer -WhatIf." : " offers -WhatIf."));
            Assert.True(changes == cmdlet.Parameters.ContainsKey("Confirm"), cmdlet.Name + (changes ? " must offer -Confirm." : " offers -Confirm."));
            if (changes)
            {
                var attribute = (CmdletAttribute)cmdlet.ImplementingType.GetCustomAttributes(typeof(CmdletAttribute), false).Single();
                Assert.Equal(changing[cmdlet.Name], attribute.ConfirmImpact);
            }
        }
    }

    [Theory]
    [InlineData("Add-MySmppStopList")]
    [InlineData("Remove-MySmppStopList")]
    public void Stop_list_phones_bind_by_value_and_by_a_replys_From(string name)
    {
        ParameterMetadata phone = Command(name).Parameters["Phone"];
        ParameterSetMetadata set = OnlySet(phone);
        Assert.Equal(typeof(string[]), phone.ParameterType);
        Assert.True(set.IsMandatory && set.ValueFromPipeline && set.ValueFromPipelineByPropertyName);
        Assert.Equal(0, set.Position);
        Assert.Contains("From", phone.Aliases);
    }

    [Fact]
    public void Summary_and_record_cmdlets_take_states_from_the_pipeline()
    {
        Assert.True(OnlySet(Command("Get-SmsStateSummary").Parameters["InputObject"]).ValueFromPipeline);
        ParameterMetadata record = Command("ConvertTo-SmsStateRecord").Parameters["InputObject"];
        Assert.True(OnlySet(record).ValueFromPipeline);
        Assert.Equal("MySmpp.Model.SmsState[]", record.ParameterType.FullName);
    }

    [Theory]
    [InlineData("ConvertTo-SmsDeliveryReport")]
    [InlineData("Export-SmsDeliveryReport")]
    public void Report_cmdlets_take_states_from_the_pipeline_and_offer_the_four_formats(string name)
    {
        CmdletInfo cmdlet = Command(name);
        Assert.True(OnlySet(cmdlet.Parameters["InputObject"]).ValueFromPipeline);
        Assert.Equal(new[] { "Html", "Email", "AdaptiveCard", "Markdown" }, Enum.GetNames(cmdlet.Parameters["Format"].ParameterType));
        ValidateRangeAttribute top = Assert.Single(cmdlet.Parameters["Top"].Attributes.OfType<ValidateRangeAttribute>());
        Assert.Equal(0, top.MinRange);
        Assert.Equal(100, top.MaxRange);
        foreach (string label in new[] { "Title", "Since", "Until", "Currency", "Culture" }) Assert.True(cmdlet.Parameters.ContainsKey(label), name + " lacks -" + label);
        // Like Export-Csv: the file is the first positional argument; ConvertTo-* takes its input by position.
        Assert.Equal(0, OnlySet(cmdlet.Parameters[name == "Export-SmsDeliveryReport" ? "Path" : "InputObject"]).Position);
    }

    [Fact]
    public void Records_hold_only_culture_free_values()
    {
        Type record = Command("ConvertTo-SmsStateRecord").OutputType.Single().Type;
        Type[] allowed = { typeof(string), typeof(long), typeof(bool), typeof(int?) };
        foreach (var property in record.GetProperties())
        {
            Assert.True(allowed.Contains(property.PropertyType), property.Name + " is " + property.PropertyType + ", whose ToString() depends on the culture.");
        }

        Assert.Contains(record.GetProperties(), p => p.Name == "Id");
    }

    [Fact]
    public void Connect_offers_the_journal_options_and_the_session_shows_them()
    {
        CmdletInfo connect = Command("Connect-MySmpp");
        Assert.Equal(typeof(string), connect.Parameters["JournalPath"].ParameterType);
        Assert.Equal(typeof(SwitchParameter), connect.Parameters["NoJournal"].ParameterType);
        Assert.Equal(typeof(SwitchParameter), connect.Parameters["JournalKeepText"].ParameterType);
        Type session = Command("Get-MySmppSession").OutputType.Single().Type;
        Assert.Equal(typeof(string), session.GetProperty("JournalPath")!.PropertyType);
        Assert.Equal(typeof(bool), session.GetProperty("JournalKeepsText")!.PropertyType);
    }

    [Fact]
    public void Journal_entries_bind_into_Get_SmsState_by_Id_and_Sync_takes_them_from_the_pipeline()
    {
        Type entry = Command("Get-SmsJournal").OutputType.Single().Type;
        Assert.Equal("MySmpp.Journal.SmsJournalEntry", entry.FullName);
        Assert.Equal(typeof(long?), entry.GetProperty("Id")!.PropertyType);
        foreach (string name in new[] { "Phone", "SentAt", "Status", "StatusTime", "Parts", "PricePerPart", "TotalCost", "ErrorId", "ClientId", "RunId" })
        {
            Assert.True(entry.GetProperty(name) != null, "SmsJournalEntry." + name + " is missing.");
        }

        ParameterMetadata input = Command("Sync-SmsJournal").Parameters["InputObject"];
        Assert.True(OnlySet(input).ValueFromPipeline);
        Assert.Equal("MySmpp.Journal.SmsJournalEntry[]", input.ParameterType.FullName);
        Assert.True(OnlySet(Command("Clear-SmsJournal").Parameters["Before"]).IsMandatory);
    }

    [Fact]
    public void The_session_type_never_exposes_the_credential()
    {
        Type session = Command("Get-MySmppSession").OutputType.Single().Type;
        foreach (var property in session.GetProperties())
        {
            Assert.DoesNotContain("Credential", property.PropertyType.FullName!, StringComparison.Ordinal);
            Assert.DoesNotContain("SecureString", property.PropertyType.FullName!, StringComparison.Ordinal);
            Assert.DoesNotContain("Client", property.Name, StringComparison.Ordinal);
        }

        foreach (string name in new[] { "Endpoint", "Protocol", "Account", "BatchSize", "ConnectedAt", "IsDefault", "IsConnected" })
        {
            Assert.True(session.GetProperty(name) != null, "MySmppSession." + name + " is missing.");
        }
    }
}
