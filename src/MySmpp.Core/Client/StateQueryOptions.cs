using System;

namespace MySmpp.Client;

/// <summary>Per-query choices (as opposed to the session's <see cref="MySmppSessionOptions"/>).</summary>
public sealed class StateQueryOptions
{
    /// <summary>Ask for parts and price (JSON <c>detail: 1</c>). The XML flavour has no such field and ignores it.</summary>
    public bool Detail { get; set; }

    /// <summary>
    /// A time limit for this query as a whole, retries included; it applies when shorter than the session's
    /// <see cref="MySmppSessionOptions.OverallTimeout"/>. Ids not answered by then get a time-out error
    /// (<c>MySmpp.Timeout</c>). Default <c>null</c> (the session's limit only).
    /// </summary>
    public TimeSpan? OverallTimeout { get; set; }

    /// <summary>
    /// Receives one line per notable step (request sent, retry, split), never a secret. Called from
    /// background threads: a caller that must log on one thread should queue the lines.
    /// </summary>
    public Action<string>? Log { get; set; }
}
