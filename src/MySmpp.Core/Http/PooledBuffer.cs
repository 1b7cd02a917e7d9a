using System;
using System.Buffers;
using System.IO;

namespace MySmpp.Http
{
    /// <summary>
    /// A write-only, growable stream over pooled arrays: request bodies are written here once per
    /// batch (no intermediate strings) and replayed on every retry. The body holds credentials, so the
    /// array is wiped before it goes back to the pool.
    /// </summary>
    internal sealed class PooledBuffer : Stream
    {
        private byte[] _buffer;
        private int _length;

        public PooledBuffer(int initialCapacity = 4096)
        {
            _buffer = ArrayPool<byte>.Shared.Rent(initialCapacity);
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

        public void Clear()
        {
            Array.Clear(_buffer, 0, _length);
            _length = 0;
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
                Array.Clear(buffer, 0, _length);
                _buffer = Array.Empty<byte>();
                _length = 0;
                ArrayPool<byte>.Shared.Return(buffer);
            }

            base.Dispose(disposing);
        }

        private void EnsureCapacity(int extra)
        {
            if (_buffer.Length - _length >= extra) return;
            int wanted = Math.Max(_buffer.Length * 2, _length + extra);
            byte[] larger = ArrayPool<byte>.Shared.Rent(wanted);
            Buffer.BlockCopy(_buffer, 0, larger, 0, _length);
            Array.Clear(_buffer, 0, _length);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = larger;
        }
    }
}
