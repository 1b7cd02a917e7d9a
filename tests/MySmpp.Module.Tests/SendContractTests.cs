using System;
using System.Linq;
using Xunit;

namespace MySmpp.Module.Tests;

/// <summary>Send-Sms, Get-MySmppBalance and Get-MySmppSender: the parameters and bindings the issue asks for.</summary>
[Collection(ModuleCollection.Name)]
public sealed class SendContractTests
{
    private readonly ModuleFixture _module;

    public SendContractTests(ModuleFixture module) => _module = module;

    [Fact]
    public void Phone_binds_by_position_by_value_and_by_the_csv_property_names()
    {
        Parameter phone = _module["Send-Sms"]["Phone"];
        SetInfo set = Assert.Single(phone.Sets).Value;
        Assert.Equal("System.String[]", phone.Type.FullName);
        Assert.True(set.Mandatory);
        Assert.Equal(0, set.Position);
        Assert.True(set.ValueFromPipeline);
        Assert.True(set.ValueFromPipelineByPropertyName);
        Assert.Equal(new[] { "MobilePhone", "PhoneNumber" }, phone.Aliases.OrderBy(a => a, StringComparer.Ordinal));
    }

    [Fact]
    public void Text_and_ClientId_bind_by_property_name_with_their_aliases()
    {
        Cmdlet send = _module["Send-Sms"];
        SetInfo text = Assert.Single(send["Text"].Sets).Value;
        Assert.Equal(1, text.Position);
        Assert.True(text.ValueFromPipelineByPropertyName);
        Assert.Equal(new[] { "Message" }, send["Text"].Aliases);
        Assert.True(Assert.Single(send["ClientId"].Sets).Value.ValueFromPipelineByPropertyName);
        Assert.Equal(new[] { "client_id_sms" }, send["ClientId"].Aliases);
        Assert.Equal("System.Int64[]", send["ClientId"].Type.FullName);
    }

    [Fact]
    public void Send_has_the_documented_parameters_and_completes_the_sender()
    {
        Cmdlet send = _module["Send-Sms"];
        string[] expected = { "Phone", "Text", "Sender", "ClientId", "SendAt", "ValidUntil", "Channel", "ViberSender", "ViberText", "ButtonText", "ButtonUrl", "ImageUrl", "CampaignName", "Transliterate", "Session" };
        Assert.Equal(expected.OrderBy(n => n, StringComparer.Ordinal), send.Parameters.Select(p => p.Name).OrderBy(n => n, StringComparer.Ordinal));
        Assert.Equal("MySmpp.SmsChannel", send["Channel"].Type.FullName);
        var completer = send["Sender"].Attribute("ArgumentCompleterAttribute");
        Assert.Equal("SenderNameCompleter", ((Type)completer!.ConstructorArguments[0].Value!).Name);
        Assert.Equal(new[] { "MySmpp.SmsSendResult" }, send.OutputTypes);
    }

    [Fact]
    public void Send_supports_WhatIf_and_Confirm_at_medium_impact()
    {
        var attribute = _module["Send-Sms"].Type.CustomAttributes.Single(a => a.AttributeType.Name == "CmdletAttribute");
        Assert.Equal(true, attribute.NamedArguments.Single(a => a.MemberName == "SupportsShouldProcess").TypedValue.Value);
        Assert.Equal(2, Convert.ToInt32(attribute.NamedArguments.Single(a => a.MemberName == "ConfirmImpact").TypedValue.Value, System.Globalization.CultureInfo.InvariantCulture)); // ConfirmImpact.Medium
    }

    [Fact]
    public void The_result_has_an_Id_property_that_Wait_SmsState_binds()
    {
        Type result = _module.FindType("MySmpp.SmsSendResult")!;
        Assert.NotNull(result.GetProperty("Id"));
        Assert.Contains("Id", _module["Wait-SmsState"].Parameters.Where(p => p.Sets.Values.Any(s => s.ValueFromPipelineByPropertyName)).Select(p => p.Name));
    }

    [Theory]
    [InlineData("Get-MySmppBalance", "MySmpp.MySmppBalance")]
    [InlineData("Get-MySmppSender", "MySmpp.SenderName")]
    public void Account_cmdlets_take_a_session_and_declare_their_output(string name, string output)
    {
        Assert.Equal(new[] { output }, _module[name].OutputTypes);
        Assert.False(_module[name]["Session"].Sets.Values.Single().Mandatory);
    }
}
