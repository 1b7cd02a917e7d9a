using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading;
using MySmpp.Account;
using MySmpp.Client;
using MySmpp.Errors;
using MySmpp.PhoneInfo;
using MySmpp.Protocol;
using MySmpp.Sending;

namespace MySmpp.Spending;

/// <summary>
/// Applies a send's rules (<see cref="SmsSendRules"/>) to its recipients on their way into an
/// <see cref="SmsSendOperation"/>, in input order, in chunks of the session's BatchSize: for each chunk, one
/// <c>def.php</c> request for the numbers the session does not know yet (<see cref="PhoneInfoCache"/>), when the quiet
/// hours or the balance's operator-level prices need them; then each recipient is handed to the operation as it is,
/// moved out of its quiet hours (<see cref="SmsMessage.SendAt"/>), or refused in its place
/// (<see cref="SendRefusal.SpendCapExceeded"/>, <see cref="SendRefusal.PriceUnknown"/>). Memory stays bounded by the
/// chunk. A recipient whose phone or fields the operation will refuse anyway is handed over unplanned (and not counted
/// against the cap). A lookup that fails stops the operation with the reason, so the chunk's recipients and every later
/// one come out not sent, with their keys; so do recipients still held when the operation stopped for any other reason.
/// Use from one thread.
/// </summary>
/// <remarks>
/// The cap: the account's balance is read once, over <c>xml/balance.php</c> (the answer documented with prices), and
/// each recipient is estimated by <see cref="SpendEstimator"/> and admitted by <see cref="SpendCap"/>, so the estimated
/// spend of what is sent never exceeds the cap and what is sent is a prefix of the input (but for recipients without a
/// price, refused on their own). The estimate is an upper bound of what the gateway will charge as far as the balance
/// tells: it counts the SMS fallback of ViberThenSms, Cyrillic as if not transliterated, and every admitted recipient
/// even if the gateway then refuses it or answers "already sent".
/// <para>
/// Quiet hours: a recipient is moved when the time its message would go out (now, or its own <c>SendAt</c> if later)
/// falls inside the window in its local time (<see cref="SmsPhoneInfo.UtcOffset"/>, Moscow time when unknown), or
/// within <see cref="Lead"/> of it; it is then scheduled for the window's end, its next allowed minute, as a UTC time
/// the operation writes in the account's time. A <c>SendAt</c> already past is left for the operation to refuse. A
/// recipient whose <c>ValidUntil</c> comes before its next allowed minute is refused (<c>MySmpp.InvalidArgument</c>).
/// </para>
/// </remarks>
internal sealed class SendRulePlanner
{
    /// <summary>
    /// How soon a window may start and still count as begun: a message planned for now takes a moment to reach the
    /// phone (its request, retries, the gateway's queue), and must not arrive in the first minutes of the quiet hours.
    /// </summary>
    public static readonly TimeSpan Lead = TimeSpan.FromMinutes(5);

    private readonly MySmppClient _client;
    private readonly SmsSendOperation _operation;
    private readonly Action<string>? _log;
    private readonly CancellationToken _cancellationToken;
    private readonly int _chunkSize;
    private readonly bool _any;
    private readonly List<SmsMessage> _waiting = new List<SmsMessage>();
    private readonly SpendCap? _cap;
    private readonly QuietHoursPlanner? _quiet;
    private SpendEstimator? _estimator;
    private bool _pricesNeedPhoneInfo;
    private AccountTime? _accountTime;

    // The plans of the waiting chunk, once made, and how many of its recipients were handed over.
    private Plan[]? _plans;
    private int _handed;
    private bool _summarized;

    /// <summary>Creates a planner for one send.</summary>
    /// <param name="client">The session: its balance, numbering plan, clock and account time.</param>
    /// <param name="operation">The send the recipients go to.</param>
    /// <param name="rules">The rules; with none, <see cref="Add"/> hands every recipient straight over.</param>
    /// <param name="cancellationToken">Stops the lookups (Ctrl+C).</param>
    /// <exception cref="ArgumentOutOfRangeException">The cap is negative.</exception>
    /// <exception cref="ArgumentException">The quiet-hours window is empty (a default value).</exception>
    public SendRulePlanner(MySmppClient client, SmsSendOperation operation, SmsSendRules rules, CancellationToken cancellationToken = default)
    {
        _client = client ?? throw new ArgumentNullException(nameof(client));
        _operation = operation ?? throw new ArgumentNullException(nameof(operation));
        if (rules == null) throw new ArgumentNullException(nameof(rules));
        _log = rules.Log;
        _cancellationToken = cancellationToken;
        _chunkSize = client.Options.BatchSize;
        _any = rules.Any;
        if (rules.MaxTotalCost is decimal cap) _cap = new SpendCap(cap);

        // Plans are made in UTC (an account offset of zero); the operation writes them in the account's time.
        if (rules.QuietHours is QuietHoursWindow window) _quiet = new QuietHoursPlanner(window, TimeSpan.Zero);
    }

    /// <summary>Recipients the rules were applied to (with a valid phone and fields).</summary>
    public int Planned { get; private set; }

    /// <summary>Recipients moved out of their quiet hours.</summary>
    public int Moved { get; private set; }

    /// <summary>Recipients planned under quiet hours whose time zone is unknown (taken as Moscow time).</summary>
    public int UnknownZones { get; private set; }

    /// <summary>Recipients refused because the cap was reached (<see cref="SendRefusal.SpendCapExceeded"/>).</summary>
    public int OverCap { get; private set; }

    /// <summary>Recipients refused because no price is known for them (<see cref="SendRefusal.PriceUnknown"/>).</summary>
    public int PriceUnknown { get; private set; }

    /// <summary>Recipients the quiet hours refused: their validity ends before their next allowed minute (or none could be planned).</summary>
    public int QuietHoursRefused { get; private set; }

    /// <summary>The estimated spend of the recipients admitted so far (0 without a cap).</summary>
    public decimal EstimatedSpend => _cap?.Total ?? 0m;

    /// <summary>Takes the next recipient; hands a chunk to the operation once it is full.</summary>
    public void Add(SmsMessage message)
    {
        if (message == null) throw new ArgumentNullException(nameof(message));
        if (!_any)
        {
            _operation.Add(message);
            return;
        }

        _waiting.Add(message);
        if (_waiting.Count >= _chunkSize) Flush();
    }

    /// <summary>Plans the recipients held and hands them to the operation (unplanned, to come out not sent, once it stopped).</summary>
    public void Flush()
    {
        if (_waiting.Count == 0) return;
        if (_plans == null && _operation.StopReason == null)
        {
            try
            {
                _plans = PlanChunk();
            }
            catch (MySmppException ex)
            {
                _operation.Stop(ex);
            }
        }

        for (; _handed < _waiting.Count; _handed++)
        {
            SmsMessage message = _waiting[_handed];
            Plan? plan = _plans?[_handed];
            if (plan?.Refusal is SendRefusal refusal)
            {
                _operation.AddRefused(message, plan.Phone, refusal, plan.Problem!, plan.Field);
            }
            else
            {
                // Unplanned only once the operation stopped: it then accounts for the recipient as not sent.
                _operation.Add(plan?.Message ?? message);
            }
        }

        _waiting.Clear();
        _plans = null;
        _handed = 0;
    }

    /// <summary>Hands over what is held (<see cref="Flush"/>) and logs, once, what the rules did.</summary>
    public void Finish()
    {
        Flush();
        if (_summarized || !_any) return;
        _summarized = true;
        if (_quiet != null)
        {
            _log?.Invoke(string.Format(
                CultureInfo.InvariantCulture,
                "Quiet hours {0}: {1} of {2} moved to the end of their quiet hours (time_send){3}{4}.",
                _quiet.Window,
                Moved,
                Recipients(Planned),
                UnknownZones == 0 ? string.Empty : "; " + Recipients(UnknownZones) + " of unknown time zone taken as Moscow time",
                QuietHoursRefused == 0 ? string.Empty : "; " + Recipients(QuietHoursRefused) + " refused, valid only until within their quiet hours"));
        }

        if (_cap != null)
        {
            _log?.Invoke(string.Format(
                CultureInfo.InvariantCulture,
                "Spend cap {0}: estimated spend {1} for {2}; refused: {3} over the cap, {4} without a known price.",
                Money(_cap.Cap),
                Money(_cap.Total),
                Recipients(_cap.Admitted),
                OverCap,
                PriceUnknown));
        }
    }

    private static string Recipients(int n) => n.ToString(CultureInfo.InvariantCulture) + (n == 1 ? " recipient" : " recipients");

    private static string Money(decimal value) => value.ToString("0.00##", CultureInfo.InvariantCulture);

    private Plan[] PlanChunk()
    {
        var phones = new string?[_waiting.Count];
        for (int i = 0; i < phones.Length; i++)
        {
            SmsMessage message = _waiting[i];
            if (PhoneNumber.TryNormalize(message.Phone, out string phone, out _) && SmsMessageRules.Check(message, out _) == null) phones[i] = phone;
        }

        if (_cap != null && _estimator == null) ReadPrices();
        // Once the cap is closed every later recipient is refused whatever its operator: no lookup for prices then.
        bool needInfo = _quiet != null || (_pricesNeedPhoneInfo && !_cap!.IsClosed);
        Dictionary<string, SmsPhoneInfo>? infos = needInfo ? LookUp(phones) : null;
        DateTime now = _client.Clock.UtcNow.UtcDateTime;
        var plans = new Plan[phones.Length];
        for (int i = 0; i < phones.Length; i++)
        {
            string? phone = phones[i];
            if (phone == null)
            {
                plans[i] = new Plan(_waiting[i], string.Empty, null, null);
                continue;
            }

            SmsPhoneInfo? info = null;
            infos?.TryGetValue(phone, out info);
            plans[i] = PlanOne(_waiting[i], phone, info, now);
        }

        return plans;
    }

    private Plan PlanOne(SmsMessage message, string phone, SmsPhoneInfo? info, DateTime now)
    {
        Planned++;
        SmsMessage planned = message;
        if (_quiet != null)
        {
            if (info?.UtcOffset == null) UnknownZones++;
            string? problem = Quiet(message, phone, info?.UtcOffset, now, ref planned);
            if (problem != null)
            {
                QuietHoursRefused++;
                return new Plan(message, phone, SendRefusal.InvalidMessage, problem, SmsMessageField.QuietHours);
            }
        }

        if (_cap != null)
        {
            SpendEstimate estimate = _estimator!.Estimate(phone, message.Text, message.Channel, info);
            bool wasClosed = _cap.IsClosed;
            SpendDecision decision = _cap.Admit(estimate);
            string cap = "Spend cap " + Money(decision.Cap) + ": ";

            // Once the cap is reached every later recipient is refused for that, priced or not (and its operator is no
            // longer looked up): the same error whatever the chunks, and what was sent is plainly the part before it.
            if (decision.Refusal == SpendRefusal.NoPrice && !wasClosed)
            {
                PriceUnknown++;
                return new Plan(message, phone, SendRefusal.PriceUnknown, cap + "no price is known for the message to " + phone
                    + " (" + estimate.Problem + "; the account's balance lists the prices), so its cost cannot be capped. It was not sent.", SmsMessageField.SpendCap);
            }

            if (decision.Refusal != SpendRefusal.None)
            {
                OverCap++;
                return new Plan(message, phone, SendRefusal.SpendCapExceeded, !wasClosed
                    ? cap + "the message to " + phone + " is estimated at " + Money(estimate.Cost!.Value) + " (" + Detail(estimate) + "), which would take this command's estimated spend of "
                        + Money(decision.TotalAfter) + " over the cap. It was not sent, nor is any later recipient of this command."
                    : cap + "the cap was reached earlier in this command (estimated spend " + Money(decision.TotalAfter) + "), so the message to " + phone
                        + (estimate.Cost.HasValue ? " (estimated " + Money(estimate.Cost.Value) + ")" : string.Empty) + " was not sent.", SmsMessageField.SpendCap);
            }
        }

        if (!ReferenceEquals(planned, message)) Moved++;
        return new Plan(planned, phone, null, null);
    }

    // Moves the message out of the recipient's quiet hours (planned becomes a copy with SendAt in UTC), or says why it cannot be sent.
    private string? Quiet(SmsMessage message, string phone, TimeSpan? zone, DateTime now, ref SmsMessage planned)
    {
        DateTime moment = now;
        if (message.SendAt.HasValue)
        {
            DateTime at = ToUtc(message.SendAt.Value);
            if (at < now - SmsSendOperation.PastTolerance) return null; // already past: the operation refuses it, as without quiet hours
            if (at > now) moment = at;
        }

        DateTime? allowed;
        try
        {
            var when = new DateTimeOffset(moment, TimeSpan.Zero);
            allowed = _quiet!.Plan(zone, when) ?? _quiet.Plan(zone, when + Lead);
        }
        catch (ArgumentOutOfRangeException)
        {
            return "Quiet hours: no time to send to " + phone + " can be planned from the scheduled time " + XmlSendCodec.WireMinute(message.SendAt ?? moment) + ". It was not sent.";
        }

        if (!allowed.HasValue) return null;
        DateTime sendAt = DateTime.SpecifyKind(allowed.Value, DateTimeKind.Utc);
        if (message.ValidUntil.HasValue && ToUtc(message.ValidUntil.Value) <= sendAt)
        {
            TimeSpan offset = QuietHoursPlanner.RecipientOffset(zone);
            return "Quiet hours " + _quiet.Window + ": it is quiet time for " + phone + " (UTC" + (offset < TimeSpan.Zero ? "-" : "+") + offset.Duration().ToString(@"hh\:mm", CultureInfo.InvariantCulture)
                + (zone.HasValue ? string.Empty : ", unknown zone taken as Moscow time") + ") until " + XmlSendCodec.WireMinute(sendAt + offset)
                + " there, and the end of validity comes before that. It was not sent.";
        }

        planned = message.Clone();
        planned.SendAt = sendAt;
        return null;
    }

    private DateTime ToUtc(DateTime value)
    {
        if (value.Kind != DateTimeKind.Unspecified) return value.Kind == DateTimeKind.Utc ? value : value.ToUniversalTime();
        AccountTime clock = _accountTime ??= _client.GetAccountTime(_operation.TimeLeft, _log, _cancellationToken);
        return clock.ToUtc(value);
    }

    private void ReadPrices()
    {
        MySmppBalance balance;
        try
        {
            balance = _client.GetPricedBalanceAsync(_log, _cancellationToken).GetAwaiter().GetResult();
        }
        catch (MySmppException ex)
        {
            throw ErrorCopy.With(ex, message: "The spend cap needs the account's prices, and reading them (balance.php) failed: " + CommandGuards.Sentence(ex.Message));
        }

        _estimator = new SpendEstimator(balance);
        _pricesNeedPhoneInfo = DirectionMatch.NeedsPhoneInfo(balance.Directions);
        _log?.Invoke("Spend cap: prices from " + balance.Directions.Count.ToString(CultureInfo.InvariantCulture) + " balance direction(s)"
            + (_pricesNeedPhoneInfo ? ", some per operator or region: the recipients' operators are looked up (def.php)." : "."));
    }

    // One def.php request for the chunk's numbers the session does not know yet.
    private Dictionary<string, SmsPhoneInfo> LookUp(string?[] phones)
    {
        var found = new Dictionary<string, SmsPhoneInfo>(StringComparer.Ordinal);
        var ask = new List<string>();
        var asked = new HashSet<string>(StringComparer.Ordinal);
        PhoneInfoCache cache = _client.PhoneInfoCache;
        foreach (string? phone in phones)
        {
            if (phone == null || found.ContainsKey(phone) || asked.Contains(phone)) continue;
            if (cache.TryGet(phone, out SmsPhoneInfo? known)) found.Add(phone, known!);
            else if (asked.Add(phone)) ask.Add(phone);
        }

        if (ask.Count == 0) return found;
        ItemList<SmsPhoneInfo> answered;
        try
        {
            answered = _client.GetPhoneInfoAsync(ask, _log, _cancellationToken).GetAwaiter().GetResult();
        }
        catch (MySmppException ex)
        {
            string why = _quiet != null ? "Quiet hours need the recipients' time zones" : "The spend cap needs the recipients' operators";
            throw ErrorCopy.With(ex, message: why + ", and looking them up (def.php) failed: " + CommandGuards.Sentence(ex.Message));
        }

        foreach (SmsPhoneInfo info in answered.Items) found[info.Phone] = info;
        int missing = ask.Count - answered.Items.Count;
        if (missing > 0)
        {
            _log?.Invoke("def.php said nothing usable about " + missing.ToString(CultureInfo.InvariantCulture) + " of the " + ask.Count.ToString(CultureInfo.InvariantCulture)
                + " numbers asked: they are taken as of unknown operator and time zone (Moscow time)."
                + (answered.Problems.Count > 0 ? " " + answered.Problems[0] : string.Empty));
        }

        return found;
    }

    private static string Detail(SpendEstimate estimate)
    {
        var parts = new List<string>(2);
        if (estimate.SmsDirection != null)
        {
            int count = estimate.Text.Parts;
            parts.Add(count.ToString(CultureInfo.InvariantCulture) + (count == 1 ? " SMS part" : " SMS parts") + " (" + estimate.Text.Encoding + ") × "
                + Money(DirectionMatch.PriceOf(estimate.SmsDirection)!.Value) + " of " + Direction(estimate.SmsDirection));
        }

        if (estimate.ViberDirection != null) parts.Add("a Viber message × " + Money(DirectionMatch.PriceOf(estimate.ViberDirection)!.Value) + " of " + Direction(estimate.ViberDirection));
        return string.Join(" + ", parts);
    }

    private static string Direction(MySmppBalanceDirection direction) => direction.Kind + " " + (string.IsNullOrEmpty(direction.Area) ? "(any area)" : direction.Area);

    /// <summary>What becomes of one recipient: the message to send (maybe moved), or a refusal.</summary>
    private sealed class Plan
    {
        public Plan(SmsMessage message, string phone, SendRefusal? refusal, string? problem, SmsMessageField field = SmsMessageField.None)
        {
            Message = message;
            Phone = phone;
            Refusal = refusal;
            Problem = problem;
            Field = field;
        }

        public SmsMessageField Field { get; }

        public SmsMessage Message { get; }

        public string Phone { get; }

        public SendRefusal? Refusal { get; }

        public string? Problem { get; }
    }
}
