using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Security;
using System.Security.Cryptography;
using System.Threading.Tasks;
using Microsoft.Diagnostics.Runtime;
using MySmpp.Client;
using MySmpp.Core.Tests.Reliability;
using MySmpp.Credentials;
using MySmpp.Model;
using Xunit;
using R = MySmpp.Core.Tests.Reliability.Reliability;

namespace MySmpp.Core.Tests.Live;

/// <summary>
/// The claim (docs/reliability.md) that MySmpp makes no string of a secret, checked on the managed heap itself: error paths
/// and redaction run with a secret that exists in this process only as a SecureString (and a char[] the test
/// keeps to compare with), then a snapshot of the process is searched for string objects holding it — live
/// ones and garbage not yet collected alike. Servers here never echo the request, so any such string would
/// be the client's own.
/// </summary>
[Collection(ReliabilityCollection.Name)]
[Trait(TestCategory.Name, TestCategory.Slow)]
public sealed class SecretMemoryTests
{
    [Fact]
    public async Task Error_paths_and_redaction_make_no_string_of_the_secret()
    {
        string assembly = typeof(SecretMemoryTests).Assembly.Location;
        var start = new ProcessStartInfo(Environment.ProcessPath ?? "dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(start.FileName).Equals("dotnet", StringComparison.OrdinalIgnoreCase)) start.ArgumentList.Add("exec");
        else start.FileName = "dotnet";
        start.ArgumentList.Add(assembly);
        start.ArgumentList.Add(SecretMemoryProbe.Command);

        using Process probe = Process.Start(start)!;
        Task<string> stderr = probe.StandardError.ReadToEndAsync();
        string output = await probe.StandardOutput.ReadToEndAsync();
        await probe.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));

        Assert.True(probe.ExitCode == 0, "probe exit code " + probe.ExitCode + ": " + output + await stderr);
        Assert.Contains("strings holding the secret: 0", output, StringComparison.Ordinal);
    }
}

/// <summary>
/// The scenario of <see cref="SecretMemoryTests"/>, run as <c>dotnet MySmpp.Core.Tests.dll secret-memory-probe</c>:
/// error paths and redaction with a fresh secret, then a snapshot of this (child) process searched for string
/// objects holding it. The snapshot pauses and inspects every thread of the process it is taken of (ClrMD
/// through ptrace); taken of the test host itself, it left threads that later crashed the run
/// ("Test host process crashed", a segfault in a thread-pool worker minutes afterwards), so it is taken only
/// of a process that exits right after.
/// </summary>
public static class SecretMemoryProbe
{
    public const string Command = "secret-memory-probe";

    /// <summary>Prints <c>strings holding the secret: N</c> and returns 0, or 2 when the scenario failed.</summary>
    public static async Task<int> RunAsync()
    {
        char[] secret = NewSecret();
        using var secure = new SecureString();
        foreach (char c in secret) secure.AppendChar(c);
        using MySmppCredential credential = MySmppCredential.FromPassword("acme", secure);
        // Every request gets another unhappy answer: refused in Russian, locked, HTML 500, garbage, 503, a sentence for an id.
        await using RawHttpServer server = RawHttpServer.Start(x => (x.Request.Index % 6) switch
        {
            0 => x.RespondAsync(200, x.ContentType, WireAnswers.Error(x.Request.Protocol, "Неправильный логин или пароль")),
            1 => x.RespondAsync(400, x.ContentType, WireAnswers.Error(x.Request.Protocol, "Ваш аккаунт заблокирован")),
            2 => x.RespondAsync(500, "text/html", "<html><body>Internal error\u001b[2J</body></html>"),
            3 => x.RespondAsync(200, x.ContentType, "\u00ff\u00fe garbage"),
            4 => x.RespondAsync(503, "text/plain", "busy"),
            _ => x.RespondAsync(200, x.ContentType, x.Request.IsXml
                ? "<response><state id_sms=\"1000001\" time=\"\">Сообщение с таким ID не принималось</state></response>"
                : "[{\"id_sms\":1000001,\"time_change_state\":\"\",\"state\":\"Сообщение с таким ID не принималось\"}]"),
        });
        foreach (MySmppProtocol protocol in new[] { MySmppProtocol.Json, MySmppProtocol.Xml })
        {
            for (int round = 0; round < 6; round++)
            {
                using MySmppClient client = R.Client(server.BaseAddress, protocol, o => o.MaxRetries = 1, credential);
                QueryRun run = await R.RunAsync(client, new long[] { 1_000_001 });
                foreach (SmsStateResult result in run.Results) _ = result.ToString();
            }
        }

        // Redaction of text that does not hold the secret, of every kind it decodes.
        for (int i = 0; i < 20; i++)
        {
            _ = credential.Redact("Incorrect data &amp;apos; \\u0022 %7E + [truncated] ... … " + i.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        Console.WriteLine("strings holding the secret: " + StringsHolding(secret).ToString(System.Globalization.CultureInfo.InvariantCulture));
        return 0;
    }

    private static char[] NewSecret()
    {
        const string alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
        char[] secret = new char[24];
        "Mq-".CopyTo(0, secret, 0, 3);
        for (int i = 3; i < secret.Length; i++) secret[i] = alphabet[RandomNumberGenerator.GetInt32(alphabet.Length)];
        return secret;
    }

    // Searches a snapshot of this process; the strings read from it are made after the snapshot, so they cannot count.
    private static int StringsHolding(char[] secret)
    {
        using DataTarget target = DataTarget.CreateSnapshotAndAttach(Environment.ProcessId);
        using ClrRuntime runtime = target.ClrVersions.Single().CreateRuntime();
        int found = 0;
        foreach (ClrObject obj in runtime.Heap.EnumerateObjects())
        {
            if (obj.Type?.IsString != true) continue;
            string? value = obj.AsString(1 << 20);
            if (value != null && value.AsSpan().IndexOf(secret) >= 0) found++;
        }

        return found;
    }
}
