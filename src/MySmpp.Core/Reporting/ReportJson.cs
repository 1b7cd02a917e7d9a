using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.Json;

namespace MySmpp.Reporting;

/// <summary>
/// The report model as JSON (<c>mysmpp.delivery-report/1</c>), for re-use by other tools: the HTML page embeds it.
/// Written with <see cref="Utf8JsonWriter"/> and its default encoder, which escapes <c>&lt;</c>, <c>&gt;</c>,
/// <c>&amp;</c> and quotes as <c>\u003C</c>..., so the text can sit inside a <c>&lt;script&gt;</c> element and no
/// server text can close it.
/// </summary>
internal static class ReportJson
{
    /// <summary>The schema name written into the JSON.</summary>
    public const string Schema = "mysmpp.delivery-report/1";

    public static string Write(SmsDeliveryReport report)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("schema", Schema);
            json.WriteString("title", report.Title);
            WriteTime(json, "since", report.Since.HasValue ? ReportText.Time(report.Since.Value) : null);
            WriteTime(json, "until", report.Until.HasValue ? ReportText.Time(report.Until.Value) : null);
            WriteTime(json, "generatedAt", report.GeneratedAt.HasValue ? ReportText.Time(report.GeneratedAt.Value) : null);
            if (report.Currency != null) json.WriteString("currency", report.Currency);
            else json.WriteNull("currency");

            json.WriteStartObject("totals");
            json.WriteNumber("messages", report.Total);
            json.WriteNumber("delivered", report.Delivered);
            json.WriteNumber("read", report.Read);
            json.WriteNumber("notDelivered", report.NotDelivered);
            json.WriteNumber("expired", report.Expired);
            json.WriteNumber("stillOpen", report.StillOpen);
            json.WriteNumber("final", report.Final);
            json.WriteNumber("errors", report.Errors);
            json.WriteNumber("refusedAtSend", report.RefusedAtSend);
            json.WriteNumber("deliveryRate", report.DeliveryRate);
            if (report.Parts.HasValue) json.WriteNumber("parts", report.Parts.Value);
            else json.WriteNull("parts");
            if (report.TotalCost.HasValue) json.WriteNumber("cost", report.TotalCost.Value);
            else json.WriteNull("cost");
            json.WriteEndObject();

            json.WriteStartObject("counts");
            foreach (KeyValuePair<string, int> pair in report.Summary.Counts) json.WriteNumber(pair.Key, pair.Value);
            json.WriteEndObject();

            WriteTally(json, "refusals", report.RefusalsByReason);
            WriteTally(json, "errors", report.ErrorsById);
            WriteTally(json, "unknownStatuses", report.UnknownStatuses);

            json.WriteNumber("bucketSeconds", (long)report.BucketWidth.TotalSeconds);
            json.WriteNumber("undated", report.Undated);
            json.WriteStartArray("buckets");
            foreach (SmsReportBucket bucket in report.Buckets)
            {
                json.WriteStartObject();
                json.WriteString("start", ReportText.Time(bucket.Start));
                json.WriteNumber("total", bucket.Total);
                foreach (StatusGroup group in StatusGroup.All) json.WriteNumber(group.Key, group.CountIn(bucket));
                if (bucket.Cost.HasValue) json.WriteNumber("cost", bucket.Cost.Value);
                else json.WriteNull("cost");
                json.WriteEndObject();
            }

            json.WriteEndArray();

            if (report.TimeToDeliver is { } times)
            {
                json.WriteStartObject("timeToDeliver");
                json.WriteNumber("count", times.Count);
                json.WriteNumber("minSeconds", times.Min.TotalSeconds);
                json.WriteNumber("medianSeconds", times.Median.TotalSeconds);
                json.WriteNumber("p90Seconds", times.P90.TotalSeconds);
                json.WriteNumber("p95Seconds", times.P95.TotalSeconds);
                json.WriteNumber("p99Seconds", times.P99.TotalSeconds);
                json.WriteNumber("maxSeconds", times.Max.TotalSeconds);
                json.WriteNumber("relativePrecision", SmsDeliveryTimes.RelativePrecision);
                json.WriteEndObject();
            }
            else
            {
                json.WriteNull("timeToDeliver");
            }

            json.WriteNumber("timeToDeliverSkipped", report.TimeToDeliverSkipped);

            json.WriteStartArray("failures");
            foreach (SmsReportFailure failure in report.Failures)
            {
                json.WriteStartObject();
                if (failure.Id.HasValue) json.WriteNumber("id", failure.Id.Value);
                else json.WriteNull("id");
                json.WriteString("phone", failure.Phone);
                json.WriteString("what", failure.What);
                WriteTime(json, "time", failure.Time.HasValue ? ReportText.Time(failure.Time.Value) : null);
                if (failure.Cost.HasValue) json.WriteNumber("cost", failure.Cost.Value);
                else json.WriteNull("cost");
                json.WriteString("meaning", failure.Meaning);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteNumber("moreFailures", report.MoreFailures);
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteTime(Utf8JsonWriter json, string name, string? value)
    {
        if (value != null) json.WriteString(name, value);
        else json.WriteNull(name);
    }

    private static void WriteTally(Utf8JsonWriter json, string name, IReadOnlyList<KeyValuePair<string, int>> tally)
    {
        json.WriteStartArray(name);
        foreach (KeyValuePair<string, int> pair in tally)
        {
            json.WriteStartObject();
            json.WriteString("name", pair.Key);
            json.WriteNumber("count", pair.Value);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }
}
