using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Net.Http;
using System.Security;
using System.Security.Cryptography;
using System.Threading;
using MySmpp.Benchmarks.Throughput;
using MySmpp.Client;
using MySmpp.Credentials;
using MySmpp.Http;
using MySmpp.Model;
using MySmpp.Sending;

namespace MySmpp.Benchmarks.Sending;

/// <summary>
/// The send benchmark's phases, each in a fresh worker process against the same emulator process: (1) raw, a bare
/// <see cref="HttpClient"/> replaying send requests pre-built by the client's own codec (the same batches, fresh keys),
/// (2) client, <see cref="SmsSendOperation"/>, (3) cmdlet, <c>Send-Sms</c> in a hosted runspace with the send journal on,
/// (3b) the same with <c>-NoJournal</c>, (4) loop, a hand-written
/// batched <c>Invoke-RestMethod</c> loop in the same kind of runspace. Every phase sends its own recipients with keys no
/// other run used, so the emulator really accepts (and charges) each message.
/// </summary>
internal static class SendPhases
{
    private const string Login = "login";
    private const string Password = "password";
    private const string Sender = "MyShop";
    private const string Text = "Your order is ready for pick-up at the counter";

    // The emulator's account runs out of money: the harness starts it with enough for every run (see SendBenchCommand).
    // With the send journal (its own file per worker, so every run starts from an empty journal) or -NoJournal.
    private const string Connect = """
        param($Base, $BatchSize, $Concurrency, $Credential, $Journal)
        $where = if ($Journal) { @{ JournalPath = $Journal } } else { @{ NoJournal = $true } }
        Connect-MySmpp -Credential $Credential -BaseUri $Base -BatchSize $BatchSize -MaxConcurrency $Concurrency -SkipValidation -WarningAction SilentlyContinue @where

        """;

    // Timed: the send alone. The round's Connect-MySmpp runs just before it, untimed (a session is opened once and used
    // for many sends; reconnecting closes the earlier session's journal, and SQLite checkpoints its file when the last
    // connection closes: a cost of Connect, ~30 ms here, not of Send-Sms).
    private const string Cmdlet = """
        param($Phones, $Text)
        $sent = Send-Sms -Phone $Phones -Text $Text -Sender MyShop
        ,$sent
        """;

    // What an admin writes without the module: the batch's XML built as a string, one request at a time, the answer
    // read by Invoke-RestMethod into an XmlDocument, and a result object per recipient.
    private const string Loop = """
        param($Phones, $Base, $BatchSize, $Concurrency, $Credential, $Text, $FirstKey)
        $uri = $Base.TrimEnd('/') + '/xml/'
        $login = $Credential.UserName
        $password = $Credential.GetNetworkCredential().Password
        $key = [long] $FirstKey
        $sent = [System.Collections.Generic.List[object]]::new()
        for ($start = 0; $start -lt $Phones.Count; $start += $BatchSize) {
            $end = [Math]::Min($start + $BatchSize, $Phones.Count) - 1
            $abonents = for ($i = $start; $i -le $end; $i++) {
                '<abonent phone="{0}" number_sms="{1}" client_id_sms="{2}"/>' -f $Phones[$i], ($i - $start + 1), ($key + $i)
            }
            $body = '<?xml version="1.0" encoding="utf-8"?><request><security><login value="{0}"/><password value="{1}"/></security><message type="sms" type_send_1="sms"><sender>MyShop</sender><text>{2}</text>{3}</message></request>' -f `
                [System.Security.SecurityElement]::Escape($login), [System.Security.SecurityElement]::Escape($password), [System.Security.SecurityElement]::Escape($Text), (-join $abonents)
            $answer = Invoke-RestMethod -Method Post -Uri $uri -Body ([System.Text.Encoding]::UTF8.GetBytes($body)) -ContentType 'text/xml; charset=utf-8'
            foreach ($line in $answer.response.information) {
                $sent.Add([pscustomobject]@{ Phone = $Phones[$start + [int] $line.number_sms - 1]; Id = [long] $line.id_sms; Status = $line.'#text' })
            }
        }
        ,$sent.ToArray()
        """;

    public static PhaseResult Run(WorkerArguments a)
    {
        // A random stretch of keys for this process, far from any other run's; phones carry the process id, so that
        // a run can be checked on its own.
        long keyBase = RandomKeyBase();
        int recipients = a.Ids;
        string[] warmupPhones = Phones("7901", a.WarmupIds);
        string[] phones = Phones("7902", recipients);
        using MySmppCredential credential = MySmppCredential.FromPassword(Login, Password);
        // Each round is prepared (the raw phase's bodies written) before it is run, so that only the run is timed.
        Func<string[], long, Func<long>> prepare = a.Phase switch
        {
            Phase.SendRaw => RawRound(a, credential),
            Phase.SendClient => ClientRound(a, credential),
            Phase.SendCmdlet or Phase.SendCmdletNoJournal or Phase.SendLoop => PowerShellRound(a),
            _ => throw new FormatException("Not a send phase."),
        };

        long next = keyBase;
        double cold = WorkerCommand.WarmUp(a.WarmupSeconds, () =>
        {
            prepare(warmupPhones, next)();
            next += warmupPhones.Length;
        }, warmupPhones.Length);

        // --commands N: N commands of the same recipients (new keys each), timed one after another as one run; every
        // round is prepared first (a cmdlet phase's Connect-MySmpp among it: the last one's session sends them all).
        var measured = new List<Func<long>>();
        for (int c = 0; c < a.Commands; c++)
        {
            measured.Add(prepare(phones, next));
            next += phones.Length;
        }

        var meter = WorkerCommand.Meter.Start(a.EmulatorPid);
        long errors = 0;
        foreach (Func<long> command in measured) errors += command();
        PhaseResult result = meter.Stop(a.Phase, a, recipients * a.Commands);
        result.Errors = errors;
        result.ColdIdsPerSecond = cold;
        result.Requests = a.Commands * ((recipients + a.BatchSize - 1) / a.BatchSize);
        if (System.IO.Directory.Exists(JournalFolder)) System.IO.Directory.Delete(JournalFolder, recursive: true);
        return result;
    }

    // (1): the bodies the client would write (same codec, same batches), built before the clock starts.
    private static Func<string[], long, Func<long>> RawRound(WorkerArguments a, MySmppCredential credential)
    {
        var http = new HttpClient(WorkerCommand.CreateHandler(a.Concurrency)) { Timeout = Timeout.InfiniteTimeSpan };
        var endpoint = new Uri(a.BaseAddress, XmlSendCodec.RelativePath);
        return (phones, firstKey) =>
        {
            byte[][] bodies = Bodies(credential, phones, firstKey, a.BatchSize);
            return () => WorkerCommand.Replay(http, endpoint, XmlSendCodec.MediaType, bodies, a.Concurrency).Errors;
        };
    }

    private static byte[][] Bodies(MySmppCredential credential, string[] phones, long firstKey, int batchSize)
    {
        var bodies = new byte[(phones.Length + batchSize - 1) / batchSize][];
        for (int b = 0; b < bodies.Length; b++)
        {
            var batch = new List<PreparedRecipient>(batchSize);
            for (int i = b * batchSize; i < Math.Min(phones.Length, (b + 1) * batchSize); i++)
            {
                var message = new SmsMessage { Phone = phones[i], Text = Text, Sender = Sender };
                batch.Add(new PreparedRecipient(i, message, message, phones[i], firstKey + i, keyGenerated: false));
            }

            using var body = new PooledBuffer(512 + (batch.Count * 96));
            XmlSendCodec.WriteRequest(body, credential, batch);
            bodies[b] = body.WrittenSpan.ToArray();
        }

        return bodies;
    }

    // (2): messages in, outcomes out; every recipient must come back accepted, in order.
    private static Func<string[], long, Func<long>> ClientRound(WorkerArguments a, MySmppCredential credential)
    {
        var options = new MySmppSessionOptions { BaseAddress = a.BaseAddress, Protocol = MySmppProtocol.Xml, BatchSize = a.BatchSize, MaxConcurrency = a.Concurrency };
        var client = new MySmppClient(credential, options);
        return (phones, firstKey) => () =>
        {
            long errors = 0;
            int expected = 0;
            using SmsSendOperation send = client.StartSend();
            foreach (string phone in phones)
            {
                send.Add(new SmsMessage { Phone = phone, Text = Text, Sender = Sender });
                foreach (SmsSendOutcome outcome in send.TakeCompleted()) errors += Check(outcome, phones, ref expected);
            }

            foreach (SmsSendOutcome outcome in send.Finish()) errors += Check(outcome, phones, ref expected);
            return errors + (phones.Length - expected);
        };
    }

    private static long Check(SmsSendOutcome outcome, string[] phones, ref int expected) =>
        outcome.Fate == SmsSendFate.Accepted && outcome.Phone == phones[expected++] ? 0 : 1;

    // (3) and (4): a runspace with the built module (for the cmdlet), the script run once per round.
    private static Func<string[], long, Func<long>> PowerShellRound(WorkerArguments a)
    {
        InitialSessionState state = InitialSessionState.CreateDefault2();
        bool cmdlet = a.Phase != Phase.SendLoop;
        // The cold command's warmed send asks for -NoJournal through the worker's --no-journal.
        string? journal = a.Phase == Phase.SendCmdlet && !a.NoJournal ? System.IO.Path.Combine(JournalFolder, "journal.db") : null;
        if (cmdlet)
        {
            if (string.IsNullOrEmpty(a.ModulePath)) throw new FormatException("worker: the cmdlet phase needs --module.");
            state.ImportPSModule(a.ModulePath);
        }

        Runspace runspace = RunspaceFactory.CreateRunspace(state);
        runspace.Open();
        var credential = new PSCredential(Login, Secure(Password));
        return (phones, firstKey) =>
        {
            if (cmdlet)
            {
                using PowerShell connect = PowerShell.Create();
                connect.Runspace = runspace;
                connect.AddScript(Connect)
                    .AddParameter("Base", a.BaseAddress.ToString())
                    .AddParameter("BatchSize", a.BatchSize)
                    .AddParameter("Concurrency", a.Concurrency)
                    .AddParameter("Credential", credential)
                    .AddParameter("Journal", journal);
                connect.Invoke();
                if (connect.HadErrors) throw new InvalidOperationException("Connect-MySmpp failed: " + string.Join("; ", connect.Streams.Error));
            }

            return () =>
            {
                using PowerShell shell = PowerShell.Create();
                shell.Runspace = runspace;
                if (cmdlet)
                {
                    shell.AddScript(Cmdlet).AddParameter("Phones", phones).AddParameter("Text", Text);
                }
                else
                {
                    shell.AddScript(Loop)
                        .AddParameter("Phones", phones)
                        .AddParameter("Base", a.BaseAddress.ToString())
                        .AddParameter("BatchSize", a.BatchSize)
                        .AddParameter("Concurrency", a.Concurrency)
                        .AddParameter("Credential", credential)
                        .AddParameter("Text", Text)
                        .AddParameter("FirstKey", firstKey);
                }

                Collection<PSObject> output = shell.Invoke();
                object[] sent = output.Count == 1 && output[0]?.BaseObject is object[] all ? all : output.Select(o => (object)o).ToArray();
                long errors = shell.Streams.Error.Count + Math.Abs(phones.Length - sent.Length);
                for (int i = 0; i < Math.Min(sent.Length, phones.Length); i++)
                {
                    var item = PSObject.AsPSObject(sent[i]);
                    if (!string.Equals(item.Properties["Phone"]?.Value as string, phones[i], StringComparison.Ordinal)) errors++;
                }

                return errors;
            };
        };
    }

    // The worker's own journal, removed when the worker is done.
    private static string JournalFolder => System.IO.Path.Combine(System.IO.Path.GetTempPath(), "mysmpp-bench-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));

    private static string[] Phones(string prefix, int count) =>
        Enumerable.Range(0, count).Select(i => prefix + i.ToString("D7", CultureInfo.InvariantCulture)).ToArray();

    private static long RandomKeyBase()
    {
        byte[] bytes = new byte[8];
        RandomNumberGenerator.Fill(bytes);
        return (1L << 40) + (long)(BitConverter.ToUInt64(bytes, 0) % (1UL << 60));
    }

    private static SecureString Secure(string text)
    {
        var secure = new SecureString();
        foreach (char c in text) secure.AppendChar(c);
        secure.MakeReadOnly();
        return secure;
    }
}
