using System;
using System.Collections.Generic;
using System.Linq;
using Xunit;

namespace MySmpp.Module.Tests;

/// <summary>The cmdlets' public contract, read from the built MySmpp.dll.</summary>
[Collection(ModuleCollection.Name)]
public sealed class CmdletContractTests
{
    /// <summary>
    /// Get-Verb's approved verbs in Windows PowerShell 5.1 (PowerShell 7 adds Build and Deploy, which 5.1
    /// would warn about on import, so they are left out on purpose).
    /// </summary>
    public static readonly IReadOnlySet<string> ApprovedVerbs = new HashSet<string>(StringComparer.Ordinal)
    {
        // Common
        "Add", "Clear", "Close", "Copy", "Enter", "Exit", "Find", "Format", "Get", "Hide", "Join", "Lock", "Move", "New",
        "Open", "Optimize", "Pop", "Push", "Redo", "Remove", "Rename", "Reset", "Resize", "Search", "Select", "Set", "Show",
        "Skip", "Split", "Step", "Switch", "Undo", "Unlock", "Watch",
        // Communications
        "Connect", "Disconnect", "Read", "Receive", "Send", "Write",
        // Data
        "Backup", "Checkpoint", "Compare", "Compress", "Convert", "ConvertFrom", "ConvertTo", "Dismount", "Edit", "Expand",
        "Export", "Group", "Import", "Initialize", "Limit", "Merge", "Mount", "Out", "Publish", "Restore", "Save", "Sync",
        "Unpublish", "Update",
        // Diagnostic
        "Debug", "Measure", "Ping", "Repair", "Resolve", "Test", "Trace",
        // Lifecycle
        "Approve", "Assert", "Complete", "Confirm", "Deny", "Disable", "Enable", "Install", "Invoke", "Register", "Request",
        "Restart", "Resume", "Start", "Stop", "Submit", "Suspend", "Uninstall", "Unregister", "Wait",
        // Security
        "Block", "Grant", "Protect", "Revoke", "Unblock", "Unprotect",
        // Other
        "Use",
    };

    private static readonly string[] IdAliases = { "id_sms", "MessageId", "IdSms" };

    private readonly ModuleFixture _module;

    public CmdletContractTests(ModuleFixture module) => _module = module;

    [Fact]
    public void The_module_defines_exactly_the_documented_cmdlets()
    {
        Assert.Equal(
            new[] { "Connect-MySmpp", "ConvertTo-SmsStateRecord", "Disconnect-MySmpp", "Get-MySmppBalance", "Get-MySmppSender", "Get-MySmppSession", "Get-SmsState", "Get-SmsStateSummary", "Send-Sms", "Wait-SmsState" },
            _module.Cmdlets.Select(c => c.Name).OrderBy(n => n, StringComparer.Ordinal));
    }

    [Fact]
    public void Every_verb_is_approved_and_every_noun_carries_the_module_prefix()
    {
        foreach (Cmdlet cmdlet in _module.Cmdlets)
        {
            Assert.True(ApprovedVerbs.Contains(cmdlet.Verb), cmdlet.Name + ": '" + cmdlet.Verb + "' is not an approved verb.");
            Assert.True(cmdlet.Noun.StartsWith("MySmpp", StringComparison.Ordinal) || cmdlet.Noun.StartsWith("Sms", StringComparison.Ordinal), cmdlet.Name + ": the noun must start with MySmpp or Sms.");
            Assert.True(char.IsUpper(cmdlet.Noun[0]), cmdlet.Name + ": nouns are Pascal case.");
            // "Sms" is an abbreviation, not a plural (Send-Sms is the name the issue asks for).
            Assert.False(cmdlet.Noun.EndsWith('s') && !cmdlet.Noun.EndsWith("ss", StringComparison.Ordinal) && cmdlet.Noun != "Sms", cmdlet.Name + ": nouns are singular.");
        }
    }

    [Fact]
    public void Every_cmdlet_declares_output_types_that_exist()
    {
        foreach (Cmdlet cmdlet in _module.Cmdlets)
        {
            Assert.True(cmdlet.OutputTypes.Count > 0, cmdlet.Name + " has no [OutputType].");
            foreach (string typeName in cmdlet.OutputTypes)
            {
                Assert.True(_module.FindType(typeName) != null, cmdlet.Name + ": [OutputType] names " + typeName + ", which is not in MySmpp.dll or MySmpp.Core.dll.");
            }
        }
    }

    [Fact]
    public void Cmdlet_classes_are_public_sealed_and_named_after_the_cmdlet()
    {
        foreach (Cmdlet cmdlet in _module.Cmdlets)
        {
            Assert.True(cmdlet.Type.IsPublic && cmdlet.Type.IsSealed, cmdlet.Name + " must be a public sealed class.");
            Assert.Equal(cmdlet.Verb + cmdlet.Noun + "Command", cmdlet.Type.Name);
            Assert.Equal("MySmpp.Commands", cmdlet.Type.Namespace);
        }
    }

    [Theory]
    [InlineData("Get-SmsState")]
    [InlineData("Wait-SmsState")]
    public void Id_binds_by_position_by_value_and_by_property_name_with_the_csv_aliases(string name)
    {
        Parameter id = _module[name]["Id"];
        Assert.Equal("System.Int64[]", id.Type.FullName);
        SetInfo set = Assert.Single(id.Sets).Value;
        Assert.True(set.Mandatory);
        Assert.Equal(0, set.Position);
        Assert.True(set.ValueFromPipeline);
        Assert.True(set.ValueFromPipelineByPropertyName);
        Assert.Equal(IdAliases.OrderBy(a => a, StringComparer.Ordinal), id.Aliases.OrderBy(a => a, StringComparer.Ordinal));
        Assert.True(id.HasAttribute("MessageIdTransformationAttribute"), name + " -Id must turn CSV strings into ids.");
        Assert.Equal("ArgumentTransformationAttribute", id.Attribute("MessageIdTransformationAttribute")!.AttributeType.BaseType!.Name);
    }

    [Fact]
    public void Only_Id_takes_pipeline_input_in_the_query_cmdlets()
    {
        foreach (string name in new[] { "Get-SmsState", "Wait-SmsState" })
        {
            Assert.Equal(
                new[] { "Id" },
                _module[name].Parameters.Where(p => p.Sets.Values.Any(s => s.ValueFromPipeline || s.ValueFromPipelineByPropertyName)).Select(p => p.Name));
        }
    }

    [Fact]
    public void Connect_has_credential_token_and_environment_parameter_sets()
    {
        Cmdlet connect = _module["Connect-MySmpp"];
        Assert.Equal("Environment", connect.DefaultParameterSet);

        Parameter credential = connect["Credential"];
        Assert.Equal("System.Management.Automation.PSCredential", credential.Type.FullName);
        Assert.True(Assert.Contains("Credential", credential.Sets).Mandatory);
        Assert.Single(credential.Sets);
        Assert.True(credential.HasAttribute("CredentialAttribute"), "-Credential should prompt for a password when given a user name.");

        Parameter token = connect["Token"];
        Assert.Equal("System.Security.SecureString", token.Type.FullName);
        Assert.True(Assert.Contains("Token", token.Sets).Mandatory);
        Assert.Single(token.Sets);

        string[] shared = { "BaseUri", "Protocol", "TimeoutSec", "OperationTimeoutSec", "RetryMaxDelaySec", "MaxResponseSizeMB", "BatchSize", "MaxConcurrency", "MaxRetries", "ServerTimeZone", "SkipValidation", "PassThru",
            "Proxy", "ProxyCredential", "ProxyUseDefaultCredentials", "NoProxy" };
        foreach (string name in shared)
        {
            Parameter parameter = connect[name];
            Assert.True(parameter.Sets.ContainsKey(Cmdlet.AllSets), "-" + name + " must be in every parameter set.");
            Assert.False(parameter.Sets[Cmdlet.AllSets].Mandatory, "-" + name + " must be optional.");
        }

        Assert.Equal(shared.Length + 2, connect.Parameters.Count);
        Assert.Equal("MySmpp.MySmppProtocol", connect["Protocol"].Type.FullName);
        Assert.Equal("System.String", connect["BaseUri"].Type.FullName);
        Assert.Equal("System.Management.Automation.SwitchParameter", connect["SkipValidation"].Type.FullName);
        Assert.Equal("System.Management.Automation.SwitchParameter", connect["PassThru"].Type.FullName);

        // The proxy parameters, typed as Invoke-RestMethod's.
        Assert.Equal("System.Uri", connect["Proxy"].Type.FullName);
        Assert.Equal("System.Management.Automation.PSCredential", connect["ProxyCredential"].Type.FullName);
        Assert.True(connect["ProxyCredential"].HasAttribute("CredentialAttribute"), "-ProxyCredential should prompt for a password when given a user name.");
        Assert.Equal("System.Management.Automation.SwitchParameter", connect["ProxyUseDefaultCredentials"].Type.FullName);
        Assert.Equal("System.Management.Automation.SwitchParameter", connect["NoProxy"].Type.FullName);

        // The session's bounds, named like -TimeoutSec (whole seconds, whole MiB).
        foreach (string name in new[] { "TimeoutSec", "OperationTimeoutSec", "RetryMaxDelaySec", "MaxResponseSizeMB" })
        {
            Assert.Equal("System.Int32", connect[name].Type.FullName);
            Assert.True(connect[name].HasAttribute("ValidateRangeAttribute"), "-" + name + " must refuse values out of range before connecting.");
        }
    }

    [Theory]
    [InlineData("Connect-MySmpp", "Protocol", "ProtocolCompleter")]
    [InlineData("Connect-MySmpp", "ServerTimeZone", "TimeZoneCompleter")]
    [InlineData("Wait-SmsState", "Until", "WaitConditionCompleter")]
    public void Choice_parameters_complete_their_names(string cmdletName, string parameterName, string completer)
    {
        Parameter parameter = _module[cmdletName][parameterName];
        var attribute = parameter.Attribute("ArgumentCompleterAttribute");
        Assert.NotNull(attribute);
        var completerType = (Type)attribute!.ConstructorArguments[0].Value!;
        Assert.Equal(completer, completerType.Name);
        Assert.Contains(completerType.GetInterfaces(), i => i.FullName == "System.Management.Automation.IArgumentCompleter");
        Assert.NotNull(completerType.GetConstructor(Type.EmptyTypes));
    }

    [Fact]
    public void Wait_offers_the_documented_options()
    {
        Cmdlet wait = _module["Wait-SmsState"];
        Assert.Equal("MySmpp.SmsWaitCondition", wait["Until"].Type.FullName);
        Assert.Equal(new[] { "Delivered", "Final" }, wait["Until"].Type.GetFields().Where(f => f.IsStatic).Select(f => f.Name).OrderBy(n => n, StringComparer.Ordinal));
        Assert.Equal("System.Int32", wait["TimeoutSec"].Type.FullName);
        Assert.Equal("System.Int32", wait["PollIntervalSec"].Type.FullName);
        Assert.True(wait["PollIntervalSec"].HasAttribute("ValidateRangeAttribute"));
        Assert.True(wait["TimeoutSec"].HasAttribute("ValidateRangeAttribute"));
    }

    [Theory]
    [InlineData("Get-SmsState")]
    [InlineData("Wait-SmsState")]
    [InlineData("Disconnect-MySmpp")]
    public void Cmdlets_that_use_a_session_take_Session(string name)
    {
        Parameter session = _module[name]["Session"];
        Assert.Equal("MySmpp.Commands.MySmppSession", session.Type.FullName);
        Assert.False(session.Sets.Values.Single().Mandatory);
    }

    [Fact]
    public void Summary_and_record_cmdlets_take_states_from_the_pipeline()
    {
        Parameter summary = _module["Get-SmsStateSummary"]["InputObject"];
        Assert.True(summary.Sets.Values.Single().ValueFromPipeline);
        Parameter record = _module["ConvertTo-SmsStateRecord"]["InputObject"];
        Assert.True(record.Sets.Values.Single().ValueFromPipeline);
        Assert.Equal("MySmpp.SmsState[]", record.Type.FullName);
        Assert.Equal(new[] { "MySmpp.SmsStateSummary" }, _module["Get-SmsStateSummary"].OutputTypes);
        Assert.Equal(new[] { "MySmpp.SmsState" }, _module["Get-SmsState"].OutputTypes);
        Assert.Equal(new[] { "MySmpp.SmsState" }, _module["Wait-SmsState"].OutputTypes);
    }

    [Fact]
    public void Records_hold_only_culture_free_values()
    {
        Type record = _module.FindType("MySmpp.Commands.SmsStateRecord")!;
        string[] allowed = { "System.String", "System.Int64", "System.Boolean", "System.Nullable`1[[System.Int32" };
        foreach (var property in record.GetProperties())
        {
            Assert.True(allowed.Any(a => property.PropertyType.FullName!.StartsWith(a, StringComparison.Ordinal)), property.Name + " is " + property.PropertyType.FullName + ", whose ToString() depends on the culture.");
        }

        Assert.Contains(record.GetProperties(), p => p.Name == "Id");
    }

    [Fact]
    public void The_session_type_never_exposes_the_credential()
    {
        Type session = _module.FindType("MySmpp.Commands.MySmppSession")!;
        foreach (var property in session.GetProperties())
        {
            string type = property.PropertyType.FullName!;
            Assert.DoesNotContain("Credential", type, StringComparison.Ordinal);
            Assert.DoesNotContain("SecureString", type, StringComparison.Ordinal);
            Assert.DoesNotContain("Client", property.Name, StringComparison.Ordinal);
        }

        foreach (string name in new[] { "Endpoint", "Protocol", "Account", "BatchSize", "ConnectedAt", "IsDefault", "IsConnected" })
        {
            Assert.True(session.GetProperty(name) != null, "MySmppSession." + name + " is missing.");
        }

        Assert.Equal("System.String", session.GetProperty("Account")!.PropertyType.FullName);
    }

    [Fact]
    public void The_module_initializer_registers_and_removes_the_desktop_resolver()
    {
        Type? initializer = _module.Module.GetExportedTypes().SingleOrDefault(t => t.GetInterfaces().Any(i => i.FullName == "System.Management.Automation.IModuleAssemblyInitializer"));
        Assert.NotNull(initializer);
        Assert.Contains(initializer!.GetInterfaces(), i => i.FullName == "System.Management.Automation.IModuleAssemblyCleanup");
        Assert.NotNull(initializer.GetConstructor(Type.EmptyTypes));
    }
}
