using System;
using MySmpp.Client;
using MySmpp.Credentials;
using Xunit;

namespace MySmpp.Core.Tests.Model;

/// <summary>Bad input from the user is refused before any request, naming the parameter.</summary>
public class InputValidationTests
{
    [Theory]
    [InlineData("82216", 82216)]
    [InlineData("  42 ", 42)]
    [InlineData("9223372036854775807", long.MaxValue)]
    public void Ids_parse_from_text(string text, long expected)
    {
        Assert.True(MySmppIds.TryParse(text, out long id, out string? problem));
        Assert.Equal(expected, id);
        Assert.Null(problem);
    }

    [Theory]
    [InlineData(null, "empty")]
    [InlineData("", "empty")]
    [InlineData("   ", "empty")]
    [InlineData("0", "positive")]
    [InlineData("-5", "positive")]
    [InlineData("12a", "not a message id")]
    [InlineData("1.5", "'1.5' is not one message id")]
    [InlineData("99999999999999999999", "'99999999999999999999' is out of range for a message id")]
    [InlineData("1,234", "'1,234' is not one message id")]
    [InlineData("82 218", "'82 218' is not one message id")]
    [InlineData("82\u00A0216", "'82[U+00A0]216' is not one message id")]
    [InlineData("82\u2009216", "'82[U+2009]216' is not one message id")]
    [InlineData("82216;82217", "split the text first")]
    [InlineData("1.234", "pass each as its own value")]
    [InlineData("SMS ID in the system to check the status", "not a message id")]
    public void Bad_ids_are_refused_with_a_reason(string? text, string reason)
    {
        Assert.False(MySmppIds.TryParse(text, out _, out string? problem));
        Assert.Contains(reason, problem, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("lk.mysmpp.ru", "no scheme")]
    [InlineData("ftp://lk.mysmpp.ru", "http or https")]
    [InlineData("http://lk.mysmpp.ru/json/state.php", "without a path")]
    [InlineData("http://lk.mysmpp.ru/?a=1", "without a path")]
    [InlineData("http://user:secret@lk.mysmpp.ru", "user information")]
    [InlineData("", "empty")]
    [InlineData("http://", "not a valid address")]
    public void Bad_base_addresses_are_refused_naming_the_parameter(string text, string reason)
    {
        var error = Assert.ThrowsAny<ArgumentException>(() => MySmppSessionOptions.ParseBaseAddress(text));
        Assert.Equal("BaseAddress", error.ParamName);
        Assert.Contains(reason, error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("secret", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://lk.mysmpp.ru", "https://lk.mysmpp.ru/")]
    [InlineData(" http://127.0.0.1:5080/ ", "http://127.0.0.1:5080/")]
    public void Good_base_addresses_parse(string text, string expected)
    {
        Assert.Equal(new Uri(expected), MySmppSessionOptions.ParseBaseAddress(text));
    }

    [Theory]
    [InlineData(nameof(MySmppSessionOptions.BatchSize))]
    [InlineData(nameof(MySmppSessionOptions.MaxConcurrency))]
    [InlineData(nameof(MySmppSessionOptions.RequestTimeout))]
    [InlineData(nameof(MySmppSessionOptions.MaxRetries))]
    [InlineData(nameof(MySmppSessionOptions.MaxResponseBytes))]
    public void Invalid_options_name_themselves(string option)
    {
        var options = new MySmppSessionOptions();
        switch (option)
        {
            case nameof(MySmppSessionOptions.BatchSize): options.BatchSize = 0; break;
            case nameof(MySmppSessionOptions.MaxConcurrency): options.MaxConcurrency = 0; break;
            case nameof(MySmppSessionOptions.RequestTimeout): options.RequestTimeout = TimeSpan.Zero; break;
            case nameof(MySmppSessionOptions.MaxRetries): options.MaxRetries = -1; break;
            case nameof(MySmppSessionOptions.MaxResponseBytes): options.MaxResponseBytes = 10; break;
        }

        var error = Assert.ThrowsAny<ArgumentException>(options.Validate);
        Assert.Equal(option, error.ParamName);
    }

    [Fact]
    public void Empty_credentials_are_refused_naming_the_parameter()
    {
        Assert.Equal("login", Assert.Throws<ArgumentException>(() => MySmppCredential.FromPassword(" ", "pw")).ParamName);
        Assert.Equal("password", Assert.Throws<ArgumentException>(() => MySmppCredential.FromPassword("me", "")).ParamName);
        Assert.Equal("token", Assert.Throws<ArgumentException>(() => MySmppCredential.FromToken("")).ParamName);
    }

    [Fact]
    public void Credentials_never_print_their_secret()
    {
        using var password = MySmppCredential.FromPassword("acme", "Pa55-Secret-Word");
        using var token = MySmppCredential.FromToken("tok-Secret-123");
        Assert.Equal("login 'acme' (password hidden)", password.ToString());
        Assert.Equal("token (hidden)", token.ToString());
    }
}
