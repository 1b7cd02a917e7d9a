using System;
using System.Text;
using MySmpp.Credentials;
using MySmpp.Errors;

namespace MySmpp.Client;

/// <summary>
/// A short, single-line, secret-free quote of an unexpected response body, for error messages.
/// </summary>
internal static class ResponseExcerpt
{
    public static string? From(ReadOnlySpan<byte> head, MySmppCredential credential) => From(head, credential.Redactor);

    public static string? From(ReadOnlySpan<byte> head, SecretRedactor redactor)
    {
        if (head.IsEmpty) return null;
        string quote = MessageText.Quote(new UTF8Encoding(false, false).GetString(head.ToArray()), redactor);
        return quote.Length == 0 ? null : quote;
    }
}
