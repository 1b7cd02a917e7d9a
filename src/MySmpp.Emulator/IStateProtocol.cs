using System;
using System.Collections.Generic;

namespace MySmpp.Emulator;

/// <summary>One wire flavour of the status operation (XML or JSON): how requests are read and answers written.</summary>
internal interface IStateProtocol
{
    /// <summary>The Content-Type of answers, errors included.</summary>
    string ContentType { get; }

    /// <summary>HTTP status of API errors: 200 for XML (the error is in the document), 400 for JSON (as documented).</summary>
    int ErrorStatusCode { get; }

    /// <summary>The "Incorrect … document format" text of this flavour.</summary>
    string FormatErrorText { get; }

    /// <summary>Fills <paramref name="query"/> from a non-empty body; false when the document is malformed.</summary>
    bool TryParse(ArraySegment<byte> body, ParsedStateRequest query);

    /// <summary>Serialises a successful answer.</summary>
    ReadOnlyMemory<byte> WriteAnswer(IReadOnlyList<MessageSnapshot> answers);

    /// <summary>Serialises an API error.</summary>
    ReadOnlyMemory<byte> WriteError(string text);
}
