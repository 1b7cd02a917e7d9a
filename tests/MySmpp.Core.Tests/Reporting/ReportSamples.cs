using System;
using System.Collections.Generic;
using System.IO;
using MySmpp.Model;
using MySmpp.Reporting;

namespace MySmpp.Core.Tests.Reporting;

/// <summary>
/// Inputs for the report tests: a day of messages in every status, send results with phones and send times,
/// errors of several kinds, refusals at send and statuses this version does not know. Every text that a server or
/// an error record would supply comes from one function, so a test can make the same report with plain texts and
/// with hostile ones and compare the two.
/// </summary>
internal static class ReportSamples
{
    public static readonly DateTime Start = new(2021, 4, 26, 6, 0, 0);

    /// <summary>Texts that try to break out of every format: markup, script ends, control characters, Markdown, a megabyte.</summary>
    public static readonly string[] HostileTexts =
    {
        "<script>alert(1)</script>",
        "</script><img src=http://127.0.0.1:9/x.png onerror=alert(1)>",
        "\"><svg onload=alert(1)><a href=\"http://127.0.0.1:9/\">x</a>",
        "line1\r\nline2\u001b[31mred\u0007\u0000\u202Egnp.exe\u2028<style>@import url(http://127.0.0.1:9/a.css)</style>",
        "| cell | break |\n# heading\n[link](http://127.0.0.1:9/) **bold** `code` ![i](http://127.0.0.1:9/i.png) <!-- x --> ]]> {{x}} ${x}",
        new string('A', 1024 * 1024),
        "<a href=\"javascript:alert(1)\">click</a> &amp; &#60;script&#62; <iframe src=http://127.0.0.1:9/></iframe>",
        "\\u003c/script\\u003e \\\" \\n",
    };

    /// <summary>The i-th plain text.</summary>
    public static string Plain(int i) => "text number " + i;

    /// <summary>The i-th hostile text.</summary>
    public static string Hostile(int i) => HostileTexts[i % HostileTexts.Length];

    /// <summary>The sample's records, with foreign texts from <paramref name="text"/>.</summary>
    public static List<DeliveryRecord> Records(Func<int, string> text)
    {
        var records = new List<DeliveryRecord>();
        SmsStatus[] cycle = { SmsStatus.Delivered, SmsStatus.Delivered, SmsStatus.Read, SmsStatus.NotDelivered, SmsStatus.Expired, SmsStatus.Sent, SmsStatus.PartlyDelivered, SmsStatus.Delivered };
        for (int i = 0; i < 240; i++)
        {
            SmsStatus status = cycle[i % cycle.Length];
            DateTime sent = Start.AddMinutes(i * 5);
            DateTime? changed = status == SmsStatus.Sent ? null : sent.AddSeconds(5 + (i % 50) * 7);
            if (i % 3 == 0)
            {
                // A state as Get-SmsState reads it: no send time, no phone.
                records.Add(DeliveryRecord.From(new SmsState(82000 + i, SmsStatusWire.ToWire(status)!, changed, MySmppProtocol.Json, parts: 1 + (i % 3), pricePerPart: 2.5m)));
            }
            else
            {
                // A journal-like record: send time, phone and status time known.
                records.Add(new DeliveryRecord(82000 + i, "7900111" + (i % 10000).ToString("0000", System.Globalization.CultureInfo.InvariantCulture), sent, status, null, changed, 1, 3.25m));
            }
        }

        // Statuses this version does not know, as the gateway wrote them.
        for (int i = 0; i < 4; i++) records.Add(DeliveryRecord.From(new SmsState(83000 + i, text(i), Start.AddHours(3), MySmppProtocol.Json)));

        // Errors: unknown ids, waits that timed out, a foreign error record, refusals at send.
        for (int i = 0; i < 6; i++) records.Add(DeliveryRecord.Error(84000 + i, null, i % 2 == 0 ? "MySmpp.IdNotFound" : "MySmpp.WaitTimeout", text(i + 1), isSendRefusal: false));
        for (int i = 0; i < 3; i++) records.Add(DeliveryRecord.Error(null, null, text(i + 2), text(i + 3), isSendRefusal: false));
        for (int i = 0; i < 5; i++) records.Add(DeliveryRecord.Error(null, "7999000000" + i, i % 2 == 0 ? "MySmpp.StopListed" : "MySmpp.InsufficientFunds", text(i + 4), isSendRefusal: true));
        return records;
    }

    /// <summary>The report of <see cref="Records"/>.</summary>
    public static SmsDeliveryReport Report(Func<int, string> text, int top = 20, string title = "Sample report")
    {
        var builder = new DeliveryReportBuilder(top);
        foreach (DeliveryRecord record in Records(text)) builder.Add(record);
        return builder.Build(new SmsDeliveryReportOptions { Title = title, Currency = "RUB", Since = Start, Until = Start.AddDays(1), GeneratedAt = new DateTimeOffset(2021, 4, 27, 8, 0, 0, TimeSpan.FromHours(3)) });
    }

    /// <summary>The repository's TestResults folder (test artifacts; never committed).</summary>
    public static string ArtifactDirectory(string name)
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder != null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "MySmpp.sln"))) return Directory.CreateDirectory(Path.Combine(folder.FullName, "TestResults", name)).FullName;
        }

        return Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "mysmpp-test-results", name)).FullName;
    }
}
