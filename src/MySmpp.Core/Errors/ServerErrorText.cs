using System;
using System.Collections.Generic;

namespace MySmpp;

/// <summary>
/// Turns the gateway's request-level error texts into typed exceptions. The live platform speaks Russian,
/// the documents English (platform-api.md, section 1); both map to the same errors. Texts are compared
/// trimmed, case-insensitively and without a trailing full stop; the HTTP status does not matter.
/// </summary>
internal static class ServerErrorText
{
    private static readonly string[] Authentication = { "Incorrect login or password", "Неправильный логин или пароль" };
    private static readonly string[] Locked = { "Your account is locked", "Ваш аккаунт заблокирован", "Аккаунт заблокирован" };
    private static readonly string[] FormatRefused =
    {
        "Incorrect XML document format", "Incorrect JSON document format", "POST data is missing",
        "Неправильный формат XML документа", "Неправильный формат JSON документа", "POST данные отсутствуют",
    };

    // Distinctive phrases, for wordings that differ in small ways from the known ones.
    private static readonly string[] AuthenticationPhrases = { "login or password", "логин или пароль" };
    private static readonly string[] LockedPhrases = { "account is locked", "аккаунт заблокирован" };
    private static readonly string[] FormatPhrases = { "document format", "post data is missing", "формат xml документа", "формат json документа", "данные отсутствуют" };

    // What the live server puts in a state's text for an id it never accepted (platform-api.md 1.3).
    private static readonly string[] NotAcceptedPhrases = { "с таким id не принималось", "не принималось", "was not accepted", "not found" };

    /// <summary>What a request-level error text means.</summary>
    internal enum Kind
    {
        /// <summary>A text this version does not know.</summary>
        Other,

        /// <summary>Wrong login, password or token.</summary>
        Authentication,

        /// <summary>The account is locked.</summary>
        Locked,

        /// <summary>The gateway refused the request's document (format, missing data, too many ids).</summary>
        FormatRefused,
    }

    /// <summary>Classifies a request-level error text, in either language.</summary>
    public static Kind Classify(string text)
    {
        string normal = Normalise(text);
        if (IsOneOf(normal, Authentication) || ContainsAny(normal, AuthenticationPhrases)) return Kind.Authentication;
        if (IsOneOf(normal, Locked) || ContainsAny(normal, LockedPhrases)) return Kind.Locked;
        if (IsOneOf(normal, FormatRefused) || ContainsAny(normal, FormatPhrases)) return Kind.FormatRefused;
        return Kind.Other;
    }

    /// <summary>True when a state's text says the id was never accepted (the live server's in-line "unknown id").</summary>
    public static bool SaysNotAccepted(string text) => ContainsAny(Normalise(text), NotAcceptedPhrases);

    /// <summary>
    /// Classifies <paramref name="text"/> as the server sent it, and quotes it (one safe line, secrets blanked,
    /// bounded) through <paramref name="redactor"/>: blanking a secret first could change the class (a password
    /// "password" would turn "Incorrect login or password" into an unknown text).
    /// </summary>
    public static MySmppException ToException(string text, IReadOnlyList<long> ids, int? httpStatus, SecretRedactor? redactor = null)
    {
        string quoted = MessageText.Quote(text, redactor);
        switch (Classify(text))
        {
            case Kind.Authentication:
                return new MySmppAuthenticationException(
                    "The gateway refused the login or password (\"" + quoted + "\").", ids, httpStatus, quoted);
            case Kind.Locked:
                return new MySmppAccountLockedException(
                    "The gateway reports the account as locked (\"" + quoted + "\").", ids, httpStatus, quoted);
            case Kind.FormatRefused:
                return new MySmppProtocolException(
                    "The gateway rejected the request (\"" + quoted + "\"). This is a client-side problem; please report it.",
                    ids, httpStatus, quoted, requestRejected: true);
            default:
                return new MySmppApiException("The gateway answered with an error: \"" + quoted + "\".", ids, httpStatus, quoted);
        }
    }

    /// <summary>
    /// The error for one id whose state was a message instead of a status: <see cref="MySmppIdNotFoundException"/>
    /// for the "not accepted" text, else <see cref="MySmppApiException"/> carrying the server's text.
    /// </summary>
    public static MySmppException ForId(long id, string text, int? httpStatus, SecretRedactor? redactor)
    {
        string quoted = MessageText.Quote(text, redactor);
        var ids = new[] { id };
        if (SaysNotAccepted(text))
        {
            return new MySmppIdNotFoundException(
                "The gateway does not know message id " + id + " (\"" + quoted + "\").", ids, httpStatus, quoted);
        }

        return new MySmppApiException(
            "The gateway answered for message id " + id + " with a message instead of a status: \"" + quoted + "\".", ids, httpStatus, quoted);
    }

    private static string Normalise(string text)
    {
        string line = MessageText.SafeLine(text, 400);
        if (line.EndsWith(".", StringComparison.Ordinal)) line = line.Substring(0, line.Length - 1).TrimEnd();
        return line;
    }

    private static bool IsOneOf(string normal, string[] texts)
    {
        foreach (string known in texts)
        {
            if (string.Equals(normal, known, StringComparison.OrdinalIgnoreCase)) return true;
        }

        return false;
    }

    private static bool ContainsAny(string normal, string[] phrases)
    {
        foreach (string phrase in phrases)
        {
            if (normal.IndexOf(phrase, StringComparison.OrdinalIgnoreCase) >= 0) return true;
        }

        return false;
    }
}
