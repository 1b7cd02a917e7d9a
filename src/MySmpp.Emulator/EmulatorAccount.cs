using System;

namespace MySmpp.Emulator;

/// <summary>An account the emulator accepts.</summary>
/// <remarks>Immutable: to lock an account on a running server, add a replacement with the same login.</remarks>
public sealed class EmulatorAccount
{
    /// <summary>Creates an account.</summary>
    /// <param name="login">The login (compared ordinally, like the PHP server would).</param>
    /// <param name="password">The password.</param>
    /// <param name="token">An optional secret key accepted instead of login and password.</param>
    /// <param name="locked">Whether the account answers "Your account is locked".</param>
    public EmulatorAccount(string login, string password, string? token = null, bool locked = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(login);
        ArgumentNullException.ThrowIfNull(password);
        Login = login;
        Password = password;
        Token = string.IsNullOrEmpty(token) ? null : token;
        Locked = locked;
    }

    /// <summary>The login.</summary>
    public string Login { get; }

    /// <summary>The password.</summary>
    public string Password { get; }

    /// <summary>The secret key, or null when the account has none.</summary>
    public string? Token { get; }

    /// <summary>Whether the account is locked.</summary>
    public bool Locked { get; }
}
