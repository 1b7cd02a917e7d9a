using System;
using System.IO;
using Microsoft.Data.Sqlite;
using MySmpp.Errors;

namespace MySmpp.Journal.Sqlite;

/// <summary>Turns SQLite's and the file system's failures into <see cref="MySmppJournalException"/>s that say what to do.</summary>
internal static class SqliteErrors
{
    // Primary result codes (sqlite3.h).
    private const int SqlitePerm = 3;
    private const int SqliteBusy = 5;
    private const int SqliteLocked = 6;
    private const int SqliteReadOnly = 8;
    private const int SqliteIoErr = 10;
    private const int SqliteCorrupt = 11;
    private const int SqliteFull = 13;
    private const int SqliteCantOpen = 14;
    private const int SqliteAuth = 23;
    private const int SqliteNotADb = 26;

    internal static MySmppJournalException From(SqliteException ex, string path, string doing)
    {
        int code = ex.SqliteErrorCode & 0xFF;
        string what = "The send journal " + path + " ";
        switch (code)
        {
            case SqliteBusy:
            case SqliteLocked:
                return new MySmppJournalException(what + "stayed locked by another writer past the busy time-out while " + doing + " (" + ex.Message + "). Try again, or give this session a journal file of its own.", SendJournalProblem.Locked, path, ex);
            case SqliteCorrupt:
            case SqliteNotADb:
                return new MySmppJournalException(what + "is damaged or not a database (" + ex.Message + "). Move it aside to start a new journal, or use another file.", SendJournalProblem.Corrupt, path, ex);
            case SqliteReadOnly:
            case SqlitePerm:
            case SqliteAuth:
                return new MySmppJournalException(what + "cannot be written (" + ex.Message + "): the file, its folder or the disk is read-only. Make it writable, or use a writable file.", SendJournalProblem.ReadOnly, path, ex);
            case SqliteFull:
                return new MySmppJournalException(what + "cannot grow: the disk or quota is full (" + ex.Message + "). Free space, or remove the journal's old entries.", SendJournalProblem.Full, path, ex);
            case SqliteCantOpen:
                return new MySmppJournalException(what + "cannot be opened (" + ex.Message + "): check that its folder exists and is writable, or use another file.", SendJournalProblem.Unavailable, path, ex);
            case SqliteIoErr:
                return new MySmppJournalException(what + "had an I/O error while " + doing + " (" + ex.Message + ").", SendJournalProblem.Unavailable, path, ex);
            default:
                return new MySmppJournalException(what + "failed while " + doing + " (" + ex.Message + ").", SendJournalProblem.Unavailable, path, ex);
        }
    }

    internal static MySmppJournalException FromFileSystem(Exception ex, string path, string doing)
    {
        if (ex is UnauthorizedAccessException)
        {
            return new MySmppJournalException("The send journal " + path + " cannot be " + doing + " (" + ex.Message + "): no permission. Use a file in a folder you own.", SendJournalProblem.ReadOnly, path, ex);
        }

        return new MySmppJournalException("The send journal " + path + " cannot be " + doing + " (" + ex.Message + ").", SendJournalProblem.Unavailable, path, ex);
    }

    /// <summary>
    /// A stored value that cannot be read back as what its column holds (a price that is no number, a run id that is no
    /// Guid, a URL that is none): damage SQLite's own checks do not see.
    /// </summary>
    internal static MySmppJournalException FromValue(Exception ex, string path, string doing) =>
        new MySmppJournalException("The send journal " + path + " is damaged: a stored value cannot be read back while " + doing + " (" + ex.Message + "). Move it aside to start a new journal, or use another file.", SendJournalProblem.Corrupt, path, ex);

    /// <summary>
    /// True for what reading a damaged value throws (<see cref="FromValue"/>); a time out of DateTime's range (new
    /// DateTime(ticks), DateTimeOffset.FromUnixTimeMilliseconds) throws ArgumentOutOfRangeException.
    /// </summary>
    internal static bool IsBadValue(Exception ex) => ex is FormatException || ex is OverflowException || ex is InvalidCastException || ex is ArgumentOutOfRangeException;

    internal static bool IsFileSystem(Exception ex) => ex is IOException || ex is UnauthorizedAccessException || ex is NotSupportedException || ex is System.Security.SecurityException;
}
