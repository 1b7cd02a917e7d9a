using System;
using System.Buffers;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace MySmpp.Http;

/// <summary>
/// A write-only, growable stream over pooled arrays: request bodies are written here once per
/// batch (no intermediate strings) and replayed on every retry. Also an <see cref="IBufferWriter{T}"/>,
/// so writers fill it in place, and where a response body is gathered before it is parsed
/// (<see cref="ReadToEndAsync"/>). A request body holds credentials, so every array is wiped before it
/// goes back to the pool.
/// </summary>
internal sealed class PooledBuffer : Stream, IBufferWriter<byte>
{
    private byte[] _buffer;
    private int _length;

    public PooledBuffer(int initialCapacity = 4096)
    {
        _buffer = ArrayPool<byte>.Shared.Rent(Math.Max(initialCapacity, 256));
    }

    public ArraySegment<byte> WrittenSegment => new ArraySegment<byte>(_buffer, 0, _length);

    public ReadOnlySpan<byte> WrittenSpan => new ReadOnlySpan<byte>(_buffer, 0, _length);

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => _length;

    public override long Position
    {
        get => _length;
        set => throw new NotSupportedException();
    }

    /// <summary>
    /// Reads <paramref name="body"/> to its end into a new buffer. The one way a response body is gathered:
    /// the codecs parse the whole body at once, which is cheaper than incremental parsing for a batch's
    /// answer. The size is bounded by the stream (MaxResponseBytes), not here.
    /// </summary>
    public static async Task<PooledBuffer> ReadToEndAsync(Stream body, int initialCapacity, CancellationToken cancellationToken)
    {
        var gathered = new PooledBuffer(initialCapacity);
        try
        {
            while (true)
            {
                gathered.EnsureCapacity(1);
                byte[] buffer = gathered._buffer;
                int n = await body.ReadAsync(buffer, gathered._length, buffer.Length - gathered._length, cancellationToken).ConfigureAwait(false);
                if (n == 0) return gathered;
                gathered._length += n;
            }
        }
        catch
        {
            gathered.Dispose();
            throw;
        }
    }

    public override void Write(byte[] buffer, int offset, int count)
    {
        EnsureCapacity(count);
        Buffer.BlockCopy(buffer, offset, _buffer, _length, count);
        _length += count;
    }

    public override void WriteByte(byte value)
    {
        EnsureCapacity(1);
        _buffer[_length++] = value;
    }

    /// <summary>Appends bytes (e.g. a UTF-8 literal).</summary>
    public void Write(ReadOnlySpan<byte> bytes)
    {
        EnsureCapacity(bytes.Length);
        bytes.CopyTo(new Span<byte>(_buffer, _length, bytes.Length));
        _length += bytes.Length;
    }

    /// <summary>Appends a copy of bytes already written, <paramref name="count"/> bytes from <paramref name="start"/>.</summary>
    public void Repeat(int start, int count)
    {
        if (start < 0 || count < 0 || start + count > _length) throw new ArgumentOutOfRangeException(nameof(start));
        EnsureCapacity(count);
        Buffer.BlockCopy(_buffer, start, _buffer, _length, count);
        _length += count;
    }

    /// <summary>Copies what was written to <paramref name="destination"/>.</summary>
    public void CopyWrittenTo(Stream destination) => destination.Write(_buffer, 0, _length);

    public void Advance(int count)
    {
        if (count < 0 || _length + count > _buffer.Length) throw new ArgumentOutOfRangeException(nameof(count));
        _length += count;
    }

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        EnsureCapacity(Math.Max(sizeHint, 1));
        return new Memory<byte>(_buffer, _length, _buffer.Length - _length);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        EnsureCapacity(Math.Max(sizeHint, 1));
        return new Span<byte>(_buffer, _length, _buffer.Length - _length);
    }

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        byte[] buffer = _buffer;
        if (buffer.Length != 0)
        {
            // The whole array, not just the written part: a writer may have left bytes past the end
            // (e.g. a span it asked for and did not advance over).
            Array.Clear(buffer, 0, buffer.Length);
            _buffer = Array.Empty<byte>();
            _length = 0;
            ArrayPool<byte>.Shared.Return(buffer);
        }

        base.Dispose(disposing);
    }

    private void EnsureCapacity(int extra)
    {
        if (_buffer.Length - _length >= extra) return;
        if (_buffer.Length == 0) throw new ObjectDisposedException(nameof(PooledBuffer));
        int wanted = (int)Math.Min(Math.Max((long)_buffer.Length * 2, (long)_length + extra), int.MaxValue);
        byte[] larger = ArrayPool<byte>.Shared.Rent(wanted);
        Buffer.BlockCopy(_buffer, 0, larger, 0, _length);
        Array.Clear(_buffer, 0, _buffer.Length);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = larger;
    }
}
