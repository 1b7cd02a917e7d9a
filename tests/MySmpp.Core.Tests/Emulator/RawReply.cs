using System.Net;
using System.Net.Http.Headers;

namespace MySmpp.Core.Tests.Emulator;

/// <summary>What a raw HTTP call to the emulator returned.</summary>
internal sealed record RawReply(HttpStatusCode Status, string? ContentType, string Body, byte[] Bytes, HttpResponseHeaders Headers);
