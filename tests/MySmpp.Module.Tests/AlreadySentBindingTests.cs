using System;
using System.Management.Automation;
using Xunit;

namespace MySmpp.Module.Tests;

/// <summary>
/// The live gateway may answer "already sent" without repeating the message's id; such a Send-Sms result piped
/// into Get-SmsState or Wait-SmsState gets an error that says so, never PowerShell's generic "argument is null".
/// </summary>
[Collection(ModuleCollection.Name)]
public sealed class AlreadySentBindingTests
{
    private readonly ModuleFixture _module;

    public AlreadySentBindingTests(ModuleFixture module) => _module = module;

    [Theory]
    [InlineData("Get-SmsState")]
    [InlineData("Wait-SmsState -TimeoutSec 1")]
    public void A_result_without_an_id_is_refused_per_row_saying_why(string command)
    {
        using Shell shell = _module.OpenShell();
        // A session that is never asked anything: the row is refused at binding, before any request.
        shell.Run("Connect-MySmpp -Credential ([pscredential]::new('ops', (ConvertTo-SecureString 'x' -AsPlainText -Force))) -BaseUri http://127.0.0.1:9 -SkipValidation -WarningAction SilentlyContinue").ThrowOnError();
        ShellResult result = shell.Run("[pscustomobject] @{ Id = $null; Phone = '79001110001'; ClientId = 500001; AlreadySent = $true } | " + command);

        ErrorRecord error = Assert.Single(result.Errors);
        Assert.StartsWith("ParameterArgumentTransformationError", error.FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.Contains("AlreadySent and no Id", error.ToString(), StringComparison.Ordinal);
    }
}
