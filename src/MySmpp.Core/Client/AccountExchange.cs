using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading.Tasks;
using MySmpp.Errors;
using MySmpp.Http;

namespace MySmpp.Client;

/// <summary>
/// One request to one of the account's endpoints (balance, sender names, time, and the rest of the platform's), as a
/// batch of one through <see cref="RequestLoop"/>: the same transport, retries, breakers and deadline as every other
/// request. The body is written once and sent again byte for byte on a retry.
/// </summary>
internal sealed class AccountExchange<T> : IBatchCall<int>
{
    private static readonly int[] One = { 0 };
    private readonly GatewayTransport _transport;
    private readonly GatewayEndpoint _endpoint;
    private readonly PooledBuffer _body;
    private readonly Func<ArraySegment<byte>, ParsedAnswer<T>> _parse;
    private T? _value;
    private bool _answered;
    private MySmppException? _error;

    private AccountExchange(GatewayTransport transport, GatewayEndpoint endpoint, PooledBuffer body, Func<ArraySegment<byte>, ParsedAnswer<T>> parse)
    {
        _transport = transport;
        _endpoint = endpoint;
        _body = body;
        _parse = parse;
    }

    public string ItemsName => "requests";

    /// <summary>Sends the request until it is answered or its failure is final; returns the value or throws that failure.</summary>
    /// <exception cref="MySmppException">The gateway refused, or could not be reached within the command's limits.</exception>
    /// <exception cref="OperationCanceledException">The command was cancelled.</exception>
    public static async Task<T> RunAsync(GatewayTransport transport, GatewayEndpoint endpoint, PooledBuffer body, Func<ArraySegment<byte>, ParsedAnswer<T>> parse, CommandContext command, RetryDelay retryDelay)
    {
        var call = new AccountExchange<T>(transport, endpoint, body, parse);
        await RequestLoop.RunAsync(new ArraySegment<int>(One), call, command, retryDelay).ConfigureAwait(false);
        if (call._answered) return call._value!;
        throw call._error ?? new MySmppProtocolException("The request ended without an answer or an error.");
    }

    public IReadOnlyList<long> IdsOf(ArraySegment<int> items) => Array.Empty<long>();

    public async Task AttemptAsync(ArraySegment<int> items, CommandContext command)
    {
        command.Log?.Invoke(string.Format(CultureInfo.InvariantCulture, "POST {0} ({1}, {2} bytes)", _endpoint.Address, _transport.Credential, _body.Length));
        _value = await _transport.ExchangeAsync(_endpoint, _body, (answer, status) => _parse(answer), Array.Empty<long>(), command).ConfigureAwait(false);
        _answered = true;
    }

    public void AttemptFailed(ArraySegment<int> items, MySmppException failure)
    {
        // The account's requests are reads, or changes the gateway applies once whatever the repeats (the stop list).
    }

    public void Fail(ArraySegment<int> items, MySmppException error, bool neverSent) => _error = error;
}

/// <summary>Traffic counters of one account request.</summary>
internal sealed class AccountStatistics : TrafficStatistics
{
}
