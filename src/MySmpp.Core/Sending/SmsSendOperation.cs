using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using MySmpp.Client;
using MySmpp.Http;

namespace MySmpp;

/// <summary>
/// A streaming send: recipients go in one at a time (<see cref="Add"/>), are batched into requests (many
/// <c>&lt;abonent&gt;</c> per request), several requests are in flight, and outcomes come out in input order
/// (<see cref="TakeCompleted"/>, then <see cref="Finish"/>). Every recipient comes out exactly once.
/// </summary>
/// <remarks>
/// Idempotent by construction: every recipient carries a <c>client_id_sms</c> (the caller's or a generated one) before
/// its request is written, and a request whose answer is lost is sent again byte for byte, so the gateway sees the same
/// keys and does not send twice; it answers "already sent", reported as <see cref="SmsSendResult.AlreadySent"/>.
/// Use from one thread at a time.
/// </remarks>
public sealed class SmsSendOperation : IDisposable
{
    private readonly GatewayPost _post;
    private readonly int _batchSize;
    private readonly Action<string>? _log;
    private readonly OrderedBatchPipeline<SendBatch, Slot, SmsSendOutcome> _pipeline;

    // The command's time limit (the session's OperationTimeout): requests stop at it or when the pipeline is
    // cancelled (Ctrl+C, or Disconnect-MySmpp from any thread); recipients not answered by the limit get
    // MySmpp.Timeout with their key, and a disconnect ends the operation with ObjectDisposedException.
    private readonly CancellationTokenSource? _deadline;
    private readonly CancellationTokenSource _requests;
    private volatile MySmppException? _sessionFatal;

    internal SmsSendOperation(GatewayPost post, SmsSendOptions options, CancellationToken lifetime, CancellationToken cancellationToken)
    {
        _post = post;
        _batchSize = options.BatchSize ?? post.Options.BatchSize;
        if (_batchSize < 1) throw new ArgumentOutOfRangeException(nameof(options), "BatchSize must be at least 1.");
        _log = options.Log;
        _pipeline = new OrderedBatchPipeline<SendBatch, Slot, SmsSendOutcome>(
            post.Options.MaxConcurrency,
            Statistics,
            cancellationToken,
            lifetime,
            "The session was disconnected.",
            newBatch: () => new SendBatch(_batchSize),
            send: Send);
        TimeSpan? limit = post.Options.OverallTimeout;
        _deadline = limit.HasValue ? post.Options.Clock.CreateDeadline(limit.Value) : null;
        _requests = _deadline == null
            ? CancellationTokenSource.CreateLinkedTokenSource(_pipeline.Token)
            : CancellationTokenSource.CreateLinkedTokenSource(_pipeline.Token, _deadline.Token);
    }

    /// <summary>Traffic counters.</summary>
    public SendStatistics Statistics { get; } = new SendStatistics();

    /// <summary>Recipients added but not yet handed out.</summary>
    public int Pending => _pipeline.Pending;

    /// <summary>
    /// Checks and adds one recipient. A recipient refused before sending (bad phone, a field over its limit) comes out in
    /// its place as an error. Sends a batch when one fills up; blocks only while the maximum number of requests is in flight.
    /// </summary>
    /// <returns>The idempotency key the recipient will carry, or null when it was refused before sending.</returns>
    /// <exception cref="OperationCanceledException">The operation was cancelled.</exception>
    public long? Add(SmsMessage message)
    {
        if (message == null) throw new ArgumentNullException(nameof(message));
        if (_pipeline.IsFinished) throw new InvalidOperationException("The operation is finished; start a new one.");
        _pipeline.ThrowIfStopped();
        Statistics.AddRecipient();

        if (!PhoneNumber.TryNormalize(message.Phone, out string phone, out string phoneProblem))
        {
            string shown = SendRefusalText.Clean(message.Phone ?? string.Empty);
            _pipeline.Enqueue(new Slot(new SmsSendOutcome(shown, message.ClientId, null,
                new MySmppSendRefusedException("-Phone: " + phoneProblem, SendRefusal.InvalidPhone, shown, message.ClientId))));
            return null;
        }

        string? problem = SmsMessageRules.Check(message);
        if (problem != null)
        {
            _pipeline.Enqueue(new Slot(new SmsSendOutcome(phone, message.ClientId, null,
                new MySmppSendRefusedException(problem, SendRefusal.InvalidMessage, phone, message.ClientId))));
            return null;
        }

        long clientId = message.ClientId ?? ClientIdGenerator.Next();
        SendBatch batch = _pipeline.Filling;
        batch.Recipients.Add(new PreparedRecipient(message.Clone(), phone, clientId));
        _pipeline.Enqueue(new Slot(batch, batch.Recipients.Count - 1));
        if (batch.Recipients.Count >= _batchSize) _pipeline.SendFilling();
        return clientId;
    }

    /// <summary>Hands out, in input order, the outcomes already known. Never blocks.</summary>
    public IEnumerable<SmsSendOutcome> TakeCompleted() => _pipeline.TakeCompleted();

    /// <summary>Sends what is left and hands out every remaining outcome in input order, waiting as needed.</summary>
    /// <exception cref="OperationCanceledException">The operation was cancelled.</exception>
    /// <exception cref="ObjectDisposedException">The session was disconnected while the operation ran.</exception>
    public IEnumerable<SmsSendOutcome> Finish() => _pipeline.Finish();

    /// <summary>Cancels: in-flight requests are aborted (their recipients' fate is then unknown), nothing more is sent.</summary>
    public void Cancel() => _pipeline.Cancel();

    /// <summary>Cancels anything still in flight and releases the operation.</summary>
    public void Dispose()
    {
        // Cancelled before the linked sources are disposed, released after them.
        _pipeline.Cancel();
        _requests.Dispose();
        _deadline?.Dispose();
        _pipeline.Dispose();
    }

    private void Send(SendBatch batch) => batch.Outcome = Task.Run(() => SendAsync(batch.Recipients), _pipeline.Token);

    private async Task<SmsSendOutcome[]> SendAsync(List<PreparedRecipient> recipients)
    {
        MySmppException? fatal = _sessionFatal;
        if (fatal != null)
        {
            // Bad credentials or a locked account: every later request would fail alike, so it is not sent.
            return FailAll(recipients, fatal, " (Not sent: an earlier request of this command got this answer.)");
        }

        if (_deadline != null && _deadline.IsCancellationRequested)
        {
            return FailAll(recipients, TimeLimitReached(), " (Not sent: the command's time limit had passed.)");
        }

        try
        {
            using (var body = new PooledBuffer(512 + (recipients.Count * 96)))
            {
                XmlSendCodec.WriteRequest(body, _post.Credential, recipients, _post.Options.ServerTimeZone);
                _log?.Invoke(string.Format(CultureInfo.InvariantCulture, "Sending to {0} recipients (client_id_sms {1}…{2}).",
                    recipients.Count, recipients[0].ClientId, recipients[recipients.Count - 1].ClientId));
                int expected = recipients.Count;
                SendAnswerLine[] lines = await _post.PostAsync(
                    XmlSendCodec.RelativePath,
                    XmlSendCodec.MediaType,
                    body,
                    answer => XmlSendCodec.ReadAnswer(answer, expected),
                    _log,
                    Statistics.AddRequest,
                    Statistics.AddRetry,
                    _requests.Token).ConfigureAwait(false);
                return Map(recipients, lines);
            }
        }
        catch (OperationCanceledException) when (_pipeline.Token.IsCancellationRequested)
        {
            throw;
        }
        catch (OperationCanceledException) when (_deadline != null && _deadline.IsCancellationRequested)
        {
            return FailAll(recipients, TimeLimitReached(), " Whether these messages were sent is unknown; sending them again with the same -ClientId is safe.");
        }
        catch (MySmppException ex)
        {
            if (ex.IsSessionFatal) _sessionFatal = ex;
            string unknown = ex.IsSessionFatal || ex is MySmppProtocolException { RequestRejected: true }
                ? string.Empty
                : " Whether these messages were sent is unknown; sending them again with the same -ClientId is safe.";
            return FailAll(recipients, ex, unknown);
        }
        catch (Exception ex) when (!(ex is OperationCanceledException))
        {
            // A bug of ours must still account for every recipient.
            return FailAll(recipients, new MySmppProtocolException("Unexpected failure while sending: " + ex.GetType().Name + "."), string.Empty);
        }
    }

    private SmsSendOutcome[] Map(List<PreparedRecipient> recipients, SendAnswerLine[] lines)
    {
        var outcomes = new SmsSendOutcome[recipients.Count];
        DateTime now = DateTime.Now;
        for (int i = 0; i < recipients.Count; i++)
        {
            PreparedRecipient r = recipients[i];
            SendAnswerLine line = lines[i];
            string text = line.Text;
            if (string.Equals(text, SendRefusalText.Accepted, StringComparison.OrdinalIgnoreCase) && line.IdSms.HasValue)
            {
                outcomes[i] = new SmsSendOutcome(r.Phone, r.ClientId, new SmsSendResult(line.IdSms, r.Phone, r.ClientId, line.Parts, line.Price, false, now), null);
            }
            else if (SendRefusalText.IsAlreadySent(text))
            {
                outcomes[i] = new SmsSendOutcome(r.Phone, r.ClientId, new SmsSendResult(line.IdSms, r.Phone, r.ClientId, line.Parts, line.Price, true, null), null);
            }
            else if (string.Equals(text, SendRefusalText.Accepted, StringComparison.OrdinalIgnoreCase))
            {
                outcomes[i] = new SmsSendOutcome(r.Phone, r.ClientId, null, new MySmppProtocolException(
                    "The gateway accepted the message to " + r.Phone + " (client_id_sms " + r.ClientId + ") but gave no id_sms; sending it again with the same -ClientId is safe."));
            }
            else if (SendRefusalText.SessionError(text, Array.Empty<long>(), 200, _post.Redactor) is MySmppException session)
            {
                _sessionFatal = session;
                outcomes[i] = new SmsSendOutcome(r.Phone, r.ClientId, null, session);
            }
            else
            {
                outcomes[i] = new SmsSendOutcome(r.Phone, r.ClientId, null, SendRefusalText.Refused(_post.Redactor.Redact(text), r.Phone, r.ClientId));
            }
        }

        return outcomes;
    }

    private MySmppTransportException TimeLimitReached() => ConnectionFailure.CommandTimeLimit(null, _post.Options.OverallTimeout.GetValueOrDefault());

    private static SmsSendOutcome[] FailAll(List<PreparedRecipient> recipients, MySmppException error, string suffix)
    {
        var outcomes = new SmsSendOutcome[recipients.Count];
        for (int i = 0; i < recipients.Count; i++)
        {
            // When the fate is unknown, each recipient's error names its own key: the one to send again with.
            MySmppException shown = suffix.Length == 0
                ? error
                : ErrorCopy.With(error, message: error.Message + suffix + " (client_id_sms " + recipients[i].ClientId.ToString(CultureInfo.InvariantCulture) + ")");
            outcomes[i] = new SmsSendOutcome(recipients[i].Phone, recipients[i].ClientId, null, shown);
        }

        return outcomes;
    }

    private readonly struct Slot : IOrderedSlot<SendBatch, SmsSendOutcome>
    {
        private readonly SmsSendOutcome? _ready;
        private readonly int _index;

        public Slot(SmsSendOutcome ready)
        {
            _ready = ready;
            Batch = null;
            _index = 0;
        }

        public Slot(SendBatch batch, int index)
        {
            _ready = null;
            Batch = batch;
            _index = index;
        }

        public SendBatch? Batch { get; }

        public SmsSendOutcome Take() => _ready ?? Batch!.Outcome!.GetAwaiter().GetResult()[_index];
    }
}
