using System;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading.Tasks;

namespace MySmpp.Http;

/// <summary>
/// Sends a <see cref="PooledBuffer"/>'s bytes as a request body with a known length. One per attempt;
/// it does not own the buffer, so a retry can send the same bytes again.
/// </summary>
internal sealed class PooledBufferContent : HttpContent
{
    private readonly ArraySegment<byte> _body;

    public PooledBufferContent(ArraySegment<byte> body, string mediaType)
    {
        _body = body;
        // Exactly the documented header, e.g. "text/json; charset=utf-8".
        Headers.ContentType = new MediaTypeHeaderValue(mediaType) { CharSet = "utf-8" };
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        stream.WriteAsync(_body.Array!, _body.Offset, _body.Count);

    protected override bool TryComputeLength(out long length)
    {
        length = _body.Count;
        return true;
    }
}
