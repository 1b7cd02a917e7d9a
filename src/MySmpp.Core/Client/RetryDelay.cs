using System;

namespace MySmpp.Client;

/// <summary>
/// Capped exponential backoff with jitter: attempt n waits between half and all of
/// min(max, base × 2ⁿ), so retries from many runbooks do not arrive in step. A server's
/// <c>Retry-After</c> wins when it asks for longer, up to the cap.
/// </summary>
internal sealed class RetryDelay
{
    private readonly TimeSpan _base;
    private readonly TimeSpan _max;
    private readonly ClientClock _clock;

    public RetryDelay(TimeSpan baseDelay, TimeSpan maxDelay, ClientClock clock)
    {
        _base = baseDelay;
        _max = maxDelay;
        _clock = clock;
    }

    public TimeSpan For(int retry, TimeSpan? retryAfter)
    {
        double ceiling = Math.Min(_max.TotalMilliseconds, _base.TotalMilliseconds * Math.Pow(2, Math.Min(retry, 30)));
        double jitter = 0.5 + (_clock.NextDouble() * 0.5);

        double delay = ceiling * jitter;
        if (retryAfter.HasValue && retryAfter.Value.TotalMilliseconds > delay)
        {
            delay = Math.Min(retryAfter.Value.TotalMilliseconds, _max.TotalMilliseconds);
        }

        return TimeSpan.FromMilliseconds(delay);
    }
}
