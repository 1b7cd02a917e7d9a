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
    private readonly FaultInjector _faults;
    private readonly CancellationToken _stopping;
    private readonly ILogger _logger;

    public StateRequestHandler(EmulatorOptions options, SimulatedClock clock, EmulatorStats stats, EmulatorSeed data, ILogger logger, CancellationToken stopping)
    {
        _logger = logger;
        _options = options;
        _clock = clock;
        _stats = stats;
        _data = data;
        _faults = new FaultInjector(options);
        _stopping = stopping;
    }

    public Task HandleXmlAsync(HttpContext context) => HandleAsync(context, IsLive ? LiveStateProtocol.Xml : XmlStateProtocol.Instance);

    public Task HandleJsonAsync(HttpContext context) => HandleAsync(context, IsLive ? LiveStateProtocol.Json : JsonStateProtocol.Instance);

    private bool IsLive => _options.Dialect == EmulatorDialect.Live;

    private async Task HandleAsync(HttpContext context, IStateProtocol protocol)
    {
        _stats.OnRequest(context.Request.ContentType);

        // Server shutdown must end latency waits and stalls too, or disposing the server would hang.
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping);
        CancellationToken cancellationToken = linked.Token;
        try
        {
            TimeSpan latency = _faults.NextLatency();
            if (latency > TimeSpan.Zero)
            {
                await Task.Delay(latency, cancellationToken).ConfigureAwait(false);
            }

            using RequestBody? body = await RequestBody.ReadAsync(context.Request, _options.MaxRequestBodyBytes, cancellationToken).ConfigureAwait(false);
            if (body is null)
            {
                await RejectTooLargeAsync(context, cancellationToken).ConfigureAwait(false);
                return;
            }

            FailureModes failure = _faults.NextFailure();
            if (failure != FailureModes.None)
            {
                _stats.OnFault(failure);
                if (!FaultResponses.NeedsAnswer(failure))
                {
                    await FaultResponses.WriteAsync(context, failure, _faults, protocol.ContentType, cancellationToken).ConfigureAwait(false);
                    return;
                }
            }

            var query = new ParsedStateRequest();
            (int status, ReadOnlyMemory<byte> answer, bool answered) = Answer(protocol, body, query);
            if (status == StatusCodes.Status413PayloadTooLarge)
            {
                await RejectTooLargeAsync(context, cancellationToken).ConfigureAwait(false);
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
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The client went away or the server is stopping: nobody is left to answer.
            context.Abort();
        }
        catch (Exception ex)
        {
            // Logged here, under our category, because Kestrel's own log is silenced: it would
            // report every deliberately truncated body as an application error.
            EmulatorLog.HandlerFailed(_logger, context.Request.Path, ex);
            if (context.Response.HasStarted)
            {
                context.Abort();
            }
            else
            {
                context.Response.Clear();
                await ResponseWriter.PlainTextAsync(context, StatusCodes.Status500InternalServerError, "Internal Server Error", CancellationToken.None).ConfigureAwait(false);
            }
        }
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

    private Task RejectTooLargeAsync(HttpContext context, CancellationToken cancellationToken)
    {
        _stats.OnRejectedTooLarge();

        // The rest of an oversized upload is not worth draining; closing is what real servers do.
        context.Response.Headers.Connection = "close";
        return ResponseWriter.PlainTextAsync(context, StatusCodes.Status413PayloadTooLarge, ErrorTexts.TooLarge, cancellationToken);
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
