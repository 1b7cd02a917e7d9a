using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;

namespace MySmpp.Emulator;

/// <summary>
/// The rest of the emulated platform: replies (<c>incoming.php</c>), the stop list (<c>stop.php</c>,
/// <c>list_stop.php</c>) and the scheduler (<c>list_scheduled.php</c>, <c>scheduled.php</c>). Replies are the same for
/// every account; each account has its own stop list and scheduler, which start from the demo data the first time the
/// account uses them. Thread-safe; tests may change it while the server runs.
/// </summary>
public sealed class EmulatorPlatform
{
    /// <summary>The number of the demo replies' account (<c>phone</c>), the account's own number.</summary>
    public const string ReplyNumber = "79000000100";

    /// <summary>The first id of the demo campaign scheduled for tonight.</summary>
    public const long FirstScheduledId = 2_500_000_001;

    /// <summary>Messages in the demo campaign.</summary>
    public const int ScheduledDemoCount = 25;

    /// <summary>When the demo campaign is to be sent: 5 h 40 min after the start (21:00 with the default start, 15:20).</summary>
    public const double ScheduledDemoAfterSeconds = 20_400;

    private readonly Lock _gate = new();
    private readonly List<EmulatorReply> _replies = [];
    private readonly Dictionary<string, SortedSet<string>> _stopLists = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<ScheduledEntry>> _schedulers = new(StringComparer.Ordinal);
    private readonly DateTime _epoch;
    private long _phoneInfoRequests;
    private long _phoneInfoNumbers;

    internal EmulatorPlatform(DateTime epoch)
    {
        _epoch = epoch;
        foreach (EmulatorReply reply in DemoReplies()) _replies.Add(reply);
    }

    /// <summary>Requests to <c>def.php</c> received.</summary>
    public long PhoneInfoRequests => Interlocked.Read(ref _phoneInfoRequests);

    /// <summary>Numbers asked about in <c>def.php</c> requests, all requests together.</summary>
    public long PhoneInfoNumbers => Interlocked.Read(ref _phoneInfoNumbers);

    internal void OnPhoneInfoRequest(int numbers)
    {
        Interlocked.Increment(ref _phoneInfoRequests);
        Interlocked.Add(ref _phoneInfoNumbers, numbers);
    }

    /// <summary>A snapshot of the replies, in arrival order.</summary>
    public IReadOnlyList<EmulatorReply> Replies
    {
        get
        {
            lock (_gate)
            {
                return _replies.OrderBy(static r => r.AfterSeconds).ThenBy(static r => r.Id).ToArray();
            }
        }
    }

    /// <summary>Adds a reply (e.g. a "STOP" arriving later in a test).</summary>
    public void AddReply(EmulatorReply reply)
    {
        ArgumentNullException.ThrowIfNull(reply);
        lock (_gate)
        {
            _replies.Add(reply);
        }
    }

    /// <summary>The account's stop list, in number order.</summary>
    public IReadOnlyList<string> StopList(string login)
    {
        lock (_gate)
        {
            return StopListOf(login).ToArray();
        }
    }

    /// <summary>True when <paramref name="phone"/> is on the account's stop list.</summary>
    public bool IsStopListed(string login, string phone)
    {
        lock (_gate)
        {
            return StopListOf(login).Contains(phone);
        }
    }

    /// <summary>Puts a number on the account's stop list; false when it was already there.</summary>
    public bool AddToStopList(string login, string phone)
    {
        lock (_gate)
        {
            return StopListOf(login).Add(phone);
        }
    }

    /// <summary>Takes a number off the account's stop list; false when it was not there.</summary>
    public bool RemoveFromStopList(string login, string phone)
    {
        lock (_gate)
        {
            return StopListOf(login).Remove(phone);
        }
    }

    /// <summary>Puts <paramref name="count"/> more messages in the account's scheduler (for paging tests), returning their ids.</summary>
    public IReadOnlyList<long> Schedule(string login, int count, DateTime sendAt, string text = "Test")
    {
        var ids = new List<long>(count);
        lock (_gate)
        {
            List<ScheduledEntry> scheduler = SchedulerOf(login);
            long next = scheduler.Count == 0 ? FirstScheduledId + 1000 : Math.Max(scheduler.Max(static e => e.Id) + 1, FirstScheduledId + 1000);
            for (int i = 0; i < count; i++)
            {
                long id = next + i;
                scheduler.Add(new ScheduledEntry(id, _epoch, "MyShop", "7900777" + (id % 10000).ToString("D4", System.Globalization.CultureInfo.InvariantCulture), "sms", text, 1, "Test", sendAt, null));
                ids.Add(id);
            }
        }

        return ids;
    }

    /// <summary>The account's scheduled messages still waiting at <paramref name="now"/>, in the order they were scheduled.</summary>
    internal IReadOnlyList<ScheduledEntry> Scheduled(string login, DateTime now)
    {
        lock (_gate)
        {
            return SchedulerOf(login).Where(e => e.SendAt > now).ToArray();
        }
    }

    /// <summary>The ids of the account's scheduled messages still waiting at <paramref name="now"/>, in the order they were scheduled.</summary>
    public IReadOnlyList<long> ScheduledIds(string login, DateTime now) => Scheduled(login, now).Select(static e => e.Id).ToArray();

    /// <summary>Adds a message a send request scheduled.</summary>
    internal void AddScheduled(string login, ScheduledEntry entry)
    {
        lock (_gate)
        {
            SchedulerOf(login).Add(entry);
        }
    }

    /// <summary>Deletes a scheduled message still waiting at <paramref name="now"/>; false when there is none.</summary>
    internal bool DeleteScheduled(string login, long id, DateTime now)
    {
        lock (_gate)
        {
            return SchedulerOf(login).RemoveAll(e => e.Id == id && e.SendAt > now) > 0;
        }
    }

    /// <summary>The replies that arrived after <paramref name="start"/> and before <paramref name="end"/> (both exclusive) and by <paramref name="now"/>.</summary>
    internal IReadOnlyList<(EmulatorReply Reply, DateTime At)> RepliesBetween(DateTime start, DateTime? end, DateTime now)
    {
        lock (_gate)
        {
            return _replies
                .Select(r => (Reply: r, At: _epoch.AddSeconds(Math.Floor(r.AfterSeconds))))
                .Where(p => p.At > start && (end is null || p.At < end.Value) && p.At <= now)
                .OrderBy(static p => p.At).ThenBy(static p => p.Reply.Id)
                .ToArray();
        }
    }

    // The demo data of a new account: the stop-listed demo number, and tonight's campaign.
    private SortedSet<string> StopListOf(string login)
    {
        if (!_stopLists.TryGetValue(login, out SortedSet<string>? list))
        {
            _stopLists[login] = list = new SortedSet<string>(StringComparer.Ordinal) { EmulatorSending.StopListedPhone };
        }

        return list;
    }

    private List<ScheduledEntry> SchedulerOf(string login)
    {
        if (!_schedulers.TryGetValue(login, out List<ScheduledEntry>? scheduler))
        {
            _schedulers[login] = scheduler = [];
            DateTime tonight = _epoch.AddSeconds(ScheduledDemoAfterSeconds);
            for (int i = 0; i < ScheduledDemoCount; i++)
            {
                scheduler.Add(new ScheduledEntry(
                    FirstScheduledId + i,
                    _epoch.AddMinutes(-30),
                    "MyShop",
                    "7900555" + (i + 1).ToString("D4", System.Globalization.CultureInfo.InvariantCulture),
                    "sms",
                    "Скидка 20% на всё до воскресенья! Отказ: STOP",
                    1,
                    "Вечерняя рассылка",
                    tonight,
                    tonight.AddDays(1)));
            }
        }

        return scheduler;
    }

    // Replies before the start (a STOP among them) and a few after it, so polling over time brings new ones.
    private static IEnumerable<EmulatorReply> DemoReplies()
    {
        yield return new EmulatorReply(9001, -3600, "79001110001", ReplyNumber, string.Empty, "STOP");
        yield return new EmulatorReply(9002, -2400, "79001110002", ReplyNumber, string.Empty, "Да, подтверждаю заказ 123");
        yield return new EmulatorReply(9003, -1200, "79001110003", ReplyNumber, string.Empty, " stop please");
        yield return new EmulatorReply(9004, -600, "79001110004", ReplyNumber, "SHOP", "SHOP Спасибо, всё пришло!");
        yield return new EmulatorReply(9005, -600, "79001110005", ReplyNumber, string.Empty, "Stop");
        yield return new EmulatorReply(9006, 90, "79001110006", ReplyNumber, string.Empty, "Когда доставка?");
        yield return new EmulatorReply(9007, 150, "79001110007", ReplyNumber, string.Empty, "STOP");
    }
}

/// <summary>A message in an account's scheduler.</summary>
internal sealed record ScheduledEntry(long Id, DateTime QueuedAt, string? Sender, string Phone, string Type, string? Text, int Parts, string? Campaign, DateTime SendAt, DateTime? ValidUntil);
