using System;
using System.Security.Cryptography;

namespace MySmpp.Sending;

/// <summary>
/// Idempotency keys (<c>client_id_sms</c>) for the recipients of one command that the caller gave none: a random start
/// drawn from a cryptographic source, then consecutive keys.
/// </summary>
/// <remarks>
/// <para>
/// Every key lies in [2^62, 2^63): 19 digits, far above any key a user writes by hand (an order number, a row id), so
/// generated keys never meet the user's own. Two commands collide only if their ranges overlap: for commands of n keys
/// each, a pair overlaps with probability about 2n / 2^62, so an account that sends a million commands of 10,000
/// recipients runs a chance of about 2 × 10^-5 of one collision in its life (the birthday bound over all pairs).
/// Random per-key draws would be worse (their collisions grow with the square of all keys ever sent), and a clock-based
/// start would make commands started together collide.
/// </para>
/// <para>
/// A gateway that keeps narrower keys (a 32-bit column, or a double, which holds 53 bits) would see different keys as
/// equal and answer "already sent". That is detected, not trusted: an "already sent" to a generated key on its first
/// request becomes <c>MySmpp.ClientIdCollision</c> for that recipient (it was NOT sent), never an <c>AlreadySent</c>
/// success. With such a gateway, pass keys of your own that fit its width.
/// </para>
/// </remarks>
internal sealed class ClientIdGenerator
{
    /// <summary>The smallest generated key, 2^62.</summary>
    public const long Smallest = 1L << 62;

    // Leaves room for 2^32 keys in one command above any start.
    private const long Span = (1L << 62) - (1L << 32);

    private long _next;

    public ClientIdGenerator()
    {
        byte[] bytes = new byte[8];
        using (var random = RandomNumberGenerator.Create())
        {
            random.GetBytes(bytes);
        }

        ulong draw = BitConverter.ToUInt64(bytes, 0) % (ulong)Span;
        _next = Smallest + (long)draw;
    }

    /// <summary>The next key of this command.</summary>
    public long Next() => _next++;
}
