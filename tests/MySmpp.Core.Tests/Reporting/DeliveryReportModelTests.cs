using System;
using System.Collections.Generic;
using System.Linq;
using MySmpp.Model;
using MySmpp.Reporting;
using MySmpp.Sending;
using Xunit;

namespace MySmpp.Core.Tests.Reporting;

/// <summary>The report model: the summary's numbers, bounded buckets, percentiles, failures and tallies.</summary>
public sealed class DeliveryReportModelTests
{
    [Fact]
    public void The_totals_are_the_numbers_of_a_summary_of_the_same_records()
    {
        List<DeliveryRecord> records = ReportSamples.Records(ReportSamples.Plain);
        var summary = new SmsStateSummary();
        foreach (DeliveryRecord record in records) summary.Add(record);
        SmsDeliveryReport report = ReportSamples.Report(ReportSamples.Plain);

        Assert.Equal(summary.Total, report.Total);
        Assert.Equal(summary.Errors, report.Errors);
        Assert.Equal(summary.Delivered + summary.Read, report.Delivered);
        Assert.Equal(summary.NotDelivered, report.NotDelivered);
        Assert.Equal(summary.Expired, report.Expired);
        Assert.Equal(summary.Final, report.Final);
        Assert.Equal(summary.DeliveryRate, report.DeliveryRate);
        Assert.Equal(summary.TotalCost, report.TotalCost);
        Assert.Equal(report.Total - report.Delivered - report.NotDelivered - report.Expired, report.StillOpen);
        Assert.Equal(summary.Sent + summary.PartlyDelivered + summary.Unknown, report.StillOpen);

        // The sample's own arithmetic, so a counting slip in both would still show: 240 messages + 4 unknown, 14 errors.
        Assert.Equal(244, report.Total);
        Assert.Equal(14, report.Errors);
        Assert.Equal(5, report.RefusedAtSend);
        Assert.Equal(new[] { "MySmpp.StopListed", "MySmpp.InsufficientFunds" }, report.RefusalsByReason.Select(p => p.Key));
        Assert.Equal(3, report.RefusalsByReason[0].Value);
        Assert.Equal(3, report.ErrorsById.Single(p => p.Key == "MySmpp.IdNotFound").Value);
        Assert.Equal(4, report.UnknownStatuses.Count);
        Assert.Equal(report.Total, report.Buckets.Sum(b => b.Total) + report.Undated);
    }

    [Fact]
    public void Send_results_count_as_sent_messages_with_their_cost_and_a_send_time()
    {
        var sent = new SmsSendResult(5001, "79001110003", 42, 2, 2.5m, alreadySent: false, sentAt: new DateTime(2021, 4, 26, 10, 15, 0));
        var builder = new DeliveryReportBuilder();
        builder.Add(DeliveryRecord.From(sent));
        SmsDeliveryReport report = builder.Build();
        Assert.Equal(1, report.Summary.Sent);
        Assert.Equal(2.5m, report.TotalCost);
        Assert.Equal(2, report.Parts);
        Assert.Equal(new DateTime(2021, 4, 26, 10, 0, 0), Assert.Single(report.Buckets).Start);
    }

    [Fact]
    public void Buckets_are_hours_for_two_days_then_days_then_wider_and_never_more_than_62()
    {
        SmsDeliveryReport Span(TimeSpan span, int count = 200)
        {
            var builder = new DeliveryReportBuilder();
            for (int i = 0; i < count; i++)
            {
                builder.Add(new DeliveryRecord(i, null, null, SmsStatus.Delivered, null, ReportSamples.Start.AddTicks(span.Ticks / (count - 1) * i), null, null));
            }

            return builder.Build();
        }

        SmsDeliveryReport day = Span(TimeSpan.FromHours(47.5));
        Assert.Equal(TimeSpan.FromHours(1), day.BucketWidth);
        Assert.Equal(48, day.Buckets.Count);

        SmsDeliveryReport threeDays = Span(TimeSpan.FromHours(49));
        Assert.Equal(TimeSpan.FromDays(1), threeDays.BucketWidth);
        Assert.Equal(3, threeDays.Buckets.Count);

        SmsDeliveryReport year = Span(TimeSpan.FromDays(365));
        Assert.Equal(TimeSpan.FromDays(8), year.BucketWidth);
        Assert.True(year.Buckets.Count <= TimeBuckets.MaxDayBuckets);

        // A hostile server's times from year 1 to 9999: still at most 62 buckets, every message in one.
        var builder = new DeliveryReportBuilder();
        foreach (DateTime time in new[] { DateTime.MinValue, new DateTime(2021, 4, 26), DateTime.MaxValue, new DateTime(5000, 1, 1) })
        {
            builder.Add(new DeliveryRecord(1, null, null, SmsStatus.NotDelivered, null, time, null, null));
        }

        SmsDeliveryReport extreme = builder.Build();
        Assert.True(extreme.Buckets.Count <= TimeBuckets.MaxDayBuckets, extreme.Buckets.Count + " buckets");
        Assert.Equal(4, extreme.Buckets.Sum(b => b.Count(SmsStatus.NotDelivered)));
        foreach (SmsDeliveryReport report in new[] { day, threeDays, year }) Assert.Equal(200, report.Buckets.Sum(b => b.Total));
    }

    [Fact]
    public void Buckets_do_not_depend_on_the_order_of_the_records()
    {
        var times = Enumerable.Range(0, 500).Select(i => ReportSamples.Start.AddMinutes(i * 37 % 9000)).ToList();
        SmsDeliveryReport Build(IEnumerable<DateTime> order)
        {
            var builder = new DeliveryReportBuilder();
            foreach (DateTime t in order) builder.Add(new DeliveryRecord(1, null, null, t.Minute % 2 == 0 ? SmsStatus.Delivered : SmsStatus.Expired, null, t, 1, 1m));
            return builder.Build();
        }

        SmsDeliveryReport forward = Build(times);
        SmsDeliveryReport backward = Build(Enumerable.Reverse(times));
        Assert.Equal(forward.BucketWidth, backward.BucketWidth);
        Assert.Equal(forward.Buckets.Select(b => (b.Start, b.Total, b.Delivered, b.Cost)), backward.Buckets.Select(b => (b.Start, b.Total, b.Delivered, b.Cost)));
    }

    [Fact]
    public void Time_to_deliver_percentiles_are_within_the_stated_precision()
    {
        var random = new Random(7);
        var seconds = Enumerable.Range(0, 20_000).Select(_ => Math.Round(Math.Exp(random.NextDouble() * 11))).ToList();
        var builder = new DeliveryReportBuilder();
        foreach (double s in seconds)
        {
            builder.Add(new DeliveryRecord(1, null, ReportSamples.Start, SmsStatus.Delivered, null, ReportSamples.Start.AddSeconds(s), null, null));
        }

        // A delivery before its send (another clock) is left out, and counted as such.
        builder.Add(new DeliveryRecord(2, null, ReportSamples.Start, SmsStatus.Delivered, null, ReportSamples.Start.AddSeconds(-30), null, null));
        SmsDeliveryReport report = builder.Build();
        SmsDeliveryTimes times = report.TimeToDeliver!;
        Assert.Equal(20_000, times.Count);
        Assert.Equal(1, report.TimeToDeliverSkipped);

        seconds.Sort();
        double Exact(double p) => seconds[(int)Math.Ceiling(p / 100 * seconds.Count) - 1];
        foreach ((double p, TimeSpan value) in new[] { (50.0, times.Median), (90.0, times.P90), (95.0, times.P95), (99.0, times.P99) })
        {
            double exact = Exact(p);
            Assert.InRange(value.TotalSeconds, (exact * (1 - SmsDeliveryTimes.RelativePrecision)) - 0.5, (exact * (1 + SmsDeliveryTimes.RelativePrecision)) + 0.5);
        }

        Assert.Equal(seconds[0], times.Min.TotalSeconds);
        Assert.Equal(seconds[^1], times.Max.TotalSeconds);
        Assert.InRange(SmsDeliveryTimes.RelativePrecision, 0.021, 0.022);
    }

    [Fact]
    public void States_alone_have_no_time_to_deliver()
    {
        SmsDeliveryReport report = ReportSamples.Report(ReportSamples.Plain);
        Assert.NotNull(report.TimeToDeliver);
        var builder = new DeliveryReportBuilder();
        builder.Add(new SmsState(1, "deliver", ReportSamples.Start, MySmppProtocol.Json));
        Assert.Null(builder.Build().TimeToDeliver);
    }

    [Fact]
    public void The_failures_list_keeps_the_first_Top_and_counts_the_rest()
    {
        SmsDeliveryReport report = ReportSamples.Report(ReportSamples.Plain, top: 5);
        int failures = report.NotDelivered + report.Expired + report.Errors;
        Assert.Equal(5, report.Failures.Count);
        Assert.Equal(failures - 5, report.MoreFailures);
        Assert.Equal(82003, report.Failures[0].Id);
        Assert.Equal("NotDelivered", report.Failures[0].What);
        Assert.Equal(string.Empty, report.Failures[0].Phone);
        Assert.Equal(82004, report.Failures[1].Id);
        Assert.Equal("Expired", report.Failures[1].What);
        Assert.Equal("7900*****04", report.Failures[1].Phone);

        SmsDeliveryReport none = ReportSamples.Report(ReportSamples.Plain, top: 0);
        Assert.Empty(none.Failures);
        Assert.Equal(failures, none.MoreFailures);
        Assert.Throws<ArgumentOutOfRangeException>(() => new DeliveryReportBuilder(DeliveryReportBuilder.MaxTop + 1));
    }

    [Fact]
    public void Phones_are_masked_and_only_digits_are_kept()
    {
        Assert.Equal("7900*****03", SmsReportFailure.MaskPhone("79001110003"));
        Assert.Equal("7900*****03", SmsReportFailure.MaskPhone("+7 (900) 111-00-03"));
        Assert.Equal("***", SmsReportFailure.MaskPhone("<b>123</b>"));
        Assert.Equal(string.Empty, SmsReportFailure.MaskPhone(null));
        Assert.Equal(PhoneNumber.MaxDigits, SmsReportFailure.MaskPhone(new string('9', 1000)).Length);
    }

    [Fact]
    public void Tallies_of_error_ids_and_unknown_statuses_are_bounded()
    {
        var builder = new DeliveryReportBuilder();
        for (int i = 0; i < 10_000; i++)
        {
            builder.Add(DeliveryRecord.Error(i, null, "Other.Id" + i, "x", isSendRefusal: false));
            builder.Add(new DeliveryRecord(i, null, null, SmsStatus.Unknown, "status" + i, null, null, null));
        }

        SmsDeliveryReport report = builder.Build();
        Assert.Equal(DeliveryReportBuilder.MaxTallies + 1, report.ErrorsById.Count);
        Assert.Equal("(other)", report.ErrorsById[^1].Key);
        Assert.Equal(10_000, report.ErrorsById.Sum(p => p.Value));
        Assert.Equal(10_000, report.UnknownStatuses.Sum(p => p.Value));
    }

    [Fact]
    public void A_million_records_make_the_same_small_model()
    {
        // Not a speed claim (bench/ has those): the model's size does not grow with the input.
        var builder = new DeliveryReportBuilder();
        for (int i = 0; i < 1_000_000; i++)
        {
            builder.Add(new DeliveryRecord(i, null, null, (SmsStatus)(1 + (i % 6)), null, ReportSamples.Start.AddSeconds(i % 86_400), 1, 1.5m));
        }

        SmsDeliveryReport report = builder.Build();
        Assert.Equal(1_000_000, report.Total);
        Assert.Equal(24, report.Buckets.Count);
        Assert.Equal(20, report.Failures.Count);
        Assert.Equal(1_500_000m, report.TotalCost);
        string html = SmsDeliveryReportRenderer.Render(report, SmsDeliveryReportFormat.Html);
        Assert.True(html.Length < 100_000, "The page has " + html.Length + " characters.");
    }

    [Fact]
    public void Out_of_range_statuses_and_negative_amounts_are_handled()
    {
        var record = new DeliveryRecord(1, null, null, (SmsStatus)99, "odd", null, null, null);
        Assert.Equal(SmsStatus.Unknown, record.Status);
        Assert.Throws<ArgumentOutOfRangeException>(() => new DeliveryRecord(1, null, null, SmsStatus.Sent, null, null, -1, null));
        Assert.Throws<ArgumentOutOfRangeException>(() => new DeliveryRecord(1, null, null, SmsStatus.Sent, null, null, null, -1m));
    }
}
