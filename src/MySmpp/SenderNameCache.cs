using System;
using System.Runtime.CompilerServices;
using System.Threading;
using MySmpp.Account;
using MySmpp.Client;
using MySmpp.Errors;

namespace MySmpp.Commands;

/// <summary>
/// The sender names of each session, fetched once and kept for the session's life: the -Sender completer and the
/// warning before sending with a name that is not approved both read it, so neither costs a request after the first.
/// </summary>
internal static class SenderNameCache
{
    private static readonly ConditionalWeakTable<MySmppSession, SenderNameList> BySession = new ConditionalWeakTable<MySmppSession, SenderNameList>();

    /// <summary>The cached list, or null when it was never fetched.</summary>
    public static SenderNameList? Peek(MySmppSession session) => BySession.TryGetValue(session, out SenderNameList? list) ? list : null;

    /// <summary>
    /// The cached list, fetching it on first use with one advisory attempt: a few seconds at most
    /// (<see cref="MySmppClient.AdvisoryLimit"/>), and never past <paramref name="timeLeft"/>, the time the command has left.
    /// </summary>
    /// <exception cref="MySmppException">The gateway refused, or did not answer in time.</exception>
    public static SenderNameList Get(MySmppSession session, TimeSpan? timeLeft, Action<string>? log, CancellationToken cancellationToken)
    {
        SenderNameList? cached = Peek(session);
        if (cached != null) return cached;
        SenderNameList fresh = session.Client.GetSenderNamesAdvisoryAsync(MySmppClient.AdvisoryLimit, timeLeft, log, cancellationToken).GetAwaiter().GetResult();
        Store(session, fresh);
        return fresh;
    }

    /// <summary>Replaces the cached list (Get-MySmppSender always asks the gateway and refreshes it).</summary>
    public static void Store(MySmppSession session, SenderNameList list)
    {
        lock (BySession)
        {
            BySession.Remove(session);
            BySession.Add(session, list);
        }
    }
}
