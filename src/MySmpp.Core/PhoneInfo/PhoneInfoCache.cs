using System;
using System.Collections.Generic;

namespace MySmpp.PhoneInfo;

/// <summary>
/// What <c>def.php</c> said about the numbers a session asked about, kept for the session's life so that a second
/// command with the same recipients (<c>Send-Sms -QuietHours</c>, or one after <c>Get-SmsPhoneInfo</c>) does not ask
/// again. Bounded: past <see cref="Capacity"/> numbers the least recently used is forgotten, and operator and region
/// names (a few hundred distinct values) are shared between entries, so a full cache stays within a few megabytes. The
/// numbering plan changes rarely; a session does not outlive it. Thread-safe.
/// </summary>
internal sealed class PhoneInfoCache
{
    /// <summary>How many numbers a session keeps.</summary>
    public const int DefaultCapacity = 50_000;

    // Names beyond this many are stored as they come (a hostile answer could invent a new one per number).
    private const int MaxSharedNames = 4_096;

    private readonly object _gate = new object();
    private readonly Dictionary<string, LinkedListNode<SmsPhoneInfo>> _entries = new Dictionary<string, LinkedListNode<SmsPhoneInfo>>(StringComparer.Ordinal);
    private readonly LinkedList<SmsPhoneInfo> _recent = new LinkedList<SmsPhoneInfo>();
    private readonly Dictionary<string, string> _names = new Dictionary<string, string>(StringComparer.Ordinal);

    public PhoneInfoCache(int capacity = DefaultCapacity)
    {
        if (capacity < 1) throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "The capacity must be at least 1.");
        Capacity = capacity;
    }

    /// <summary>The most numbers kept.</summary>
    public int Capacity { get; }

    /// <summary>Numbers kept now.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>The information kept for <paramref name="phone"/> (digits), if any; it becomes the most recently used.</summary>
    public bool TryGet(string phone, out SmsPhoneInfo? info)
    {
        lock (_gate)
        {
            if (_entries.TryGetValue(phone, out LinkedListNode<SmsPhoneInfo>? node))
            {
                _recent.Remove(node);
                _recent.AddFirst(node);
                info = node.Value;
                return true;
            }
        }

        info = null;
        return false;
    }

    /// <summary>Keeps <paramref name="info"/> (replacing an earlier answer for its number), forgetting the least recently used past the capacity.</summary>
    public void Store(SmsPhoneInfo info)
    {
        if (info == null) throw new ArgumentNullException(nameof(info));
        lock (_gate)
        {
            var kept = new SmsPhoneInfo(info.Phone, Shared(info.Operator), Shared(info.Region), info.MoscowOffsetHours);
            if (_entries.TryGetValue(info.Phone, out LinkedListNode<SmsPhoneInfo>? old))
            {
                _recent.Remove(old);
                _entries.Remove(info.Phone);
            }

            _entries.Add(info.Phone, _recent.AddFirst(kept));
            while (_entries.Count > Capacity)
            {
                LinkedListNode<SmsPhoneInfo> oldest = _recent.Last!;
                _recent.RemoveLast();
                _entries.Remove(oldest.Value.Phone);
            }
        }
    }

    private string? Shared(string? name)
    {
        if (name == null) return null;
        if (_names.TryGetValue(name, out string? shared)) return shared;
        if (_names.Count < MaxSharedNames) _names.Add(name, name);
        return name;
    }
}
