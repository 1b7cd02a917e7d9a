namespace MySmpp.Emulator;

/// <summary>One <c>&lt;abonent&gt;</c> of a sending request with its message's fields.</summary>
internal sealed record SendRecipient(string Phone, string? NumberSms, long? ClientId, string? Sender, string? Text, bool SmsChannel, bool ViberChannel)
{
    /// <summary>The <c>time_send</c> attribute as sent (<c>YYYY-MM-DD hh:mm</c>, the account's local time), or null.</summary>
    public string? TimeSend { get; init; }

    /// <summary>The <c>validity_period</c> attribute as sent, or null.</summary>
    public string? ValidityPeriod { get; init; }

    /// <summary>The message's <c>name_delivery</c>, or null.</summary>
    public string? Campaign { get; init; }

    /// <summary>The message's <c>type</c> (sms, flashsms...).</summary>
    public string Type { get; init; } = "sms";
}

/// <summary>What the emulator answers for one recipient; <see cref="Id"/> is set for accepted and already-sent messages.</summary>
internal sealed record SendDecision(long? Id, int Parts, string Text, decimal Price = 0m);

/// <summary>One recipient as the sending endpoint received it, for tests to check what went over the wire.</summary>
public sealed record ReceivedRecipient(string Phone, long? ClientId, string? Text, string? TimeSend, string? ValidityPeriod, string? CampaignName, string Answer);
