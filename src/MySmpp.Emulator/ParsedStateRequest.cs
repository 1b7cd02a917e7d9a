using System.Collections.Generic;

namespace MySmpp.Emulator;

/// <summary>A parsed status request, independent of the wire flavour.</summary>
internal sealed class ParsedStateRequest
{
    /// <summary>Distinct credential sets in request order (JSON repeats them per object; consecutive repeats are stored once).</summary>
    public List<Credentials> Credentials { get; } = [];

    /// <summary>The ids asked for, in request order, duplicates included.</summary>
    public List<QueryEntry> Entries { get; } = [];
}
