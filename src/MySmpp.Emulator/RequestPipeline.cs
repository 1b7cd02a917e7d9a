using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace MySmpp.Emulator;

/// <summary>
/// What every emulated endpoint does around its own answer: count the request, wait the injected latency, read the
/// body within the size limit (413 and close when over), roll the fault dice and write the faults that need no
/// answer, and turn a cancelled or failed handler into an aborted connection or a 500.
/// </summary>
internal sealed class RequestPipeline
{
    private readonly EmulatorOptions _options;
    private readonly EmulatorStats _stats;
    private readonly FaultInjector _faults;
    private readonly ILogger _logger;
    private readonly CancellationToken _stopping;

    public RequestPipeline(EmulatorOptions options, EmulatorStats stats, FaultInjector faults, ILogger logger, CancellationToken stopping)
    {
        _options = options;
        _stats = stats;
        _faults = faults;
        _logger = logger;
        _stopping = stopping;
    }

    /// <summary>
    /// Runs one exchange. <paramref name="answersFault"/> says which drawn faults the endpoint handles itself (those
    /// that need or follow the real answer); <paramref name="answer"/> then gets the body and the fault drawn.
    /// </summary>
    public async Task RunAsync(HttpContext context, string contentType, Func<FailureModes, bool> answersFault, Func<RequestBody, FailureModes, CancellationToken, Task> answer)
    {
        _stats.OnRequest(context.Request.ContentType);
        _stats.OnRequestHeaders(context.Request.Headers.Keys);

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
            if (_options.StalledPaths.Contains(context.Request.Path.Value ?? string.Empty))
            {
                // Read, never answered: a path of the gateway that hangs while the others work.
                await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
            }

            if (body is null)
            {
                await RejectTooLargeAsync(context, cancellationToken).ConfigureAwait(false);
                return;
            }

            FailureModes failure = _faults.NextFailure();
            if (failure != FailureModes.None)
            {
                _stats.OnFault(failure);
                if (!answersFault(failure))
                {
                    await FaultResponses.WriteAsync(context, failure, _faults, contentType, cancellationToken).ConfigureAwait(false);
                    return;
                }
            }

            await answer(body, failure, cancellationToken).ConfigureAwait(false);
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

    /// <summary>413 for a body over the limit (or a batch over the documented limit), closing the connection.</summary>
    public Task RejectTooLargeAsync(HttpContext context, CancellationToken cancellationToken)
    {
        _stats.OnRejectedTooLarge();

        // The rest of an oversized upload is not worth draining; closing is what real servers do.
        context.Response.Headers.Connection = "close";
        return ResponseWriter.PlainTextAsync(context, StatusCodes.Status413PayloadTooLarge, ErrorTexts.TooLarge, cancellationToken);
    }
}
