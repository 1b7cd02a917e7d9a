using System;
using System.Collections.Generic;
using MySmpp.Credentials;
using MySmpp.Sending;

namespace MySmpp.Errors;

/// <summary>
/// Every text the gateway may say, in one table, and what each means: request-level errors (any endpoint, any HTTP
/// status), a status answer's sentence about one id, and a send answer's line about one recipient. The live platform
/// speaks Russian, the documents English (platform-api.md, sections 1 and 2): both map to the same meaning.
/// </summary>
/// <remarks>
/// Texts are compared as one safe line, trimmed, case-insensitively (ordinal folding covers Cyrillic and does not
/// depend on the user's culture) and without a trailing full stop: first against the known texts verbatim, then
/// against distinctive phrases, so that small differences between wordings (<c>Нет</c> / <c>нет</c>, a full stop,
/// "Ваш аккаунт заблокирован" / "Аккаунт заблокирован.") do not matter. A text is classified as the server sent it
/// and only quoted afterwards: blanking a secret first could change its class (a password "password" would turn
/// "Incorrect login or password" into an unknown text).
/// </remarks>
internal static class ServerText
{
    /// <summary>The text of an accepted recipient.</summary>
    public const string Accepted = "send";

    /// <summary>What a server text means.</summary>
    internal enum Kind
    {
        /// <summary>A text this version does not know.</summary>
        Other,

        /// <summary>Wrong login, password or token: session-fatal.</summary>
        Authentication,

        /// <summary>The account is locked: session-fatal.</summary>
        Locked,

        /// <summary>The gateway refused the request's document (format, missing data, too many items): nothing was done.</summary>
        FormatRefused,

        /// <summary>A status answer's "a message with this id was not accepted".</summary>
        NotAccepted,

        /// <summary>A send answer's "this message has already been sent" (a <c>client_id_sms</c> the account used before).</summary>
        AlreadySent,

        /// <summary>The phone is on the stop list.</summary>
        StopListed,

        /// <summary>Not enough money: the gateway keeps the message and sends it after a top-up.</summary>
        InsufficientFundsKept,

        /// <summary>The account's messages ran out.</summary>
        OutOfMessages,

        /// <summary>The sender name is missing, unknown, not approved or too long.</summary>
        SenderNotAllowed,

        /// <summary>The text was rejected by moderation, or there is no text or link.</summary>
        TextRejected,

        /// <summary>The destination is closed to the account.</summary>
        DestinationClosed,

        /// <summary>The phone number is missing or malformed.</summary>
        InvalidPhone,
    }

    // Order matters: the first entry whose exact texts or phrases match wins. Session-fatal texts come first, so a
    // lock reported on a recipient's line stops the command like a lock reported for the whole request.
    private static readonly Entry[] Table =
    {
        new Entry(Kind.Authentication, new[] { "Incorrect login or password", "Неправильный логин или пароль" }, new[] { "login or password", "логин или пароль" }),
        new Entry(Kind.Locked, new[] { "Your account is locked", "Ваш аккаунт заблокирован", "Аккаунт заблокирован" }, new[] { "account is locked", "аккаунт заблокирован" }),
        new Entry(
            Kind.FormatRefused,
            new[]
            {
                "Incorrect XML document format", "Incorrect JSON document format", "POST data is missing",
                "Неправильный формат XML документа", "Неправильный формат JSON документа", "POST данные отсутствуют",
            },
            new[] { "document format", "post data is missing", "формат xml документа", "формат json документа", "данные отсутствуют" }),
        new Entry(Kind.AlreadySent, new[] { "Данное сообщение уже было отправлено" }, new[] { "уже было отправлено", "already been sent", "already sent" }),
        new Entry(Kind.StopListed, new[] { "Номер телефона присутствует в стоп-листе" }, new[] { "стоп-лист", "стоп лист", "stop list", "stop-list" }),
        new Entry(Kind.InsufficientFundsKept, Array.Empty<string>(), new[] { "недостаточно средств", "insufficient funds", "not enough money" }),
        new Entry(Kind.OutOfMessages, new[] { "Закончились SMS" }, new[] { "закончились sms", "out of messages", "no messages left" }),
        new Entry(Kind.SenderNotAllowed, new[] { "Нет отправителя", "Такого отправителя нет", "Отправитель не прошел модерацию" }, new[] { "отправител", "sender" }),
        new Entry(Kind.TextRejected, new[] { "Текст SMS отклонен модератором", "Нет текста сообщения", "Нет ссылки" }, new[] { "отклонен модератором", "нет текста", "нет ссылки", "rejected by moderat", "no text" }),
        new Entry(Kind.DestinationClosed, new[] { "Данное направление закрыто для вас", "Данное направление закрыто" }, new[] { "направление закрыто", "destination is closed", "direction is closed" }),
        new Entry(Kind.InvalidPhone, new[] { "Укажите номер телефона" }, new[] { "номер телефона", "phone number" }),

        // Last: "not found" is too general to win over a refusal that names what was not found.
        new Entry(Kind.NotAccepted, new[] { "Сообщение с таким ID не принималось" }, new[] { "с таким id не принималось", "не принималось", "was not accepted", "not found" }),
    };

    /// <summary>What <paramref name="text"/> means, in either language.</summary>
    public static Kind Classify(string? text)
    {
        string normal = Normalise(text);
        if (normal.Length == 0) return Kind.Other;
        foreach (Entry entry in Table)
        {
            foreach (string known in entry.Texts)
            {
                if (string.Equals(normal, known, StringComparison.OrdinalIgnoreCase)) return entry.Kind;
            }
        }

        foreach (Entry entry in Table)
        {
            foreach (string phrase in entry.Phrases)
            {
                if (normal.IndexOf(phrase, StringComparison.OrdinalIgnoreCase) >= 0) return entry.Kind;
            }
        }

        return Kind.Other;
    }

    /// <summary>True for a send answer's "already sent".</summary>
    public static bool IsAlreadySent(string? text) => Classify(text) == Kind.AlreadySent;

    /// <summary>True when a status answer's sentence says the id was never accepted (the live server's in-line "unknown id").</summary>
    public static bool SaysNotAccepted(string? text) => Classify(text) == Kind.NotAccepted;

    /// <summary>True when the insufficient-funds text says the message goes out after a top-up.</summary>
    public static bool IsKeptUntilTopUp(string? text) => Classify(text) == Kind.InsufficientFundsKept;

    /// <summary>
    /// The typed error for a request-level error text (any endpoint, any HTTP status): authentication and lock errors
    /// are session-fatal, a refused document is a <see cref="MySmppProtocolException"/> with
    /// <see cref="MySmppProtocolException.RequestRejected"/> (nothing was done: a smaller batch may pass), anything else
    /// an <see cref="MySmppApiException"/> keeping the text. Quoted as one safe line with the session's secrets blanked.
    /// </summary>
    public static MySmppException RequestError(string text, IReadOnlyList<long> ids, int? httpStatus, SecretRedactor? redactor)
    {
        string quoted = MessageText.Quote(text, redactor);
        switch (Classify(text))
        {
            case Kind.Authentication:
                return new MySmppAuthenticationException("The gateway refused the login or password (\"" + quoted + "\").", ids, httpStatus, quoted);
            case Kind.Locked:
                return new MySmppAccountLockedException("The gateway reports the account as locked (\"" + quoted + "\").", ids, httpStatus, quoted);
            case Kind.FormatRefused:
                return new MySmppProtocolException(
                    "The gateway refused the request as malformed (\"" + quoted + "\"); it did nothing with it.", ids, httpStatus, quoted, requestRejected: true);
            default:
                return new MySmppApiException("The gateway answered with an error: \"" + quoted + "\".", ids, httpStatus, quoted);
        }
    }

    /// <summary>True when <paramref name="text"/> makes every later request fail alike (a login or lock error), wherever it appears.</summary>
    public static bool IsSessionFatal(string? text)
    {
        Kind kind = Classify(text);
        return kind == Kind.Authentication || kind == Kind.Locked;
    }

    /// <summary>
    /// The error for one id whose state was a sentence instead of a status: <see cref="MySmppIdNotFoundException"/> for
    /// the "not accepted" text, else <see cref="MySmppApiException"/> carrying the server's text.
    /// </summary>
    public static MySmppException ForId(long id, string text, int? httpStatus, SecretRedactor? redactor)
    {
        string quoted = MessageText.Quote(text, redactor);
        var ids = new[] { id };
        if (SaysNotAccepted(text))
        {
            return new MySmppIdNotFoundException("The gateway does not know message id " + id + " (\"" + quoted + "\").", ids, httpStatus, quoted);
        }

        return new MySmppApiException(
            "The gateway answered for message id " + id + " with a message instead of a status: \"" + quoted + "\".", ids, httpStatus, quoted);
    }

    /// <summary>The error for one refused recipient, saying what happens next where the text tells.</summary>
    public static MySmppSendRefusedException Refused(string text, string phone, long clientId, SecretRedactor? redactor)
    {
        string server = MessageText.Quote(text, redactor);
        Kind kind = Classify(text);
        SendRefusal refusal = RefusalOf(kind);
        string what = kind switch
        {
            Kind.StopListed => "The gateway did not send to " + phone + ": the number is on the stop list.",
            Kind.InsufficientFundsKept =>
                "Not enough money for " + phone + ": the gateway KEEPS this message and sends it as soon as the account is topped up for this destination. Do not send it again.",
            Kind.OutOfMessages => "The account has no messages left for " + phone + "; ask the gateway's manager.",
            Kind.SenderNotAllowed => "The gateway refused the sender name for " + phone + ".",
            Kind.TextRejected => "The gateway refused the text for " + phone + ".",
            Kind.DestinationClosed => "The destination of " + phone + " is closed to this account.",
            Kind.InvalidPhone => "The gateway refused the phone number " + phone + ".",
            _ => "The gateway did not accept the message to " + phone + ".",
        };

        return new MySmppSendRefusedException(what + " Gateway: \"" + server + "\" (client_id_sms " + clientId + ").", refusal, phone, clientId, server);
    }

    /// <summary>One safe line of foreign text (no control characters, bounded), without redaction: for texts that cannot hold a secret.</summary>
    public static string Clean(string? text) => MessageText.Quote(text, redactor: null);

    private static SendRefusal RefusalOf(Kind kind) => kind switch
    {
        Kind.StopListed => SendRefusal.StopListed,
        Kind.InsufficientFundsKept or Kind.OutOfMessages => SendRefusal.InsufficientFunds,
        Kind.SenderNotAllowed => SendRefusal.SenderNotAllowed,
        Kind.TextRejected => SendRefusal.TextRejected,
        Kind.DestinationClosed => SendRefusal.DestinationClosed,
        Kind.InvalidPhone => SendRefusal.InvalidPhone,
        _ => SendRefusal.Other,
    };

    private static string Normalise(string? text)
    {
        string line = MessageText.SafeLine(text, 400);
        if (line.EndsWith(".", StringComparison.Ordinal)) line = line.Substring(0, line.Length - 1).TrimEnd();
        return line;
    }

    private sealed class Entry
    {
        public Entry(Kind kind, string[] texts, string[] phrases)
        {
            Kind = kind;
            Texts = texts;
            Phrases = phrases;
        }

        public Kind Kind { get; }

        public string[] Texts { get; }

        public string[] Phrases { get; }
    }
}
