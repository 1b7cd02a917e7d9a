namespace MySmpp.Emulator;

/// <summary>The status the emulator answers for an id of the synthetic range; see <see cref="SyntheticMessages.For"/>.</summary>
/// <param name="Id">The message id.</param>
/// <param name="State">The overall status (<c>state</c>).</param>
/// <param name="Sms">The SMS channel status, or null.</param>
/// <param name="Viber">The Viber channel status, or null.</param>
/// <param name="Time">The wire status time, empty for <c>send</c>.</param>
/// <param name="Parts">Number of parts (<c>num_parts</c>).</param>
/// <param name="Price">Price of one part.</param>
public readonly record struct SyntheticMessage(long Id, string State, string? Sms, string? Viber, string Time, int Parts, decimal Price);
