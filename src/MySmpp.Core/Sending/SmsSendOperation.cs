using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using System.Xml;
using MySmpp.Account;
using MySmpp.Client;
using MySmpp.Errors;
using MySmpp.Http;
using MySmpp.Journal;
using MySmpp.Spending;

namespace MySmpp.Sending;

/// <summary>
/// A streaming send: recipients go in one at a time (<see cref="Add"/>), are batched into requests (many
/// <c>&lt;abonent&gt;</c> per request), several requests are in flight, and outcomes come out in input order
/// (<see cref="TakeCompleted"/>, then <see cref="Finish"/>). Every recipient comes out exactly once, with its
/// <see cref="SmsSendOutcome.Fate"/>, whatever ends the operation: a refusal, a locked account, <see cref="Stop"/>,
/// <see cref="Cancel"/>, a disconnected session, the time limit. Neither <see cref="Finish"/> nor
/// <see cref="TakeCompleted"/> throws for those: the outcomes say what happened, and <see cref="StopReason"/> why the
/// operation stopped sending.
/// </summary>
/// <remarks>
/// <para>
/// Idempotent by construction: every recipient carries a <c>client_id_sms</c> (the caller's or a generated one, see
/// <see cref="ClientIdGenerator"/>) before its request is written, and a request whose answer is lost is sent again byte
/// for byte, so the gateway sees the same keys and does not send twice; it answers "already sent", reported as
/// <see cref="SmsSendFate.AlreadySent"/>. A request the gateway refused as a whole (HTTP 413, a "document format" error)
/// was not acted on and is split, like a status query's. Two rows of one command with one key are the same message when
/// their phones and texts agree (the later one is not sent again and mirrors the first), and refused otherwise.
/// </para>
/// <para>Use from one thread at a time; <see cref="Stop"/> and <see cref="Cancel"/> from any thread.</para>
/// </remarks>
public sealed class SmsSendOperation : IDisposable
{
    private const string DisconnectedMessage = "The session was disconnected.";

    // The ErrorId a generated key that met one the gateway knew is refused with (it was not sent).
    private static readonly string CollisionErrorId = MySmppSendRefusedException.ErrorIdOf(SendRefusal.ClientIdCollision);

    // A scheduled time this far in the past is the clock's drift, not a mistake.
    internal static readonly TimeSpan PastTolerance = TimeSpan.FromMinutes(1);

    // With a send journal, batches under way per request in flight (see _requestTurns).
    internal const int JournaledBatchesPerRequest = 3;

    private readonly MySmppClient _client;
    private readonly GatewayTransport _transport;
    private readonly GatewayEndpoint _endpoint;
    private readonly RetryDelay _retryDelay;
    private readonly int _batchSize;
    private readonly Action<string>? _log;
    private readonly OrderedBatchPipeline<SendBatch, Slot, SmsSendOutcome> _pipeline;
    private readonly CommandContext _command;
    private readonly ClientIdGenerator _keys = new ClientIdGenerator();

    // The caller's keys seen so far: a second row with the same key is the same message or a mistake.
    private readonly Dictionary<long, KeyUse> _givenKeys = new Dictionary<long, KeyUse>();

    // Every id_sms handed out in this command: the gateway giving one to two recipients is an answer not to trust.
    private readonly HashSet<long> _ids = new HashSet<long>();

    // The send journal's side of the write-ahead contract; null when the command sends without one.
    private readonly SendJournaling? _journal;

    // Recipients with a key that were not sent because the operation had stopped, waiting to be journaled (pipeline
    // thread only): the journal holds every recipient the command received, so Resume-SmsSend can finish them.
    private readonly List<PreparedRecipient> _unsent = new List<PreparedRecipient>();

    // With a send journal, the requests in flight (MaxConcurrency) are counted here, and the pipeline keeps more batches
    // under way than that: a batch's intents are written before its request and its answers after it, and the journal
    // writes every batch's in turn, so with no more batches than requests the journal's writes and the requests would
    // take turns. With more, the batches waiting on the journal are written in groups (SendJournaling) while others'
    // requests are in flight; the requests still leave in input order.
    private readonly RequestTurns? _requestTurns;

    // The first session-fatal error an answer carried, for batches still waiting for a request slot (from any thread).
    private volatile MySmppException? _fatalAnswer;
    private AccountTime? _accountTime;
    private long _position;
    private int _journalRunEnded;

    internal SmsSendOperation(MySmppClient client, GatewayTransport transport, SmsSendOptions options, CancellationToken lifetime, CancellationToken cancellationToken)
    {
        _client = client;
        _transport = transport;
        MySmppSessionOptions session = transport.Options;
        _batchSize = options.BatchSize ?? session.BatchSize;
        if (_batchSize < 1) throw new ArgumentOutOfRangeException(nameof(options), "BatchSize must be at least 1.");
        _log = options.Log;
        if (options.JobName != null && options.Journal == null) throw new ArgumentException("A job name needs a send journal.", nameof(options));
        if (options.Journal != null)
        {
            SendJournalAccount account = options.JournalAccount ?? throw new ArgumentException("A send journal needs its account.", nameof(options));
            ClientClock clock = session.Clock;
            _journal = new SendJournaling(options.Journal, account, options.JobName, () => clock.UtcNow);
        }

        _endpoint = transport.Endpoint(XmlSendCodec.RelativePath, XmlSendCodec.MediaType, "XML");
        _retryDelay = new RetryDelay(session.RetryBaseDelay, session.RetryMaxDelay, session.Clock);
        int batchesUnderWay = session.MaxConcurrency;
        if (_journal != null)
        {
            _requestTurns = new RequestTurns(session.MaxConcurrency);
            batchesUnderWay = session.MaxConcurrency * JournaledBatchesPerRequest;
        }

        _pipeline = new OrderedBatchPipeline<SendBatch, Slot, SmsSendOutcome>(
            new Owner(this),
            PipelineStopMode.Drain,
            batchesUnderWay,
            Statistics,
            cancellationToken,
            lifetime,
            DisconnectedMessage);
        _command = new CommandContext(session, null, Statistics, _log, _pipeline.Token, _batchSize);
    }

    /// <summary>Traffic counters.</summary>
    public SendStatistics Statistics { get; } = new SendStatistics();

    /// <summary>Recipients added but not yet handed out.</summary>
    public int Pending => _pipeline.Pending;

    /// <summary>
    /// Why the operation no longer sends, once it does not: a session-fatal answer (bad credentials, a locked account),
    /// <see cref="Stop"/>'s reason, a disconnected session or a cancellation; null while it still sends.
    /// </summary>
    public MySmppException? StopReason => _pipeline.StopReason;

    /// <summary>The time left before the command's time limit (the session's OperationTimeout), if it has one.</summary>
    public TimeSpan? TimeLeft => _command.Deadline.Limit.HasValue ? _command.Deadline.Remaining : (TimeSpan?)null;

    /// <summary>
    /// Checks and adds one recipient. A recipient refused before sending (bad phone, a field over its limit, a time
    /// already past, a key another row uses for another message, a job row that changed) comes out in its place as an
    /// error; so does one added after the operation stopped sending (<see cref="SmsSendFate.NotSent"/>). Sends a batch
    /// when one fills up; blocks only while the maximum number of requests is in flight (with a send journal: while three
    /// times as many batches are under way, their intents written or being written, the requests still at most the
    /// maximum).
    /// </summary>
    /// <returns>The idempotency key the recipient will carry, or null when it was refused before sending.</returns>
    /// <exception cref="MySmppJournalException">
    /// The send journal could not be written, or a job's earlier rows read, at the first recipient (nothing was sent; the
    /// call may be tried again); later journal failures stop the operation instead (<see cref="StopReason"/>).
    /// </exception>
    public long? Add(SmsMessage message)
    {
        if (message == null) throw new ArgumentNullException(nameof(message));
        return AddRecipient(message, null);
    }

    /// <summary>
    /// Adds a journal entry whose fate is unknown, to be sent again with its own key (<c>Resume-SmsSend</c>): the gateway
    /// answers "already sent" for what had gone out and sends what had not. Its outcome is recorded against the entry;
    /// no new entry is written. Otherwise as <see cref="Add"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">The operation has no send journal.</exception>
    public long? Resend(SmsJournalEntry entry)
    {
        if (entry == null) throw new ArgumentNullException(nameof(entry));
        if (_journal == null) throw new InvalidOperationException("Sending a journal entry again needs the operation's send journal.");
        SmsMessage? message = entry.ToMessage();
        if (message != null) return AddRecipient(message, entry.EntryId);

        // Texts are dropped only once the gateway's answer was known; a journal that lost them cannot resend the entry.
        Statistics.AddRecipient();
        var described = new SmsMessage { Phone = entry.Phone, ClientId = entry.ClientId, Sender = entry.Sender, Channel = entry.Channel, CampaignName = entry.CampaignName };
        Ready(Refused(_position++, described, entry.Phone, entry.ClientId, SendRefusal.InvalidMessage,
            "The send journal no longer holds the text of entry " + entry.EntryId.ToString(CultureInfo.InvariantCulture) + " (" + entry.Phone + "); it was not sent again."));
        return null;
    }

    private long? AddRecipient(SmsMessage message, long? journalEntry)
    {
        if (_pipeline.IsFinished) throw new InvalidOperationException("The operation is finished; start a new one.");

        // The command's first journal write: a journal that cannot be written stops it here, before anything is sent.
        _journal?.Begin();
        Statistics.AddRecipient();
        long position = _position++;
        SmsMessage given = message.Clone();

        if (!PhoneNumber.TryNormalize(given.Phone, out string phone, out string phoneProblem))
        {
            string shown = ServerText.Clean(given.Phone);
            Ready(new SmsSendOutcome(position, given, shown, given.ClientId, SmsSendFate.Refused, null,
                new MySmppSendRefusedException(phoneProblem, SendRefusal.InvalidPhone, shown, given.ClientId, field: SmsMessageField.Phone)));
            return null;
        }

        string? problem = SmsMessageRules.Check(given, out SmsMessageField field);
        SmsMessage wire = problem == null ? InAccountTime(given, out problem, out field) : given;
        if (problem != null)
        {
            Ready(Refused(position, given, phone, given.ClientId, SendRefusal.InvalidMessage, problem, field));
            return null;
        }

        // A named job: the row an earlier run reached at this position keeps its key, or is already done.
        long? reusedKey = null;
        SendJournalJobEntry? earlier;
        try
        {
            earlier = journalEntry == null ? _journal?.EarlierRow(position + 1) : null;
        }
        catch (MySmppJournalException ex)
        {
            // The job's earlier rows could not be read on, so whether this row has a key from an earlier run is unknown: it
            // is neither sent nor journaled (a new key could send it twice), and running the job again finds it. Nothing
            // more leaves; requests in flight finish and are reported.
            _pipeline.Stop(ex);
            Ready(NotSent(position, given, phone, given.ClientId, ex));
            return null;
        }

        if (earlier != null)
        {
            string? changed = JobRowChange(earlier, given, phone, position + 1);
            if (changed != null)
            {
                Ready(Refused(position, given, phone, given.ClientId, SendRefusal.JobRowChanged, changed));
                return null;
            }

            if (earlier.Outcome == SendJournalOutcomeKind.Refused && string.Equals(earlier.ErrorId, CollisionErrorId, StringComparison.Ordinal))
            {
                // The gateway took the row's key for another message's: sent again under it, the row would only be answered
                // "already sent" (and, being a resend, believed), while nothing was ever sent for it.
                Ready(Refused(position, given, phone, earlier.ClientId, SendRefusal.ClientIdCollision,
                    "Row " + (position + 1).ToString(CultureInfo.InvariantCulture) + " of job '" + _journal!.JobName + "' was refused in an earlier run because the gateway answered \"already sent\" to its key (client_id_sms "
                    + earlier.ClientId.ToString(CultureInfo.InvariantCulture) + "), which it takes for another message's. It was NOT sent, then or now: send it outside this job, or under a new job name, with client ids of your own that the gateway can tell apart."));
                return null;
            }

            if (IsDone(earlier))
            {
                Ready(SentBefore(position, given, phone, earlier));
                return earlier.ClientId;
            }

            journalEntry = earlier.EntryId;
            reusedKey = earlier.ClientId;
        }

        MySmppException? stopped = _pipeline.StopReason;
        if (stopped != null)
        {
            // Still a key, so the recipient can be sent later as it stands (a generated key is as good as a new one).
            long unsent = reusedKey ?? given.ClientId ?? _keys.Next();
            SmsSendOutcome notSent = NotSent(position, given, phone, unsent, stopped);
            KeepUnsent(new PreparedRecipient(position, given, wire, phone, unsent, keyGenerated: false) { JournalEntry = journalEntry, IsResend = journalEntry.HasValue, Outcome = notSent });
            Ready(notSent);
            return unsent;
        }

        long key;
        if (reusedKey is long earlierKey)
        {
            key = earlierKey;
        }
        else if (given.ClientId is long givenKey)
        {
            ulong content = wire.ContentHash(phone);
            if (_givenKeys.TryGetValue(givenKey, out KeyUse? earlierUse))
            {
                if (earlierUse.Content == content)
                {
                    // The same message again under its key: not sent twice; it comes out as the first one did.
                    _pipeline.Enqueue(Slot.Twin(earlierUse.Batch, earlierUse.Recipient, position, given));
                    return givenKey;
                }

                RefuseSharedKey(earlierUse, position, given, phone, givenKey);
                return null;
            }

            key = givenKey;
        }
        else
        {
            key = _keys.Next();
        }

        var recipient = new PreparedRecipient(position, given, wire, phone, key, keyGenerated: !given.ClientId.HasValue && !reusedKey.HasValue)
        {
            JournalEntry = journalEntry,
            IsResend = journalEntry.HasValue,
        };

        // An earlier command's request may have carried it: "already sent" is then the gateway keeping its word.
        if (journalEntry.HasValue) recipient.MarkMayHaveArrived();
        SendBatch batch = _pipeline.Filling;
        batch.Recipients.Add(recipient);
        if (given.ClientId.HasValue && !reusedKey.HasValue) _givenKeys.Add(key, new KeyUse(wire.ContentHash(phone), batch, recipient));
        _pipeline.Enqueue(Slot.Of(batch, recipient));
        if (batch.Recipients.Count >= _batchSize) _pipeline.SendFilling();
        return key;
    }

    /// <summary>
    /// Counts input rows the caller did not give to the operation (declined under -Confirm, a record refused whole before
    /// its phones were read), so that every later row keeps its place in the input: a named job matches its rows to an
    /// earlier run's by that place, and a row moved to a place an earlier run never reached would go out again under a
    /// new key.
    /// </summary>
    internal void SkipRows(int count)
    {
        if (count < 0) throw new ArgumentOutOfRangeException(nameof(count), count, "A count of rows is not negative.");
        if (_pipeline.IsFinished) throw new InvalidOperationException("The operation is finished; start a new one.");
        _position += count;
    }

    /// <summary>
    /// Adds a recipient that a sending rule refused before sending (<see cref="SendRulePlanner"/>): it comes out in its
    /// place as <see cref="SmsSendFate.Refused"/> with <paramref name="problem"/>, and nothing of it is sent.
    /// </summary>
    /// <exception cref="MySmppJournalException">For a named job, the journal could not be written at the first recipient.</exception>
    internal void AddRefused(SmsMessage message, string phone, SendRefusal refusal, string problem, SmsMessageField field)
    {
        if (_pipeline.IsFinished) throw new InvalidOperationException("The operation is finished; start a new one.");
        Statistics.AddRecipient();
        SmsMessage given = message.Clone();
        long position = _position++;

        // A named job's row that an earlier run saw accepted is done, whatever the rules say now: it comes out as sent, never
        // as "not sent", which a user could take as a reason to send it again by hand.
        SendJournalJobEntry? earlier = _journal?.JobName == null ? null : EarlierUnchangedRow(position, given, phone);
        Ready(earlier != null && IsDone(earlier) ? SentBefore(position, given, phone, earlier) : Refused(position, given, phone, given.ClientId, refusal, problem, field));
    }

    // The row an earlier run of the job had at this position, when it is still this row; null when there is none, it
    // changed, or the job's rows cannot be read (the next recipient added meets that failure).
    private SendJournalJobEntry? EarlierUnchangedRow(long position, SmsMessage given, string phone)
    {
        _journal!.Begin();
        SendJournalJobEntry? earlier;
        try
        {
            earlier = _journal.EarlierRow(position + 1);
        }
        catch (MySmppJournalException)
        {
            return null;
        }

        return earlier != null && JobRowChange(earlier, given, phone, position + 1) == null ? earlier : null;
    }

    // An earlier run's answer that settles the row: accepted, or already sent.
    private static bool IsDone(SendJournalJobEntry earlier) =>
        earlier.Outcome == SendJournalOutcomeKind.Accepted || earlier.Outcome == SendJournalOutcomeKind.AlreadySent;

    // A row an earlier run of the job saw accepted: out at once as sent, with that run's id, and no request.
    private static SmsSendOutcome SentBefore(long position, SmsMessage given, string phone, SendJournalJobEntry earlier) =>
        new SmsSendOutcome(position, given, phone, earlier.ClientId, SmsSendFate.AlreadySent,
            new SmsSendResult(earlier.IdSms, phone, earlier.ClientId, earlier.Parts, earlier.Price, true, null), null);

    /// <summary>Hands out, in input order, the outcomes already known. Never blocks.</summary>
    public IEnumerable<SmsSendOutcome> TakeCompleted() => _pipeline.TakeCompleted();

    /// <summary>
    /// Sends what is left (unless stopped) and hands out every remaining outcome in input order, waiting as needed; when
    /// the operation was not stopped, the journal's run is then marked as ended.
    /// </summary>
    public IEnumerable<SmsSendOutcome> Finish()
    {
        foreach (SmsSendOutcome outcome in _pipeline.Finish()) yield return outcome;
        JournalUnsent();
        EndJournalRun();
    }

    /// <summary>
    /// Sends nothing more: recipients not yet sent come out as <see cref="SmsSendFate.NotSent"/> with
    /// <paramref name="reason"/>; requests in flight complete normally, so their recipients' fates are known. Safe from
    /// any thread (e.g. when a refusal is to stop the command, as <c>-ErrorAction Stop</c> says).
    /// </summary>
    public void Stop(MySmppException reason) => _pipeline.Stop(reason);

    /// <summary>
    /// Cancels: in-flight requests are aborted (their recipients come out <see cref="SmsSendFate.Unconfirmed"/>, with
    /// their keys), nothing more is sent (<see cref="SmsSendFate.NotSent"/>). Safe from any thread.
    /// </summary>
    public void Cancel() => _pipeline.Cancel();

    /// <summary>Cancels anything still in flight and releases the operation.</summary>
    public void Dispose()
    {
        _pipeline.Dispose();
        _journal?.Dispose();
    }

    private static SmsSendOutcome Refused(long position, SmsMessage given, string phone, long? key, SendRefusal refusal, string problem, SmsMessageField field = SmsMessageField.None) =>
        new SmsSendOutcome(position, given, phone, key, SmsSendFate.Refused, null, new MySmppSendRefusedException(problem, refusal, phone, key, field: field));

    private static SmsSendOutcome NotSent(long position, SmsMessage given, string phone, long? key, MySmppException cause) =>
        new SmsSendOutcome(position, given, phone, key, SmsSendFate.NotSent, null, ErrorCopy.With(cause, message: CommandGuards.Sentence(cause.Message) + NotSentNote(key)));

    private static string NotSentNote(long? key) =>
        " Not sent" + (key.HasValue ? " (client_id_sms " + key.Value.ToString(CultureInfo.InvariantCulture) + ")" : string.Empty) + ".";

    private static string UnknownNote(long key) =>
        " Whether this message was sent is unknown; sending it again with the same key (client_id_sms " + key.ToString(CultureInfo.InvariantCulture) + ") is safe.";

    private void Ready(SmsSendOutcome outcome) => _pipeline.Enqueue(Slot.Ready(outcome));

    // Why the input row at a position an earlier run of the job reached is not that row any more, or null.
    private string? JobRowChange(SendJournalJobEntry earlier, SmsMessage given, string phone, long row)
    {
        string? changed = !string.Equals(earlier.Phone, phone, StringComparison.Ordinal) ? "its phone (" + earlier.Phone + " then, " + phone + " now)"
            : earlier.TextFingerprint != null && !string.Equals(earlier.TextFingerprint, _journal!.TextFingerprint(given), StringComparison.Ordinal) ? "its text"
            : given.ClientId.HasValue && given.ClientId.Value != earlier.ClientId ? "its key (client_id_sms " + earlier.ClientId.ToString(CultureInfo.InvariantCulture) + " then, " + given.ClientId.Value.ToString(CultureInfo.InvariantCulture) + " now)"
            : null;
        if (changed == null) return null;
        return "Row " + row.ToString(CultureInfo.InvariantCulture) + " of job '" + _journal!.JobName + "' changed since an earlier run reached it: " + changed
            + ". It was not sent. Run the job with its input as it was, or give the new input a new job name.";
    }

    // A recipient not sent because the operation stopped: journaled with its key (in batches), so that it can be finished.
    // Its outcome may reach the caller before that write, with the caller's message as its input; the journal gets its own
    // copy of the message now, so nothing done to the outcome changes what a resend would send.
    private void KeepUnsent(PreparedRecipient recipient)
    {
        if (_journal == null) return;
        _unsent.Add(new PreparedRecipient(recipient.Position, recipient.Given, recipient.Message.Clone(), recipient.Phone, recipient.ClientId, recipient.KeyGenerated)
        {
            JournalEntry = recipient.JournalEntry,
            IsResend = recipient.IsResend,
            Outcome = recipient.Outcome,
        });
        if (_unsent.Count >= _batchSize) JournalUnsent();
    }

    private void JournalUnsent()
    {
        if (_journal == null || _unsent.Count == 0) return;
        PreparedRecipient[] unsent = _unsent.ToArray();
        _unsent.Clear();
        try
        {
            _journal.RecordIntents(unsent);
            _journal.RecordOutcomes(unsent);
        }
        catch (MySmppJournalException ex)
        {
            // The operation has stopped already; these recipients are still reported with their keys.
            _log?.Invoke("The send journal could not record " + unsent.Length.ToString(CultureInfo.InvariantCulture) + " recipient(s) that were not sent: " + ex.Message);
        }
    }

    // The run ends in the journal only when the command was not stopped (a run without an end was interrupted).
    private void EndJournalRun()
    {
        if (_journal == null || _pipeline.StopReason != null || Interlocked.Exchange(ref _journalRunEnded, 1) != 0) return;
        try
        {
            _journal.End();
        }
        catch (MySmppJournalException ex)
        {
            // Every outcome is recorded; only the run's end mark is missing, which costs nothing but the label.
            _log?.Invoke("The send journal could not mark the run as ended: " + ex.Message);
        }
    }

    // Two rows, one key, two messages: the gateway would send only the first and answer "already sent" to the other. The
    // later row is refused; the earlier one too while it has not left (it always has not within one batch).
    private void RefuseSharedKey(KeyUse earlier, long position, SmsMessage given, string phone, long key)
    {
        PreparedRecipient first = earlier.Recipient;
        string both = "client_id_sms " + key.ToString(CultureInfo.InvariantCulture) + " is given to row " + first.Position.ToString(CultureInfo.InvariantCulture)
            + " (" + first.Phone + ") and row " + position.ToString(CultureInfo.InvariantCulture) + " (" + phone + ") of this command, with a different phone or text; "
            + "the gateway would send only one of them. Give each message its own key.";
        if (!earlier.Batch.Dispatched && first.Outcome == null)
        {
            first.Exclude(Refused(first.Position, first.Given, first.Phone, key, SendRefusal.DuplicateClientId, both + " Neither was sent."));
            Ready(Refused(position, given, phone, key, SendRefusal.DuplicateClientId, both + " Neither was sent."));
            return;
        }

        Ready(Refused(position, given, phone, key, SendRefusal.DuplicateClientId, both + " Row " + first.Position.ToString(CultureInfo.InvariantCulture) + " had already been sent; this one was not."));
    }

    // The scheduled and validity times in the account's wall-clock time (a local or UTC time is the same instant there),
    // refused when already past there.
    private SmsMessage InAccountTime(SmsMessage given, out string? problem, out SmsMessageField field)
    {
        problem = null;
        field = SmsMessageField.None;
        if (!given.SendAt.HasValue && !given.ValidUntil.HasValue) return given;
        AccountTime clock = _accountTime ??= _client.GetAccountTime(TimeLeft, _log, _pipeline.Token);
        DateTime now = clock.At(_command.Clock.UtcNow);
        SmsMessage wire = given.Clone();
        wire.SendAt = given.SendAt.HasValue ? clock.ToAccountTime(given.SendAt.Value) : (DateTime?)null;
        wire.ValidUntil = given.ValidUntil.HasValue ? clock.ToAccountTime(given.ValidUntil.Value) : (DateTime?)null;
        string nowText = now.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " in " + clock.Source;
        if (wire.SendAt.HasValue && wire.SendAt.Value < now - PastTolerance)
        {
            field = SmsMessageField.SendAt;
            problem = "The scheduled time " + XmlSendCodec.WireMinute(wire.SendAt.Value) + " is already past (it is " + nowText + "); leave it out to send at once.";
        }
        else if (wire.ValidUntil.HasValue && wire.ValidUntil.Value <= now)
        {
            field = SmsMessageField.ValidUntil;
            problem = "The end of validity " + XmlSendCodec.WireMinute(wire.ValidUntil.Value) + " is already past (it is " + nowText + "); the message could never be delivered.";
        }
        else if (wire.SendAt.HasValue && wire.ValidUntil.HasValue && wire.ValidUntil.Value <= wire.SendAt.Value)
        {
            field = SmsMessageField.ValidUntil;
            problem = "The end of validity must be after the scheduled time (" + XmlSendCodec.WireMinute(wire.SendAt.Value) + " in the account's time).";
        }

        return wire;
    }

    // Every recipient of the batch gets its outcome, however the requests end; the task never faults. A journaled send's
    // batch waits for its turn at a request slot once its intents are written.
    private async Task SettleAsync(SendBatch batch, PreparedRecipient[] recipients, RequestTurns.Turn? turn)
    {
        if (_journal != null && recipients.Length > 0 && !await WriteAheadAsync(recipients).ConfigureAwait(false))
        {
            turn?.Pass();
            return;
        }

        bool slot = false;
        try
        {
            bool send = recipients.Length > 0;
            if (turn != null && send)
            {
                await turn.TakeAsync(_pipeline.Token).ConfigureAwait(false);
                slot = true;

                // Under way since before a stop or a session-fatal answer: it does not leave, as a batch not yet under way
                // would not (its recipients are settled below as not sent).
                MySmppException? stopped = _pipeline.StopReason ?? _fatalAnswer;
                if (stopped != null)
                {
                    SettleRest(recipients, stopped);
                    send = false;
                }
            }

            if (send) await RequestLoop.RunAsync(new ArraySegment<PreparedRecipient>(recipients), new Call(this, batch), _command, _retryDelay).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopped (Ctrl+C) or disconnected with requests in flight: settled below.
        }
        catch (Exception ex)
        {
            // A bug of ours must still account for every recipient.
            SettleRest(recipients, new MySmppProtocolException("Unexpected failure while sending: " + ex.GetType().Name + "."));
        }
        finally
        {
            turn?.Pass();
            if (slot) turn!.Release();
        }

        SettleRest(recipients, _pipeline.StopReason ?? new MySmppStoppedException("The command was stopped."));
        if (_journal == null) return;

        // The answers are known and reported; a journal that cannot write them keeps these entries unconfirmed (resending
        // them with their keys is safe), and lets nothing more be sent.
        MySmppJournalException? failure = await _journal.WriteOutcomesAsync(recipients).ConfigureAwait(false);
        if (failure != null) _pipeline.Stop(failure);
    }

    // The batch's intents, durable before its request leaves. False when the journal could not write them: then nothing
    // of the batch is sent, every recipient is settled as not sent, and the operation sends nothing more.
    private async Task<bool> WriteAheadAsync(PreparedRecipient[] recipients)
    {
        MySmppJournalException? failure = await _journal!.WriteIntentsAsync(recipients).ConfigureAwait(false);
        if (failure == null) return true;
        _pipeline.Stop(failure);
        SettleRest(recipients, failure);
        return false;
    }

    // The recipients still without an outcome: unknown when a request carrying them left, else not sent.
    private static void SettleRest(PreparedRecipient[] recipients, MySmppException cause)
    {
        foreach (PreparedRecipient r in recipients)
        {
            if (r.Outcome != null) continue;
            r.Outcome = r.Requests > 0
                ? new SmsSendOutcome(r.Position, r.Given, r.Phone, r.ClientId, SmsSendFate.Unconfirmed, null, ErrorCopy.With(cause, message: CommandGuards.Sentence(cause.Message) + UnknownNote(r.ClientId)))
                : NotSent(r.Position, r.Given, r.Phone, r.ClientId, cause);
        }
    }

    // A session-fatal answer: the pipeline sends no later batch once it sees the batch complete; batches already under way
    // but still waiting for a request slot see it here.
    private void NoteFatal(SendBatch batch, MySmppException fatal)
    {
        if (batch.FatalError == null) batch.FatalError = fatal;
        if (_fatalAnswer == null) _fatalAnswer = fatal;
    }

    // An answer's lines, one per recipient of the request, become their outcomes.
    private void Take(ArraySegment<PreparedRecipient> recipients, SendAnswerLine[] lines, SendBatch batch)
    {
        DateTime now = DateTime.Now;
        var outcomes = new SmsSendOutcome[recipients.Count];
        for (int i = 0; i < recipients.Count; i++)
        {
            PreparedRecipient r = recipients.Array![recipients.Offset + i];
            SendAnswerLine line = lines[i];
            outcomes[i] = Outcome(r, line, now);
            if (outcomes[i].Error is MySmppException { IsSessionFatal: true } fatal) NoteFatal(batch, fatal);
        }

        DistrustSharedIds(recipients, outcomes);
        for (int i = 0; i < recipients.Count; i++) recipients.Array![recipients.Offset + i].Outcome = outcomes[i];
    }

    private SmsSendOutcome Outcome(PreparedRecipient r, SendAnswerLine line, DateTime now)
    {
        string text = line.Text;
        if (string.Equals(text, ServerText.Accepted, StringComparison.OrdinalIgnoreCase))
        {
            if (line.IdSms.HasValue)
            {
                return new SmsSendOutcome(r.Position, r.Given, r.Phone, r.ClientId, SmsSendFate.Accepted, new SmsSendResult(line.IdSms, r.Phone, r.ClientId, line.Parts, line.Price, false, now), null);
            }

            return new SmsSendOutcome(r.Position, r.Given, r.Phone, r.ClientId, SmsSendFate.Unconfirmed, null, new MySmppProtocolException(
                "The gateway accepted the message to " + r.Phone + " but gave no id_sms." + UnknownNote(r.ClientId)));
        }

        ServerText.Kind kind = ServerText.Classify(text);
        if (kind == ServerText.Kind.AlreadySent)
        {
            if (r.KeyGenerated && !r.MayHaveArrived)
            {
                // No earlier request of ours with this key can have reached the gateway: the key met one it knew.
                return Refused(r.Position, r.Given, r.Phone, r.ClientId, SendRefusal.ClientIdCollision,
                    "The gateway answered \"already sent\" to the key this command generated for " + r.Phone + " (client_id_sms " + r.ClientId.ToString(CultureInfo.InvariantCulture)
                    + ") on its first request: the key met one the account used before (does the gateway keep narrower keys?). This message was NOT sent; "
                    + "send it again with a new key, or with client ids of your own that the gateway can tell apart.");
            }

            return new SmsSendOutcome(r.Position, r.Given, r.Phone, r.ClientId, SmsSendFate.AlreadySent, new SmsSendResult(line.IdSms, r.Phone, r.ClientId, line.Parts, line.Price, true, null), null);
        }

        if (kind == ServerText.Kind.Authentication || kind == ServerText.Kind.Locked)
        {
            // A lock reported on a recipient's line ends the command like a lock reported for the whole request.
            MySmppException session = ServerText.RequestError(text, Array.Empty<long>(), 200, _transport.Redactor);
            return new SmsSendOutcome(r.Position, r.Given, r.Phone, r.ClientId, SmsSendFate.Refused, null,
                ErrorCopy.With(session, message: CommandGuards.Sentence(session.Message) + " The message to " + r.Phone + " was not sent (client_id_sms " + r.ClientId.ToString(CultureInfo.InvariantCulture) + ")."));
        }

        return new SmsSendOutcome(r.Position, r.Given, r.Phone, r.ClientId, SmsSendFate.Refused, null, ServerText.Refused(text, r.Phone, r.ClientId, _transport.Redactor));
    }

    // An id_sms the gateway gives to two recipients (of this answer, or of this command) identifies neither.
    private void DistrustSharedIds(ArraySegment<PreparedRecipient> recipients, SmsSendOutcome[] outcomes)
    {
        var counts = new Dictionary<long, int>();
        foreach (SmsSendOutcome o in outcomes)
        {
            if (o.Result?.Id is long id) counts[id] = counts.TryGetValue(id, out int n) ? n + 1 : 1;
        }

        lock (_ids)
        {
            for (int i = 0; i < outcomes.Length; i++)
            {
                if (!(outcomes[i].Result?.Id is long id)) continue;
                string? why = counts[id] > 1 ? "gave id_sms " + id.ToString(CultureInfo.InvariantCulture) + " to " + counts[id].ToString(CultureInfo.InvariantCulture) + " recipients of one request"
                    : !_ids.Add(id) ? "gave id_sms " + id.ToString(CultureInfo.InvariantCulture) + ", which it had given to another recipient of this command"
                    : null;
                if (why == null) continue;
                PreparedRecipient r = recipients.Array![recipients.Offset + i];
                outcomes[i] = new SmsSendOutcome(r.Position, r.Given, r.Phone, r.ClientId, SmsSendFate.Unconfirmed, null, new MySmppProtocolException(
                    "The gateway " + why + " (" + r.Phone + "): the answer cannot say which message is whose." + UnknownNote(r.ClientId)));
            }
        }
    }

    // Whether a failed request may have been acted on: only a refusal of the whole request says it was not.
    private static bool MayHaveArrived(MySmppException failure)
    {
        if (failure is MySmppProtocolException { RequestRejected: true }) return false;
        if (failure is MySmppProxyAuthenticationException) return false;
        if (failure.IsSessionFatal && failure.HttpStatusCode.HasValue) return false; // the gateway refused the login: nothing was done
        if (failure is MySmppTransportException { HttpStatusCode: int status } && status >= 400 && status < 500 && !HttpErrorStatus.IsTransient(status)) return false;
        return true;
    }

    private sealed class KeyUse
    {
        public KeyUse(ulong content, SendBatch batch, PreparedRecipient recipient)
        {
            Content = content;
            Batch = batch;
            Recipient = recipient;
        }

        public ulong Content { get; }

        public SendBatch Batch { get; }

        public PreparedRecipient Recipient { get; }
    }

    /// <summary>One batch's requests (the batch, or its halves after a split).</summary>
    private sealed class Call : IBatchCall<PreparedRecipient>
    {
        private readonly SmsSendOperation _operation;
        private readonly SendBatch _batch;

        public Call(SmsSendOperation operation, SendBatch batch)
        {
            _operation = operation;
            _batch = batch;
        }

        public string ItemsName => "recipients";

        public IReadOnlyList<long> IdsOf(ArraySegment<PreparedRecipient> items) => Array.Empty<long>();

        public async Task AttemptAsync(ArraySegment<PreparedRecipient> recipients, CommandContext command)
        {
            GatewayTransport transport = _operation._transport;
            using (var body = new PooledBuffer(512 + (recipients.Count * 96)))
            {
                try
                {
                    XmlSendCodec.WriteRequest(body, transport.Credential, recipients);
                }
                catch (Exception ex) when (ex is ArgumentException || ex is XmlException || ex is InvalidOperationException || ex is System.Text.EncoderFallbackException)
                {
                    // The rules should have caught what cannot be written; should anything slip past them, halving finds
                    // the recipient it belongs to and the others still go.
                    throw new MySmppProtocolException("The request could not be written (" + ex.GetType().Name + "); nothing of it was sent.", requestRejected: true);
                }

                foreach (PreparedRecipient r in recipients) r.CountRequest();
                PreparedRecipient firstRecipient = recipients.Array![recipients.Offset];
                PreparedRecipient lastRecipient = recipients.Array![recipients.Offset + recipients.Count - 1];
                command.Log?.Invoke(string.Format(CultureInfo.InvariantCulture, "POST {0} ({1}, {2} bytes): {3} recipient{4}, client_id_sms {5}…{6}.",
                    _operation._endpoint.Address, transport.Credential, body.Length, recipients.Count, recipients.Count == 1 ? string.Empty : "s", firstRecipient.ClientId, lastRecipient.ClientId));
                int expected = recipients.Count;
                SendAnswerLine[] lines = await transport.ExchangeAsync(
                    _operation._endpoint,
                    body,
                    (answer, status) => XmlSendCodec.ReadAnswer(answer, expected),
                    Array.Empty<long>(),
                    command).ConfigureAwait(false);
                _operation.Take(recipients, lines, _batch);
            }
        }

        public void AttemptFailed(ArraySegment<PreparedRecipient> recipients, MySmppException failure)
        {
            if (!MayHaveArrived(failure)) return;
            foreach (PreparedRecipient r in recipients) r.MarkMayHaveArrived();
        }

        public void Fail(ArraySegment<PreparedRecipient> recipients, MySmppException error, bool neverSent)
        {
            bool refusedAlone = error is MySmppProtocolException { RequestRejected: true } && recipients.Count == 1;
            if (error.IsSessionFatal) _operation.NoteFatal(_batch, error);
            foreach (PreparedRecipient r in recipients)
            {
                // No request of this command carried it (a breaker or the time limit stopped the batch first): not sent,
                // a resend too, which is marked as possibly arrived only for what an earlier command's request may have
                // done. Its entry then keeps the last answer the gateway gave (SendJournaling records nothing over it).
                if (r.MayHaveArrived && r.Requests > 0)
                {
                    r.Outcome = new SmsSendOutcome(r.Position, r.Given, r.Phone, r.ClientId, SmsSendFate.Unconfirmed, null,
                        ErrorCopy.With(error, message: CommandGuards.Sentence(error.Message) + UnknownNote(r.ClientId)));
                }
                else if (refusedAlone && r.Requests > 0)
                {
                    // The gateway refused a request carrying this recipient alone: it did nothing with it.
                    r.Outcome = new SmsSendOutcome(r.Position, r.Given, r.Phone, r.ClientId, SmsSendFate.Refused, null,
                        ErrorCopy.With(error, message: CommandGuards.Sentence(error.Message) + " It refused the request carrying only " + r.Phone + NotSentNote(r.ClientId)));
                }
                else
                {
                    r.Outcome = NotSent(r.Position, r.Given, r.Phone, r.ClientId, error);
                }
            }
        }
    }

    private readonly struct Slot : IOrderedSlot<SendBatch, SmsSendOutcome>
    {
        private readonly SmsSendOutcome? _ready;
        private readonly PreparedRecipient? _recipient;
        private readonly long _twinPosition;
        private readonly SmsMessage? _twinGiven;

        private Slot(SmsSendOutcome? ready, SendBatch? batch, PreparedRecipient? recipient, long twinPosition, SmsMessage? twinGiven)
        {
            _ready = ready;
            Batch = batch;
            _recipient = recipient;
            _twinPosition = twinPosition;
            _twinGiven = twinGiven;
        }

        public SendBatch? Batch { get; }

        public static Slot Ready(SmsSendOutcome outcome) => new Slot(outcome, null, null, 0, null);

        public static Slot Of(SendBatch batch, PreparedRecipient recipient) => new Slot(null, batch, recipient, 0, null);

        /// <summary>A row repeating an earlier row's message under the same key: it comes out as the earlier one did.</summary>
        public static Slot Twin(SendBatch batch, PreparedRecipient first, long position, SmsMessage given) => new Slot(null, batch, first, position, given);

        public SmsSendOutcome Take()
        {
            if (_ready != null) return _ready;
            SmsSendOutcome first = _recipient!.Outcome!;
            if (_twinGiven == null) return first;
            SmsSendResult? result = first.Result == null ? null : new SmsSendResult(first.Result.Id, first.Phone, first.Result.ClientId, null, null, true, null);
            SmsSendFate fate = result != null ? SmsSendFate.AlreadySent : first.Fate;
            return new SmsSendOutcome(_twinPosition, _twinGiven, first.Phone, first.ClientId, fate, result, first.Error);
        }
    }

    private sealed class Owner : IBatchOwner<SendBatch>
    {
        private readonly SmsSendOperation _operation;

        public Owner(SmsSendOperation operation)
        {
            _operation = operation;
        }

        public SendBatch NewBatch() => new SendBatch(_operation._batchSize);

        public void Send(SendBatch batch)
        {
            batch.Dispatched = true;
            PreparedRecipient[] recipients = batch.Recipients.FindAll(r => !r.IsExcluded).ToArray();

            // Not bound to the command's token: the task must run to the end, so every recipient gets its outcome.
            RequestTurns.Turn? turn = _operation._requestTurns?.Next();
            batch.Settled = Task.Run(() => _operation.SettleAsync(batch, recipients, turn));
        }

        public void Abandon(SendBatch batch, MySmppException reason)
        {
            batch.Dispatched = true;
            foreach (PreparedRecipient r in batch.Recipients)
            {
                if (r.IsExcluded) continue;
                r.Outcome = NotSent(r.Position, r.Given, r.Phone, r.ClientId, reason);
                _operation.KeepUnsent(r);
            }

            batch.Settled = Task.CompletedTask;
        }

        public void HandedOut(SendBatch batch)
        {
        }
    }
}
