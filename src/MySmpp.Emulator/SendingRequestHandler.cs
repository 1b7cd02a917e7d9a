using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using System.Xml;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace MySmpp.Emulator;

/// <summary>
/// The gateway's other endpoints: <c>/xml/</c> (sending), <c>/xml/balance.php</c>, <c>/json/balance.php</c>,
/// <c>/xml/originator.php</c>, <c>/xml/time.php</c>, plus <c>GET /emulator/stats</c> for tests in another process.
/// Fault injection applies as for the status endpoints, except that a dropped connection, a truncated body, garbage and
/// HTTP 500 hit the sending endpoint AFTER the messages were accepted: the client loses an answer the server acted on.
/// </summary>
internal sealed partial class SendingRequestHandler
{
    private static readonly XmlWriterSettings WriterSettings = new()
    {
        Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
        Indent = false,
        CloseOutput = false,
    };

    private readonly EmulatorOptions _options;
    private readonly SimulatedClock _clock;
    private readonly EmulatorStats _stats;
    private readonly EmulatorSeed _data;
    private readonly EmulatorSending _sending;
    private readonly EmulatorPlatform _platform;
    private readonly FaultInjector _faults;
    private readonly RequestPipeline _pipeline;

    public SendingRequestHandler(EmulatorOptions options, SimulatedClock clock, EmulatorStats stats, EmulatorSeed data, EmulatorSending sending, EmulatorPlatform platform, ILogger logger, CancellationToken stopping)
    {
        _options = options;
        _clock = clock;
        _stats = stats;
        _data = data;
        _sending = sending;
        _platform = platform;
        _faults = new FaultInjector(options);
        _pipeline = new RequestPipeline(options, stats, _faults, logger, stopping);
    }

    /// <summary>The webhook's counters, for <c>/emulator/stats</c>.</summary>
    public EmulatorCallbackStats? CallbackStats { get; set; }

    public Task HandleSendAsync(HttpContext context) => HandleAsync(context, xml: true, Send, stalls: true);

    public Task HandleXmlBalanceAsync(HttpContext context) => HandleAsync(context, xml: true, (body, _) => Account(body, xml: true, WriteBalanceXml));

    public Task HandleJsonBalanceAsync(HttpContext context) => HandleAsync(context, xml: false, (body, _) => Account(body, xml: false, WriteBalanceJson));

    public Task HandleOriginatorAsync(HttpContext context) => HandleAsync(context, xml: true, (body, _) => Account(body, xml: true, _ => WriteOriginators()));

    public Task HandleTimeAsync(HttpContext context) => HandleAsync(context, xml: true, (body, _) => Account(body, xml: true, _ => WriteTime()));

    /// <summary>
    /// <c>POST /emulator/send-fault</c> with <c>none</c>, or e.g. <c>lock:7</c> (as <c>--send-fault</c>): changes the send
    /// fault of a running emulator, for tests in another process (a rerun after the fault). Answers the new setting.
    /// </summary>
    public async Task HandleSendFaultAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        string text = (await reader.ReadToEndAsync(context.RequestAborted).ConfigureAwait(false)).Trim();
        try
        {
            (SendFault fault, int after) = CommandLine.ParseSendFault(text);
            _options.SendFault = fault;
            _options.SendFaultAfter = after;
        }
        catch (FormatException ex)
        {
            await ResponseWriter.PlainTextAsync(context, StatusCodes.Status400BadRequest, ex.Message, context.RequestAborted).ConfigureAwait(false);
            return;
        }

        await ResponseWriter.PlainTextAsync(context, StatusCodes.Status200OK, _options.SendFault + ":" + _options.SendFaultAfter.ToString(CultureInfo.InvariantCulture), context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary><c>GET /emulator/received</c>: every recipient the sending endpoint received and what it answered, as JSON.</summary>
    private static readonly JsonSerializerOptions CamelCase = new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public Task HandleReceivedAsync(HttpContext context)
    {
        byte[] json = JsonSerializer.SerializeToUtf8Bytes(_sending.Received, CamelCase);
        return ResponseWriter.BodyAsync(context, StatusCodes.Status200OK, "application/json; charset=utf-8", json, context.RequestAborted);
    }

    /// <summary>Counters as JSON, for tests that run the emulator in another process.</summary>
    public Task HandleStatsAsync(HttpContext context)
    {
        string json = JsonSerializer.Serialize(new Dictionary<string, long>
        {
            ["requests"] = _stats.Requests,
            ["sendRequests"] = _sending.SendRequests,
            ["balanceRequests"] = _sending.BalanceRequests,
            ["phoneInfoRequests"] = _platform.PhoneInfoRequests,
            ["phoneInfoNumbers"] = _platform.PhoneInfoNumbers,
            ["accepted"] = _sending.Accepted,
            ["alreadySent"] = _sending.AlreadySent,
            ["refused"] = _sending.Refused,
            ["faultsInjected"] = _stats.FaultsInjected,
            ["expectHeaders"] = _stats.RequestsWithHeader("Expect"),
            ["tlsHandshakes"] = _stats.TlsHandshakes,
            ["callbackPosts"] = CallbackStats?.Posts ?? 0,
            ["callbacksAcknowledged"] = CallbackStats?.Acknowledged ?? 0,
            ["callbacksAbandoned"] = CallbackStats?.Abandoned ?? 0,
        });
        return ResponseWriter.BodyAsync(context, StatusCodes.Status200OK, "application/json; charset=utf-8", Encoding.UTF8.GetBytes(json), context.RequestAborted);
    }

    private Task HandleAsync(HttpContext context, bool xml, Func<RequestBody, bool, (byte[] Body, bool Acted)> answer, bool stalls = false)
    {
        string contentType = xml ? "text/xml; charset=utf-8" : "text/json; charset=utf-8";
        return _pipeline.RunAsync(context, contentType, FailsAfterAccepting, async (body, failure, cancellationToken) =>
        {
            SendFault fault = _options.SendFault;
            if (stalls && (fault == SendFault.Stall || fault == SendFault.StallAfterAccepting)
                && _sending.StallStrikes(_options, SendRequestReader.CountRecipients(body.Segment)))
            {
                // A gateway that reads the request and never answers, until the client gives up; or one that sends the
                // messages and whose answer never arrives.
                if (fault == SendFault.StallAfterAccepting) answer(body, xml);
                await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
            }

            if (stalls && _options.MaxBatchSize > 0 && SendRequestReader.CountRecipients(body.Segment) > _options.MaxBatchSize)
            {
                // Too many recipients: refused as a whole, nothing sent (the live platform says so as a malformed document).
                if (_options.Dialect == EmulatorDialect.Live)
                {
                    await ResponseWriter.BodyAsync(context, StatusCodes.Status200OK, contentType, XmlError(ErrorTexts.IncorrectXml), cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    await _pipeline.RejectTooLargeAsync(context, cancellationToken).ConfigureAwait(false);
                }

                return;
            }

            (byte[] reply, bool _) = answer(body, xml);
            switch (failure)
            {
                case FailureModes.TruncatedBody:
                    await FaultResponses.TruncateAsync(context, StatusCodes.Status200OK, contentType, reply, cancellationToken).ConfigureAwait(false);
                    return;
                case FailureModes.DropConnection:
                case FailureModes.Garbage:
                case FailureModes.ServerError:
                    await FaultResponses.WriteAsync(context, failure, _faults, contentType, cancellationToken).ConfigureAwait(false);
                    return;
            }

            await ResponseWriter.BodyAsync(context, StatusCodes.Status200OK, contentType, reply, cancellationToken).ConfigureAwait(false);
        });
    }

    // These faults strike after the request was acted on: the client loses an answer to messages that were accepted.
    private static bool FailsAfterAccepting(FailureModes failure) =>
        failure is FailureModes.DropConnection or FailureModes.TruncatedBody or FailureModes.Garbage or FailureModes.ServerError;

    private (byte[] Body, bool Acted) Send(RequestBody body, bool xml)
    {
        _sending.OnSendRequest();
        if (body.Length == 0) return (XmlError(ErrorTexts.PostDataMissing), false);
        if (!SendRequestReader.TryRead(body.Segment, out Credentials credentials, out List<SendRecipient> recipients))
        {
            return (XmlError(ErrorTexts.IncorrectXml), false);
        }

        if (Authenticate(credentials, out string? error) is not { } account) return (XmlError(error!), false);
        if (_options.SendFault == SendFault.Lock && _sending.FaultStrikes(_options)) return (XmlError(ErrorTexts.AccountLocked), false);

        TimeSpan now = _clock.Elapsed;
        var stream = new MemoryStream();
        using (XmlWriter writer = XmlWriter.Create(stream, WriterSettings))
        {
            writer.WriteStartDocument();
            writer.WriteStartElement("response");
            foreach (SendRecipient recipient in recipients)
            {
                SendDecision decision = _sending.Decide(account.Login, recipient, _options);
                _sending.Record(recipient, decision);
                if (decision.Text == SendTexts.Accepted && decision.Id is long id)
                {
                    DateTime? sendAt = ScheduledTime(recipient.TimeSend, now);
                    _data.AddMessage(NewMessage(id, recipient, decision, now, sendAt is { } at ? at - _clock.Start : now));
                    if (sendAt is { } scheduled)
                    {
                        // A time_send still ahead: the message waits in the scheduler (list_scheduled.php) until then.
                        _platform.AddScheduled(account.Login, new ScheduledEntry(
                            id,
                            _clock.Start + now,
                            recipient.Sender,
                            recipient.Phone,
                            recipient.Type,
                            recipient.Text,
                            decision.Parts,
                            recipient.Campaign,
                            scheduled,
                            ScheduledTime(recipient.ValidityPeriod, TimeSpan.Zero)));
                    }

                    _sending.OnAccepted(id);
                }

                writer.WriteStartElement("information");
                if (recipient.NumberSms is not null) writer.WriteAttributeString("number_sms", recipient.NumberSms);
                if (decision.Id is long shown) writer.WriteAttributeString("id_sms", shown.ToString(CultureInfo.InvariantCulture));
                if (decision.Parts > 0)
                {
                    writer.WriteAttributeString("parts", decision.Parts.ToString(CultureInfo.InvariantCulture));
                    writer.WriteAttributeString("price", decision.Price.ToString(CultureInfo.InvariantCulture));
                }

                writer.WriteString(decision.Text);
                writer.WriteEndElement();
            }

            writer.WriteFullEndElement();
            writer.WriteEndDocument();
        }

        return (stream.ToArray(), true);
    }

    /// <summary>
    /// An accepted message: <c>send</c> from now, then <c>deliver</c> 5–59 simulated seconds after it is sent (now, or its
    /// <c>time_send</c>; derived from the id, so reproducible); a Viber message becomes <c>read</c> a minute after that.
    /// </summary>
    private static EmulatorMessage NewMessage(long id, SendRecipient recipient, SendDecision decision, TimeSpan now, TimeSpan sendAt)
    {
        double at = Math.Floor(now.TotalSeconds);
        double settle = Math.Floor(sendAt.TotalSeconds) + 5 + (id % 55);
        var steps = new List<MessageStep> { new(at, MessageStep.SendState, recipient.SmsChannel ? "send" : null, recipient.ViberChannel ? "send" : null) };
        if (recipient.ViberChannel)
        {
            steps.Add(new MessageStep(settle, "deliver", null, "deliver"));
            steps.Add(new MessageStep(settle + 60, "read", null, "read"));
        }
        else
        {
            steps.Add(new MessageStep(settle, "deliver", "deliver"));
        }

        return new EmulatorMessage(id, steps, decision.Parts, PricePerPart(decision));
    }

    // time_send / validity_period (YYYY-MM-DD hh:mm, the account's local time): the time when it lies after 'after'.
    private DateTime? ScheduledTime(string? text, TimeSpan after)
    {
        if (string.IsNullOrWhiteSpace(text)
            || !DateTime.TryParseExact(text.Trim(), ["yyyy-MM-dd HH:mm", "yyyy-MM-dd HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out DateTime at))
        {
            return null;
        }

        return at > _clock.Start + after ? at : null;
    }

    private static decimal PricePerPart(SendDecision decision) => decision.Parts == 0 ? 0m : decision.Price / decision.Parts;

    private (byte[] Body, bool Acted) Account(RequestBody body, bool xml, Func<EmulatorAccount, byte[]> write)
    {
        Func<string, byte[]> error = xml ? XmlError : JsonError;
        if (body.Length == 0) return (error(ErrorTexts.PostDataMissing), false);
        Credentials? credentials = xml
            ? (SendRequestReader.TryRead(body.Segment, out Credentials c, out _) ? c : null)
            : ReadJsonCredentials(body.Segment);
        if (credentials is null) return (error(xml ? ErrorTexts.IncorrectXml : ErrorTexts.IncorrectJson), false);
        if (Authenticate(credentials, out string? problem) is not { } account) return (error(problem!), false);
        return (write(account), false);
    }

    private EmulatorAccount? Authenticate(Credentials credentials, out string? error) => Authenticator.Resolve(_data, credentials, out error);

    private static Credentials? ReadJsonCredentials(ArraySegment<byte> body)
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 8 });
            if (document.RootElement.ValueKind != JsonValueKind.Object) return null;
            string? Get(string name) => document.RootElement.TryGetProperty(name, out JsonElement e) && e.ValueKind == JsonValueKind.String ? e.GetString() : null;
            return new Credentials(Get("login"), Get("password"), Get("token"));
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private byte[] WriteBalanceXml(EmulatorAccount account)
    {
        _sending.OnBalanceRequest();
        decimal money = _sending.GetBalance(account.Login);
        return Xml(writer =>
        {
            writer.WriteStartElement("money");
            writer.WriteAttributeString("currency", "RUR");
            writer.WriteString(money.ToString("0.00", CultureInfo.InvariantCulture));
            writer.WriteEndElement();
            writer.WriteStartElement("sms");
            writer.WriteAttributeString("area", "Russia");
            writer.WriteAttributeString("price", EmulatorSending.PricePerPart.ToString(CultureInfo.InvariantCulture));
            writer.WriteAttributeString("type_sms", "sms");
            writer.WriteAttributeString("type_text", "Сервисные");
            writer.WriteString(MessagesLeft(money).ToString(CultureInfo.InvariantCulture));
            writer.WriteEndElement();
            foreach ((string area, decimal price) in OperatorDirections)
            {
                writer.WriteStartElement("sms");
                writer.WriteAttributeString("area", area);
                writer.WriteAttributeString("price", price.ToString(CultureInfo.InvariantCulture));
                writer.WriteAttributeString("type_sms", "sms");
                writer.WriteAttributeString("type_text", "Сервисные");
                writer.WriteString(MessagesLeft(money, price).ToString(CultureInfo.InvariantCulture));
                writer.WriteEndElement();
            }

            writer.WriteStartElement("sms");
            writer.WriteAttributeString("area", "Russia");
            if (_options.ViberPrice is decimal viber) writer.WriteAttributeString("price", viber.ToString(CultureInfo.InvariantCulture));
            writer.WriteAttributeString("type_sms", "viber");
            writer.WriteString(_options.ViberPrice is decimal each ? MessagesLeft(money, each).ToString(CultureInfo.InvariantCulture) : "Unlim");
            writer.WriteEndElement();
        });
    }

    private byte[] WriteBalanceJson(EmulatorAccount account)
    {
        _sending.OnBalanceRequest();
        decimal money = _sending.GetBalance(account.Login);
        var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            writer.WriteString("money", money.ToString("0.00", CultureInfo.InvariantCulture));
            writer.WriteString("currency", "RUR");
            writer.WriteStartArray("information");
            writer.WriteStartObject();
            writer.WriteString("type_sms", "sms");
            writer.WriteString("area", "Russia");
            writer.WriteString("num_sms", MessagesLeft(money).ToString(CultureInfo.InvariantCulture));
            writer.WriteEndObject();
            foreach ((string area, decimal price) in OperatorDirections)
            {
                writer.WriteStartObject();
                writer.WriteString("type_sms", "sms");
                writer.WriteString("area", area);
                writer.WriteString("price", price.ToString(CultureInfo.InvariantCulture));
                writer.WriteString("num_sms", MessagesLeft(money, price).ToString(CultureInfo.InvariantCulture));
                writer.WriteEndObject();
            }

            writer.WriteStartObject();
            writer.WriteString("type_sms", "viber");
            writer.WriteString("area", "Russia");
            if (_options.ViberPrice is decimal viber) writer.WriteString("price", viber.ToString(CultureInfo.InvariantCulture));
            writer.WriteString("num_sms", _options.ViberPrice is decimal each ? MessagesLeft(money, each).ToString(CultureInfo.InvariantCulture) : "Unlim");
            writer.WriteEndObject();
            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return stream.ToArray();
    }

    // The operators whose SMS cost other than the Russia direction's (EmulatorSending.PriceFor).
    private static readonly (string Area, decimal Price)[] OperatorDirections = [("МТС", EmulatorSending.MtsPricePerPart), ("МегаФон", EmulatorSending.MegaFonPricePerPart)];

    private static long MessagesLeft(decimal money, decimal price = EmulatorSending.PricePerPart) => (long)Math.Floor(money / price);

    private byte[] WriteOriginators() => Xml(writer =>
    {
        writer.WriteElementString("any_originator", "FALSE");
        writer.WriteStartElement("list_originator");
        foreach (KeyValuePair<string, string> sender in _sending.Senders)
        {
            writer.WriteStartElement("originator");
            if (_sending.SenderComments.TryGetValue(sender.Key, out SenderComment? comment))
            {
                // The full answer's attributes (platform-api.md 7.6): the operator, the client's comment, the manager's.
                if (comment.Operator is not null) writer.WriteAttributeString("operator", comment.Operator);
                if (comment.Comment is not null) writer.WriteAttributeString("comment", comment.Comment);
                string? history = _options.Dialect == EmulatorDialect.Live ? comment.HistoryRussian : comment.History;
                if (history is not null) writer.WriteAttributeString("history", history);
            }

            writer.WriteAttributeString("state", sender.Value);
            writer.WriteString(sender.Key);
            writer.WriteEndElement();
        }

        writer.WriteEndElement();
    });

    // The account's local time: the simulated clock, which status times, replies and the scheduler run on (so a client
    // that converts -SendAt by the offset it reads here schedules into the emulator's own day); or, when the options
    // name an offset, the real time at that offset from UTC, as a live gateway answers.
    private byte[] WriteTime() => Xml(writer =>
        writer.WriteElementString("time", (_options.AccountUtcOffset is TimeSpan offset ? DateTime.UtcNow + offset : _clock.Now).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)));

    private byte[] XmlError(string text) => Xml(writer => writer.WriteElementString("error", Said(text)));

    private byte[] JsonError(string text) => JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string> { ["error"] = Said(text) });

    // The live dialect answers request-level errors in Russian, as the real platform does.
    private string Said(string text) => _options.Dialect == EmulatorDialect.Live ? LiveTexts.Translate(text) : text;

    private static byte[] Xml(Action<XmlWriter> content)
    {
        var stream = new MemoryStream();
        using (XmlWriter writer = XmlWriter.Create(stream, WriterSettings))
        {
            writer.WriteStartDocument();
            writer.WriteStartElement("response");
            content(writer);
            writer.WriteEndElement();
            writer.WriteEndDocument();
        }

        return stream.ToArray();
    }
}
