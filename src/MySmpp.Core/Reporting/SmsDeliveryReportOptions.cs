using System;
using System.Globalization;
using MySmpp.Errors;

namespace MySmpp.Reporting;

/// <summary>The labels of a delivery report: what it is called, the period it covers, how numbers are written.</summary>
public sealed class SmsDeliveryReportOptions
{
    /// <summary>The default title.</summary>
    public const string DefaultTitle = "SMS delivery report";

    /// <summary>The longest title shown (longer ones are cut).</summary>
    public const int MaxTitleLength = 120;

    /// <summary>The longest currency label shown.</summary>
    public const int MaxCurrencyLength = 12;

    private string _title = DefaultTitle;
    private string? _currency;
    private CultureInfo _culture = CultureInfo.InvariantCulture;

    /// <summary>The report's heading (one safe line, at most <see cref="MaxTitleLength"/> characters).</summary>
    public string Title
    {
        get => _title;
        set
        {
            string line = MessageText.SafeLine(value, MaxTitleLength);
            _title = line.Length == 0 ? DefaultTitle : line;
        }
    }

    /// <summary>The start of the period the report covers, shown as a label (nothing is filtered), or null.</summary>
    public DateTime? Since { get; set; }

    /// <summary>The end of the period the report covers, shown as a label, or null.</summary>
    public DateTime? Until { get; set; }

    /// <summary>The currency written after costs (e.g. <c>RUB</c>), or null for none.</summary>
    public string? Currency
    {
        get => _currency;
        set
        {
            string line = MessageText.SafeLine(value, MaxCurrencyLength);
            _currency = line.Length == 0 ? null : line;
        }
    }

    /// <summary>How numbers are written (the invariant culture unless a caller asks). Times are always ISO 8601.</summary>
    public CultureInfo Culture
    {
        get => _culture;
        set => _culture = value ?? CultureInfo.InvariantCulture;
    }

    /// <summary>When the report was made, shown in its footer; null leaves it out (reproducible output).</summary>
    public DateTimeOffset? GeneratedAt { get; set; }
}
