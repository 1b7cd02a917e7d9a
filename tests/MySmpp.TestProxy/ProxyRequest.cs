using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace MySmpp.TestProxy;

/// <summary>An HTTP/1.1 request as a forward proxy receives it: request line, headers, a Content-Length body.</summary>
internal sealed class ProxyRequest
{
    private static readonly HashSet<string> HopByHop = new(StringComparer.OrdinalIgnoreCase)
    {
        "Proxy-Authorization", "Proxy-Connection", "Connection", "Keep-Alive", "TE", "Trailer", "Upgrade",
    };

    private readonly List<KeyValuePair<string, string>> _headers;
    private readonly byte[] _body;

    private ProxyRequest(string method, string target, List<KeyValuePair<string, string>> headers, byte[] body)
    {
        Method = method;
        Target = target;
        _headers = headers;
        _body = body;
    }

    public string Method { get; }

    public string Target { get; }

    public string? Header(string name)
    {
        foreach (var header in _headers)
        {
            if (string.Equals(header.Key, name, StringComparison.OrdinalIgnoreCase)) return header.Value;
        }

        return null;
    }

    /// <summary>Reads one request; null when the client closed without sending one.</summary>
    public static async Task<ProxyRequest?> ReadAsync(Stream stream, int maxHead, int maxBody, CancellationToken cancel)
    {
        var head = new MemoryStream();
        byte[] buffer = new byte[8192];
        int headEnd = -1;
        while (headEnd < 0)
        {
            int n = await stream.ReadAsync(buffer, cancel).ConfigureAwait(false);
            if (n == 0)
            {
                if (head.Length == 0) return null;
                throw new IOException("The client closed the connection in the middle of the request head.");
            }

            head.Write(buffer, 0, n);
            if (head.Length > maxHead) throw new FormatException("The request head is too large.");
            headEnd = IndexOfBlankLine(head.GetBuffer(), (int)head.Length);
        }

        byte[] all = head.ToArray();
        string[] lines = Encoding.ASCII.GetString(all, 0, headEnd).Split("\r\n");
        string[] requestLine = lines[0].Split(' ');
        if (requestLine.Length != 3) throw new FormatException("Not an HTTP request line.");
        var headers = new List<KeyValuePair<string, string>>();
        for (int i = 1; i < lines.Length; i++)
        {
            int colon = lines[i].IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0) throw new FormatException("Not a header line.");
            headers.Add(new KeyValuePair<string, string>(lines[i].Substring(0, colon).Trim(), lines[i].Substring(colon + 1).Trim()));
        }

        int length = 0;
        string? declared = headers.Find(h => string.Equals(h.Key, "Content-Length", StringComparison.OrdinalIgnoreCase)).Value;
        if (declared != null && (!int.TryParse(declared, NumberStyles.None, CultureInfo.InvariantCulture, out length) || length > maxBody))
        {
            throw new FormatException("A Content-Length this proxy does not take.");
        }

        // The whole body is read before answering, even a 407: a client still sending would otherwise see a reset.
        byte[] body = new byte[length];
        int have = Math.Min(length, all.Length - (headEnd + 4));
        Array.Copy(all, headEnd + 4, body, 0, have);
        while (have < length)
        {
            int n = await stream.ReadAsync(body.AsMemory(have), cancel).ConfigureAwait(false);
            if (n == 0) throw new IOException("The client closed the connection in the middle of the body.");
            have += n;
        }

        return new ProxyRequest(requestLine[0], requestLine[1], headers, body);
    }

    /// <summary>Sends the request on to the origin server in origin form, without the proxy's headers, asking it to close after answering.</summary>
    public async Task WriteOriginFormAsync(Stream upstream, Uri target, CancellationToken cancel)
    {
        var head = new StringBuilder();
        head.Append(Method).Append(' ').Append(target.PathAndQuery).Append(" HTTP/1.1\r\n");
        foreach (var header in _headers)
        {
            if (HopByHop.Contains(header.Key)) continue;
            head.Append(header.Key).Append(": ").Append(header.Value).Append("\r\n");
        }

        head.Append("Connection: close\r\n\r\n");
        await upstream.WriteAsync(Encoding.ASCII.GetBytes(head.ToString()), cancel).ConfigureAwait(false);
        await upstream.WriteAsync(_body, cancel).ConfigureAwait(false);
    }

    private static int IndexOfBlankLine(byte[] data, int length)
    {
        for (int i = 0; i + 3 < length; i++)
        {
            if (data[i] == '\r' && data[i + 1] == '\n' && data[i + 2] == '\r' && data[i + 3] == '\n') return i;
        }

        return -1;
    }
}
