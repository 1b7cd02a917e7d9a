using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading.Tasks;
using MySmpp.Errors;
using MySmpp.Http;
using MySmpp.Model;
using MySmpp.Protocol;

namespace MySmpp.Client;

/// <summary>
/// The status query's requests over the session's transport: writes a batch's request in the session's wire flavour,
/// reads the answer with that flavour's codec, and takes its states into the batch's <see cref="BatchOutcome"/>. The
/// retries, splits and breakers are <see cref="RequestLoop"/>'s; one instance per session, thread-safe.
/// </summary>
internal sealed class StateExchange
{
    private readonly GatewayTransport _transport;
    private readonly IStateCodec _codec;
    private readonly GatewayEndpoint _endpoint;
    private readonly RetryDelay _retryDelay;

    public StateExchange(GatewayTransport transport, IStateCodec codec)
    {
        _transport = transport;
        _codec = codec;
        _endpoint = transport.Endpoint(codec.RelativePath, codec.MediaType, codec.Protocol == MySmppProtocol.Xml ? "XML" : "JSON");
        _retryDelay = new RetryDelay(transport.Options.RetryBaseDelay, transport.Options.RetryMaxDelay, transport.Options.Clock);
    }

    public Uri Endpoint => _endpoint.Address;

    /// <summary>A state or an error for every id of the batch; throws only <see cref="OperationCanceledException"/>.</summary>
    public async Task<BatchOutcome> ExecuteAsync(ArraySegment<long> ids, CommandContext command, bool detail)
    {
        var outcome = new BatchOutcome(ids);
        await RequestLoop.RunAsync(ids, new Call(this, outcome, detail), command, _retryDelay).ConfigureAwait(false);
        return outcome;
    }

    private static string DescribeIds(ArraySegment<long> ids)
    {
        const int shown = 5;
        var parts = new List<string>(shown + 1);
        for (int i = 0; i < ids.Count && i < shown; i++) parts.Add(ids.Array![ids.Offset + i].ToString(CultureInfo.InvariantCulture));
        if (ids.Count > shown) parts.Add("… " + ids.Array![ids.Offset + ids.Count - 1].ToString(CultureInfo.InvariantCulture));
        return string.Join(", ", parts);
    }

    /// <summary>One batch's requests (the batch, or its halves after a split).</summary>
    private sealed class Call : IBatchCall<long>
    {
        private readonly StateExchange _exchange;
        private readonly BatchOutcome _outcome;
        private readonly bool _detail;

        public Call(StateExchange exchange, BatchOutcome outcome, bool detail)
        {
            _exchange = exchange;
            _outcome = outcome;
            _detail = detail;
        }

        public string ItemsName => "ids";

        public IReadOnlyList<long> IdsOf(ArraySegment<long> items) => items;

        public async Task AttemptAsync(ArraySegment<long> ids, CommandContext command)
        {
            GatewayTransport transport = _exchange._transport;
            IStateCodec codec = _exchange._codec;
            MySmppSessionOptions options = transport.Options;
            using (var body = new PooledBuffer(64 + (ids.Count * 32)))
            {
                codec.WriteRequest(body, transport.Credential, ids.AsSpan(), _detail);
                command.Log?.Invoke(string.Format(CultureInfo.InvariantCulture,
                    "POST {0} ({1}, {2} bytes): {3} {4}", _exchange._endpoint.Address, transport.Credential, body.Length, Wording.Count(ids.Count, "id", "ids"), DescribeIds(ids)));
                var answerContext = new StateReadContext(options.MaxResponseBytes, options.ServerTimeZone, ids.Count);
                StateResponse response = await transport.ExchangeAsync(
                    _exchange._endpoint,
                    body,
                    (answer, status) => Parse(codec, answer, status, answerContext),
                    ids,
                    command,
                    answerContext.InitialBodyCapacity).ConfigureAwait(false);
                ResponseClassifier.Accept(ids, response, _outcome, command.Log, transport.Redactor);
            }
        }

        public void AttemptFailed(ArraySegment<long> items, MySmppException failure)
        {
            // Asking again is harmless: a status query changes nothing.
        }

        public void Fail(ArraySegment<long> items, MySmppException error, bool neverSent) => _outcome.Fail(items, error);

        // An answer that carries only an error text is that error; anything with answers is taken (its text logged).
        private static ParsedAnswer<StateResponse> Parse(IStateCodec codec, ArraySegment<byte> answer, int status, StateReadContext success)
        {
            bool ok = status >= 200 && status < 300;
            StateResponse parsed = codec.ReadResponse(answer, ok ? success : new StateReadContext(HttpErrorStatus.BodyLimit, null, 0));
            return parsed.ErrorText != null && !parsed.HasAnswers ? ParsedAnswer<StateResponse>.Error(parsed.ErrorText) : ParsedAnswer<StateResponse>.Of(parsed);
        }
    }
}
