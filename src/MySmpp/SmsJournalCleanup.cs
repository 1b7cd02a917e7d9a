using System;

namespace MySmpp.Commands;

/// <summary>What <c>Clear-SmsJournal</c> did.</summary>
public sealed class SmsJournalCleanup
{
    internal SmsJournalCleanup(string path, DateTime before, long deleted, long textsDropped)
    {
        Path = path;
        Before = before;
        Deleted = deleted;
        TextsDropped = textsDropped;
    }

    /// <summary>The journal's file.</summary>
    public string Path { get; }

    /// <summary>Entries sent before this time (local) were deleted.</summary>
    public DateTime Before { get; }

    /// <summary>How many entries were deleted.</summary>
    public long Deleted { get; }

    /// <summary>How many entries lost texts kept after their answer was known.</summary>
    public long TextsDropped { get; }
}
