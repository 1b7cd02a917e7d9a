using System;

namespace MySmpp.Journal.Sqlite;

/// <summary>
/// Opens SQLite send journals. The module creates it by name (<c>MySmpp.Journal.Sqlite.SqliteSendJournalFactory</c>) from
/// the assembly it loaded in isolation, and uses it only through <see cref="ISendJournalFactory"/> of MySmpp.Core.
/// </summary>
public sealed class SqliteSendJournalFactory : ISendJournalFactory
{
    /// <summary>The SQLite library's version (e.g. <c>3.49.1</c>), after the first journal was opened.</summary>
    public static string? SqliteVersion => SqliteRuntime.Version;

    /// <inheritdoc />
    public ISendJournal Open(SendJournalOptions options)
    {
        if (options == null) throw new ArgumentNullException(nameof(options));
        if (string.IsNullOrWhiteSpace(options.Path)) throw new ArgumentException("The journal's path must not be empty.", nameof(options));
        if (options.BusyTimeout <= TimeSpan.Zero || options.BusyTimeout > TimeSpan.FromHours(1)) throw new ArgumentOutOfRangeException(nameof(options), options.BusyTimeout, "BusyTimeout must be positive and at most an hour.");
        return SqliteSendJournal.Open(options.Clone());
    }
}
