using System;

namespace MySmpp.Journal;

/// <summary>One sending command in the journal (<see cref="ISendJournal.StartRun"/>): every intent it writes carries its run.</summary>
public sealed class SendJournalRun
{
    /// <summary>Creates a run as a storage returns it.</summary>
    public SendJournalRun(Guid runId, SendJournalAccount account, string? jobName, DateTimeOffset startedAt)
    {
        RunId = runId;
        Account = account ?? throw new ArgumentNullException(nameof(account));
        JobName = jobName;
        StartedAt = startedAt;
    }

    /// <summary>The run's id (what <c>Get-SmsJournal -RunId</c> and <c>Resume-SmsSend -RunId</c> take).</summary>
    public Guid RunId { get; }

    /// <summary>The account the run sends for.</summary>
    public SendJournalAccount Account { get; }

    /// <summary>The job name (<c>Send-Sms -JobName</c>), or null.</summary>
    public string? JobName { get; }

    /// <summary>When the command started.</summary>
    public DateTimeOffset StartedAt { get; }

    /// <inheritdoc />
    public override string ToString() => RunId.ToString("D") + (JobName == null ? string.Empty : " (job '" + JobName + "')");
}
