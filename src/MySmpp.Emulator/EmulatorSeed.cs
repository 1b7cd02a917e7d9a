using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;

namespace MySmpp.Emulator;

/// <summary>The emulator's accounts and messages. Safe to read and change while the server runs.</summary>
public sealed class EmulatorSeed
{
    private readonly ConcurrentDictionary<string, EmulatorAccount> _accountsByLogin = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, EmulatorAccount> _accountsByToken = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<long, EmulatorMessage> _messages = new();

    // Writers serialise so the login and token indexes never disagree; readers stay lock-free.
    private readonly Lock _accountWriteGate = new();

    /// <summary>The built-in data: accounts <c>login</c>/<c>password</c> (token <c>token</c>) and a locked one, plus the demo messages.</summary>
    public static EmulatorSeed CreateDefault()
    {
        var seed = new EmulatorSeed();
        DemoData.AddTo(seed);
        return seed;
    }

    /// <summary>Reads a seed file (format: <c>seed.sample.json</c>).</summary>
    /// <exception cref="InvalidDataException">The file is not a valid seed.</exception>
    public static EmulatorSeed Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return Parse(File.ReadAllText(path));
    }

    /// <summary>Parses seed JSON (format: <c>seed.sample.json</c>).</summary>
    /// <exception cref="InvalidDataException">The text is not a valid seed.</exception>
    public static EmulatorSeed Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return SeedFileReader.Read(json);
    }

    /// <summary>A snapshot of the accounts, ordered by login.</summary>
    public IReadOnlyList<EmulatorAccount> Accounts
        => _accountsByLogin.Values.OrderBy(static a => a.Login, StringComparer.Ordinal).ToArray();

    /// <summary>A snapshot of the messages, ordered by id.</summary>
    public IReadOnlyList<EmulatorMessage> Messages
        => _messages.Values.OrderBy(static m => m.Id).ToArray();

    /// <summary>Adds an account, replacing any with the same login.</summary>
    /// <exception cref="ArgumentException">Another account already uses the token.</exception>
    public void AddAccount(EmulatorAccount account)
    {
        ArgumentNullException.ThrowIfNull(account);
        lock (_accountWriteGate)
        {
            if (account.Token is { } token
                && _accountsByToken.TryGetValue(token, out EmulatorAccount? holder)
                && holder.Login != account.Login)
            {
                throw new ArgumentException($"The token is already used by account '{holder.Login}'.", nameof(account));
            }

            if (_accountsByLogin.TryGetValue(account.Login, out EmulatorAccount? previous) && previous.Token is { } oldToken)
            {
                _accountsByToken.TryRemove(oldToken, out _);
            }

            _accountsByLogin[account.Login] = account;
            if (account.Token is { } newToken)
            {
                _accountsByToken[newToken] = account;
            }
        }
    }

    /// <summary>Adds a message, replacing any with the same id.</summary>
    public void AddMessage(EmulatorMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        _messages[message.Id] = message;
    }

    /// <summary>Looks up a seeded message.</summary>
    public bool TryGetMessage(long id, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out EmulatorMessage? message)
        => _messages.TryGetValue(id, out message);

    /// <summary>Looks up an account by login.</summary>
    public EmulatorAccount? FindByLogin(string login)
    {
        ArgumentNullException.ThrowIfNull(login);
        return _accountsByLogin.TryGetValue(login, out EmulatorAccount? account) ? account : null;
    }

    /// <summary>Looks up an account by token.</summary>
    public EmulatorAccount? FindByToken(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        return _accountsByToken.TryGetValue(token, out EmulatorAccount? account) ? account : null;
    }
}
