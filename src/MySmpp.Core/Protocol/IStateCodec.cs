using System;
using MySmpp.Credentials;
using MySmpp.Errors;
using MySmpp.Http;
using MySmpp.Model;

namespace MySmpp.Protocol;

/// <summary>
/// One wire flavour of the status endpoint: how to write a request for some ids and how to read
/// the answer. Readers throw only <see cref="MySmppProtocolException"/> for a body they cannot trust.
/// </summary>
internal interface IStateCodec
{
    MySmppProtocol Protocol { get; }

    /// <summary>The endpoint, relative to the base address (e.g. <c>json/state.php</c>).</summary>
    string RelativePath { get; }

    /// <summary>The request's media type; the charset is always utf-8.</summary>
    string MediaType { get; }

    void WriteRequest(PooledBuffer body, MySmppCredential credential, ReadOnlySpan<long> ids, bool detail);

    /// <summary>Reads a complete answer (the transport gathered it within its size limit).</summary>
    StateResponse ReadResponse(ArraySegment<byte> body, StateReadContext context);
}
