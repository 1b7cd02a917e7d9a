namespace MySmpp.Account;

/// <summary>One direction of the balance: a kind of message to an area, its price, and how many the money still buys.</summary>
public sealed class MySmppBalanceDirection
{
    /// <summary>Creates a direction.</summary>
    public MySmppBalanceDirection(string kind, string? area, decimal? price, string? textType, long? messagesLeft, bool unlimited, string countText)
    {
        Kind = kind;
        Area = area;
        Price = price;
        TextType = textType;
        MessagesLeft = messagesLeft;
        Unlimited = unlimited;
        CountText = countText;
    }

    /// <summary>The message kind (<c>type_sms</c>): sms, viber, vk, whatsapp.</summary>
    public string Kind { get; }

    /// <summary>The area or operator, e.g. <c>МТС</c> or <c>Russia</c>.</summary>
    public string? Area { get; }

    /// <summary>The price of one message, when given.</summary>
    public decimal? Price { get; }

    /// <summary>The kind of text (<c>type_text</c>: advertising, service, transactional), when given.</summary>
    public string? TextType { get; }

    /// <summary>Messages left; null when unlimited or not a number.</summary>
    public long? MessagesLeft { get; }

    /// <summary>True for <c>Unlim</c> / <c>Безлимит</c>.</summary>
    public bool Unlimited { get; }

    /// <summary>The count as the gateway wrote it.</summary>
    public string CountText { get; }

    /// <summary>For example <c>sms Russia: 7996</c> or <c>viber Russia: unlimited</c>.</summary>
    public override string ToString() => Kind + (string.IsNullOrEmpty(Area) ? string.Empty : " " + Area) + ": " + (Unlimited ? "unlimited" : CountText);
}
