namespace MySmpp.Emulator;

/// <summary>Checks credentials against the seed, yielding the documented error text or null.</summary>
internal static class Authenticator
{
    /// <summary>
    /// Login and password are tried first when a login is given, then the token: the documents'
    /// own example sends all three, and either pair identifying the account is enough.
    /// </summary>
    public static string? Check(EmulatorSeed data, Credentials credentials)
    {
        EmulatorAccount? account = null;
        if (!string.IsNullOrEmpty(credentials.Login)
            && data.FindByLogin(credentials.Login) is { } byLogin
            && byLogin.Password == (credentials.Password ?? string.Empty))
        {
            account = byLogin;
        }

        if (account is null && !string.IsNullOrEmpty(credentials.Token))
        {
            account = data.FindByToken(credentials.Token);
        }

        return account switch
        {
            null => ErrorTexts.IncorrectCredentials,
            { Locked: true } => ErrorTexts.AccountLocked,
            _ => null,
        };
    }

    /// <summary>The account the credentials identify, or null with the documented error text in <paramref name="error"/>.</summary>
    public static EmulatorAccount? Resolve(EmulatorSeed data, Credentials credentials, out string? error)
    {
        error = Check(data, credentials);
        if (error is not null) return null;
        return (!string.IsNullOrEmpty(credentials.Login) ? data.FindByLogin(credentials.Login) : null)
            ?? (!string.IsNullOrEmpty(credentials.Token) ? data.FindByToken(credentials.Token) : null);
    }
}
