using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using Microsoft.Data.Sqlite;
using MySmpp.Credentials;
using MySmpp.Journal;
using MySmpp.Journal.Sqlite;
using MySmpp.Sending;

namespace MySmpp.Core.Tests.Journal;

/// <summary>A journal in a fresh temporary folder, and helpers to write runs into it as a send path would.</summary>
internal sealed class TempJournal : IDisposable
{
    private static readonly Uri Gateway = new Uri("http://lk.mysmpp.test");

    public TempJournal(bool keepText = false, TimeSpan? busyTimeout = null, string? path = null)
    {
        Folder = Path.Combine(Path.GetTempPath(), "mysmpp-journal-" + Guid.NewGuid().ToString("N"));
        FilePath = path ?? Path.Combine(Folder, "MySmpp", "journal.db");
        Journal = Open(keepText, busyTimeout);
        using var credential = MySmppCredential.FromPassword("acme", "secret-pw-1");
        Account = Journal.GetAccount(credential, Gateway);
    }

    public string Folder { get; }

    public string FilePath { get; }

    public ISendJournal Journal { get; }

    public SendJournalAccount Account { get; }

    public ISendJournal Open(bool keepText = false, TimeSpan? busyTimeout = null) =>
        new SqliteSendJournalFactory().Open(new SendJournalOptions { Path = FilePath, KeepText = keepText, BusyTimeout = busyTimeout ?? TimeSpan.FromSeconds(30) });

    public static SmsMessage Message(string text = "Your code is 1234", SmsChannel channel = SmsChannel.Sms) =>
        new SmsMessage { Text = text, Sender = "MyShop", Channel = channel, CampaignName = "codes" };

    /// <summary>Writes <paramref name="count"/> intents in one batch of a new run; returns the run and the entry ids.</summary>
    public (SendJournalRun Run, IReadOnlyList<long> Entries) Send(int count, DateTimeOffset? at = null, string? jobName = null, long firstKey = 500001, SmsChannel channel = SmsChannel.Sms, ISendJournal? journal = null)
    {
        ISendJournal j = journal ?? Journal;
        DateTimeOffset when = at ?? DateTimeOffset.Now;
        SendJournalRun run = j.StartRun(Account, Guid.NewGuid(), jobName, when);
        var intents = Enumerable.Range(0, count)
            .Select(i => new SendIntent(i + 1, "7900111" + (i % 10000).ToString("0000", System.Globalization.CultureInfo.InvariantCulture), firstKey + i, Message("Text " + i, channel), when.AddMilliseconds(i)))
            .ToList();
        return (run, j.RecordIntents(run, intents));
    }

    public List<SmsJournalEntry> All(SendJournalQuery? query = null) => Journal.Query(Account, query ?? new SendJournalQuery()).ToList();

    /// <summary>One number read from the file through a read-only connection of its own (what another process would see).</summary>
    public long Scalar(string sql)
    {
        using var connection = new SqliteConnection("Data Source=" + FilePath + ";Mode=ReadOnly;Pooling=False");
        connection.Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    /// <summary>Another process's writer holding the file's write lock until the connection is disposed.</summary>
    public SqliteConnection HoldWriteLock()
    {
        var connection = new SqliteConnection("Data Source=" + FilePath + ";Pooling=False");
        connection.Open();
        JournalSchema.Execute(connection, "BEGIN IMMEDIATE;");
        return connection;
    }

    public void Dispose()
    {
        Journal.Dispose();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
