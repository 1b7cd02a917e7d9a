using System;
using MySmpp.Model;

namespace MySmpp.Protocol;

/// <summary>
/// What may stand in a state's status position. The documented statuses are lower-case tokens
/// (<c>send</c>, <c>not_deliver</c>, …); an undocumented token (<c>[a-z_]+</c>, at most
/// <see cref="MaxLength"/> characters) is a new status, kept as <see cref="SmsStatus.Unknown"/> with its
/// text (forward compatibility). Anything else (spaces, Cyrillic, punctuation, control characters, a
/// long text) is the server talking about that id — the live server answers an unknown id with the
/// sentence "Сообщение с таким ID не принималось" there — and becomes a per-id error, never a state.
/// </summary>
internal static class StatusToken
{
    /// <summary>The longest undocumented status accepted as a status.</summary>
    public const int MaxLength = 32;

    /// <summary>True when <paramref name="text"/> may be kept as a status (empty included: the channel may fill it in).</summary>
    public static bool IsStatus(ReadOnlySpan<char> text)
    {
        if (text.Length > MaxLength) return false;
        foreach (char c in text)
        {
            if (!((c >= 'a' && c <= 'z') || c == '_')) return false;
        }

        return true;
    }

    /// <summary>The same for UTF-8 bytes.</summary>
    public static bool IsStatus(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length > MaxLength) return false;
        foreach (byte c in utf8)
        {
            if (!((c >= 'a' && c <= 'z') || c == '_')) return false;
        }

        return true;
    }
}
