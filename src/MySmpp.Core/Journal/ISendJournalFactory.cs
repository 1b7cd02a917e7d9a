using MySmpp.Errors;

namespace MySmpp.Journal;

/// <summary>Opens journals of one kind of storage (the SQLite file of MySmpp.Journal.Sqlite; a server database later).</summary>
public interface ISendJournalFactory
{
    /// <summary>
    /// Opens the journal at <see cref="SendJournalOptions.Path"/>, creating the file (owner-only) and its folder when missing
    /// and bringing an older schema up to date.
    /// </summary>
    /// <exception cref="MySmppJournalException">The journal cannot be opened (locked, corrupt, read-only, full, a newer schema, not a journal, I/O).</exception>
    ISendJournal Open(SendJournalOptions options);
}
