using System;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace MySmpp.Journal.Sqlite;

/// <summary>
/// One statement prepared once on the writer's connection and run many times, through SQLitePCLRaw directly: parameters
/// by number (<c>?1</c>, <c>?2</c>, ...), no data reader, no lookup of parameter names and no copy of their names per row,
/// which is what Microsoft.Data.Sqlite's <c>SqliteCommand</c> costs for each execution. For the statements a send runs
/// once per recipient (an intent, an answer, a state); everything else goes through <c>SqliteCommand</c>. Failures are
/// Microsoft.Data.Sqlite's <see cref="SqliteException"/>, as from a command.
/// </summary>
internal sealed class JournalStatement : IDisposable
{
    private const int SqliteDone = 101;

    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _statement;

    internal JournalStatement(SqliteConnection connection, string sql)
    {
        _db = connection.Handle ?? throw new InvalidOperationException("The connection is not open.");
        int rc = raw.sqlite3_prepare_v2(_db, sql, out sqlite3_stmt statement);
        if (rc != raw.SQLITE_OK)
        {
            statement?.Dispose();
            SqliteException.ThrowExceptionForRC(rc, _db);
        }

        _statement = statement ?? throw new InvalidOperationException("SQLite prepared no statement.");
    }

    /// <summary>The rowid of the last row this connection inserted (an <c>INTEGER PRIMARY KEY</c>).</summary>
    internal long LastInsertRowId => raw.sqlite3_last_insert_rowid(_db);

    internal void Bind(int index, long value) => Check(raw.sqlite3_bind_int64(_statement, index, value));

    internal void Bind(int index, long? value) => Check(value.HasValue ? raw.sqlite3_bind_int64(_statement, index, value.Value) : raw.sqlite3_bind_null(_statement, index));

    internal void Bind(int index, string? value)
    {
        // UTF-16 as .NET holds it (SQLite converts it, copying): no UTF-8 array per value. An empty span would be a null
        // pointer, which SQLite takes for NULL: an empty text goes through the string overload.
        int rc = value == null ? raw.sqlite3_bind_null(_statement, index)
            : value.Length == 0 ? raw.sqlite3_bind_text(_statement, index, string.Empty)
            : raw.sqlite3_bind_text16(_statement, index, value.AsSpan());
        Check(rc);
    }

    /// <summary>Runs the statement (which returns no rows) and readies it for the next run; returns the rows it changed.</summary>
    internal int Execute()
    {
        int rc = raw.sqlite3_step(_statement);
        try
        {
            if (rc != SqliteDone) SqliteException.ThrowExceptionForRC(rc == raw.SQLITE_ROW ? raw.SQLITE_MISUSE : rc, _db);
            return raw.sqlite3_changes(_db);
        }
        finally
        {
            // Reset, so that the statement holds nothing open between runs (a transaction could not end otherwise). The
            // bindings stay: what is the same for every row is bound once.
            raw.sqlite3_reset(_statement);
        }
    }

    public void Dispose() => _statement.Dispose();

    private void Check(int rc)
    {
        if (rc != raw.SQLITE_OK) SqliteException.ThrowExceptionForRC(rc, _db);
    }
}
