using System;
using System.Buffers;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace MySmpp.Emulator;

/// <summary>A request body read whole into a pooled buffer, bounded by the configured size limit.</summary>
internal sealed class RequestBody : IDisposable
{
    private byte[]? _buffer;

    private RequestBody(byte[] buffer, int length)
    {
        _buffer = buffer;
        Length = length;
    }

    /// <summary>Number of bytes read.</summary>
    public int Length { get; }

    /// <summary>The bytes read.</summary>
    public ArraySegment<byte> Segment => new(_buffer ?? throw new ObjectDisposedException(nameof(RequestBody)), 0, Length);

    /// <summary>Reads the body; null when it exceeds <paramref name="maxBytes"/> (the caller answers 413).</summary>
    public static async Task<RequestBody?> ReadAsync(HttpRequest request, long maxBytes, CancellationToken cancellationToken)
    {
        long limit = Math.Min(maxBytes, Array.MaxLength);
        if (request.ContentLength is long declared && declared > limit)
        {
            // Refuse before reading a byte: the point of the limit is not to buffer the upload.
            return null;
        }

        int initial = request.ContentLength is long known ? (int)known : 4096;
        byte[] buffer = ArrayPool<byte>.Shared.Rent(Math.Max(initial, 16));
        int length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    if (length >= limit)
                    {
                        // Full at the limit: one more byte means too large.
                        byte[] probe = new byte[1];
                        if (await request.Body.ReadAsync(probe, cancellationToken).ConfigureAwait(false) == 0)
                        {
                            break;
                        }

                        ArrayPool<byte>.Shared.Return(buffer);
                        return null;
                    }

                    byte[] larger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)buffer.Length * 2, limit));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                int read = await request.Body.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                length += read;
                if (length > limit)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    return null;
                }
            }
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }

        return new RequestBody(buffer, length);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        byte[]? buffer = Interlocked.Exchange(ref _buffer, null);
        if (buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
