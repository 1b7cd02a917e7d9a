namespace MySmpp.Emulator;

/// <summary>The credentials one request (XML) or one request object (JSON) carries.</summary>
internal sealed record Credentials(string? Login, string? Password, string? Token);
