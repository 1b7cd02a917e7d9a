using System;
using System.Text.Json.Serialization;
using MySmpp.Model;

namespace MySmpp.Benchmarks.Throughput;

/// <summary>Which side of the comparison a worker measures.</summary>
internal enum Phase
{
    /// <summary>Bare HttpClient replaying pre-built bodies; responses read and discarded: the wire's limit.</summary>
    Raw,

    /// <summary>MySmppClient.GetStates: ids in, SmsState objects out and consumed.</summary>
    Client,

    /// <summary>One request per id, sequential, body built as a string and parsed into a DOM, as an Invoke-RestMethod loop would.</summary>
    Naive,

    /// <summary>Get-SmsState in a runspace hosted through Microsoft.PowerShell.SDK: <c>$states = Get-SmsState -Id $ids</c>.</summary>
    Cmdlet,

    /// <summary>The same, the ids piped in one by one: <c>$states = $ids | Get-SmsState</c> (PowerShell binds every id).</summary>
    CmdletPiped,

    /// <summary>PowerShell's floor: <c>$states = Write-SmsStateFloor -Id $ids</c>, a cmdlet that only writes a new state per id (no network).</summary>
    PowerShellFloor,

    /// <summary>Sending: a bare HttpClient replaying pre-built send requests (the client's batches, fresh keys); answers read and discarded.</summary>
    SendRaw,

    /// <summary>Sending: <c>MySmppClient.StartSend</c>, messages in, outcomes out and checked.</summary>
    SendClient,

    /// <summary>Sending: <c>$sent = Send-Sms -Phone $phones -Text … -Sender MyShop</c> in a hosted runspace, the session's send journal on (a fresh file per worker).</summary>
    SendCmdlet,

    /// <summary>Sending: the same <c>Send-Sms</c>, the session connected with <c>-NoJournal</c>.</summary>
    SendCmdletNoJournal,

    /// <summary>Sending: a hand-written batched <c>Invoke-RestMethod</c> loop in a hosted runspace, 200 recipients per request, one request at a time.</summary>
    SendLoop,
    /// <summary>The reports' baseline: <c>Get-SmsState -Id $ids | Get-SmsStateSummary</c> (the <c>reports</c> command).</summary>
    Summary,

    /// <summary>The same ids through the report: <c>Get-SmsState -Id $ids | ConvertTo-SmsDeliveryReport</c>.</summary>
    Report,
}

/// <summary>What one worker process measured; serialised as one JSON line on its standard output.</summary>
internal sealed class PhaseResult
{
    public Phase Phase { get; set; }

    public MySmppProtocol Flavour { get; set; }

    /// <summary>Ids the table row is about.</summary>
    public int Ids { get; set; }

    /// <summary>Ids actually sent in the timed section (smaller than <see cref="Ids"/> when the naive loop is sampled).</summary>
    public int MeasuredIds { get; set; }

    public double Seconds { get; set; }

    public double IdsPerSecond => Seconds > 0 ? MeasuredIds / Seconds : 0;

    /// <summary>Process.PeakWorkingSet64 of the worker at the end (start-up, warm-up and timed section included).</summary>
    public long PeakWorkingSetBytes { get; set; }

    /// <summary>Working set just before the timed section (runtime, JIT, warm-up): the floor under the peak.</summary>
    public long BaselineWorkingSetBytes { get; set; }

    /// <summary>GC.GetTotalAllocatedBytes(true) over the timed section.</summary>
    public long AllocatedBytes { get; set; }

    public double AllocatedBytesPerId => MeasuredIds > 0 ? (double)AllocatedBytes / MeasuredIds : 0;

    /// <summary>User + kernel CPU of the worker over the timed section.</summary>
    public double CpuSeconds { get; set; }

    public int Gen0 { get; set; }

    public int Gen1 { get; set; }

    public int Gen2 { get; set; }

    /// <summary>Client phase: time from the first id handed to GetStates to the first result out.</summary>
    public double FirstResultSeconds { get; set; }

    /// <summary>Ids answered with an error, out of order, or with a status other than the emulator's.</summary>
    public long Errors { get; set; }

    public long ResponseBytes { get; set; }

    /// <summary>The reports command: UTF-8 bytes of what the pipeline wrote (the page, for the Report phase).</summary>
    public long OutputBytes { get; set; }

    public long Requests { get; set; }

    /// <summary>The first warm-up round's rate: a fresh process, before tiered compilation settles.</summary>
    public double ColdIdsPerSecond { get; set; }

    /// <summary>CPU the emulator process used over the timed section (read from its /proc entry; 10 ms resolution).</summary>
    public double EmulatorCpuSeconds { get; set; }

    /// <summary>CPU used by the whole machine over the timed section (Linux /proc/stat).</summary>
    public double MachineBusySeconds { get; set; }

    /// <summary>
    /// CPU of everything but the worker and the emulator, as a share of one core: other load that disturbed
    /// the run. NaN for timed sections under 0.25 s, where the 10 ms tick of /proc makes it meaningless.
    /// </summary>
    [JsonIgnore]
    public double OtherLoadPercent => Seconds >= 0.25 && MachineBusySeconds > 0 ? Math.Max(0, MachineBusySeconds - CpuSeconds - EmulatorCpuSeconds) * 100 / Seconds : double.NaN;
}
