namespace MySmpp.Emulator;

/// <summary>One <c>&lt;abonent&gt;</c> of a sending request with its message's fields.</summary>
internal sealed record SendRecipient(string Phone, string? NumberSms, long? ClientId, string? Sender, string? Text, bool SmsChannel, bool ViberChannel);

/// <summary>What the emulator answers for one recipient; <see cref="Id"/> is set for accepted and already-sent messages.</summary>
internal sealed record SendDecision(long? Id, int Parts, string Text, decimal Price = 0m);
