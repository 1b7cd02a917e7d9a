using System;
using System.Globalization;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace MySmpp.Emulator;

/// <summary>Writes the answers of the injected failure modes.</summary>
internal static class FaultResponses
{
    // What nginx in front of a dead PHP backend answers.
    private const string HtmlBadGateway =
        "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";

    /// <summary>Whether <paramref name="mode"/> needs the real answer (it sends part of it).</summary>
    public static bool NeedsAnswer(FailureModes mode) => mode == FailureModes.TruncatedBody;

    /// <summary>Answers a failure that does not depend on the real answer.</summary>
    public static Task WriteAsync(HttpContext context, FailureModes mode, FaultInjector faults, string contentType, CancellationToken cancellationToken)
    {
        switch (mode)
        {
            case FailureModes.ServerError:
                return ResponseWriter.PlainTextAsync(context, StatusCodes.Status500InternalServerError, "Internal Server Error", cancellationToken);
            case FailureModes.ServiceUnavailable:
                context.Response.Headers.RetryAfter = "1";
                return ResponseWriter.PlainTextAsync(context, StatusCodes.Status503ServiceUnavailable, "Service Unavailable", cancellationToken);
            case FailureModes.TooManyRequests:
                context.Response.Headers.RetryAfter = faults.NextRetryAfterSeconds().ToString(CultureInfo.InvariantCulture);
                return ResponseWriter.PlainTextAsync(context, StatusCodes.Status429TooManyRequests, "Too Many Requests", cancellationToken);
            case FailureModes.HtmlErrorPage:
                return ResponseWriter.BodyAsync(context, StatusCodes.Status502BadGateway, "text/html", Encoding.ASCII.GetBytes(HtmlBadGateway), cancellationToken);
            case FailureModes.DropConnection:
                context.Abort();
                return Task.CompletedTask;
            case FailureModes.Garbage:
                return ResponseWriter.BodyAsync(context, StatusCodes.Status200OK, contentType, faults.NextGarbage(), cancellationToken);
            default:
                throw new ArgumentOutOfRangeException(nameof(mode), mode, "Not a failure that can be written without the answer.");
        }
    }

    /// <summary>Sends the first half of <paramref name="answer"/> under a Content-Length for all of it, then closes the connection.</summary>
    /// <remarks>
    /// Deliberately not <see cref="HttpContext.Abort"/>: that disposes the socket at once and may
    /// discard the flushed half before it is sent. Ending the request short of its Content-Length
    /// makes Kestrel close the connection after sending what was written, which is exactly a
    /// truncated body as a client sees it.
    /// </remarks>
    public static async Task TruncateAsync(HttpContext context, int statusCode, string contentType, ReadOnlyMemory<byte> answer, CancellationToken cancellationToken)
    {
        context.Response.StatusCode = statusCode;
        context.Response.ContentType = contentType;
        context.Response.ContentLength = answer.Length;
        await context.Response.Body.WriteAsync(answer[..(answer.Length / 2)], cancellationToken).ConfigureAwait(false);
        await context.Response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
    }
}
