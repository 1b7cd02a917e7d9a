namespace MySmpp.Emulator;

/// <summary>One <c>&lt;abonent&gt;</c> of a sending request with its message's fields.</summary>
internal sealed record SendRecipient(string Phone, string? NumberSms, long? ClientId, string? Sender, string? Text, bool SmsChannel, bool ViberChannel, string? TimeSend = null, string? ValidityPeriod = null, string? CampaignName = null);

/// <summary>What the emulator answers for one recipient; <see cref="Id"/> is set for accepted and already-sent messages.</summary>
internal sealed record SendDecision(long? Id, int Parts, string Text, decimal Price = 0m);

/// <summary>One recipient as the sending endpoint received it, for tests to check what went over the wire.</summary>
public sealed record ReceivedRecipient(string Phone, long? ClientId, string? Text, string? TimeSend, string? ValidityPeriod, string? CampaignName, string Answer);
