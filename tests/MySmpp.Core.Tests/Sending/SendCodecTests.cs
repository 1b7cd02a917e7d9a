using System;
using System.Collections.Generic;
using System.Text;
using System.Xml;
using MySmpp.Credentials;
using MySmpp.Errors;
using MySmpp.Http;
using MySmpp.Sending;
using Xunit;

namespace MySmpp.Core.Tests.Sending;

/// <summary>The sending request and answer of platform-api.md section 2, with the refusal texts verbatim.</summary>
public class SendCodecTests
{
    [Theory]
    [InlineData("У нас закончились SMS. Для разрешения проблемы свяжитесь с менеджером.", "MySmpp.InsufficientFunds")]
    [InlineData("Закончились SMS.", "MySmpp.InsufficientFunds")]
    [InlineData("Недостаточно средств для отправки SMS. SMS будет отправлена как только вы пополните счет по данному направлению.", "MySmpp.InsufficientFunds")]
    [InlineData("Укажите номер телефона.", "MySmpp.InvalidPhone")]
    [InlineData("Номер телефона должен быть меньше 15 символов.", "MySmpp.InvalidPhone")]
    [InlineData("Номер телефона присутствует в стоп-листе.", "MySmpp.StopListed")]
    [InlineData("Данное направление закрыто для вас.", "MySmpp.DestinationClosed")]
    [InlineData("Данное направление закрыто.", "MySmpp.DestinationClosed")]
    [InlineData("Текст SMS отклонен модератором.", "MySmpp.TextRejected")]
    [InlineData("Нет текста сообщения.", "MySmpp.TextRejected")]
    [InlineData("Нет ссылки.", "MySmpp.TextRejected")]
    [InlineData("Нет отправителя.", "MySmpp.SenderNotAllowed")]
    [InlineData("Такого отправителя Нет.", "MySmpp.SenderNotAllowed")]
    [InlineData("Такого отправителя нет.", "MySmpp.SenderNotAllowed")]
    [InlineData("Отправитель не прошел модерацию.", "MySmpp.SenderNotAllowed")]
    [InlineData("Отправитель не должен превышать 15 символов для цифровых номеров и 11 символов для буквенно-числовых.", "MySmpp.SenderNotAllowed")]
    [InlineData("Something new the gateway says", "MySmpp.SendRejected")]
    public void Every_refusal_text_of_the_spec_maps_to_its_error_id(string text, string errorId)
    {
        MySmppSendRefusedException error = ServerText.Refused(text, "79001112233", 900001, redactor: null);

        Assert.Equal(errorId, error.ErrorId);
        Assert.Equal(text, error.ServerMessage);
        Assert.Contains(text, error.Message);
        Assert.Equal("79001112233", error.Phone);
        Assert.Equal(900001, error.ClientId);
        Assert.False(error.IsSessionFatal);
    }

    [Fact]
    public void Insufficient_funds_says_the_gateway_keeps_the_message()
    {
        MySmppSendRefusedException error = ServerText.Refused(
            "Недостаточно средств для отправки SMS. SMS будет отправлена как только вы пополните счет по данному направлению.", "79001112233", 1, redactor: null);

        Assert.True(error.KeptByGateway);
        Assert.Contains("KEEPS this message", error.Message);
        Assert.False(ServerText.Refused("Закончились SMS.", "79001112233", 1, redactor: null).KeptByGateway);
    }

    [Theory]
    [InlineData("Аккаунт заблокирован.", "MySmpp.AccountLocked")]
    [InlineData("Ваш аккаунт заблокирован", "MySmpp.AccountLocked")]
    [InlineData("Your account is locked", "MySmpp.AccountLocked")]
    [InlineData("Неправильный логин или пароль", "MySmpp.AuthenticationFailed")]
    [InlineData("Incorrect login or password", "MySmpp.AuthenticationFailed")]
    public void Session_texts_in_a_recipients_answer_are_session_fatal_in_either_language(string text, string errorId)
    {
        Assert.True(ServerText.IsSessionFatal(text));
        MySmppException error = ServerText.RequestError(text, Array.Empty<long>(), 200, redactor: null);

        Assert.Equal(errorId, error.ErrorId);
        Assert.True(error.IsSessionFatal);
    }

    [Theory]
    [InlineData("Неправильный формат XML документа", "MySmpp.Protocol")]
    [InlineData("POST данные отсутствуют", "MySmpp.Protocol")]
    [InlineData("Incorrect login or password", "MySmpp.AuthenticationFailed")]
    [InlineData("Something else", "MySmpp.ApiError")]
    public void Request_level_texts_in_either_language_map_like_the_status_query(string text, string errorId)
    {
        Assert.Equal(errorId, ServerText.RequestError(text, Array.Empty<long>(), 200, redactor: null).ErrorId);
    }

    [Fact]
    public void Already_sent_is_recognised_verbatim()
    {
        Assert.True(ServerText.IsAlreadySent("Данное сообщение уже было отправлено."));
        Assert.False(ServerText.IsAlreadySent("send"));
        Assert.False(ServerText.IsAlreadySent("Номер телефона присутствует в стоп-листе."));
    }

    [Fact]
    public void The_documented_answer_is_read_by_number_sms()
    {
        const string answer = "<response>\n  <information number_sms=\"1\" id_sms=\"2856677675\" parts=\"1\">send</information>\n"
            + "  <information number_sms=\"2\">Номер телефона присутствует в стоп-листе.</information>\n</response>";

        ParsedAnswer<SendAnswerLine[]> parsed = XmlSendCodec.ReadAnswer(Bytes(answer), 2);

        SendAnswerLine[] lines = parsed.Value!;
        Assert.Equal(2856677675, lines[0].IdSms);
        Assert.Equal(1, lines[0].Parts);
        Assert.Equal("send", lines[0].Text);
        Assert.Null(lines[1].IdSms);
        Assert.Equal("Номер телефона присутствует в стоп-листе.", lines[1].Text);
    }

    [Fact]
    public void Answers_in_any_order_land_on_their_recipient()
    {
        const string answer = "<response><information number_sms=\"2\" id_sms=\"20\" price=\"1.5\">send</information><information number_sms=\"1\" id_sms=\"10\">send</information></response>";

        SendAnswerLine[] lines = XmlSendCodec.ReadAnswer(Bytes(answer), 2).Value!;

        Assert.Equal(10, lines[0].IdSms);
        Assert.Equal(20, lines[1].IdSms);
        Assert.Equal(1.5m, lines[1].Price);
    }

    [Theory]
    [InlineData("<response><information number_sms=\"1\" id_sms=\"10\">send</information></response>")]
    [InlineData("<response><information number_sms=\"1\" id_sms=\"10\">send</information><information number_sms=\"1\" id_sms=\"11\">send</information></response>")]
    [InlineData("<response><information number_sms=\"1\" id_sms=\"10\">send</information><information number_sms=\"3\" id_sms=\"11\">send</information></response>")]
    [InlineData("<response><information number_sms=\"1\" id_sms=\"x\">send</information><information number_sms=\"2\" id_sms=\"11\">send</information></response>")]
    [InlineData("<response><informati")]
    [InlineData("<!DOCTYPE r [<!ENTITY e \"x\">]><response>&e;</response>")]
    [InlineData("not xml at all")]
    public void An_incomplete_or_unreadable_answer_is_transient_so_the_same_keys_are_sent_again(string answer)
    {
        var error = Assert.Throws<MySmppProtocolException>(() => XmlSendCodec.ReadAnswer(Bytes(answer), 2));
        Assert.True(error.IsTransient);
    }

    [Theory]
    [InlineData("<response><error>Неправильный логин или пароль</error></response>")]
    [InlineData("<error>Неправильный логин или пароль</error>")]
    [InlineData("<response error=\"Неправильный логин или пароль\"/>")]
    public void A_request_level_error_comes_back_as_its_text(string answer)
    {
        Assert.Equal("Неправильный логин или пароль", XmlSendCodec.ReadAnswer(Bytes(answer), 2).ErrorText);
    }

    [Fact]
    public void The_request_groups_equal_messages_numbers_recipients_and_carries_their_keys()
    {
        var recipients = new List<PreparedRecipient>
        {
            Prepared(new SmsMessage { Phone = "79001112233", Text = "Order 123\nis ready", Sender = "MyShop", SendAt = new DateTime(2026, 1, 31, 12, 0, 0), ValidUntil = new DateTime(2026, 1, 31, 18, 0, 0) }, "79001112233", 900001),
            Prepared(new SmsMessage { Phone = "79001112235", Text = "Other", Sender = "MyShop" }, "79001112235", 900003),
            Prepared(new SmsMessage { Phone = "79001112234", Text = "Order 123\nis ready", Sender = "MyShop", SendAt = new DateTime(2026, 1, 31, 12, 0, 0), ValidUntil = new DateTime(2026, 1, 31, 18, 0, 0) }, "79001112234", 900002),
        };
        using var credential = MySmppCredential.FromPassword("login", "p<&>\"ss");
        using var body = new PooledBuffer();

        XmlSendCodec.WriteRequest(body, credential, recipients);

        string xml = Encoding.UTF8.GetString(body.WrittenSpan.ToArray());
        Assert.DoesNotContain("\n", xml);
        var document = new XmlDocument { XmlResolver = null };
        document.LoadXml(xml);
        Assert.Equal("p<&>\"ss", document.SelectSingleNode("/request/security/password/@value")!.Value);
        XmlNodeList messages = document.SelectNodes("/request/message")!;
        Assert.Equal(2, messages.Count);
        Assert.Equal("Order 123\\nis ready", messages[0]!.SelectSingleNode("text")!.InnerText);
        Assert.Equal("MyShop", messages[0]!.SelectSingleNode("sender")!.InnerText);
        Assert.Equal("sms", messages[0]!.Attributes!["type_send_1"]!.Value);
        XmlNodeList first = messages[0]!.SelectNodes("abonent")!;
        Assert.Equal(2, first.Count);
        Assert.Equal("79001112233", first[0]!.Attributes!["phone"]!.Value);
        Assert.Equal("1", first[0]!.Attributes!["number_sms"]!.Value);
        Assert.Equal("900001", first[0]!.Attributes!["client_id_sms"]!.Value);
        Assert.Equal("2026-01-31 12:00", first[0]!.Attributes!["time_send"]!.Value);
        Assert.Equal("2026-01-31 18:00", first[0]!.Attributes!["validity_period"]!.Value);
        Assert.Equal("3", first[1]!.Attributes!["number_sms"]!.Value);
        Assert.Equal("900002", first[1]!.Attributes!["client_id_sms"]!.Value);
        Assert.Equal("2", messages[1]!.SelectSingleNode("abonent/@number_sms")!.Value);
    }

    [Fact]
    public void A_viber_cascade_carries_the_viber_fields_and_sms_as_the_fallback()
    {
        var message = new SmsMessage
        {
            Phone = "79001112233", Text = "sms text", Sender = "MyShop", Channel = SmsChannel.ViberThenSms, ViberText = "viber text",
            ButtonText = "Open", ButtonUrl = new Uri("https://example.com/o"), ImageUrl = new Uri("https://example.com/i.png"), CampaignName = "Promo", Transliterate = true,
        };
        using var credential = MySmppCredential.FromToken("token");
        using var body = new PooledBuffer();

        XmlSendCodec.WriteRequest(body, credential, new List<PreparedRecipient> { Prepared(message, "79001112233", 5) });

        var document = new XmlDocument { XmlResolver = null };
        document.LoadXml(Encoding.UTF8.GetString(body.WrittenSpan.ToArray()));
        XmlNode m = document.SelectSingleNode("/request/message")!;
        Assert.Equal("viber", m.Attributes!["type_send_1"]!.Value);
        Assert.Equal("sms", m.Attributes!["type_send_2"]!.Value);
        Assert.Equal("viber text", m.SelectSingleNode("text_viber")!.InnerText);
        Assert.Equal("MyShop", m.SelectSingleNode("sender_viber")!.InnerText);
        Assert.Equal("Open", m.SelectSingleNode("button_viber")!.InnerText);
        Assert.Equal("https://example.com/o", m.SelectSingleNode("action_viber")!.InnerText);
        Assert.Equal("https://example.com/i.png", m.SelectSingleNode("image_viber")!.InnerText);
        Assert.Equal("Promo", m.SelectSingleNode("name_delivery")!.InnerText);
        Assert.Equal("1", m.SelectSingleNode("translite")!.InnerText);
        Assert.Equal("token", document.SelectSingleNode("/request/security/token/@value")!.Value);
    }

    [Theory]
    [InlineData("+7 (900) 111-22-33", "79001112233")]
    [InlineData("79001112233", "79001112233")]
    [InlineData(" 7 900 111 22 33 ", "79001112233")]
    [InlineData("380501234567", "380501234567")]
    public void Phones_are_normalised(string typed, string expected)
    {
        Assert.True(PhoneNumber.TryNormalize(typed, out string normalized, out _));
        Assert.Equal(expected, normalized);
    }

    [Theory]
    [InlineData("")]
    [InlineData("123")]
    [InlineData("7900111223344556")]
    [InlineData("7900abc2233")]
    [InlineData("79001+112233")]
    public void Bad_phones_are_refused_with_a_reason(string typed)
    {
        Assert.False(PhoneNumber.TryNormalize(typed, out _, out string problem));
        Assert.NotEmpty(problem);
    }

    [Theory]
    [InlineData("MyShop", true)]
    [InlineData("ABCDEFGHIJK", true)]
    [InlineData("ABCDEFGHIJKL", false)]
    [InlineData("123456789012345", true)]
    [InlineData("1234567890123456", false)]
    [InlineData("Магазин", false)]
    [InlineData("", false)]
    public void Sender_names_follow_the_documented_limits(string sender, bool valid)
    {
        Assert.Equal(valid, SmsMessageRules.IsValidSender(sender, out _));
    }

    [Fact]
    public void Viber_limits_are_checked_before_sending()
    {
        var ok = new SmsMessage { Phone = "79001112233", Channel = SmsChannel.Viber, ViberSender = "MyShop", ViberText = "hi" };
        Assert.Equal((null, SmsMessageField.None), Checked(ok));
        Assert.Equal(("The Viber text has 1001 characters; Viber allows 1000.", SmsMessageField.ViberText), Checked(With(ok, m => m.ViberText = new string('x', 1001))));
        Assert.Equal(("The button's caption has 20 characters; Viber allows 19.", SmsMessageField.ButtonText), Checked(With(ok, m => { m.ButtonText = new string('x', 20); m.ButtonUrl = new Uri("https://e.com"); })));
        Assert.Equal(SmsMessageField.ButtonUrl, Checked(With(ok, m => m.ButtonText = "Open")).Field);
        Assert.Equal(SmsMessageField.ImageUrl, Checked(With(ok, m => m.ImageUrl = new Uri("https://e.com/i.png"))).Field);
        Assert.Equal(SmsMessageField.Channel, Checked(new SmsMessage { Phone = "79001112233", Text = "t", Sender = "MyShop", ViberText = "v" }).Field);
        Assert.Equal(("An SMS needs a text.", SmsMessageField.Text), Checked(new SmsMessage { Phone = "79001112233", Sender = "MyShop" }));
        Assert.Equal(SmsMessageField.Sender, Checked(new SmsMessage { Phone = "79001112233", Text = "t" }).Field);
        Assert.Equal(SmsMessageField.ValidUntil, Checked(new SmsMessage { Phone = "79001112233", Text = "t", Sender = "MyShop", SendAt = new DateTime(2026, 12, 2), ValidUntil = new DateTime(2026, 12, 1) }).Field);
    }

    [Fact]
    public void The_rules_name_fields_in_words_and_leave_parameter_names_to_the_caller()
    {
        // Core speaks of messages; the cmdlets prefix their own parameter (SendErrorRecords.ParameterOf).
        var broken = new SmsMessage { Phone = "79001112233", Text = "a\u0001b", Sender = "MyShop" };
        (string? problem, SmsMessageField field) = Checked(broken);
        Assert.Equal(SmsMessageField.Text, field);
        Assert.Equal("Character 2 of the text is a control character (U+0001), which a request cannot carry.", problem);
        foreach (SmsMessage message in new[]
        {
            broken,
            new SmsMessage { Phone = "79001112233", Text = "t" },
            new SmsMessage { Phone = "79001112233", Channel = SmsChannel.Viber, ViberSender = "MyShop" },
            new SmsMessage { Phone = "79001112233", Text = "t", Sender = "MyShop", ViberText = "v" },
            new SmsMessage { Phone = "79001112233", Channel = SmsChannel.Viber, ViberSender = "MyShop", ViberText = "v", ImageUrl = new Uri("https://e.com/i.png") },
        })
        {
            Assert.DoesNotMatch(@"(^|[\s(])-[A-Z]", Checked(message).Problem);
        }
    }

    private static (string? Problem, SmsMessageField Field) Checked(SmsMessage message)
    {
        string? problem = SmsMessageRules.Check(message, out SmsMessageField field);
        return (problem, field);
    }

    private static SmsMessage With(SmsMessage message, Action<SmsMessage> change)
    {
        SmsMessage copy = message.Clone();
        change(copy);
        return copy;
    }

    private static ArraySegment<byte> Bytes(string text) => new ArraySegment<byte>(Encoding.UTF8.GetBytes(text));

    private static PreparedRecipient Prepared(SmsMessage message, string phone, long key) => new PreparedRecipient(0, message, message, phone, key, keyGenerated: false);
}
