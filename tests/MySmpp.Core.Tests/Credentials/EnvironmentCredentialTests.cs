using System;
using System.Collections.Generic;
using MySmpp.Credentials;
using Xunit;

namespace MySmpp.Core.Tests.Credentials;

/// <summary>Connect-MySmpp without -Credential or -Token: the MYSMPP_* variables, read through a fake environment.</summary>
public sealed class EnvironmentCredentialTests
{
    [Fact]
    public void The_token_wins_over_login_and_password_and_is_trimmed()
    {
        var log = new List<string>();
        using MySmppCredential credential = Read(log, ("MYSMPP_TOKEN", "  tok-123 \n"), ("MYSMPP_LOGIN", "ops"), ("MYSMPP_PASSWORD", "pw"));

        Assert.True(credential.IsToken);
        Assert.Equal("tok-123", LeasedSecret(credential));
        Assert.Equal(new[] { "Using the token in the environment variable MYSMPP_TOKEN." }, log);
    }

    [Fact]
    public void Login_and_password_are_used_when_there_is_no_token()
    {
        var log = new List<string>();
        using MySmppCredential credential = Read(log, ("MYSMPP_TOKEN", "   "), ("MYSMPP_LOGIN", "ops"), ("MYSMPP_PASSWORD", "s3cret"));

        Assert.Equal("ops", credential.Login);
        Assert.Equal("s3cret", LeasedSecret(credential));
        Assert.DoesNotContain(log, line => line.Contains("s3cret", StringComparison.Ordinal));
        Assert.Contains("MYSMPP_LOGIN and MYSMPP_PASSWORD", Assert.Single(log), StringComparison.Ordinal);
    }

    [Fact]
    public void Nothing_set_says_what_to_pass_or_set()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Read(new List<string>()));
        Assert.Equal("No MySmpp credentials. Set the environment variable MYSMPP_TOKEN (or MYSMPP_LOGIN and MYSMPP_PASSWORD).", error.Message);
    }

    [Fact]
    public void A_login_without_its_password_names_the_missing_variable()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Read(new List<string>(), ("MYSMPP_LOGIN", "ops"), ("MYSMPP_PASSWORD", "")));
        Assert.Equal("No MySmpp credentials. MYSMPP_LOGIN is set but MYSMPP_PASSWORD is not; set it, or use MYSMPP_TOKEN.", error.Message);
    }

    [Theory]
    [InlineData("\\ops", "ops")]
    [InlineData("ops", "ops")]
    [InlineData("DOMAIN\\ops", "DOMAIN\\ops")]
    [InlineData(null, "")]
    public void A_user_name_loses_only_an_empty_domain(string? userName, string expected) =>
        Assert.Equal(expected, CredentialUserName.WithoutEmptyDomain(userName));

    private static MySmppCredential Read(List<string> log, params (string Name, string Value)[] variables)
    {
        var environment = new Dictionary<string, string>();
        foreach ((string name, string value) in variables) environment[name] = value;
        return EnvironmentCredential.Read(name => environment.TryGetValue(name, out string? value) ? value : null, log.Add);
    }

    private static string LeasedSecret(MySmppCredential credential)
    {
        using SecretLease lease = credential.LeaseSecret();
        return new string(lease.Chars);
    }
}
