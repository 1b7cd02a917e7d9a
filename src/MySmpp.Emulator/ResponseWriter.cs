using System;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace MySmpp.Emulator;

/// <summary>Writes complete, pre-rendered bodies with an exact Content-Length.</summary>
internal static class ResponseWriter
{
    /// <summary>Sends a plain-text body.</summary>
    public static Task PlainTextAsync(HttpContext context, int statusCode, string text, CancellationToken cancellationToken)
        => BodyAsync(context, statusCode, "text/plain; charset=utf-8", Encoding.UTF8.GetBytes(text), cancellationToken);

    /// <summary>Sends a complete body.</summary>
    public static Task BodyAsync(HttpContext context, int statusCode, string contentType, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        context.Response.StatusCode = statusCode;
        context.Response.ContentType = contentType;
        context.Response.ContentLength = body.Length;
        return context.Response.Body.WriteAsync(body, cancellationToken).AsTask();
    }
}
