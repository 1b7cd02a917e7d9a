using System;
using System.Security.Cryptography;
using System.Threading;

namespace MySmpp;

/// <summary>
/// Idempotency keys for recipients the caller gave none: numeric, increasing within the process, and unlikely to meet
/// another process's keys: the start is the current Unix time in milliseconds × 1,000,000 plus a random offset below
/// 1,000,000, so two runs collide only if they start in the same millisecond with offsets closer than their sizes.
/// </summary>
internal static class ClientIdGenerator
{
    private static long _last;

    /// <summary>The next key (about 1.8 × 10^18 today, well inside a signed 64-bit integer).</summary>
    public static long Next()
    {
        while (true)
        {
            long last = Interlocked.Read(ref _last);
            long candidate = last + 1;
            if (last == 0 || (DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000_000L) > last)
            {
                long fresh = (DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000_000L) + RandomOffset();
                if (fresh > candidate) candidate = fresh;
            }

            if (Interlocked.CompareExchange(ref _last, candidate, last) == last) return candidate;
        }
    }

    private static long RandomOffset()
    {
        byte[] bytes = new byte[4];
        using (var random = RandomNumberGenerator.Create())
        {
            random.GetBytes(bytes);
        }

        return (BitConverter.ToUInt32(bytes, 0) % 1_000_000u);
    }
}
