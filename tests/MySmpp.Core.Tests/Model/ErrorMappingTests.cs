using System;
using MySmpp.Credentials;
using MySmpp.Errors;
using Xunit;

namespace MySmpp.Core.Tests.Model;

/// <summary>spec/README item 8: documented error texts map to typed errors.</summary>
public class ErrorMappingTests
{
    private static readonly long[] Ids = { 1, 2 };

    [Theory]
    [InlineData("Incorrect login or password", typeof(MySmppAuthenticationException), "MySmpp.AuthenticationFailed", true)]
    [InlineData("Your account is locked", typeof(MySmppAccountLockedException), "MySmpp.AccountLocked", true)]
    [InlineData("Incorrect XML document format", typeof(MySmppProtocolException), "MySmpp.Protocol", false)]
    [InlineData("Incorrect JSON document format", typeof(MySmppProtocolException), "MySmpp.Protocol", false)]
    [InlineData("POST data is missing", typeof(MySmppProtocolException), "MySmpp.Protocol", false)]
    [InlineData("Balance is negative", typeof(MySmppApiException), "MySmpp.ApiError", false)]
    [InlineData("Неправильный логин или пароль", typeof(MySmppAuthenticationException), "MySmpp.AuthenticationFailed", true)]
    [InlineData("Ваш аккаунт заблокирован", typeof(MySmppAccountLockedException), "MySmpp.AccountLocked", true)]
    [InlineData("Аккаунт заблокирован.", typeof(MySmppAccountLockedException), "MySmpp.AccountLocked", true)]
    [InlineData("НЕПРАВИЛЬНЫЙ ЛОГИН ИЛИ ПАРОЛЬ.", typeof(MySmppAuthenticationException), "MySmpp.AuthenticationFailed", true)]
    [InlineData("Неправильный формат XML документа", typeof(MySmppProtocolException), "MySmpp.Protocol", false)]
    [InlineData("Неправильный формат JSON документа", typeof(MySmppProtocolException), "MySmpp.Protocol", false)]
    [InlineData("POST данные отсутствуют", typeof(MySmppProtocolException), "MySmpp.Protocol", false)]
    [InlineData("Недостаточно средств", typeof(MySmppApiException), "MySmpp.ApiError", false)]
    public void Documented_texts_map_to_typed_errors(string text, Type type, string errorId, bool fatal)
    {
        MySmppException error = ServerText.RequestError(text, Ids, 400, null);

        Assert.IsType(type, error);
        Assert.Equal(errorId, error.ErrorId);
        Assert.Equal(fatal, error.IsSessionFatal);
        Assert.False(error.IsTransient);
        Assert.Equal(Ids, error.Ids);
        Assert.Equal(400, error.HttpStatusCode);
        Assert.Equal(text, error.ServerMessage);
        Assert.Contains(text, error.Message);
    }

    [Theory]
    [InlineData("Incorrect JSON document format")]
    [InlineData("Неправильный формат XML документа.")]
    [InlineData("  post ДАННЫЕ отсутствуют ")]
    public void Format_errors_ask_for_a_split(string text)
    {
        var error = Assert.IsType<MySmppProtocolException>(ServerText.RequestError(text, Ids, 200, null));
        Assert.True(error.RequestRejected);
    }

    [Theory]
    [InlineData("Сообщение с таким ID не принималось", "MySmpp.IdNotFound")]
    [InlineData("Ошибка маршрутизации", "MySmpp.ApiError")]
    public void A_sentence_about_an_id_is_an_error_for_that_id(string text, string errorId)
    {
        MySmppException error = ServerText.ForId(42, text, 200, null);
        Assert.Equal(errorId, error.ErrorId);
        Assert.Equal(new long[] { 42 }, error.Ids);
        Assert.Equal(text, error.ServerMessage);
    }

    [Fact]
    public void A_redactor_blanks_every_secret_it_holds()
    {
        using var password = new System.Security.SecureString();
        using var proxy = new System.Security.SecureString();
        foreach (char c in "gateway-Pass-1") password.AppendChar(c);
        foreach (char c in "proxy%Secret~2") proxy.AppendChar(c);
        SecretRedactor redactor = new SecretRedactor(password).With(proxy);

        string text = redactor.Redact("a gateway-Pass-1 b proxy%25Secret%7E2 c");

        Assert.Equal("a *** b *** c", text);
    }

    [Fact]
    public void A_quote_is_one_line_without_controls_and_bounded()
    {
        string quote = MessageText.Quote("a\u001b]0;x\u0007\r\nb\u2028c\u202Ed" + new string('z', 5000), null);
        Assert.StartsWith("a ]0;x b c d", quote, StringComparison.Ordinal);
        Assert.Equal(MessageText.MaxQuote + 1, quote.Length);
        Assert.EndsWith("…", quote, StringComparison.Ordinal);
    }

    [Fact]
    public void Transport_timeouts_have_their_own_error_id()
    {
        Assert.Equal("MySmpp.Timeout", new MySmppTransportException("t", isTimeout: true).ErrorId);
        Assert.Equal("MySmpp.Transport", new MySmppTransportException("t").ErrorId);
    }
}
