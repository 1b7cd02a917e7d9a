using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Numerics;
using System.Threading;

namespace MySmpp.Emulator;

/// <summary>Thread-safe counters of what the emulator saw and did, for tests and benchmarks.</summary>
public sealed class EmulatorStats
{
    // Keeps the per-request history bounded on a long-running server.
    private const int MaxRequestIdCountHistory = 100_000;

    private readonly long[] _faultsByMode = new long[BitOperations.PopCount((uint)FailureModes.All)];
    private readonly ConcurrentDictionary<long, int> _timesQueried = new();
    private readonly ConcurrentQueue<int> _requestIdCounts = new();
    private readonly ConcurrentDictionary<string, long> _requestsWithHeader = new(StringComparer.OrdinalIgnoreCase);
    private long _requests;
    private long _answered;
    private long _apiErrors;
    private long _rejectedTooLarge;
    private long _idsQueried;
    private long _stallsInjected;
    private long _tlsHandshakes;
    private int _lastRequestIdCount;
    private int _maxRequestIdCount;
    private string? _lastContentType;

    /// <summary>Requests received by the status endpoints.</summary>
    public long Requests => Interlocked.Read(ref _requests);

    /// <summary>Requests answered with statuses (HTTP 200, complete body).</summary>
    public long Answered => Interlocked.Read(ref _answered);

    /// <summary>Requests answered with a documented API error text.</summary>
    public long ApiErrors => Interlocked.Read(ref _apiErrors);

    /// <summary>Requests refused with HTTP 413 (body or batch too large).</summary>
    public long RejectedTooLarge => Interlocked.Read(ref _rejectedTooLarge);

    /// <summary>Numeric ids across answered requests, unknown ones and duplicates included.</summary>
    public long IdsQueried => Interlocked.Read(ref _idsQueried);

    /// <summary>Failures injected, all modes together (stalls not included).</summary>
    public long FaultsInjected => SumFaults();

    /// <summary>Answers stalled by <see cref="EmulatorOptions.StallMidBody"/>.</summary>
    public long StallsInjected => Interlocked.Read(ref _stallsInjected);

    /// <summary>Number of ids in the last answered request.</summary>
    public int LastRequestIdCount => Volatile.Read(ref _lastRequestIdCount);

    /// <summary>The largest number of ids in one answered request.</summary>
    public int MaxRequestIdCount => Volatile.Read(ref _maxRequestIdCount);

    /// <summary>Ids per answered request, oldest first (the latest 100 000).</summary>
    public IReadOnlyList<int> RequestIdCounts => _requestIdCounts.ToArray();

    /// <summary>The Content-Type header of the last request (null when it had none).</summary>
    public string? LastContentType => Volatile.Read(ref _lastContentType);

    /// <summary>
    /// TLS connections begun on an <c>https://</c> address, failed handshakes included (a client that rejects the
    /// certificate makes one per attempt; a bare TCP probe of the port counts too).
    /// </summary>
    public long TlsHandshakes => Interlocked.Read(ref _tlsHandshakes);

    /// <summary>
    /// Requests to the endpoints (those counted by <see cref="Requests"/>) that carried header <paramref name="name"/>
    /// (case-insensitive), e.g. <c>Expect</c>, which a .NET Framework client sends unless told not to.
    /// </summary>
    public long RequestsWithHeader(string name) => _requestsWithHeader.TryGetValue(name, out long count) ? count : 0;

    /// <summary>Failures injected in one <paramref name="mode"/> (a single flag).</summary>
    public long FaultsInjectedFor(FailureModes mode)
    {
        if (mode == FailureModes.None || (mode & FailureModes.All) != mode || BitOperations.PopCount((uint)mode) != 1)
        {
            throw new ArgumentOutOfRangeException(nameof(mode), mode, "Name exactly one failure mode.");
        }

        return Interlocked.Read(ref _faultsByMode[BitOperations.TrailingZeroCount((uint)mode)]);
    }

    /// <summary>How many times <paramref name="id"/> was asked for in answered requests (needs <see cref="EmulatorOptions.TrackIdQueries"/>).</summary>
    public int TimesQueried(long id) => _timesQueried.TryGetValue(id, out int count) ? count : 0;

    /// <summary>Sets every counter back to zero.</summary>
    public void Reset()
    {
        Interlocked.Exchange(ref _requests, 0);
        Interlocked.Exchange(ref _answered, 0);
        Interlocked.Exchange(ref _apiErrors, 0);
        Interlocked.Exchange(ref _rejectedTooLarge, 0);
        Interlocked.Exchange(ref _idsQueried, 0);
        Interlocked.Exchange(ref _stallsInjected, 0);
        Interlocked.Exchange(ref _tlsHandshakes, 0);
        _requestsWithHeader.Clear();
        for (int i = 0; i < _faultsByMode.Length; i++)
        {
            Interlocked.Exchange(ref _faultsByMode[i], 0);
        }

        Volatile.Write(ref _lastRequestIdCount, 0);
        Volatile.Write(ref _maxRequestIdCount, 0);
        Volatile.Write(ref _lastContentType, null);
        _timesQueried.Clear();
        _requestIdCounts.Clear();
    }

    internal void OnRequest(string? contentType)
    {
        Interlocked.Increment(ref _requests);
        Volatile.Write(ref _lastContentType, contentType);
    }

    internal void OnRequestHeaders(IEnumerable<string> names)
    {
        foreach (string name in names)
        {
            _requestsWithHeader.AddOrUpdate(name, 1, static (_, n) => n + 1);
        }
    }

    internal void OnTlsHandshake() => Interlocked.Increment(ref _tlsHandshakes);

    internal void OnApiError() => Interlocked.Increment(ref _apiErrors);

    internal void OnRejectedTooLarge() => Interlocked.Increment(ref _rejectedTooLarge);

    internal void OnStall() => Interlocked.Increment(ref _stallsInjected);

    internal void OnFault(FailureModes mode) => Interlocked.Increment(ref _faultsByMode[BitOperations.TrailingZeroCount((uint)mode)]);

    internal void OnAnswered(ParsedStateRequest query, bool trackIds)
    {
        Interlocked.Increment(ref _answered);
        int count = query.Entries.Count;
        long numeric = 0;
        foreach (QueryEntry entry in query.Entries)
        {
            if (entry.IsValid)
            {
                numeric++;
                if (trackIds)
                {
                    _timesQueried.AddOrUpdate(entry.Id, 1, static (_, n) => n + 1);
                }
            }
        }

        Interlocked.Add(ref _idsQueried, numeric);
        Volatile.Write(ref _lastRequestIdCount, count);
        int max = Volatile.Read(ref _maxRequestIdCount);
        while (count > max)
        {
            int seen = Interlocked.CompareExchange(ref _maxRequestIdCount, count, max);
            if (seen == max)
            {
                break;
            }

            max = seen;
        }

        _requestIdCounts.Enqueue(count);
        while (_requestIdCounts.Count > MaxRequestIdCountHistory && _requestIdCounts.TryDequeue(out _))
        {
        }
    }

    private long SumFaults()
    {
        long total = 0;
        for (int i = 0; i < _faultsByMode.Length; i++)
        {
            total += Interlocked.Read(ref _faultsByMode[i]);
        }

        return total;
    }
}
