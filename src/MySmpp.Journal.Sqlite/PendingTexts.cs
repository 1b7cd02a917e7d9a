using System;

namespace MySmpp.Journal.Sqlite;

/// <summary>
/// Which texts of one pending group (<see cref="PendingRecords"/>) are still needed, kept in memory by the journal that
/// wrote the group. A message's texts are needed until every recipient that carries it has a decided answer (refused,
/// already sent, accepted; an unknown fate still needs them for a resend): then they are dropped from
/// <c>pending_texts</c> at once, in the answer's transaction, as they are dropped from an entry. Losing this tracker (a
/// failed write, another process folding the group first) only means the texts wait for the fold, which drops them too.
/// </summary>
internal sealed class PendingTexts
{
    private readonly int[] _messageOf;
    private readonly string?[]?[] _texts;
    private readonly int[] _undecided;
    private readonly bool[] _decided;
    private int _decidedCount;

    public PendingTexts(long firstEntry, PendingRecords.EncodedGroup group)
    {
        FirstEntry = firstEntry;
        _messageOf = group.MessageOf;
        _decided = new bool[_messageOf.Length];
        _texts = new string?[]?[group.Texts.Count];
        _undecided = new int[group.Texts.Count];
        for (int m = 0; m < _texts.Length; m++)
        {
            // A message without any text field has nothing to drop.
            if (Array.Exists(group.Texts[m], f => f != null)) _texts[m] = group.Texts[m];
        }

        foreach (int m in _messageOf) _undecided[m]++;
    }

    /// <summary>The group's first entry id (its key in <c>pending_intents</c>).</summary>
    public long FirstEntry { get; }

    /// <summary>True once every recipient has a decided answer: nothing more to track.</summary>
    public bool AllDecided => _decidedCount == _decided.Length;

    /// <summary>True once no message has texts left.</summary>
    public bool AllDropped => Array.TrueForAll(_texts, t => t == null);

    /// <summary>Marks the entry's answer as decided; true when that left a message's texts needed by no one (dropped here).</summary>
    public bool Decide(long entryId)
    {
        long index = entryId - FirstEntry;
        if (index < 0 || index >= _decided.Length || _decided[index]) return false;
        _decided[index] = true;
        _decidedCount++;
        int message = _messageOf[index];
        if (--_undecided[message] > 0 || _texts[message] == null) return false;
        _texts[message] = null;
        return true;
    }

    /// <summary>The texts still needed, as <c>pending_texts</c> stores them.</summary>
    public byte[] Encode() => PendingRecords.EncodeTexts(_texts);
}
