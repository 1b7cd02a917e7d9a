using System;
using System.Buffers;
using System.Xml;

namespace MySmpp.Protocol.Xml;

/// <summary>
/// A pooled character buffer that node values are read into (<see cref="XmlReader.ReadValueChunk"/>), so an
/// attribute or a status text is parsed or matched without becoming a string first.
/// </summary>
internal sealed class XmlValueBuffer : IDisposable
{
    private readonly XmlReader _reader;
    private readonly bool _canReadValueChunk;
    private char[] _chars;

    public XmlValueBuffer(XmlReader reader)
    {
        _reader = reader;
        _canReadValueChunk = reader.CanReadValueChunk;
        _chars = ArrayPool<char>.Shared.Rent(128);
    }

    /// <summary>The first <paramref name="length"/> characters read (valid until the next read).</summary>
    public ReadOnlySpan<char> Text(int length) => new ReadOnlySpan<char>(_chars, 0, length);

    /// <summary>The current attribute's value (valid until the next read).</summary>
    public ReadOnlySpan<char> AttributeValue() => _canReadValueChunk ? Text(Append(0)) : _reader.Value.AsSpan();

    /// <summary>Appends the current node's value after the first <paramref name="length"/> characters; returns the new length.</summary>
    public int Append(int length)
    {
        while (true)
        {
            if (length == _chars.Length) Grow(length);
            int wanted = _chars.Length - length;
            int n = _reader.ReadValueChunk(_chars, length, wanted);
            length += n;

            // A short read means the value is exhausted; only a full buffer needs another call.
            if (n < wanted) return length;
        }
    }

    public void Dispose()
    {
        char[] chars = _chars;
        _chars = Array.Empty<char>();
        if (chars.Length > 0) ArrayPool<char>.Shared.Return(chars);
    }

    private void Grow(int keep)
    {
        char[] larger = ArrayPool<char>.Shared.Rent(_chars.Length * 2);
        Array.Copy(_chars, larger, keep);
        ArrayPool<char>.Shared.Return(_chars);
        _chars = larger;
    }
}
