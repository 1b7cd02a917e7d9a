using System;
using System.Collections.ObjectModel;
using System.Diagnostics;
using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Security;

namespace MySmpp.Benchmarks.Journal;

/// <summary>
/// <c>journal-worker query|sync MODULE JOURNAL GATEWAY SINCE UNTIL</c>: one measured step in a fresh process hosting
/// PowerShell with the built module, as a user runs it. Prints one <c>RESULT key=value ...</c> line.
/// </summary>
internal static class JournalWorker
{
    private const string Connect = "param($Base, $Journal, $Credential) Connect-MySmpp -Credential $Credential -BaseUri $Base -JournalPath $Journal -SkipValidation -WarningAction SilentlyContinue";

    public static int Run(string[] args)
    {
        string mode = args[0];
        string module = args[1];
        string journal = args[2];
        string gateway = args[3];
        DateTime since = DateTime.Parse(args[4], CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
        DateTime until = DateTime.Parse(args[5], CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);

        InitialSessionState state = InitialSessionState.CreateDefault2();
        state.ImportPSModule(module);
        using Runspace runspace = RunspaceFactory.CreateRunspace(state);
        runspace.Open();
        var secure = new SecureString();
        foreach (char c in "password") secure.AppendChar(c);
        Invoke(runspace, Connect, ("Base", gateway), ("Journal", journal), ("Credential", new PSCredential("login", secure)));

        using Process self = Process.GetCurrentProcess();
        if (mode == "query")
        {
            string script = "param($Since, $Until) (Get-SmsJournal -Since $Since -Until $Until | Measure-Object).Count";
            var times = new string[3];
            string count = string.Empty;
            for (int i = 0; i < 3; i++)
            {
                var clock = Stopwatch.StartNew();
                count = Invoke(runspace, script, ("Since", since), ("Until", until))[0].ToString();
                times[i] = clock.Elapsed.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture);
            }

            Console.WriteLine($"RESULT count={count} first={times[0]} second={times[1]} third={times[2]}");
            return 0;
        }

        // Open the journal and load SQLite first, so that "before" is the process as a user's session is before a big sync.
        Invoke(runspace, "$null = Get-SmsJournal -Status Final");
        GC.Collect();
        self.Refresh();
        long before = self.WorkingSet64;
        var watch = Stopwatch.StartNew();
        Invoke(runspace, "Sync-SmsJournal");
        watch.Stop();
        self.Refresh();
        long peak = self.PeakWorkingSet64; // before the check below, which reads every entry back
        string stored = Invoke(runspace, "(Get-SmsJournal -Status Pending, Final | Where-Object SyncedAt | Measure-Object).Count")[0].ToString();
        Console.WriteLine($"RESULT seconds={watch.Elapsed.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture)} wsBefore={before} peakWs={peak} stored={stored}");
        return 0;
    }

    private static Collection<PSObject> Invoke(Runspace runspace, string script, params (string Name, object Value)[] parameters)
    {
        using PowerShell shell = PowerShell.Create();
        shell.Runspace = runspace;
        shell.AddScript(script);
        foreach ((string name, object value) in parameters) shell.AddParameter(name, value);
        Collection<PSObject> output = shell.Invoke();
        if (shell.HadErrors) throw new InvalidOperationException(script + ": " + string.Join("; ", shell.Streams.Error));
        return output;
    }
}
