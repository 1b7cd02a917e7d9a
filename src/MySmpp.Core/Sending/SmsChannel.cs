namespace MySmpp.Sending;

/// <summary>How a message travels: the first channel and, for a cascade, the fallback.</summary>
public enum SmsChannel
{
    /// <summary>SMS only (<c>type_send_1="sms"</c>).</summary>
    Sms = 0,

    /// <summary>Viber only (<c>type_send_1="viber"</c>).</summary>
    Viber = 1,

    /// <summary>Viber first, SMS when the Viber message is not delivered (<c>type_send_2="sms"</c>).</summary>
    ViberThenSms = 2,
}
