namespace MySmpp.Sending;

/// <summary>
/// The part of a message a refusal made before sending is about (<see cref="Errors.MySmppSendRefusedException.Field"/>), so a
/// caller names it in its own terms: the cmdlets as their parameter (<c>-ViberText</c>), another caller as its own field.
/// </summary>
public enum SmsMessageField
{
    /// <summary>No one field: the gateway's refusal, or one about the message as a whole.</summary>
    None = 0,

    /// <summary><see cref="SmsMessage.Phone"/>.</summary>
    Phone,

    /// <summary><see cref="SmsMessage.Text"/>.</summary>
    Text,

    /// <summary><see cref="SmsMessage.Sender"/>.</summary>
    Sender,

    /// <summary><see cref="SmsMessage.ClientId"/>.</summary>
    ClientId,

    /// <summary><see cref="SmsMessage.Channel"/>.</summary>
    Channel,

    /// <summary><see cref="SmsMessage.ViberText"/>.</summary>
    ViberText,

    /// <summary><see cref="SmsMessage.ViberSender"/>.</summary>
    ViberSender,

    /// <summary><see cref="SmsMessage.ButtonText"/>.</summary>
    ButtonText,

    /// <summary><see cref="SmsMessage.ButtonUrl"/>.</summary>
    ButtonUrl,

    /// <summary><see cref="SmsMessage.ImageUrl"/>.</summary>
    ImageUrl,

    /// <summary><see cref="SmsMessage.CampaignName"/>.</summary>
    CampaignName,

    /// <summary><see cref="SmsMessage.SendAt"/>.</summary>
    SendAt,

    /// <summary><see cref="SmsMessage.ValidUntil"/>.</summary>
    ValidUntil,

    /// <summary>The send's quiet hours, in each recipient's local time, which the message could not be planned around.</summary>
    QuietHours,

    /// <summary>The send's spend cap, which the message would take the send over or cannot be priced for.</summary>
    SpendCap,
}
