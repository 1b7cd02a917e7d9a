using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using MySmpp.Account;
using MySmpp.Credentials;
using MySmpp.Errors;
using MySmpp.Http;
using MySmpp.Inbound;
using MySmpp.PhoneInfo;
using MySmpp.Protocol;
using MySmpp.Scheduled;
using MySmpp.Sending;
using MySmpp.StopList;
using Xunit;

namespace MySmpp.Core.Tests.Platform;

/// <summary>
/// The codecs of replies, stop list, scheduler, number information and time against documented and hostile answers:
/// missing and extra attributes, Russian texts, control characters, 10,000 items, errors in either language.
/// </summary>
public class PlatformCodecTests
{
    internal static ArraySegment<byte> Bytes(string text) => new ArraySegment<byte>(Encoding.UTF8.GetBytes(text));

    private static string Body(Action<PooledBuffer, MySmppCredential> write)
    {
        using var credential = MySmppCredential.FromPassword("acme", "s3cret");
        using var body = new PooledBuffer();
        write(body, credential);
        return Encoding.UTF8.GetString(body.WrittenSpan);
    }

    // ---- incoming.php -------------------------------------------------------------------------

    [Fact]
    public void The_incoming_request_carries_start_and_end_in_the_documented_format()
    {
        string body = Body((b, c) => InboundCodec.WriteXml(b, c, new DateTime(2026, 11, 30, 12, 0, 0), new DateTime(2026, 11, 30, 18, 0, 5)));
        string open = Body((b, c) => InboundCodec.WriteXml(b, c, new DateTime(2026, 11, 30, 12, 0, 0), null));

        Assert.Contains("<security><login value=\"acme\" /><password value=\"s3cret\" /></security><time start=\"2026-11-30 12:00:00\" end=\"2026-11-30 18:00:05\" /></request>", body, StringComparison.Ordinal);
        Assert.Contains("<time start=\"2026-11-30 12:00:00\" /></request>", open, StringComparison.Ordinal);
    }

    [Fact]
    public void Documented_replies_are_read_with_russian_texts_and_extra_attributes_ignored()
    {
        const string xml = "<?xml version=\"1.0\" encoding=\"utf-8\"?><response>"
            + "<sms id_sms=\"1234\" date_receive=\"2026-11-30 12:55:55\" originator=\"79612242243\" prefix=\"SHOP\" phone=\"79611111111\" unknown=\"x\">STOP</sms>"
            + "<sms id_sms=\"1235\" date_receive=\"2026-11-30 12:56:00\" originator=\"+79612242244\" phone=\"79611111111\">Спасибо, получил</sms>"
            + "<extra>ignored</extra></response>";

        ItemList<SmsInbound> replies = InboundCodec.ReadXml(Bytes(xml)).Value!;

        Assert.Empty(replies.Problems);
        SmsInbound first = replies.Items[0];
        Assert.Equal((1234L, new DateTime(2026, 11, 30, 12, 55, 55), "79612242243", "79611111111", "SHOP", "STOP"), (first.Id, first.ReceivedAt, first.From, first.To, first.Prefix, first.Text));
        Assert.Equal(("79612242244", (string?)null, "Спасибо, получил"), (replies.Items[1].From, replies.Items[1].Prefix, replies.Items[1].Text));
    }

    [Fact]
    public void A_reply_without_id_time_or_sender_is_a_problem_and_the_others_are_still_read()
    {
        const string xml = "<response>"
            + "<sms date_receive=\"2026-11-30 12:00:00\" originator=\"79612242243\">no id</sms>"
            + "<sms id_sms=\"12a\" date_receive=\"2026-11-30 12:00:00\" originator=\"79612242243\">bad id</sms>"
            + "<sms id_sms=\"2\" originator=\"79612242243\">no time</sms>"
            + "<sms id_sms=\"3\" date_receive=\"30.11.2026 12:00\" originator=\"79612242243\">bad time</sms>"
            + "<sms id_sms=\"4\" date_receive=\"2026-11-30 12:00:00\">no sender</sms>"
            + "<sms id_sms=\"5\" date_receive=\"2026-11-30 12:00:00\" originator=\"SHOP&#x9b;[2J\">sender not a number</sms>"
            + "<sms id_sms=\"6\" date_receive=\"2026-11-30 12:00\" originator=\"79612242243\"/>"
            + "</response>";

        ItemList<SmsInbound> replies = InboundCodec.ReadXml(Bytes(xml)).Value!;

        SmsInbound only = Assert.Single(replies.Items);
        Assert.Equal((6L, new DateTime(2026, 11, 30, 12, 0, 0), string.Empty, (string?)null), (only.Id, only.ReceivedAt, only.Text, only.To));
        Assert.Equal(6, replies.Problems.Count);
        Assert.All(replies.Problems, p => Assert.DoesNotContain(p, c => char.IsControl(c)));
        Assert.Contains("id_sms", replies.Problems[0], StringComparison.Ordinal);
        Assert.Contains("date_receive", replies.Problems[2], StringComparison.Ordinal);
        Assert.Contains("originator", replies.Problems[4], StringComparison.Ordinal);
    }

    [Fact]
    public void A_hostile_reply_text_becomes_one_safe_bounded_line()
    {
        string xml = "<response><sms id_sms=\"1\" date_receive=\"2026-11-30 12:00:00\" originator=\"79612242243\" prefix=\"P&#x9b;31m\">"
            + "STOP&#x9d;0;owned&#x9c;&#x9b;2J&#10;Injected line&#x202e;&#x7f;" + new string('x', 100_000) + "</sms></response>";

        SmsInbound reply = Assert.Single(InboundCodec.ReadXml(Bytes(xml)).Value!.Items);

        Assert.StartsWith("STOP 0;owned 2J Injected line x", reply.Text, StringComparison.Ordinal);
        Assert.True(reply.Text.Length <= 2001, reply.Text.Length.ToString(CultureInfo.InvariantCulture));
        Assert.DoesNotContain(reply.Text, c => char.IsControl(c) || c == '\u202e');
        Assert.DoesNotContain(reply.Prefix!, c => char.IsControl(c));
    }

    [Fact]
    public void Ten_thousand_replies_are_read_in_order()
    {
        var xml = new StringBuilder("<response>");
        for (int i = 1; i <= 10_000; i++) xml.Append("<sms id_sms=\"").Append(i).Append("\" date_receive=\"2026-11-30 12:00:00\" originator=\"7900").Append(i.ToString("D7", CultureInfo.InvariantCulture)).Append("\">Да ").Append(i).Append("</sms>");
        xml.Append("</response>");

        ItemList<SmsInbound> replies = InboundCodec.ReadXml(Bytes(xml.ToString())).Value!;

        Assert.Equal(Enumerable.Range(1, 10_000).Select(i => (long)i), replies.Items.Select(r => r.Id));
        Assert.Equal("Да 10000", replies.Items[^1].Text);
    }

    [Theory]
    [InlineData("<response><error>Неправильный логин или пароль</error></response>", "Неправильный логин или пароль")]
    [InlineData("<error>Incorrect login or password</error>", "Incorrect login or password")]
    [InlineData("<response error=\"POST данные отсутствуют\"/>", "POST данные отсутствуют")]
    public void Request_level_errors_in_either_language_and_shape_come_back_as_error_texts(string xml, string text)
    {
        // Every XML codec but the status reader goes through ErrorEnvelope: the tree readers and the streaming ones alike.
        Assert.Equal(text, InboundCodec.ReadXml(Bytes(xml)).ErrorText);
        Assert.Equal(text, StopListCodec.ReadList(Bytes(xml)).ErrorText);
        Assert.Equal(text, StopListCodec.ReadChange(Bytes(xml)).ErrorText);
        Assert.Equal(text, ScheduledCodec.ReadPage(Bytes(xml), 1).ErrorText);
        Assert.Equal(text, ScheduledCodec.ReadDelete(Bytes(xml)).ErrorText);
        Assert.Equal(text, PhoneInfoCodec.ReadXml(Bytes(xml)).ErrorText);
        Assert.Equal(text, AccountTimeCodec.ReadXml(Bytes(xml)).ErrorText);
        Assert.Equal(text, BalanceCodec.ReadXml(Bytes(xml)).ErrorText);
        Assert.Equal(text, SenderNameCodec.ReadXml(Bytes(xml)).ErrorText);
        Assert.Equal(text, XmlSendCodec.ReadAnswer(Bytes(xml), 1).ErrorText);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not xml")]
    [InlineData("<response><sms id_sms=\"1\">")]
    [InlineData("<!DOCTYPE response [<!ENTITY x \"y\">]><response>&x;</response>")]
    [InlineData("<response/><response/>")]
    public void Broken_answers_are_transient_protocol_errors(string xml)
    {
        foreach (Func<ArraySegment<byte>, object> read in new Func<ArraySegment<byte>, object>[]
        {
            a => InboundCodec.ReadXml(a), a => StopListCodec.ReadList(a), a => StopListCodec.ReadChange(a), a => ScheduledCodec.ReadPage(a, 1),
            a => ScheduledCodec.ReadDelete(a), a => PhoneInfoCodec.ReadXml(a), a => AccountTimeCodec.ReadXml(a),
        })
        {
            MySmppProtocolException error = Assert.Throws<MySmppProtocolException>(() => read(Bytes(xml)));
            Assert.True(error.IsTransient, xml);
        }
    }

    [Fact]
    public void A_root_that_is_not_response_is_refused()
    {
        Assert.Throws<MySmppProtocolException>(() => InboundCodec.ReadXml(Bytes("<html><body>Bad gateway</body></html>")));
        Assert.Throws<MySmppProtocolException>(() => StopListCodec.ReadList(Bytes("<phones><phone>79612242243</phone></phones>")));
        foreach (Func<ArraySegment<byte>, object> read in new Func<ArraySegment<byte>, object>[]
        {
            a => BalanceCodec.ReadXml(a), a => SenderNameCodec.ReadXml(a), a => XmlSendCodec.ReadAnswer(a, 1), a => AccountTimeCodec.ReadXml(a),
        })
        {
            MySmppProtocolException error = Assert.Throws<MySmppProtocolException>(() => read(Bytes("<html><body>Bad gateway</body></html>")));
            Assert.True(error.IsTransient);
            Assert.Contains("root is <html>, not <response>", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Deep_nesting_does_not_exhaust_the_stack()
    {
        string xml = "<response>" + string.Concat(Enumerable.Repeat("<a>", 50_000)) + string.Concat(Enumerable.Repeat("</a>", 50_000)) + "<phone>79612242243</phone></response>";

        ItemList<StopListEntry> list = StopListCodec.ReadList(Bytes(xml)).Value!;

        Assert.Equal("79612242243", Assert.Single(list.Items).Phone);
    }

    // ---- stop list ------------------------------------------------------------------------------

    [Fact]
    public void The_stop_list_is_read_from_phone_texts_or_attributes_and_bad_numbers_are_problems()
    {
        const string xml = "<response><phone>79612242243</phone><phone phone=\"+79612242244\">x</phone><phone>not a phone</phone><phone/><other>79000000000</other></response>";

        ItemList<StopListEntry> list = StopListCodec.ReadList(Bytes(xml)).Value!;

        Assert.Equal(new[] { "79612242243", "79612242244" }, list.Items.Select(e => e.Phone));
        Assert.Equal(2, list.Problems.Count);
        Assert.Empty(StopListCodec.ReadList(Bytes("<response/>")).Value!.Items);
    }

    [Fact]
    public void Ten_thousand_numbers_are_read_from_the_stop_list_number_information_and_a_change()
    {
        IEnumerable<string> phones = Enumerable.Range(0, 10_000).Select(i => "7900" + i.ToString("D7", CultureInfo.InvariantCulture));
        string list = "<response>" + string.Concat(phones.Select(p => "<phone>" + p + "</phone>")) + "</response>";
        string info = "<response>" + string.Concat(phones.Select(p => "<phone operator=\"Теле2\" region=\"Краснодарский край\" time_zone=\"0\">" + p + "</phone>")) + "</response>";
        string change = "<response>" + string.Concat(phones.Select(p => "<phone phone=\"" + p + "\">add</phone>")) + "</response>";

        Assert.Equal(phones, StopListCodec.ReadList(Bytes(list)).Value!.Items.Select(e => e.Phone));
        Assert.Equal(phones, PhoneInfoCodec.Match(phones.ToArray(), PhoneInfoCodec.ReadXml(Bytes(info)).Value!.Items).Select(i => i.Phone));
        Assert.All(StopListCodec.Match(phones.ToArray(), Array.Empty<string>(), StopListCodec.ReadChange(Bytes(change)).Value!.Items), c => Assert.Equal(StopListOutcome.Added, c.Outcome));
    }

    [Fact]
    public void The_stop_list_change_request_has_the_documented_shape_and_leaves_out_an_empty_list()
    {
        string both = Body((b, c) => StopListCodec.WriteChange(b, c, new[] { "79612242243", "79612242244" }, new[] { "79612242245" }));
        string addOnly = Body((b, c) => StopListCodec.WriteChange(b, c, new[] { "79612242243" }, Array.Empty<string>()));

        Assert.EndsWith("</security><add_stop><phone phone=\"79612242243\" /><phone phone=\"79612242244\" /></add_stop><delete_stop><phone phone=\"79612242245\" /></delete_stop></request>", both, StringComparison.Ordinal);
        Assert.EndsWith("</security><add_stop><phone phone=\"79612242243\" /></add_stop></request>", addOnly, StringComparison.Ordinal);
    }

    [Fact]
    public void Change_answers_are_matched_to_the_numbers_asked_and_a_number_not_answered_says_so()
    {
        const string xml = "<response><phone phone=\"79612242244\">delete</phone><phone phone=\"79612242243\">ADD</phone><phone phone=\"79612242246\">Неверный номер</phone><phone>no phone</phone><phone phone=\"79000000000\">add</phone></response>";
        ItemList<KeyValuePair<string, string>> answered = StopListCodec.ReadChange(Bytes(xml)).Value!;

        List<StopListChange> changes = StopListCodec.Match(new[] { "79612242243", "79612242243", "79612242245" }, new[] { "79612242244", "79612242246" }, answered.Items);

        Assert.Single(answered.Problems);
        Assert.Equal(
            new[] { ("79612242243", "Add", StopListOutcome.Added), ("79612242243", "Add", StopListOutcome.Added), ("79612242245", "Add", StopListOutcome.NotAnswered), ("79612242244", "Remove", StopListOutcome.Removed), ("79612242246", "Remove", StopListOutcome.Other) },
            changes.Select(c => (c.Phone, c.Action, c.Outcome)));
        Assert.Equal("Неверный номер", changes[4].OutcomeText);
        Assert.Equal(StopListOutcome.NotFound, StopListCodec.OutcomeOf(" not_found "));
    }

    // ---- scheduled messages -----------------------------------------------------------------------

    [Fact]
    public void The_documented_scheduled_page_is_read()
    {
        const string xml = "<?xml version=\"1.0\" encoding=\"utf-8\" ?><response><phones page=\"1\" num_pages=\"100\">"
            + "<scheduled id_sms=\"1234\" time_put_turn=\"2011-11-14 12:42:40\" originator=\"kosty\" phone=\"79612242243\" type_sms=\"sms\" text_sms=\"ТекстSMS\" count_sms=\"2\" name_delivery=\"Названиерасылки\" time_send=\"2011-11-14 21:00\" validity_period=\"2011-11-17 21:00:00\" />"
            + "</phones></response>";

        ScheduledPage page = ScheduledCodec.ReadPage(Bytes(xml), 1).Value!;

        Assert.Equal((1, (int?)100), (page.Page, page.PageCount));
        ScheduledSms item = Assert.Single(page.Items);
        Assert.Equal((1234L, "79612242243", "kosty", "ТекстSMS", (int?)2, "sms", "Названиерасылки"), (item.Id, item.Phone, item.Sender, item.Text, item.Parts, item.Type, item.Campaign));
        Assert.Equal((new DateTime(2011, 11, 14, 12, 42, 40), new DateTime(2011, 11, 14, 21, 0, 0), new DateTime(2011, 11, 17, 21, 0, 0)), (item.QueuedAt!.Value, item.SendAt!.Value, item.ValidUntil!.Value));
    }

    [Fact]
    public void Scheduled_fields_as_child_elements_the_type_attribute_and_items_right_in_the_response_are_read_too()
    {
        const string xml = "<response page=\"2\" num_pages=\"2\"><scheduled><id_sms>77</id_sms><phone>79612242243</phone><type>flashsms</type><time_send>2026-11-30 21:00</time_send><text_sms>Привет</text_sms></scheduled></response>";

        ScheduledPage page = ScheduledCodec.ReadPage(Bytes(xml), 2).Value!;

        ScheduledSms item = Assert.Single(page.Items);
        Assert.Equal((2, (int?)2), (page.Page, page.PageCount));
        Assert.Equal((77L, "flashsms", "Привет", (int?)null, (DateTime?)null), (item.Id, item.Type, item.Text, item.Parts, item.QueuedAt));
    }

    [Fact]
    public void Bad_scheduled_items_are_problems_and_a_bad_page_count_fails_the_page()
    {
        const string xml = "<response><phones page=\"1\" num_pages=\"1\">"
            + "<scheduled phone=\"79612242243\"/><scheduled id_sms=\"1\" count_sms=\"two\"/><scheduled id_sms=\"2\" time_send=\"tonight\"/>"
            + "<scheduled id_sms=\"3\" phone=\"call me\"/><scheduled id_sms=\"4\" originator=\"A&#x9b;31m\" text_sms=\"&#x85;x\"/></phones></response>";

        ScheduledPage page = ScheduledCodec.ReadPage(Bytes(xml), 1).Value!;

        ScheduledSms item = Assert.Single(page.Items);
        Assert.Equal((4L, "A 31m", "x"), (item.Id, item.Sender, item.Text));
        Assert.Equal(4, page.Problems.Count);
        Assert.Throws<MySmppProtocolException>(() => ScheduledCodec.ReadPage(Bytes("<response><phones page=\"1\" num_pages=\"-3\"/></response>"), 1));
        Assert.Throws<MySmppProtocolException>(() => ScheduledCodec.ReadPage(Bytes("<response><phones page=\"x\"/></response>"), 1));
        Assert.Null(ScheduledCodec.ReadPage(Bytes("<response><phones/></response>"), 3).Value!.PageCount);
    }

    [Fact]
    public void Scheduled_requests_have_the_documented_shapes()
    {
        Assert.EndsWith("</security><scheduled page=\"3\" /></request>", Body((b, c) => ScheduledCodec.WritePage(b, c, 3)), StringComparison.Ordinal);
        Assert.EndsWith("</security><delete_schedule><schedule id_sms=\"1234\" /><schedule id_sms=\"1235\" /></delete_schedule></request>", Body((b, c) => ScheduledCodec.WriteDelete(b, c, new[] { 1234L, 1235L })), StringComparison.Ordinal);
    }

    [Fact]
    public void Deletions_are_matched_to_the_ids_asked()
    {
        const string xml = "<response><scheduled id_sms=\"1234\">delete</scheduled><scheduled id_sms=\"1235\">not_found</scheduled><scheduled id_sms=\"1236\">ошибка</scheduled><scheduled>no id</scheduled></response>";
        ItemList<KeyValuePair<long, string>> answered = ScheduledCodec.ReadDelete(Bytes(xml)).Value!;

        List<ScheduledDeletion> results = ScheduledCodec.Match(new[] { 1235L, 1234L, 1236L, 1237L }, answered.Items);

        Assert.Single(answered.Problems);
        Assert.Equal(new[] { ScheduledOutcome.NotFound, ScheduledOutcome.Removed, ScheduledOutcome.Other, ScheduledOutcome.NotAnswered }, results.Select(r => r.Outcome));
        Assert.Equal("ошибка", results[2].OutcomeText);
    }

    // ---- def.php ------------------------------------------------------------------------------------

    [Fact]
    public void Number_information_converts_the_moscow_offset_and_unknown_becomes_null()
    {
        const string xml = "<response>"
            + "<phone operator=\"МегаФон\" region=\"Тюменская область\" time_zone=\"2\">79224850804</phone>"
            + "<phone operator=\"Vimpeltelecom\" region=\"Kaliningrad\" time_zone=\"-1\">79612242244</phone>"
            + "<phone operator=\"unknown\" region=\"UNKNOWN\" time_zone=\"unknown\">79990000000</phone>"
            + "<phone operator=\"X\" time_zone=\"2.5\">79000000001</phone>"
            + "</response>";

        ItemList<SmsPhoneInfo> infos = PhoneInfoCodec.ReadXml(Bytes(xml)).Value!;

        Assert.Empty(infos.Problems);
        Assert.Equal(("МегаФон", "Тюменская область", (decimal?)2, (TimeSpan?)TimeSpan.FromHours(5)), (infos.Items[0].Operator, infos.Items[0].Region, infos.Items[0].MoscowOffsetHours, infos.Items[0].UtcOffset));
        Assert.Equal(TimeSpan.FromHours(2), infos.Items[1].UtcOffset);
        Assert.Equal(((string?)null, (string?)null, (TimeSpan?)null, false), (infos.Items[2].Operator, infos.Items[2].Region, infos.Items[2].UtcOffset, infos.Items[2].IsKnown));
        Assert.Equal(TimeSpan.FromMinutes(330), infos.Items[3].UtcOffset);
        Assert.Null(infos.Items[3].Region);
    }

    [Theory]
    [InlineData("12")]
    [InlineData("-18")]
    [InlineData("2.123")]
    [InlineData("two")]
    public void A_time_zone_that_is_no_offset_is_a_problem(string zone)
    {
        string xml = "<response><phone time_zone=\"" + zone + "\">79612242243</phone><phone time_zone=\"0\">79612242244</phone></response>";

        ItemList<SmsPhoneInfo> infos = PhoneInfoCodec.ReadXml(Bytes(xml)).Value!;

        Assert.Equal("79612242244", Assert.Single(infos.Items).Phone);
        Assert.Contains("time_zone", Assert.Single(infos.Problems), StringComparison.Ordinal);
    }

    [Fact]
    public void Number_information_is_matched_to_the_numbers_asked()
    {
        string body = Body((b, c) => PhoneInfoCodec.WriteXml(b, c, new[] { "79612242243", "79612242244" }));
        ItemList<SmsPhoneInfo> answered = PhoneInfoCodec.ReadXml(Bytes("<response><phone time_zone=\"0\">79612242244</phone><phone time_zone=\"1\">79612242243</phone><phone>79000000000</phone></response>")).Value!;

        List<SmsPhoneInfo> matched = PhoneInfoCodec.Match(new[] { "79612242243", "79612242245", "79612242244", "79612242243" }, answered.Items);

        Assert.EndsWith("</security><phones><phone>79612242243</phone><phone>79612242244</phone></phones></request>", body, StringComparison.Ordinal);
        Assert.Equal(new[] { "79612242243", "79612242244", "79612242243" }, matched.Select(i => i.Phone));
        Assert.Equal(1m, matched[0].MoscowOffsetHours);
    }

    // ---- time.php ------------------------------------------------------------------------------------

    [Fact]
    public void The_accounts_time_is_read_with_or_without_a_date()
    {
        AccountTimeReading full = AccountTimeCodec.ReadXml(Bytes("<response><time>2026-11-17 15:34:05</time></response>")).Value;
        AccountTimeReading bare = AccountTimeCodec.ReadXml(Bytes("<response><time>15:34:05</time></response>")).Value;
        var utc = new DateTimeOffset(2026, 11, 17, 21, 30, 0, TimeSpan.Zero); // 00:30 on the 18th in Moscow

        Assert.Equal(new DateTime(2026, 11, 17, 15, 34, 5), AccountTimeCodec.Resolve(full, utc));
        Assert.Equal(new DateTime(2026, 11, 18, 15, 34, 5), AccountTimeCodec.Resolve(bare, utc.AddHours(12)));
        Assert.Equal(new DateTime(2026, 11, 17, 23, 59, 0), AccountTimeCodec.Resolve(AccountTimeCodec.ReadXml(Bytes("<response><time>23:59:00</time></response>")).Value, utc));
        Assert.Throws<MySmppProtocolException>(() => AccountTimeCodec.ReadXml(Bytes("<response><time>noon</time></response>")));
    }

    // ---- originator.php in full --------------------------------------------------------------------

    [Fact]
    public void Sender_names_carry_the_managers_comment_as_a_safe_line()
    {
        const string xml = "<response><any_originator>FALSE</any_originator><list_originator>"
            + "<originator MCC=\"250\" MNC=\"01\" template=\"t\" comment=\"наш бренд\" history=\"Отклонено:&#10;нет документов&#x9b;2J\" operator=\"МТС\" state=\"rejected\">My Shop!</originator>"
            + "<originator state=\"completed\" history=\"\">MyShop</originator></list_originator></response>";

        SenderNameList list = SenderNameCodec.ReadXml(Bytes(xml)).Value!;

        SenderName rejected = list.Names[0];
        Assert.Equal(("My Shop!", SenderNameState.Rejected, "Отклонено: нет документов 2J", "наш бренд", "МТС", "t"), (rejected.Name, rejected.State, rejected.ManagerComment, rejected.Comment, rejected.Operator, rejected.Template));
        Assert.Null(list.Names[1].ManagerComment);
    }

    [Theory]
    [InlineData("MyShop", true)]
    [InlineData("My Shop", true)]
    [InlineData("O'Hara & Co", true)]
    [InlineData("A$(calc)", true)]
    [InlineData("?><,.-_=+/\"!", false)] // 12 characters
    [InlineData("?><,.-_=+/\"", true)]
    [InlineData("@#$%^&*()", true)]
    [InlineData("123456789012345", true)]
    [InlineData("1234567890123456", false)]
    [InlineData("MyShop12345", true)]
    [InlineData("MyShop123456", false)]
    [InlineData("Мой магазин", false)]
    [InlineData("My;Shop", false)]
    [InlineData("My`Shop", false)]
    [InlineData("My\tShop", false)]
    [InlineData("   ", false)]
    [InlineData("", false)]
    public void Send_Sms_accepts_every_sender_name_the_platform_accepts(string sender, bool valid)
    {
        Assert.Equal(valid, SmsMessageRules.IsValidSender(sender, out string problem));
        if (!valid) Assert.DoesNotContain(problem, c => char.IsControl(c));
    }
}
