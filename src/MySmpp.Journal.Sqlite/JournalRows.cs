using System;
using System.Collections;
using System.Collections.Generic;
using Microsoft.Data.Sqlite;
using MySmpp.Errors;

namespace MySmpp.Journal.Sqlite;

/// <summary>
/// A lazily read, streaming result: each enumeration folds the journal's pending groups, opens its own connection, runs the query, maps one row at a time,
/// and releases the connection when it ends or is disposed. SQLite's failures while reading become
/// <see cref="MySmppJournalException"/>s, as everywhere else.
/// </summary>
internal sealed class JournalRows<T> : IEnumerable<T>
{
    private readonly SqliteSendJournal _journal;
    private readonly Action<SqliteCommand> _prepare;
    private readonly Func<SqliteDataReader, T> _map;
    private readonly string _doing;

    internal JournalRows(SqliteSendJournal journal, Action<SqliteCommand> prepare, Func<SqliteDataReader, T> map, string doing)
    {
        _journal = journal;
        _prepare = prepare;
        _map = map;
        _doing = doing;
    }

    public IEnumerator<T> GetEnumerator() => new Enumerator(this);

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private sealed class Enumerator : IEnumerator<T>
    {
        private readonly JournalRows<T> _rows;
        private SqliteConnection? _connection;
        private SqliteCommand? _command;
        private SqliteDataReader? _reader;
        private bool _done;

        internal Enumerator(JournalRows<T> rows) => _rows = rows;

        public T Current { get; private set; } = default!;

        object? IEnumerator.Current => Current;

        public bool MoveNext()
        {
            if (_done) return false;
            try
            {
                if (_reader == null)
                {
                    // What the send path wrote ahead becomes entries first: a read sees every recipient sent.
                    _rows._journal.Fold();
                    _connection = _rows._journal.OpenConnection();
                    _command = _connection.CreateCommand();
                    _rows._prepare(_command);
                    _reader = _command.ExecuteReader();
                }

                if (_reader.Read())
                {
                    Current = _rows._map(_reader);
                    return true;
                }
            }
            catch (SqliteException ex)
            {
                Dispose();
                throw SqliteErrors.From(ex, _rows._journal.Path, _rows._doing);
            }
            catch (Exception ex) when (SqliteErrors.IsBadValue(ex))
            {
                Dispose();
                throw SqliteErrors.FromValue(ex, _rows._journal.Path, _rows._doing);
            }

            Dispose();
            return false;
        }

        public void Reset() => throw new NotSupportedException();

        public void Dispose()
        {
            _done = true;
            _reader?.Dispose();
            _command?.Dispose();
            _connection?.Dispose();
            _reader = null;
            _command = null;
            _connection = null;
        }
    }
}
