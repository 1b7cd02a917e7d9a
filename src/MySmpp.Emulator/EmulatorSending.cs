using System;
using System.Collections.Generic;
using System.Threading;

namespace MySmpp.Emulator;

/// <summary>
/// The sending side of the emulated account(s): balances that decrease with every accepted message and run out,
/// remembered <c>client_id_sms</c> keys, a stop list, a closed destination and sender names in every state.
/// Thread-safe; tests may change it while the server runs.
/// </summary>
public sealed class EmulatorSending
{
    /// <summary>A number on the stop list.</summary>
    public const string StopListedPhone = "79990000000";

    /// <summary>Numbers starting with this prefix are a destination closed to every account.</summary>
    public const string ClosedPrefix = "888";

    /// <summary>The approved sender name.</summary>
    public const string ApprovedSender = "MyShop";

    /// <summary>A sender name still being registered.</summary>
    public const string RegisteringSender = "NewName";

    /// <summary>A sender name moderation refused.</summary>
    public const string RejectedSender = "Spammer";

    /// <summary>A text containing this word is rejected by "moderation".</summary>
    public const string ForbiddenWord = "casino";

    /// <summary>Money every account starts with.</summary>
    public const decimal DefaultBalance = 10000m;

    /// <summary>Price of one SMS part (the <c>Russia</c> direction: every number but MTS's and MegaFon's).</summary>
    public const decimal PricePerPart = 1.25m;

    /// <summary>Price of one SMS part to an MTS number (the <c>МТС</c> direction, see <see cref="EmulatorPhonePlan"/>).</summary>
    public const decimal MtsPricePerPart = 1.40m;

    /// <summary>Price of one SMS part to a MegaFon number (the <c>МегаФон</c> direction).</summary>
    public const decimal MegaFonPricePerPart = 1.10m;

    /// <summary>The first id given to an accepted message (above the synthetic range).</summary>
    public const long FirstMessageId = 3_000_000_000;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, decimal> _balances = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Login, long ClientId), long> _keys = new();
    private long _nextId = FirstMessageId;
    private long _sendRequests;
    private long _balanceRequests;
    private long _accepted;
    private long _alreadySent;
    private long _refused;
    private readonly System.Collections.Concurrent.ConcurrentQueue<ReceivedRecipient> _received = new();
    private long _arrivedRecipients;

    /// <summary>
    /// The sender names and their states (<c>order</c>, <c>completed</c>, <c>rejected</c>), the same for every account.
    /// A test may add names (a hostile gateway's, say) before the first request.
    /// </summary>
    public List<KeyValuePair<string, string>> Senders { get; } =
    [
        new(ApprovedSender, "completed"),
        new(RegisteringSender, "order"),
        new(RejectedSender, "rejected"),
    ];

    /// <summary>The price of one part to <paramref name="phone"/>: its operator's direction, else Russia's.</summary>
    public static decimal PriceFor(string phone) => EmulatorPhonePlan.OperatorArea(phone) switch
    {
        "МТС" => MtsPricePerPart,
        "МегаФон" => MegaFonPricePerPart,
        _ => PricePerPart,
    };

    /// <summary>The stop lists behind sending (set by the server; without it only <see cref="StopListedPhone"/> is refused).</summary>
    internal EmulatorPlatform? Platform { get; set; }

    /// <summary>
    /// What originator.php says besides a name's state (platform-api.md 7.6), by name: the rejected demo name carries the
    /// manager's reason. A test may add entries before the first request.
    /// </summary>
    public Dictionary<string, SenderComment> SenderComments { get; } = new(StringComparer.Ordinal)
    {
        [ApprovedSender] = new SenderComment(null, null, "Our shop", "MTS"),
        [RejectedSender] = new SenderComment(
            "Rejected: the name does not identify the company; send the company's registration documents.",
            "Отклонено: имя не соответствует названию компании, пришлите регистрационные документы.",
            "Promo name",
            null),
    };

    /// <summary>Balance requests received (<c>balance.php</c>, either flavour).</summary>
    public long BalanceRequests => Interlocked.Read(ref _balanceRequests);

    /// <summary>Requests received by <c>/xml/</c>.</summary>
    public long SendRequests => Interlocked.Read(ref _sendRequests);

    /// <summary>Messages accepted (new ids handed out).</summary>
    public long Accepted => Interlocked.Read(ref _accepted);

    /// <summary>Recipients answered "already sent".</summary>
    public long AlreadySent => Interlocked.Read(ref _alreadySent);

    /// <summary>Recipients refused.</summary>
    public long Refused => Interlocked.Read(ref _refused);

    /// <summary>Money every account starts with here (<see cref="DefaultBalance"/> unless the options say otherwise).</summary>
    public decimal StartingBalance { get; init; } = DefaultBalance;

    /// <summary>Whether <see cref="Received"/> records what arrives (off for benchmarks).</summary>
    public bool RecordsReceived { get; init; } = true;

    /// <summary>The most recipients <see cref="Received"/> keeps (the oldest go first).</summary>
    public const int ReceivedLimit = 100_000;

    /// <summary>Every recipient the sending endpoint received, in order, with what it answered (the last <see cref="ReceivedLimit"/>).</summary>
    public IReadOnlyList<ReceivedRecipient> Received => _received.ToArray();

    /// <summary>The account's money.</summary>
    public decimal GetBalance(string login)
    {
        lock (_gate)
        {
            return _balances.TryGetValue(login, out decimal money) ? money : StartingBalance;
        }
    }

    /// <summary>Sets the account's money (e.g. low, to see it run out).</summary>
    public void SetBalance(string login, decimal money)
    {
        lock (_gate)
        {
            _balances[login] = money;
        }
    }

    /// <summary>How many accepted messages carry <paramref name="clientId"/> for the account: 0 or 1, never more.</summary>
    public bool KnowsKey(string login, long clientId)
    {
        lock (_gate)
        {
            return _keys.ContainsKey((login, clientId));
        }
    }

    internal void OnSendRequest() => Interlocked.Increment(ref _sendRequests);

    internal void OnBalanceRequest() => Interlocked.Increment(ref _balanceRequests);

    internal void Record(SendRecipient recipient, SendDecision decision)
    {
        if (!RecordsReceived) return;
        _received.Enqueue(new ReceivedRecipient(recipient.Phone, recipient.ClientId, recipient.Text, recipient.TimeSend, recipient.ValidityPeriod, recipient.Campaign, decision.Text));
        while (_received.Count > ReceivedLimit) _received.TryDequeue(out _);
    }

    /// <summary>True once <paramref name="options"/>' send fault strikes: enough messages were accepted.</summary>
    internal bool FaultStrikes(EmulatorOptions options) => options.SendFault != SendFault.None && Accepted >= options.SendFaultAfter;

    /// <summary>
    /// Counts a send request of <paramref name="recipients"/> as it arrives, and says whether a stalling fault strikes it:
    /// when the requests that arrived before it carried at least <see cref="EmulatorOptions.SendFaultAfter"/> recipients.
    /// Counted on arrival, not on acceptance, so that of several requests arriving together exactly the first ones are
    /// answered, whatever order they are processed in.
    /// </summary>
    internal bool StallStrikes(EmulatorOptions options, int recipients)
    {
        long before = Interlocked.Add(ref _arrivedRecipients, recipients) - recipients;
        return before >= options.SendFaultAfter;
    }

    /// <summary>Accepted messages whose status changes the status webhook has to push (<see cref="CallbackPusher"/>).</summary>
    internal System.Collections.Concurrent.ConcurrentQueue<long> AcceptedForCallbacks { get; } = new();

    /// <summary>Whether accepted ids are queued for the webhook (only while a callback URL is set, so nothing piles up otherwise).</summary>
    internal bool TrackForCallbacks { get; set; }

    internal void OnAccepted(long id)
    {
        if (TrackForCallbacks) AcceptedForCallbacks.Enqueue(id);
    }

    /// <summary>Decides one recipient atomically: de-duplication, checks, charge, new id.</summary>
    internal SendDecision Decide(string login, SendRecipient recipient, EmulatorOptions options)
    {
        if (recipient.Phone.Length == 0) return Refuse(SendTexts.NoPhone);
        if (recipient.Phone.Length > 15) return Refuse(SendTexts.PhoneTooLong);
        lock (_gate)
        {
            long? stored = recipient.ClientId is long given ? Stored(given, options.ClientIdStorage) : null;
            if (stored is long key && _keys.TryGetValue((login, key), out long earlier))
            {
                Interlocked.Increment(ref _alreadySent);
                return new SendDecision(earlier, 0, SendTexts.AlreadySent);
            }

            if (FaultStrikes(options))
            {
                switch (options.SendFault)
                {
                    case SendFault.Lock:
                        return Refuse(options.Dialect == EmulatorDialect.Live ? SendTexts.AccountLocked : ErrorTexts.AccountLocked);
                    case SendFault.Refuse:
                        return Refuse(SendTexts.DestinationClosed);
                }
            }

            if (Platform?.IsStopListed(login, recipient.Phone) ?? recipient.Phone == StopListedPhone) return Refuse(SendTexts.StopListed);
            if (recipient.Phone.StartsWith(ClosedPrefix, StringComparison.Ordinal)) return Refuse(SendTexts.DestinationClosed);
            if (recipient.SmsChannel)
            {
                if (string.IsNullOrEmpty(recipient.Sender)) return Refuse(SendTexts.NoSender);
                string? state = null;
                foreach (KeyValuePair<string, string> sender in Senders)
                {
                    if (string.Equals(sender.Key, recipient.Sender, StringComparison.OrdinalIgnoreCase)) state = sender.Value;
                }

                if (state is null) return Refuse(SendTexts.UnknownSender);
                if (state != "completed") return Refuse(SendTexts.SenderNotModerated);
            }

            if (string.IsNullOrEmpty(recipient.Text)) return Refuse(SendTexts.NoText);
            if (recipient.Text.Contains(ForbiddenWord, StringComparison.OrdinalIgnoreCase)) return Refuse(SendTexts.TextRejected);

            int parts = EmulatorTextParts.Count(recipient.Text);
            decimal price = options.ViberPrice is decimal viber && recipient.ViberChannel
                ? viber + (recipient.SmsChannel ? parts * PriceFor(recipient.Phone) : 0m)
                : parts * PriceFor(recipient.Phone);
            decimal money = _balances.TryGetValue(login, out decimal m) ? m : StartingBalance;
            if (money < price) return Refuse(SendTexts.InsufficientFunds);
            _balances[login] = money - price;
            long id = _nextId++;
            if (stored is long newKey) _keys[(login, newKey)] = id;
            Interlocked.Increment(ref _accepted);
            return new SendDecision(id, parts, SendTexts.Accepted, price);
        }
    }

    // What a narrower key column makes of a key.
    private static long Stored(long key, ClientIdStorage storage) => storage switch
    {
        ClientIdStorage.Int32 => Math.Min(key, int.MaxValue),
        ClientIdStorage.Double => (long)(double)key,
        _ => key,
    };

    private SendDecision Refuse(string text)
    {
        Interlocked.Increment(ref _refused);
        return new SendDecision(null, 0, text);
    }
}

/// <summary>The comments of a sender name in originator.php: the manager's (<c>history</c>) in English and Russian, the client's, the operator.</summary>
/// <param name="History">The manager's comment as the documented dialect answers it.</param>
/// <param name="HistoryRussian">The manager's comment as the live dialect answers it.</param>
/// <param name="Comment">The client's own comment.</param>
/// <param name="Operator">The operator.</param>
public sealed record SenderComment(string? History, string? HistoryRussian, string? Comment, string? Operator);
