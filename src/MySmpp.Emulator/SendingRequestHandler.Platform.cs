using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace MySmpp.Emulator;

/// <summary>
/// The rest of the platform (platform-api.md 7): <c>/xml/incoming.php</c>, <c>/xml/list_stop.php</c>,
/// <c>/xml/stop.php</c>, <c>/xml/def.php</c>, <c>/xml/list_scheduled.php</c> and <c>/xml/scheduled.php</c>, over the
/// data of <see cref="EmulatorPlatform"/>. Fault injection applies as for the other account endpoints; a stop-list
/// change or a deletion is made before a dropped connection, a truncated body, garbage or HTTP 500, so the client
/// loses an answer the server acted on.
/// </summary>
internal sealed partial class SendingRequestHandler
{
    public Task HandleIncomingAsync(HttpContext context) => HandleAsync(context, xml: true, (body, _) => Platform(body, Replies));

    public Task HandleStopListAsync(HttpContext context) => HandleAsync(context, xml: true, (body, _) => Platform(body, (account, _) => WriteStopList(account)));

    public Task HandleStopAsync(HttpContext context) => HandleAsync(context, xml: true, (body, _) => Platform(body, ChangeStopList));

    public Task HandlePhoneInfoAsync(HttpContext context) => HandleAsync(context, xml: true, (body, _) => Platform(body, PhoneInfo));

    public Task HandleListScheduledAsync(HttpContext context) => HandleAsync(context, xml: true, (body, _) => Platform(body, ScheduledPage));

    public Task HandleDeleteScheduledAsync(HttpContext context) => HandleAsync(context, xml: true, (body, _) => Platform(body, DeleteScheduled));

    // A request with credentials and more: authenticated, then answered; null from write means a malformed request.
    private (byte[] Body, bool Acted) Platform(RequestBody body, Func<EmulatorAccount, RequestTree, byte[]?> write)
    {
        if (body.Length == 0) return (XmlError(ErrorTexts.PostDataMissing), false);
        RequestTree? request = RequestTree.Parse(body.Segment);
        if (request is null) return (XmlError(ErrorTexts.IncorrectXml), false);
        if (Authenticate(request.Credentials(), out string? problem) is not { } account) return (XmlError(problem!), false);
        byte[]? answer = write(account, request);
        return answer is null ? (XmlError(ErrorTexts.IncorrectXml), false) : (answer, true);
    }

    private byte[]? Replies(EmulatorAccount account, RequestTree request)
    {
        RequestTree? time = request.Child("time");
        if (time is null || !TryTime(time.Attr("start"), out DateTime start)) return null;
        DateTime? end = null;
        if (time.Attr("end") is { Length: > 0 } endText)
        {
            if (!TryTime(endText, out DateTime parsed)) return null;
            end = parsed;
        }

        DateTime now = _clock.Now;
        return Xml(writer =>
        {
            foreach ((EmulatorReply reply, DateTime at) in _platform.RepliesBetween(start, end, now))
            {
                writer.WriteStartElement("sms");
                writer.WriteAttributeString("id_sms", reply.Id.ToString(CultureInfo.InvariantCulture));
                writer.WriteAttributeString("date_receive", at.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture));
                writer.WriteAttributeString("originator", reply.Originator);
                writer.WriteAttributeString("prefix", reply.Prefix);
                writer.WriteAttributeString("phone", reply.Phone);
                writer.WriteString(reply.Text);
                writer.WriteEndElement();
            }
        });
    }

    private byte[] WriteStopList(EmulatorAccount account) => Xml(writer =>
    {
        foreach (string phone in _platform.StopList(account.Login)) writer.WriteElementString("phone", phone);
    });

    private byte[]? ChangeStopList(EmulatorAccount account, RequestTree request)
    {
        var answers = new List<(string Phone, string Word)>();
        foreach ((string section, bool add) in new[] { ("add_stop", true), ("delete_stop", false) })
        {
            foreach (RequestTree phone in request.Child(section)?.Children ?? [])
            {
                if (phone.Name != "phone") continue;
                string number = (phone.Attr("phone") ?? phone.Text).Trim();
                string word;
                if (number.Length == 0 || !IsDigits(number))
                {
                    word = "not_found";
                }
                else if (add)
                {
                    // Adding a number already listed changes nothing and is answered the same way.
                    _platform.AddToStopList(account.Login, number);
                    word = "add";
                }
                else
                {
                    word = _platform.RemoveFromStopList(account.Login, number) ? "delete" : "not_found";
                }

                answers.Add((number, word));
            }
        }

        return Xml(writer =>
        {
            foreach ((string phone, string word) in answers)
            {
                writer.WriteStartElement("phone");
                writer.WriteAttributeString("phone", phone);
                writer.WriteString(word);
                writer.WriteEndElement();
            }
        });
    }

    private byte[]? PhoneInfo(EmulatorAccount account, RequestTree request)
    {
        RequestTree? phones = request.Child("phones");
        if (phones is null) return null;
        _platform.OnPhoneInfoRequest(phones.Children.Count(static p => p.Name == "phone"));
        return Xml(writer =>
        {
            foreach (RequestTree phone in phones.Children)
            {
                if (phone.Name != "phone") continue;
                string number = phone.Text.Trim();
                (string? @operator, string? region, int? zone) = EmulatorPhonePlan.Lookup(number, _options.Dialect);
                writer.WriteStartElement("phone");
                writer.WriteAttributeString("operator", @operator ?? "unknown");
                writer.WriteAttributeString("region", region ?? "unknown");
                writer.WriteAttributeString("time_zone", zone?.ToString(CultureInfo.InvariantCulture) ?? "unknown");
                writer.WriteString(number);
                writer.WriteEndElement();
            }
        });
    }

    private byte[]? ScheduledPage(EmulatorAccount account, RequestTree request)
    {
        if (!int.TryParse(request.Child("scheduled")?.Attr("page"), NumberStyles.None, CultureInfo.InvariantCulture, out int page) || page < 1) return null;
        IReadOnlyList<ScheduledEntry> all = _platform.Scheduled(account.Login, _clock.Now);
        int size = _options.ScheduledPageSize;
        int pages = (all.Count + size - 1) / size;
        bool live = _options.Dialect == EmulatorDialect.Live;
        return Xml(writer =>
        {
            writer.WriteStartElement("phones");
            writer.WriteAttributeString("page", page.ToString(CultureInfo.InvariantCulture));
            writer.WriteAttributeString("num_pages", pages.ToString(CultureInfo.InvariantCulture));
            for (int i = (page - 1) * size; i < Math.Min(all.Count, page * size) && page <= pages; i++)
            {
                ScheduledEntry entry = all[i];
                writer.WriteStartElement("scheduled");
                writer.WriteAttributeString("id_sms", entry.Id.ToString(CultureInfo.InvariantCulture));
                writer.WriteAttributeString("time_put_turn", entry.QueuedAt.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture));
                writer.WriteAttributeString("originator", entry.Sender ?? string.Empty);
                writer.WriteAttributeString("phone", entry.Phone);

                // The vendor's field table says "type", its example "type_sms": the documented dialect follows the
                // table (as platform-api.md 7.5 does), the live one the example.
                writer.WriteAttributeString(live ? "type_sms" : "type", entry.Type);
                writer.WriteAttributeString("text_sms", entry.Text ?? string.Empty);
                writer.WriteAttributeString("count_sms", entry.Parts.ToString(CultureInfo.InvariantCulture));
                writer.WriteAttributeString("name_delivery", entry.Campaign ?? string.Empty);
                writer.WriteAttributeString("time_send", entry.SendAt.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture));
                writer.WriteAttributeString("validity_period", entry.ValidUntil?.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) ?? string.Empty);
                writer.WriteEndElement();
            }

            writer.WriteEndElement();
        });
    }

    private byte[]? DeleteScheduled(EmulatorAccount account, RequestTree request)
    {
        RequestTree? delete = request.Child("delete_schedule");
        if (delete is null) return null;
        DateTime now = _clock.Now;
        var answers = new List<(string Id, string Word)>();
        foreach (RequestTree schedule in delete.Children)
        {
            if (schedule.Name != "schedule") continue;
            string idText = (schedule.Attr("id_sms") ?? string.Empty).Trim();
            bool deleted = long.TryParse(idText, NumberStyles.None, CultureInfo.InvariantCulture, out long id) && _platform.DeleteScheduled(account.Login, id, now);
            if (deleted)
            {
                // Cancelled before it went out: the message stays undelivered from now on.
                _data.AddMessage(EmulatorMessage.Fixed(id, "not_deliver", sms: "not_deliver", afterSeconds: Math.Floor(_clock.Elapsed.TotalSeconds)));
            }

            answers.Add((idText, deleted ? "delete" : "not_found"));
        }

        return Xml(writer =>
        {
            foreach ((string id, string word) in answers)
            {
                writer.WriteStartElement("scheduled");
                writer.WriteAttributeString("id_sms", id);
                writer.WriteString(word);
                writer.WriteEndElement();
            }
        });
    }

    private static bool TryTime(string? text, out DateTime value) =>
        DateTime.TryParseExact((text ?? string.Empty).Trim(), ["yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out value);

    private static bool IsDigits(string text)
    {
        foreach (char c in text)
        {
            if (c is < '0' or > '9') return false;
        }

        return true;
    }
}
