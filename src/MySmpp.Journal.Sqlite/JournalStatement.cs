using System;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace MySmpp.Journal.Sqlite;

/// <summary>
/// One statement prepared once on the writer's connection and run many times, through SQLitePCLRaw directly: parameters
/// by number (<c>?1</c>, <c>?2</c>, ...), no data reader, no lookup of parameter names and no copy of their names per row,
/// which is what Microsoft.Data.Sqlite's <c>SqliteCommand</c> costs for each execution; a parameter is bound again only
/// when its value changed. For the statements run once per group or per recipient (a pending group, its answers, an
/// entry folded, a state); everything else goes through <c>SqliteCommand</c>. Failures are
/// Microsoft.Data.Sqlite's <see cref="SqliteException"/>, as from a command.
/// </summary>
internal sealed class JournalStatement : IDisposable
{
    private const int SqliteDone = 101;

    // What each parameter (by number) holds: NULL, an integer or a text; 0 (the array's default) is nothing bound yet.
    private const byte Null = 1;
    private const byte Integer = 2;
    private const byte Text = 3;
    private const byte Blob = 4;

    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _statement;
    private readonly byte[] _kinds;
    private readonly long[] _integers;
    private readonly string?[] _texts;

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
        int parameters = raw.sqlite3_bind_parameter_count(_statement) + 1;
        _kinds = new byte[parameters];
        _integers = new long[parameters];
        _texts = new string?[parameters];
    }

    /// <summary>The rowid of the last row this connection inserted (an <c>INTEGER PRIMARY KEY</c>).</summary>
    internal long LastInsertRowId => raw.sqlite3_last_insert_rowid(_db);

    internal void Bind(int index, long value)
    {
        // A value the parameter already holds is not bound again (a reset keeps the bindings): the rows of a batch share
        // most of their values, and each call into SQLite costs a P/Invoke, a SafeHandle reference and SQLite's mutex.
        if (_kinds[index] == Integer && _integers[index] == value) return;
        Check(raw.sqlite3_bind_int64(_statement, index, value));
        _kinds[index] = Integer;
        _integers[index] = value;
    }

    internal void Bind(int index, long? value)
    {
        if (value.HasValue) Bind(index, value.Value);
        else BindNull(index);
    }

    internal void Bind(int index, string? value)
    {
        if (value == null)
        {
            BindNull(index);
            return;
        }

        if (_kinds[index] == Text && string.Equals(_texts[index], value, StringComparison.Ordinal)) return;

        // UTF-16 as .NET holds it (SQLite converts it, copying): no UTF-8 array per value. An empty text goes through the
        // string overload: pinning an empty span gives a null pointer, and what SQLite makes of that is not this code's
        // business.
        Check(value.Length == 0 ? raw.sqlite3_bind_text(_statement, index, string.Empty) : raw.sqlite3_bind_text16(_statement, index, value.AsSpan()));
        _kinds[index] = Text;
        _texts[index] = value;
    }

    /// <summary>Binds a blob (always: blobs are not compared).</summary>
    internal void Bind(int index, byte[] value)
    {
        Check(value.Length == 0 ? raw.sqlite3_bind_zeroblob(_statement, index, 0) : raw.sqlite3_bind_blob(_statement, index, value.AsSpan()));
        _kinds[index] = Blob;
        _texts[index] = null;
    }

    /// <summary>
    /// Runs a statement that returns at most one row of two integers, and readies it for the next run; false when it
    /// returned no row.
    /// </summary>
    internal bool ReadRow(out long first, out long second)
    {
        int rc = raw.sqlite3_step(_statement);
        try
        {
            if (rc == raw.SQLITE_ROW)
            {
                first = raw.sqlite3_column_int64(_statement, 0);
                second = raw.sqlite3_column_int64(_statement, 1);
                return true;
            }

            if (rc != SqliteDone) SqliteException.ThrowExceptionForRC(rc, _db);
            first = second = 0;
            return false;
        }
        finally
        {
            raw.sqlite3_reset(_statement);
        }
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

    private void BindNull(int index)
    {
        if (_kinds[index] == Null) return;
        Check(raw.sqlite3_bind_null(_statement, index));
        _kinds[index] = Null;
        _texts[index] = null;
    }

    private void Check(int rc)
    {
        if (rc != raw.SQLITE_OK) SqliteException.ThrowExceptionForRC(rc, _db);
    }
}
