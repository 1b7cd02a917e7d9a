using System;
using System.Collections.ObjectModel;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Security;
using MySmpp.Benchmarks.Throughput;
using MySmpp.Reporting;

namespace MySmpp.Benchmarks.Reports;

/// <summary>
/// The <c>reports</c> command's phases, each in a fresh worker process with the built module imported into a hosted
/// runspace: the ids streamed from the emulator through <c>Get-SmsStateSummary</c> (the baseline) or through
/// <c>ConvertTo-SmsDeliveryReport</c>. Nothing keeps the states: the working set shows what the summary or the
/// report holds while a million of them stream past.
/// </summary>
internal static class ReportPhase
{
    private const string Connect = """
        param($Ids, $Base, $Credential)
        Connect-MySmpp -Credential $Credential -BaseUri $Base -SkipValidation -WarningAction SilentlyContinue

        """;

    private const string Summary = Connect + """
        Get-SmsState -Id $Ids -Detail -ProgressAction SilentlyContinue | Get-SmsStateSummary
        """;

    private const string Report = Connect + """
        Get-SmsState -Id $Ids -Detail -ProgressAction SilentlyContinue | ConvertTo-SmsDeliveryReport -Currency RUB
        """;

    public static PhaseResult Run(WorkerArguments a)
    {
        if (string.IsNullOrEmpty(a.ModulePath)) throw new FormatException("worker: the report phases need --module.");
        InitialSessionState state = InitialSessionState.CreateDefault2();
        state.ImportPSModule(a.ModulePath);
        using Runspace runspace = RunspaceFactory.CreateRunspace(state);
        runspace.Open();
        var credential = new PSCredential("login", Secure("password"));

        double cold = WorkerCommand.WarmUp(a.WarmupSeconds, () => Consume(runspace, a, credential, WorkerCommand.WarmupIdBase, a.WarmupIds, out _), a.WarmupIds);

        var meter = WorkerCommand.Meter.Start(a.EmulatorPid);
        long errors = Consume(runspace, a, credential, WorkerCommand.MeasuredIdBase, a.Ids, out long outputBytes);
        PhaseResult result = meter.Stop(a.Phase, a, a.Ids);
        result.Errors = errors;
        result.OutputBytes = outputBytes;
        result.ColdIdsPerSecond = cold;
        return result;
    }

    /// <summary>Runs the pipeline once; an error, a missing or wrong total counts as an error.</summary>
    private static long Consume(Runspace runspace, WorkerArguments a, PSCredential credential, long firstId, int count, out long outputBytes)
    {
        var ids = new long[count];
        for (int i = 0; i < count; i++) ids[i] = firstId + i;
        using PowerShell shell = PowerShell.Create();
        shell.Runspace = runspace;
        shell.AddScript(a.Phase == Phase.Report ? Report : Summary)
            .AddParameter("Ids", ids)
            .AddParameter("Base", a.BaseAddress.ToString())
            .AddParameter("Credential", credential);
        Collection<PSObject> output = shell.Invoke();
        long errors = shell.Streams.Error.Count + (output.Count == 1 ? 0 : 1);
        outputBytes = 0;
        if (output.Count == 1 && output[0].BaseObject is SmsStateSummary summary)
        {
            if (summary.Total != count) errors++;
            outputBytes = System.Text.Encoding.UTF8.GetByteCount(summary.ToString());
        }
        else if (output.Count == 1 && output[0].BaseObject is string page)
        {
            string total = "data-kpi=\"total\">" + count.ToString("N0", System.Globalization.CultureInfo.InvariantCulture) + "<";
            if (!page.Contains(total, StringComparison.Ordinal)) errors++;
            outputBytes = System.Text.Encoding.UTF8.GetByteCount(page);
        }
        else
        {
            errors++;
        }

        return errors;
    }

    private static SecureString Secure(string text)
    {
        var secure = new SecureString();
        foreach (char c in text) secure.AppendChar(c);
        secure.MakeReadOnly();
        return secure;
    }
}
