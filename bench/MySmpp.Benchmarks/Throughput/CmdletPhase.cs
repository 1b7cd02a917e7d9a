using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Security;
using MySmpp.Emulator;
using MySmpp.Model;

namespace MySmpp.Benchmarks.Throughput;

/// <summary>
/// Phases (4), (5) and (6). (4) and (5) are what a user runs, in a runspace hosted through Microsoft.PowerShell.SDK with the
/// built module imported from <c>out/</c>, the states collected into a variable. (4) passes the ids as
/// one argument, <c>$states = Get-SmsState -Id $ids</c>; (5) pipes them, <c>$states = $ids | Get-SmsState</c>,
/// so PowerShell binds every id on its own. Compared with phase (2), they show what PowerShell and the
/// cmdlet's per-id work cost on top of the client. (6) runs <see cref="WriteSmsStateFloorCommand"/> in the
/// same kind of runspace, <c>$states = Write-SmsStateFloor -Id $ids</c>: the pipeline's own cost per state.
/// </summary>
internal static class CmdletPhase
{
    // The states come back as one array (",$states"), so that handing them to the harness for checking
    // does not send each of them through the pipeline a second time.
    private const string Connect = """
        param($Ids, $Base, $Protocol, $BatchSize, $Concurrency, $Credential)
        Connect-MySmpp -Credential $Credential -BaseUri $Base -Protocol $Protocol -BatchSize $BatchSize -MaxConcurrency $Concurrency -SkipValidation -WarningAction SilentlyContinue

        """;

    private const string ByParameter = Connect + """
        $states = Get-SmsState -Id $Ids -ProgressAction SilentlyContinue
        ,$states
        """;

    private const string Piped = Connect + """
        $states = $Ids | Get-SmsState -ProgressAction SilentlyContinue
        ,$states
        """;

    // No connection and no network: the same collection into a variable and the same return as (4).
    private const string Floor = """
        param($Ids, $Protocol)
        $states = Write-SmsStateFloor -Id $Ids -Protocol $Protocol
        ,$states
        """;

    public static PhaseResult Run(WorkerArguments a)
    {
        if (string.IsNullOrEmpty(a.ModulePath)) throw new FormatException("worker: the cmdlet phase needs --module.");
        InitialSessionState state = InitialSessionState.CreateDefault2();
        state.ImportPSModule(a.ModulePath);
        state.Commands.Add(new SessionStateCmdletEntry("Write-SmsStateFloor", typeof(WriteSmsStateFloorCommand), helpFileName: null));
        using Runspace runspace = RunspaceFactory.CreateRunspace(state);
        runspace.Open();
        var credential = new PSCredential("login", Secure("password"));

        double cold = WorkerCommand.WarmUp(a.WarmupSeconds, () => Consume(runspace, a, credential, WorkerCommand.WarmupIdBase, a.WarmupIds), a.WarmupIds);

        var meter = WorkerCommand.Meter.Start(a.EmulatorPid);
        long errors = Consume(runspace, a, credential, WorkerCommand.MeasuredIdBase, a.Ids);
        PhaseResult result = meter.Stop(a.Phase, a, a.Ids);
        result.Errors = errors;
        result.ColdIdsPerSecond = cold;
        return result;
    }

    /// <summary>Runs the script once; checks every state's id order and (but for the floor, which makes its own) status against the emulator's rule.</summary>
    private static long Consume(Runspace runspace, WorkerArguments a, PSCredential credential, long firstId, int count)
    {
        var ids = new long[count];
        for (int i = 0; i < count; i++) ids[i] = firstId + i;

        using PowerShell shell = PowerShell.Create();
        shell.Runspace = runspace;
        bool floor = a.Phase == Phase.PowerShellFloor;
        if (floor)
        {
            shell.AddScript(Floor).AddParameter("Ids", ids).AddParameter("Protocol", a.Flavour.ToString());
        }
        else
        {
            shell.AddScript(a.Phase == Phase.CmdletPiped ? Piped : ByParameter)
                .AddParameter("Ids", ids)
                .AddParameter("Base", a.BaseAddress.ToString())
                .AddParameter("Protocol", a.Flavour.ToString())
                .AddParameter("BatchSize", a.BatchSize)
                .AddParameter("Concurrency", a.Concurrency)
                .AddParameter("Credential", credential);
        }

        Collection<PSObject> output = shell.Invoke();

        long errors = shell.Streams.Error.Count;
        long expected = firstId;
        foreach (object? item in output.Count == 1 && output[0]?.BaseObject is object[] states ? states : (System.Collections.IEnumerable)output)
        {
            if ((item is PSObject wrapped ? wrapped.BaseObject : item) is not SmsState smsState)
            {
                errors++;
                continue;
            }

            if (smsState.Id != expected++) errors++;
            if (!floor && !string.Equals(smsState.RawStatus, SyntheticMessages.For(smsState.Id).State, StringComparison.Ordinal)) errors++;
        }

        if (expected != firstId + count) errors += Math.Abs(firstId + count - expected);
        return errors;
    }

    private static SecureString Secure(string text)
    {
        var secure = new SecureString();
        foreach (char c in text) secure.AppendChar(c);
        secure.MakeReadOnly();
        return secure;
    }

    /// <summary>The laid-out module of this checkout: out/MySmpp/&lt;version&gt;/MySmpp.psd1 above the program's folder.</summary>
    public static string? FindBuiltModule()
    {
        for (var folder = new System.IO.DirectoryInfo(AppContext.BaseDirectory); folder != null; folder = folder.Parent)
        {
            var modules = new System.IO.DirectoryInfo(System.IO.Path.Combine(folder.FullName, "out", "MySmpp"));
            if (!System.IO.File.Exists(System.IO.Path.Combine(folder.FullName, "MySmpp.sln")) || !modules.Exists) continue;
            var manifests = new List<System.IO.FileInfo>(modules.GetFiles("MySmpp.psd1", System.IO.SearchOption.AllDirectories));
            manifests.Sort((x, y) => y.LastWriteTimeUtc.CompareTo(x.LastWriteTimeUtc));
            return manifests.Count > 0 ? manifests[0].FullName : null;
        }

        return null;
    }
}
