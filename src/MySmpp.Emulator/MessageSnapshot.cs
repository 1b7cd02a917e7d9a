namespace MySmpp.Emulator;

/// <summary>What the emulator answers for one id at one moment.</summary>
internal readonly record struct MessageSnapshot(long Id, string State, string? Sms, string? Viber, string Time, int Parts, decimal Price, bool Detail);
