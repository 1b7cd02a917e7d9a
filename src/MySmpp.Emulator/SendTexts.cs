namespace MySmpp.Emulator;

/// <summary>The sending answer's texts, verbatim as the live platform sends them (platform-api.md, section 2).</summary>
internal static class SendTexts
{
    public const string Accepted = "send";
    public const string AlreadySent = "Данное сообщение уже было отправлено.";
    public const string StopListed = "Номер телефона присутствует в стоп-листе.";
    public const string DestinationClosed = "Данное направление закрыто для вас.";
    public const string InsufficientFunds = "Недостаточно средств для отправки SMS. SMS будет отправлена как только вы пополните счет по данному направлению.";
    public const string TextRejected = "Текст SMS отклонен модератором.";
    public const string NoSender = "Нет отправителя.";
    public const string UnknownSender = "Такого отправителя Нет.";
    public const string SenderNotModerated = "Отправитель не прошел модерацию.";
    public const string NoText = "Нет текста сообщения.";
    public const string NoPhone = "Укажите номер телефона.";
    public const string PhoneTooLong = "Номер телефона должен быть меньше 15 символов.";
    public const string AccountLocked = "Аккаунт заблокирован.";
}
