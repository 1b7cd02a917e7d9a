using System;
using System.Collections.Generic;

namespace MySmpp;

/// <summary>
/// The sending answer's texts (platform-api.md, section 2), verbatim Russian as the live gateway sends them:
/// "already sent", the per-recipient refusals, and the request-level errors in either language.
/// Matching is on a distinctive fragment, case-insensitive, so a trailing full stop or a capital letter
/// (the references disagree: <c>Нет</c> / <c>нет</c>) does not matter.
/// </summary>
internal static class SendRefusalText
{
    /// <summary>The text of an accepted recipient.</summary>
    public const string Accepted = "send";

    /// <summary><c>Данное сообщение уже было отправлено.</c>: a key this account already used.</summary>
    public static bool IsAlreadySent(string text) => Has(text, "уже было отправлено") || Has(text, "already been sent") || Has(text, "already sent");

    /// <summary>The insufficient-funds text says the message goes out after a top-up.</summary>
    public static bool IsKeptUntilTopUp(string text) => Has(text, "Недостаточно средств") || Has(text, "insufficient funds");

    /// <summary>Session-level texts in a recipient's answer (locked account, bad credentials) or as a request error.</summary>
    public static MySmppException? SessionError(string text, IReadOnlyList<long> ids, int? httpStatus, SecretRedactor? redactor)
    {
        string quoted = MessageText.Quote(text, redactor);
        if (Has(text, "логин или пароль"))
        {
            return new MySmppAuthenticationException("The gateway refused the login or password (\"" + quoted + "\").", ids, httpStatus, quoted);
        }

        if (Has(text, "аккаунт заблокирован"))
        {
            return new MySmppAccountLockedException("The gateway reports the account as locked (\"" + quoted + "\").", ids, httpStatus, quoted);
        }

        return null;
    }

    /// <summary>A request-level error text: Russian or English, mapped like the status query's.</summary>
    public static MySmppException RequestError(string text, int? httpStatus, SecretRedactor? redactor)
    {
        IReadOnlyList<long> none = Array.Empty<long>();
        MySmppException? session = SessionError(text, none, httpStatus, redactor);
        if (session != null) return session;
        if (Has(text, "формат") || Has(text, "POST данные"))
        {
            string quoted = MessageText.Quote(text, redactor);
            return new MySmppProtocolException("The gateway rejected the request (\"" + quoted + "\"). This is a client-side problem; please report it.", none, httpStatus, quoted, requestRejected: true);
        }

        return ServerErrorText.ToException(text, none, httpStatus, redactor);
    }

    /// <summary>The kind of a per-recipient refusal text.</summary>
    public static SendRefusal Classify(string text)
    {
        if (Has(text, "стоп-лист") || Has(text, "стоп лист")) return SendRefusal.StopListed;
        if (Has(text, "Недостаточно средств") || Has(text, "закончились SMS")) return SendRefusal.InsufficientFunds;
        if (Has(text, "отправител")) return SendRefusal.SenderNotAllowed;
        if (Has(text, "отклонен модератором") || Has(text, "Нет текста") || Has(text, "Нет ссылки")) return SendRefusal.TextRejected;
        if (Has(text, "направление закрыто")) return SendRefusal.DestinationClosed;
        if (Has(text, "номер телефона")) return SendRefusal.InvalidPhone;
        return SendRefusal.Other;
    }

    /// <summary>The error for one refused recipient, saying what happens next where the text tells.</summary>
    public static MySmppSendRefusedException Refused(string text, string phone, long clientId)
    {
        string server = Clean(text);
        SendRefusal kind = Classify(server);
        string what = kind switch
        {
            SendRefusal.StopListed => "The gateway did not send to " + phone + ": the number is on the stop list.",
            SendRefusal.InsufficientFunds when IsKeptUntilTopUp(server) =>
                "Not enough money for " + phone + ": the gateway KEEPS this message and sends it as soon as the account is topped up for this destination. Do not send it again.",
            SendRefusal.InsufficientFunds => "The account has no messages left for " + phone + "; ask the gateway's manager.",
            SendRefusal.SenderNotAllowed => "The gateway refused the sender name for " + phone + " (see Get-MySmppSender).",
            SendRefusal.TextRejected => "The gateway refused the text for " + phone + ".",
            SendRefusal.DestinationClosed => "The destination of " + phone + " is closed to this account.",
            SendRefusal.InvalidPhone => "The gateway refused the phone number " + phone + ".",
            _ => "The gateway did not accept the message to " + phone + ".",
        };

        return new MySmppSendRefusedException(what + " Gateway: \"" + server + "\" (client_id_sms " + clientId + ").", kind, phone, clientId, server);
    }

    /// <summary>Server text shown to users: one line, no control characters, bounded (the status query's rule).</summary>
    public static string Clean(string text) => MessageText.Quote(text, redactor: null);

    // Ordinal case folding covers Cyrillic too, and does not depend on the user's culture.
    private static bool Has(string text, string fragment) => text.IndexOf(fragment, StringComparison.OrdinalIgnoreCase) >= 0;
}
