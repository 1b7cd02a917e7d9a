using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace MySmpp.Protocol.Xml
{
    /// <summary>
    /// Reads the bytes already gathered from a response (a prefix in a buffer the caller owns), then the
    /// rest of the response stream. Read-only and forward-only; does not own either.
    /// </summary>
    internal sealed class PrefixedStream : Stream
    {
        private readonly byte[] _prefix;
        private readonly int _prefixLength;
        private readonly Stream _rest;
        private int _prefixRead;
        private long _position;

        public PrefixedStream(byte[] prefix, int prefixLength, Stream rest)
        {
            _prefix = prefix;
            _prefixLength = prefixLength;
            _rest = rest;
        }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => _position;
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            int n = FromPrefix(buffer, offset, count);
            if (n == 0) n = _rest.Read(buffer, offset, count);
            _position += n;
            return n;
        }

        public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            int n = FromPrefix(buffer, offset, count);
            if (n == 0) n = await _rest.ReadAsync(buffer, offset, count, cancellationToken).ConfigureAwait(false);
            _position += n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        private int FromPrefix(byte[] buffer, int offset, int count)
        {
            int n = Math.Min(count, _prefixLength - _prefixRead);
            if (n <= 0) return 0;
            Buffer.BlockCopy(_prefix, _prefixRead, buffer, offset, n);
            _prefixRead += n;
            return n;
        }
    }
}
