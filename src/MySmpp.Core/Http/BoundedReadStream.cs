using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using MySmpp.Errors;

namespace MySmpp.Http;

/// <summary>
/// Wraps a response stream: refuses to read past a byte limit (a hostile or broken server cannot
/// exhaust memory) and keeps the first bytes it saw, so an error can quote a bounded excerpt.
/// </summary>
internal sealed class BoundedReadStream : Stream
{
    public const int HeadCapacity = 512;

    private readonly Stream _inner;
    private readonly long _limit;
    private readonly byte[] _head = new byte[HeadCapacity];
    private int _headLength;
    private long _read;

    public BoundedReadStream(Stream inner, long limit)
    {
        _inner = inner;
        _limit = limit;
    }

    public long BytesRead => _read;

    public ReadOnlySpan<byte> Head => new ReadOnlySpan<byte>(_head, 0, _headLength);

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => _read;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        int n = _inner.Read(buffer, offset, Clamp(count));
        return Account(buffer, offset, n);
    }

    public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        int n = await _inner.ReadAsync(buffer, offset, Clamp(count), cancellationToken).ConfigureAwait(false);
        return Account(buffer, offset, n);
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) _inner.Dispose();
        base.Dispose(disposing);
    }

    // Ask for at most one byte beyond the limit: enough to notice an oversized body, no more.
    private int Clamp(int count) => (int)Math.Min(count, _limit - _read + 1);

    private int Account(byte[] buffer, int offset, int n)
    {
        if (_headLength < HeadCapacity && n > 0)
        {
            int copy = Math.Min(n, HeadCapacity - _headLength);
            Buffer.BlockCopy(buffer, offset, _head, _headLength, copy);
            _headLength += copy;
        }

        _read += n;
        if (_read > _limit)
        {
            throw new MySmppProtocolException(
                "The response is larger than the limit of " + _limit + " bytes (MaxResponseBytes).");
        }

        return n;
    }
}
