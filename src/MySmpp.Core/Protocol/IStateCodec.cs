using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace MySmpp.Protocol;

/// <summary>
/// One wire flavour of the status endpoint: how to write a request for some ids and how to read
/// the answer. Readers throw only <see cref="MySmppProtocolException"/> for a body they cannot trust
/// (I/O and cancellation exceptions from the stream pass through to the transport layer).
/// </summary>
internal interface IStateCodec
{
    MySmppProtocol Protocol { get; }

    /// <summary>The endpoint, relative to the base address (e.g. <c>json/state.php</c>).</summary>
    string RelativePath { get; }

    /// <summary>The request's media type; the charset is always utf-8.</summary>
    string MediaType { get; }

    void WriteRequest(Stream destination, MySmppCredential credential, ReadOnlySpan<long> ids, bool detail);

    Task<StateResponse> ReadResponseAsync(Stream body, StateReadContext context, CancellationToken cancellationToken);
}
