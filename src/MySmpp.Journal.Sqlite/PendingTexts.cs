using System;

namespace MySmpp.Journal.Sqlite;

/// <summary>
/// Which texts of one pending group (<see cref="PendingRecords"/>) are still needed, kept in memory by the journal that
/// wrote the group. A message's texts are needed until every recipient that carries it has a decided answer (refused,
/// already sent, accepted; an unknown fate still needs them for a resend): then they are dropped from
/// <c>pending_texts</c> at once, in the answer's transaction, as they are dropped from an entry. Losing this tracker (a
/// failed write, another process folding the group first) only means the texts wait for the fold, which drops them too.
/// </summary>
/// <remarks>
/// A tracker is let go once every recipient has an answer of any kind: a later answer to a recipient of a group still
/// pending (only a resend gives one, and a resend reads, which folds the group first) would find none and leave its texts
/// to the fold. So trackers are held only for groups with requests in flight, not for every group with an unknown fate
/// (a stopped send journals all its unsent recipients as such). A transaction that fails puts back the trackers it
/// changed as they were before it (<see cref="Clone"/>): an answer not written must not count towards a drop.
/// </remarks>
internal sealed class PendingTexts
{
    private const byte NoAnswer = 0;
    private const byte Undecided = 1;
    private const byte Decided = 2;

    private readonly int[] _messageOf;
    private readonly string?[]?[] _texts;
    private readonly int[] _undecided;
    private readonly byte[] _answers;
    private int _answered;

    public PendingTexts(long firstEntry, PendingRecords.EncodedGroup group)
    {
        FirstEntry = firstEntry;
        _messageOf = group.MessageOf;
        _answers = new byte[_messageOf.Length];
        _texts = new string?[]?[group.Texts.Count];
        _undecided = new int[group.Texts.Count];
        for (int m = 0; m < _texts.Length; m++)
        {
            // A message without any text field has nothing to drop.
            if (PendingRecords.HasText(group.Texts[m])) _texts[m] = group.Texts[m];
        }

        foreach (int m in _messageOf) _undecided[m]++;
    }

    private PendingTexts(PendingTexts other)
    {
        FirstEntry = other.FirstEntry;
        _messageOf = other._messageOf;
        _texts = (string?[]?[])other._texts.Clone();
        _undecided = (int[])other._undecided.Clone();
        _answers = (byte[])other._answers.Clone();
        _answered = other._answered;
    }

    /// <summary>The group's first entry id (its key in <c>pending_intents</c>).</summary>
    public long FirstEntry { get; }

    /// <summary>True once every recipient has an answer, decided or not: nothing more to track.</summary>
    public bool AllAnswered => _answered == _answers.Length;

    /// <summary>True once no message has texts left.</summary>
    public bool AllDropped => Array.TrueForAll(_texts, t => t == null);

    /// <summary>True when <paramref name="entryId"/> is one of the group's entries.</summary>
    public bool Holds(long entryId) => entryId >= FirstEntry && entryId - FirstEntry < _answers.Length;

    /// <summary>
    /// Notes the entry's answer (<paramref name="decided"/>: refused, already sent, accepted); true when that left a
    /// message's texts needed by no one (dropped here).
    /// </summary>
    public bool Answer(long entryId, bool decided)
    {
        if (!Holds(entryId)) return false;
        long index = entryId - FirstEntry;
        byte was = _answers[index];
        if (was == Decided) return false;
        if (was == NoAnswer) _answered++;
        if (!decided)
        {
            _answers[index] = Undecided;
            return false;
        }

        _answers[index] = Decided;
        int message = _messageOf[index];
        if (--_undecided[message] > 0 || _texts[message] == null) return false;
        _texts[message] = null;
        return true;
    }

    /// <summary>A copy of this tracker as it is now (what a failed transaction puts back).</summary>
    public PendingTexts Clone() => new PendingTexts(this);

    /// <summary>The texts still needed, as <c>pending_texts</c> stores them.</summary>
    public byte[] Encode() => PendingRecords.EncodeTexts(_texts);
}
