using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using MySmpp.Errors;

namespace MySmpp.Journal.Sqlite;

/// <summary>
/// The journal's tables, and how a file is made or brought up to date. The file says what it is with
/// <c>PRAGMA application_id</c> (<see cref="ApplicationId"/>) and which schema it has with <c>PRAGMA user_version</c>:
/// a newer schema than <see cref="Version"/> is refused (an older MySmpp must not write a file it does not understand),
/// an older one is migrated in one transaction by the steps in <see cref="Migrations"/>.
/// </summary>
internal static class JournalSchema
{
    /// <summary>'MySJ' (0x4D79534A): marks the file as a MySmpp journal.</summary>
    internal const int ApplicationId = 0x4D79534A;

    /// <summary>The schema this version writes.</summary>
    internal const int Version = 2;

    internal const string SaltName = "account_salt";
    internal const string TextKeyName = "text_key";

    /// <summary>The highest entry id deleted (an integer in <c>journal_meta</c>): ids are never given twice.</summary>
    internal const string EntryHighWaterName = "entry_high_water";

    /// <summary>
    /// Each step takes the schema from its index to the next version; step 0 creates version 1, step 1 adds the pending
    /// records of version 2 (an older MySmpp refuses a version-2 file: it would not fold them).
    /// </summary>
    private static readonly string[] Migrations =
    {
        @"
CREATE TABLE journal_meta (
    name  TEXT PRIMARY KEY,
    value BLOB NOT NULL
) WITHOUT ROWID;

-- Who sent: the gateway's host and 'login:<login>' or 'token:<fingerprint>' (SendJournalAccount); never a secret.
CREATE TABLE account (
    account_id INTEGER PRIMARY KEY,
    gateway    TEXT NOT NULL,
    principal  TEXT NOT NULL,
    UNIQUE (gateway, principal)
);

-- One sending command.
CREATE TABLE run (
    run_key    INTEGER PRIMARY KEY,
    run_id     TEXT NOT NULL UNIQUE,        -- Guid, 'D' format
    account_id INTEGER NOT NULL REFERENCES account (account_id),
    job_name   TEXT,
    started_at INTEGER NOT NULL,            -- Unix milliseconds, UTC
    ended_at   INTEGER,
    process_id INTEGER NOT NULL
);
CREATE INDEX run_by_job ON run (account_id, job_name) WHERE job_name IS NOT NULL;

-- One recipient: its intent (written before the request left), the gateway's answer, the last state synced.
CREATE TABLE entry (
    entry_id         INTEGER PRIMARY KEY,
    account_id       INTEGER NOT NULL,
    run_key          INTEGER NOT NULL REFERENCES run (run_key),
    position         INTEGER NOT NULL,
    client_id        INTEGER NOT NULL,
    phone            TEXT NOT NULL,
    sent_at          INTEGER NOT NULL,      -- Unix milliseconds, UTC, when the intent was written
    channel          INTEGER NOT NULL,      -- SmsChannel
    sender           TEXT,
    campaign         TEXT,
    send_at          INTEGER,               -- ticks of the account's wall clock (time_send)
    valid_until      INTEGER,               -- ticks of the account's wall clock (validity_period)
    transliterate    INTEGER NOT NULL,
    text             TEXT,                  -- the texts: dropped once the answer is known unless kept
    viber_sender     TEXT,
    viber_text       TEXT,
    button_text      TEXT,
    button_url       TEXT,
    image_url        TEXT,
    text_fingerprint TEXT,                  -- named jobs only (SendJournalText)
    outcome          INTEGER NOT NULL DEFAULT 0,  -- SendJournalOutcomeKind
    outcome_at       INTEGER,
    id_sms           INTEGER,
    send_parts       INTEGER,
    send_price       TEXT,                  -- decimal, invariant culture
    error_id         TEXT,
    error_text       TEXT,
    status           INTEGER,               -- SmsStatus of the last state synced
    raw_status       TEXT,
    status_time      INTEGER,               -- ticks of the server's wall clock
    state_parts      INTEGER,
    state_price      TEXT,                  -- price of one part, decimal, invariant culture
    synced_at        INTEGER,
    is_final         INTEGER NOT NULL DEFAULT 0
);
-- Get-SmsJournal -Since/-Until: a range of one account's send times, in send order, from the index alone.
CREATE INDEX entry_by_time ON entry (account_id, sent_at);
CREATE INDEX entry_by_id_sms ON entry (account_id, id_sms) WHERE id_sms IS NOT NULL;
CREATE INDEX entry_by_client_id ON entry (account_id, client_id);
CREATE INDEX entry_by_phone ON entry (account_id, phone);
CREATE INDEX entry_by_run ON entry (run_key, position);
-- Sync-SmsJournal's candidates (accepted, not final) and Resume-SmsSend's (fate unknown), small however big the journal.
CREATE INDEX entry_pending ON entry (account_id, sent_at) WHERE outcome >= 3 AND is_final = 0;
CREATE INDEX entry_unconfirmed ON entry (account_id, sent_at) WHERE outcome <= 1;
",
        @"
-- What the send path writes ahead (PendingRecords): one row per group of intents, committed before their requests leave,
-- and the answers to it beside it; folded into entry, in first_entry order, before anything reads the journal.
CREATE TABLE pending_intents (
    first_entry INTEGER PRIMARY KEY,       -- the group's entry ids are first_entry .. first_entry + count - 1
    count       INTEGER NOT NULL,
    account_id  INTEGER NOT NULL,
    run_key     INTEGER NOT NULL REFERENCES run (run_key),
    keep_text   INTEGER NOT NULL,          -- the writing session's choice: texts kept after the answer
    recipients  BLOB NOT NULL,             -- position, key, phone, time, message index of each recipient
    messages    BLOB NOT NULL              -- the distinct messages' fields other than texts
);
-- The group's texts; a message's go as soon as no recipient needs them, the row when no message has any.
CREATE TABLE pending_texts (
    first_entry INTEGER PRIMARY KEY,
    texts       BLOB NOT NULL
);
-- The answers to a group, one row per call that recorded some, applied in seq order by the fold.
CREATE TABLE pending_outcomes (
    seq         INTEGER PRIMARY KEY,
    first_entry INTEGER NOT NULL,
    outcomes    BLOB NOT NULL
);
CREATE INDEX pending_outcomes_by_group ON pending_outcomes (first_entry, seq);
",
    };

    /// <summary>
    /// Makes a new file a journal, or brings an older one up to date; refuses a newer schema and a database of another
    /// program. Safe when several processes open the same new file at once (the check is repeated under the write lock).
    /// </summary>
    internal static void Ensure(SqliteConnection connection, string path) => EnsureVersion(connection, path, Version);

    /// <summary>
    /// <see cref="Ensure"/> up to schema <paramref name="upTo"/> only; tests make files of an older schema with it.
    /// </summary>
    internal static void EnsureVersion(SqliteConnection connection, string path, int upTo)
    {
        (int applicationId, int version, long tables) = Read(connection);
        Check(applicationId, version, tables, path);
        if (version >= upTo) return;

        using (SqliteTransaction transaction = connection.BeginTransaction(deferred: false))
        {
            (applicationId, version, tables) = Read(connection);
            Check(applicationId, version, tables, path);
            if (version >= upTo) return;
            for (int step = version; step < upTo; step++)
            {
                Execute(connection, Migrations[step]);
            }

            if (version == 0)
            {
                InsertSecret(connection, SaltName);
                InsertSecret(connection, TextKeyName);
            }

            Execute(connection, "PRAGMA application_id = " + ApplicationId + ";");
            Execute(connection, "PRAGMA user_version = " + upTo + ";");
            transaction.Commit();
        }
    }

    /// <summary>
    /// Settings a new, empty file takes only before anything else is written to it, the switch to WAL included: incremental
    /// auto-vacuum, so that Clear-SmsJournal gives freed pages back to the disk. No-op for a file that has tables.
    /// </summary>
    internal static void PrepareEmpty(SqliteConnection connection)
    {
        (_, _, long tables) = Read(connection);
        if (tables == 0) Execute(connection, "PRAGMA auto_vacuum = INCREMENTAL;");
    }

    internal static byte[] ReadSecret(SqliteConnection connection, string name, string path)
    {
        using (SqliteCommand command = connection.CreateCommand())
        {
            command.CommandText = "SELECT value FROM journal_meta WHERE name = $name;";
            command.Parameters.AddWithValue("$name", name);

            // Missing or short (the fingerprints need 16 bytes): damage, reported as such rather than as a .NET exception
            // from the first fingerprint.
            if (command.ExecuteScalar() is byte[] value && value.Length >= 16) return value;
            throw new MySmppJournalException("The send journal " + path + " is damaged: its " + name + " is missing or too short. Use another file, or restore this one from a backup.", SendJournalProblem.Corrupt, path);
        }
    }

    private static void Check(int applicationId, int version, long tables, string path)
    {
        if (applicationId != ApplicationId && (applicationId != 0 || tables > 0))
        {
            throw new MySmppJournalException("The file " + path + " is an SQLite database of another program, not a MySmpp journal; use another file.", SendJournalProblem.NotAJournal, path);
        }

        if (version > Version)
        {
            throw new MySmppJournalException("The send journal " + path + " has schema " + version + " from a newer MySmpp; this version knows schema " + Version + ". Update the module, or use another file.", SendJournalProblem.NewerVersion, path);
        }
    }

    private static (int ApplicationId, int Version, long Tables) Read(SqliteConnection connection)
    {
        using (SqliteCommand command = connection.CreateCommand())
        {
            command.CommandText = "SELECT (SELECT application_id FROM pragma_application_id), (SELECT user_version FROM pragma_user_version), (SELECT count(*) FROM sqlite_master WHERE type = 'table');";
            using (SqliteDataReader reader = command.ExecuteReader())
            {
                reader.Read();
                return (reader.GetInt32(0), reader.GetInt32(1), reader.GetInt64(2));
            }
        }
    }

    private static void InsertSecret(SqliteConnection connection, string name)
    {
        byte[] value = new byte[32];
        using (var random = RandomNumberGenerator.Create()) random.GetBytes(value);
        using (SqliteCommand command = connection.CreateCommand())
        {
            command.CommandText = "INSERT INTO journal_meta (name, value) VALUES ($name, $value);";
            command.Parameters.AddWithValue("$name", name);
            command.Parameters.AddWithValue("$value", value);
            command.ExecuteNonQuery();
        }
    }

    internal static void Execute(SqliteConnection connection, string sql)
    {
        using (SqliteCommand command = connection.CreateCommand())
        {
            command.CommandText = sql;
            command.ExecuteNonQuery();
        }
    }
}
