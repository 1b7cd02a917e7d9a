using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading;
using MySmpp.Client;
using MySmpp.Errors;
using MySmpp.Model;

namespace MySmpp.Waiting;

/// <summary>
/// Polls the gateway until each id settles (<see cref="SmsWaitOptions.Until"/>), asking only about
/// the ids still open, with a growing pause between rounds. Yields one result per input occurrence
/// as soon as its id settles; ids still open at the time-out yield <see cref="MySmppWaitTimeoutException"/>.
/// The time-out bounds the whole wait — requests, retries, <c>Retry-After</c> and pauses — within
/// <see cref="DeadlineSlack"/>: each poll's query gets what is left of it as its overall limit.
/// </summary>
internal sealed class SmsStateWaiter
{
    private readonly MySmppClient _client;
    private readonly SmsWaitOptions _options;
    private readonly ClientClock _clock;
    private readonly CommandDeadline _deadline;

    /// <summary>Creates a waiter over a session; its time-out runs from here.</summary>
    /// <exception cref="ArgumentException">An option is invalid.</exception>
    public SmsStateWaiter(MySmppClient client, SmsWaitOptions options)
        : this(client, options, client?.Clock ?? ClientClock.System)
    {
    }

    /// <summary>A waiter on a given clock (tests: one that moves the emulator's simulated time); the session's clock otherwise.</summary>
    internal SmsStateWaiter(MySmppClient client, SmsWaitOptions options, ClientClock clock)
    {
        _client = client ?? throw new ArgumentNullException(nameof(client));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _options.Validate();
        _clock = clock;
        _deadline = new CommandDeadline(clock, _options.Timeout);
    }

    /// <summary>
    /// The most a wait may overrun its time-out: a poll always gets at least this long (so that a time-out of 0
    /// still asks once), and requests are aborted, not awaited, at the deadline.
    /// </summary>
    public static readonly TimeSpan DeadlineSlack = TimeSpan.FromSeconds(1);

    /// <summary>True when <paramref name="state"/> satisfies <paramref name="until"/>.</summary>
    public static bool IsSettled(SmsState state, SmsWaitCondition until) =>
        state.IsFinal || (until != SmsWaitCondition.Final && state.IsDelivered);

    /// <summary>Waits for <paramref name="ids"/>; see the class remarks.</summary>
    public IEnumerable<SmsStateResult> Wait(IEnumerable<long> ids, CancellationToken cancellationToken = default)
    {
        if (ids == null) throw new ArgumentNullException(nameof(ids));

        // Occurrences per unique id, in first-seen order: duplicates are polled once, answered each time.
        var occurrences = new Dictionary<long, int>();
        var open = new List<long>();
        foreach (long id in ids)
        {
            if (!MySmppIds.IsValid(id, out string? problem)) throw new ArgumentOutOfRangeException(nameof(ids), id, problem);
            if (occurrences.TryGetValue(id, out int count))
            {
                occurrences[id] = count + 1;
            }
            else
            {
                occurrences[id] = 1;
                open.Add(id);
            }
        }

        return WaitIterator(open, occurrences, cancellationToken);
    }

    private IEnumerable<SmsStateResult> WaitIterator(List<long> open, Dictionary<long, int> occurrences, CancellationToken cancellationToken)
    {
        int total = open.Count;
        var latest = new Dictionary<long, SmsState>();
        var lastError = new Dictionary<long, MySmppException>();
        var queryOptions = new StateQueryOptions { Detail = _options.Detail, Log = _options.Log };
        CancellationToken lifetime = _client.Lifetime;
        TimeSpan interval = _options.PollInterval;
        int round = 0;

        while (open.Count > 0)
        {
            round++;
            _options.Log?.Invoke(string.Format(CultureInfo.InvariantCulture, "Poll {0}: {1} of {2} still open.", round, open.Count, Wording.Count(total, "ids")));
            var stillOpen = new List<long>(open.Count);
            MySmppException? sessionFatal = null;

            // The poll may use what is left of the wait and no more: retries and Retry-After included.
            TimeSpan budget = _deadline.Remaining;
            queryOptions.OverallTimeout = budget > DeadlineSlack ? budget : DeadlineSlack;
            foreach (SmsStateResult result in _client.GetStates(open, queryOptions, cancellationToken))
            {
                if (result.State != null)
                {
                    latest[result.Id] = result.State;
                    lastError.Remove(result.Id);
                    if (IsSettled(result.State, _options.Until))
                    {
                        for (int i = 0; i < occurrences[result.Id]; i++) yield return result;
                        continue;
                    }
                }
                else if (result.Error is MySmppIdNotFoundException || (result.Error != null && result.Error.IsSessionFatal))
                {
                    // Unknown ids will not appear later; bad credentials will not get better.
                    if (result.Error.IsSessionFatal) sessionFatal = result.Error;
                    for (int i = 0; i < occurrences[result.Id]; i++) yield return result;
                    continue;
                }
                else if (result.Error != null)
                {
                    lastError[result.Id] = result.Error;
                }

                stillOpen.Add(result.Id);
            }

            open = stillOpen;
            _options.Progress?.Invoke(new SmsWaitProgress(total, total - open.Count, round, CountStatuses(latest), _deadline.Elapsed));
            if (sessionFatal != null)
            {
                foreach (long id in open)
                {
                    for (int i = 0; i < occurrences[id]; i++) yield return new SmsStateResult(id, sessionFatal);
                }

                yield break;
            }

            if (open.Count == 0) yield break;

            TimeSpan left = _deadline.Remaining;
            if (left <= TimeSpan.Zero) break;

            // Sleep no later than the deadline, so the last poll happens right at the time-out.
            TimeSpan pause = interval < left ? interval : left;
            Pause(pause, cancellationToken, lifetime);
            interval = TimeSpan.FromMilliseconds(Math.Min(interval.TotalMilliseconds * _options.Backoff, _options.MaxPollInterval.TotalMilliseconds));
        }

        foreach (long id in open)
        {
            latest.TryGetValue(id, out SmsState? last);
            lastError.TryGetValue(id, out MySmppException? error);
            string message = string.Format(
                CultureInfo.InvariantCulture,
                "Message id {0} did not settle within {1:0.#} s; last status: {2}.",
                id,
                _options.Timeout.TotalSeconds,
                last != null ? last.Status.ToString() : error != null ? "unknown (" + error.Message + ")" : "unknown");
            var timeout = new MySmppWaitTimeoutException(message, new[] { id }, last, error);
            for (int i = 0; i < occurrences[id]; i++) yield return new SmsStateResult(id, timeout);
        }
    }

    /// <summary>Sleeps between polls; a disconnected session ends the sleep (and the wait) at once.</summary>
    private void Pause(TimeSpan pause, CancellationToken cancellationToken, CancellationToken lifetime)
    {
        using (var either = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lifetime))
        {
            try
            {
                _clock.DelayAsync(pause, either.Token).GetAwaiter().GetResult();
            }
            catch (OperationCanceledException) when (lifetime.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw new MySmppDisconnectedException("The session was disconnected while waiting.");
            }
        }
    }

    private static Dictionary<SmsStatus, int> CountStatuses(Dictionary<long, SmsState> latest)
    {
        var counts = new Dictionary<SmsStatus, int>();
        foreach (SmsState state in latest.Values)
        {
            counts.TryGetValue(state.Status, out int n);
            counts[state.Status] = n + 1;
        }

        return counts;
    }
}
