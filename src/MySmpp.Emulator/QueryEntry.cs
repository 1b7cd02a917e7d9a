namespace MySmpp.Emulator;

/// <summary>One asked-for id, in request order. Entries whose id text was not numeric are kept (they count toward the batch size) but never answered.</summary>
internal readonly record struct QueryEntry(long Id, bool IsValid, bool Detail);
