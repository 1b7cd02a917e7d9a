using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace MySmpp.Emulator;

/// <summary>
/// The status endpoint pipeline shared by both flavours: latency, body limit, fault roll, parse,
/// batch limit, authentication, answer, then the fault or stall that needs the answer.
/// </summary>
internal sealed class StateRequestHandler
{
    private readonly EmulatorOptions _options;
    private readonly SimulatedClock _clock;
    private readonly EmulatorStats _stats;
    private readonly EmulatorSeed _data;
    private readonly RequestPipeline _pipeline;

    public StateRequestHandler(EmulatorOptions options, SimulatedClock clock, EmulatorStats stats, EmulatorSeed data, ILogger logger, CancellationToken stopping)
    {
        _options = options;
        _clock = clock;
        _stats = stats;
        _data = data;
        _pipeline = new RequestPipeline(options, stats, new FaultInjector(options), logger, stopping);
    }

    public Task HandleXmlAsync(HttpContext context) => HandleAsync(context, IsLive ? LiveStateProtocol.Xml : XmlStateProtocol.Instance);

    public Task HandleJsonAsync(HttpContext context) => HandleAsync(context, IsLive ? LiveStateProtocol.Json : JsonStateProtocol.Instance);

    private bool IsLive => _options.Dialect == EmulatorDialect.Live;

    private Task HandleAsync(HttpContext context, IStateProtocol protocol) =>
        _pipeline.RunAsync(context, protocol.ContentType, FaultResponses.NeedsAnswer, (body, failure, cancellationToken) => AnswerAsync(context, protocol, body, failure, cancellationToken));

    private async Task AnswerAsync(HttpContext context, IStateProtocol protocol, RequestBody body, FailureModes failure, CancellationToken cancellationToken)
    {
        var query = new ParsedStateRequest();
        (int status, ReadOnlyMemory<byte> answer, bool answered) = Answer(protocol, body, query);
        if (status == StatusCodes.Status413PayloadTooLarge)
        {
            await _pipeline.RejectTooLargeAsync(context, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (failure == FailureModes.TruncatedBody)
        {
            await FaultResponses.TruncateAsync(context, status, protocol.ContentType, answer, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (_options.StallMidBody)
        {
            await StallAsync(context, status, protocol.ContentType, answer, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (answered)
        {
            _stats.OnAnswered(query, _options.TrackIdQueries);
        }
        else
        {
            _stats.OnApiError();
        }

        await ResponseWriter.BodyAsync(context, status, protocol.ContentType, answer, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Parses, checks and resolves; <c>answered</c> is false for API errors.</summary>
    private (int Status, ReadOnlyMemory<byte> Body, bool Answered) Answer(IStateProtocol protocol, RequestBody body, ParsedStateRequest query)
    {
        if (body.Length == 0)
        {
            return (protocol.ErrorStatusCode, protocol.WriteError(ErrorTexts.PostDataMissing), false);
        }

        if (!protocol.TryParse(body.Segment, query))
        {
            return (protocol.ErrorStatusCode, protocol.WriteError(protocol.FormatErrorText), false);
        }

        int maxBatch = _options.MaxBatchSize;
        if (maxBatch > 0 && query.Entries.Count > maxBatch)
        {
            // The live platform has no 413 of its own: a batch over its limit is refused as a malformed document.
            return IsLive
                ? (protocol.ErrorStatusCode, protocol.WriteError(protocol.FormatErrorText), false)
                : (StatusCodes.Status413PayloadTooLarge, default, false);
        }

        // An empty JSON array carries no credentials and asks for nothing: it gets an empty answer.
        foreach (Credentials credentials in query.Credentials)
        {
            if (Authenticator.Check(_data, credentials) is { } error)
            {
                return (protocol.ErrorStatusCode, protocol.WriteError(error), false);
            }
        }

        // One clock reading per request, so every id in it is answered as of the same instant.
        TimeSpan elapsed = _clock.Elapsed;
        IdRange? synthetic = _options.SyntheticIds;
        var answers = new List<MessageSnapshot>(query.Entries.Count);
        foreach (QueryEntry entry in query.Entries)
        {
            if (StateResolver.TryResolve(entry, _data, synthetic, _clock.Start, elapsed, out MessageSnapshot snapshot))
            {
                answers.Add(snapshot);
            }
            else if (IsLive && entry.IsValid)
            {
                // The live server answers an unknown id in-line, with a sentence where the status goes.
                answers.Add(LiveStateProtocol.NotAccepted(entry.Id));
            }
        }

        return (StatusCodes.Status200OK, protocol.WriteAnswer(answers), true);
    }

    private async Task StallAsync(HttpContext context, int status, string contentType, ReadOnlyMemory<byte> answer, CancellationToken cancellationToken)
    {
        _stats.OnStall();
        context.Response.StatusCode = status;
        context.Response.ContentType = contentType;
        context.Response.ContentLength = answer.Length;
        int head = Math.Max(1, answer.Length / 2);
        await context.Response.Body.WriteAsync(answer[..Math.Min(head, answer.Length)], cancellationToken).ConfigureAwait(false);
        await context.Response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);

        // Throws OperationCanceledException when the client gives up; HandleAsync then aborts.
        await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
    }
}
