using MySmpp.Errors;

namespace MySmpp.Journal;

/// <summary>Why the send journal cannot be used (<see cref="MySmppJournalException.Problem"/>).</summary>
public enum SendJournalProblem
{
    /// <summary>Cannot be opened or read: an I/O error, a missing folder that cannot be made, no permission to open it.</summary>
    Unavailable = 0,

    /// <summary>Another writer held the file past the busy time-out (<c>MySmpp.JournalLocked</c>).</summary>
    Locked,

    /// <summary>The file is damaged or is not an SQLite database (<c>MySmpp.JournalCorrupt</c>).</summary>
    Corrupt,

    /// <summary>The file, its folder or the disk is read-only (<c>MySmpp.JournalReadOnly</c>).</summary>
    ReadOnly,

    /// <summary>The disk or the user's quota is full (<c>MySmpp.JournalFull</c>).</summary>
    Full,

    /// <summary>The file was written by a newer MySmpp whose schema this version does not know.</summary>
    NewerVersion,

    /// <summary>The file is an SQLite database of another program, not a MySmpp journal.</summary>
    NotAJournal,

    /// <summary>The journal's SQLite library could not be loaded from the module's folder.</summary>
    LibraryMissing,
}
