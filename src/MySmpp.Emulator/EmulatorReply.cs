namespace MySmpp.Emulator;

/// <summary>A message a subscriber sent to the account, as <c>/xml/incoming.php</c> lists it.</summary>
/// <param name="Id">The reply's number (<c>id_sms</c>).</param>
/// <param name="AfterSeconds">When it arrives, in simulated seconds after the emulator's start (negative: before it).</param>
/// <param name="Originator">Who wrote (<c>originator</c>).</param>
/// <param name="Phone">The number written to (<c>phone</c>).</param>
/// <param name="Prefix">The routing prefix (<c>prefix</c>), empty for none.</param>
/// <param name="Text">The text.</param>
public sealed record EmulatorReply(long Id, double AfterSeconds, string Originator, string Phone, string Prefix, string Text);
