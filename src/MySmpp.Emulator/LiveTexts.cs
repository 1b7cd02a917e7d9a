namespace MySmpp.Emulator;

/// <summary>The live platform's Russian texts (platform-api.md, section 1), by the documents' English text.</summary>
internal static class LiveTexts
{
    public const string IncorrectXml = "Неправильный формат XML документа";
    public const string IncorrectJson = "Неправильный формат JSON документа";
    public const string IncorrectCredentials = "Неправильный логин или пароль";
    public const string AccountLocked = "Ваш аккаунт заблокирован";
    public const string PostDataMissing = "POST данные отсутствуют";

    /// <summary>What the live server writes where the status goes for an id it never accepted.</summary>
    public const string NotAccepted = "Сообщение с таким ID не принималось";

    /// <summary>The Russian original of a documented error text; other texts unchanged.</summary>
    public static string Translate(string text) => text switch
    {
        ErrorTexts.IncorrectXml => IncorrectXml,
        ErrorTexts.IncorrectJson => IncorrectJson,
        ErrorTexts.IncorrectCredentials => IncorrectCredentials,
        ErrorTexts.AccountLocked => AccountLocked,
        ErrorTexts.PostDataMissing => PostDataMissing,
        _ => text,
    };
}
