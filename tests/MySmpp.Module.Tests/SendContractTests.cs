using System;
using System.Linq;
using System.Management.Automation;
using Xunit;

namespace MySmpp.Module.Tests;

/// <summary>Send-Sms, Get-MySmppBalance and Get-MySmppSender: the parameters and bindings the issue asks for, as PowerShell reports them.</summary>
[Collection(ModuleCollection.Name)]
public sealed class SendContractTests : IDisposable
{
    private readonly Shell _shell;

    public SendContractTests(ModuleFixture module) => _shell = module.OpenShell();

    public void Dispose() => _shell.Dispose();

    private CmdletInfo Command(string name) => (CmdletInfo)Assert.Single(_shell.Run("Get-Command -Name $args[0] -Module MySmpp -ErrorAction Stop", name).ThrowOnError().Output).BaseObject;

    [Fact]
    public void Phone_binds_by_position_by_value_and_by_the_csv_property_names()
    {
        ParameterMetadata phone = Command("Send-Sms").Parameters["Phone"];
        ParameterSetMetadata set = Assert.Single(phone.ParameterSets).Value;
        Assert.Equal(typeof(string[]), phone.ParameterType);
        Assert.True(set.IsMandatory);
        Assert.Equal(0, set.Position);
        Assert.True(set.ValueFromPipeline);
        Assert.True(set.ValueFromPipelineByPropertyName);
        Assert.Equal(new[] { "MobilePhone", "PhoneNumber" }, phone.Aliases.OrderBy(a => a, StringComparer.Ordinal));
    }

    [Fact]
    public void Text_and_ClientId_bind_by_property_name_with_their_aliases()
    {
        CmdletInfo send = Command("Send-Sms");
        ParameterSetMetadata text = Assert.Single(send.Parameters["Text"].ParameterSets).Value;
        Assert.Equal(1, text.Position);
        Assert.True(text.ValueFromPipelineByPropertyName);
        Assert.Equal(new[] { "Message" }, send.Parameters["Text"].Aliases);
        Assert.True(Assert.Single(send.Parameters["ClientId"].ParameterSets).Value.ValueFromPipelineByPropertyName);
        Assert.Equal(new[] { "client_id_sms" }, send.Parameters["ClientId"].Aliases);
        Assert.Equal(typeof(long[]), send.Parameters["ClientId"].ParameterType);
    }

    [Fact]
    public void Send_has_the_documented_parameters_and_completes_the_sender()
    {
        CmdletInfo send = Command("Send-Sms");
        string[] expected = { "Phone", "Text", "Sender", "ClientId", "SendAt", "ValidUntil", "Channel", "ViberSender", "ViberText", "ButtonText", "ButtonUrl", "ImageUrl", "CampaignName", "Transliterate", "MaxTotalCost", "QuietHours", "JobName", "Session" };
        string[] common = typeof(PSCmdlet).Assembly.GetType("System.Management.Automation.Internal.CommonParameters")!.GetProperties().Select(p => p.Name)
            .Concat(new[] { "WhatIf", "Confirm" }).ToArray();
        Assert.Equal(expected.OrderBy(n => n, StringComparer.Ordinal), send.Parameters.Keys.Except(common).OrderBy(n => n, StringComparer.Ordinal));
        Assert.Equal("MySmpp.Sending.SmsChannel", send.Parameters["Channel"].ParameterType.FullName);
        Assert.Equal(typeof(decimal?), send.Parameters["MaxTotalCost"].ParameterType);
        Assert.Equal(typeof(string), send.Parameters["JobName"].ParameterType);
        Assert.Equal("MySmpp.Spending.QuietHoursWindow", Nullable.GetUnderlyingType(send.Parameters["QuietHours"].ParameterType)?.FullName);
        var completer = (ArgumentCompleterAttribute)Assert.Single(send.Parameters["Sender"].Attributes, a => a is ArgumentCompleterAttribute);
        Assert.Equal("SenderNameCompleter", completer.Type!.Name);
        Assert.Equal(new[] { "MySmpp.Sending.SmsSendResult" }, send.OutputType.Select(t => t.Name));
    }

    [Fact]
    public void Send_supports_WhatIf_and_Confirm_at_medium_impact()
    {
        CmdletInfo send = Command("Send-Sms");
        Assert.True(send.Parameters.ContainsKey("WhatIf"));
        Assert.True(send.Parameters.ContainsKey("Confirm"));
        var attribute = (CmdletAttribute)Attribute.GetCustomAttribute(send.ImplementingType, typeof(CmdletAttribute))!;
        Assert.True(attribute.SupportsShouldProcess);
        Assert.Equal(ConfirmImpact.Medium, attribute.ConfirmImpact);
    }

    [Fact]
    public void The_result_has_an_Id_property_that_Wait_SmsState_binds()
    {
        Type result = Command("Send-Sms").OutputType.Single().Type;
        Assert.NotNull(result.GetProperty("Id"));
        ParameterMetadata id = Command("Wait-SmsState").Parameters["Id"];
        Assert.Contains(id.ParameterSets.Values, s => s.ValueFromPipelineByPropertyName);
    }

    [Theory]
    [InlineData("Get-MySmppBalance", "MySmpp.Account.MySmppBalance")]
    [InlineData("Get-MySmppSender", "MySmpp.Account.SenderName")]
    public void Account_cmdlets_take_a_session_and_declare_their_output(string name, string output)
    {
        CmdletInfo command = Command(name);
        Assert.Equal(new[] { output }, command.OutputType.Select(t => t.Name));
        Assert.False(command.Parameters["Session"].ParameterSets.Values.Single().IsMandatory);
    }
}
