using System;
using System.Collections.Generic;
using MySmpp.Credentials;
using MySmpp.Errors;
using MySmpp.Model;
using MySmpp.Protocol;

namespace MySmpp.Client;

/// <summary>
/// Attributes a readable status answer's states and per-id messages to the ids asked for (the transport has already
/// turned an answer that is only an error text into its typed error).
/// Every text of the server's that it quotes is one safe line, bounded, with secrets blanked.
/// </summary>
internal static class ResponseClassifier
{
    /// <summary>
    /// Takes an answer's states and per-id messages into the batch's outcome, after checking that the answer
    /// speaks only of ids asked for, each once; otherwise throws a transient protocol error (the answer is discarded).
    /// </summary>
    public static void Accept(ArraySegment<long> ids, StateResponse response, BatchOutcome outcome, Action<string>? log, SecretRedactor redactor)
    {
        List<IdMessage> messages = response.IdMessages;
        foreach (IdMessage message in messages)
        {
            if (!Contains(ids, message.Id))
            {
                throw new MySmppProtocolException(
                    "The answer contains id " + message.Id + ", which was not asked for; the whole answer is discarded.", ids, isTransient: true);
            }
        }

        // Trust an answer only if it speaks of the ids we asked about, each once; otherwise a state
        // could end up attributed to the wrong id.
        // (Checked by position in the batch: no hash sets per batch.)
        if (!outcome.TryAddStates(ids, response.States, out long notAsked, out List<long>? duplicated))
        {
            throw new MySmppProtocolException(
                "The answer contains id " + notAsked + ", which was not asked for; the whole answer is discarded.", ids, isTransient: true);
        }

        if (messages.Count > 0) duplicated = AcceptMessages(messages, response.States, outcome, redactor, duplicated);

        if (duplicated != null)
        {
            outcome.Fail(duplicated, new MySmppProtocolException(
                "The answer reports these ids more than once, so neither state can be trusted: " + string.Join(", ", duplicated) + ".", duplicated));
        }

        if (response.ErrorText != null && log != null)
        {
            // The server's text may quote our request: blank the secret, and keep the line short and safe.
            log("The answer also carried an error text: " + MessageText.Quote(response.ErrorText, redactor));
        }
    }

    // Each message becomes its id's error; an id with a message and a state (or two messages) is a duplicate.
    private static List<long>? AcceptMessages(List<IdMessage> messages, List<SmsState> states, BatchOutcome outcome, SecretRedactor redactor, List<long>? duplicated)
    {
        var seen = new HashSet<long>();
        foreach (SmsState state in states) seen.Add(state.Id);
        foreach (IdMessage message in messages)
        {
            if (!seen.Add(message.Id))
            {
                (duplicated ??= new List<long>()).Add(message.Id);
                continue;
            }

            outcome.Fail(new[] { message.Id }, ServerText.ForId(message.Id, message.Text, null, redactor));
        }

        return duplicated;
    }

    private static bool Contains(ArraySegment<long> ids, long id)
    {
        for (int i = 0; i < ids.Count; i++)
        {
            if (ids.Array![ids.Offset + i] == id) return true;
        }

        return false;
    }
}
