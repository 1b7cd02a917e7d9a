using System;
using System.Collections.Generic;
using System.Globalization;
using MySmpp.Model;

namespace MySmpp.Reporting;

/// <summary>Counts per status, delivery rate and total cost of a set of states: a run's report in one object.</summary>
public sealed class SmsStateSummary
{
    private readonly Dictionary<SmsStatus, int> _counts = new Dictionary<SmsStatus, int>();
    private decimal _cost;
    private bool _hasCost;

    /// <summary>States counted.</summary>
    public int Total { get; private set; }

    /// <summary>Ids that came back as errors instead of states.</summary>
    public int Errors { get; private set; }

    /// <summary>
    /// Counts per status name (e.g. <c>Delivered</c>; statuses with no message are absent). Keyed by
    /// string so that Windows PowerShell's ConvertTo-Json, which needs string keys, can serialise it.
    /// </summary>
    public IReadOnlyDictionary<string, int> Counts
    {
        get
        {
            var byName = new Dictionary<string, int>(_counts.Count, StringComparer.Ordinal);
            foreach (KeyValuePair<SmsStatus, int> pair in _counts) byName[pair.Key.ToString()] = pair.Value;
            return byName;
        }
    }

    /// <summary>Messages with status Sent.</summary>
    public int Sent => CountOf(SmsStatus.Sent);

    /// <summary>Messages with status Delivered.</summary>
    public int Delivered => CountOf(SmsStatus.Delivered);

    /// <summary>Messages with status Read.</summary>
    public int Read => CountOf(SmsStatus.Read);

    /// <summary>Messages with status NotDelivered.</summary>
    public int NotDelivered => CountOf(SmsStatus.NotDelivered);

    /// <summary>Messages with status Expired.</summary>
    public int Expired => CountOf(SmsStatus.Expired);

    /// <summary>Messages with status PartlyDelivered.</summary>
    public int PartlyDelivered => CountOf(SmsStatus.PartlyDelivered);

    /// <summary>Messages with a status this version does not know.</summary>
    public int Unknown => CountOf(SmsStatus.Unknown);

    /// <summary>Messages in a final status.</summary>
    public int Final { get; private set; }

    /// <summary>Share of counted states that were delivered or read (0 to 1; 0 when nothing was counted).</summary>
    public double DeliveryRate => Total == 0 ? 0 : (double)(Delivered + Read) / Total;

    /// <summary>Sum of <see cref="SmsState.TotalCost"/> over states that have one (at most <see cref="decimal.MaxValue"/>); <c>null</c> when none has.</summary>
    public decimal? TotalCost => _hasCost ? _cost : (decimal?)null;

    /// <summary>Builds a summary of <paramref name="states"/>.</summary>
    public static SmsStateSummary From(IEnumerable<SmsState> states)
    {
        if (states == null) throw new ArgumentNullException(nameof(states));
        var summary = new SmsStateSummary();
        foreach (SmsState state in states) summary.Add(state);
        return summary;
    }

    /// <summary>Counts one state.</summary>
    public void Add(SmsState state)
    {
        if (state == null) throw new ArgumentNullException(nameof(state));
        Count(state.Status, state.TotalCost);
    }

    /// <summary>
    /// Counts one record: an error as an error, anything else as a message in its status (a send result is a
    /// message in status Sent). The delivery report counts through here, so its numbers are this summary's.
    /// </summary>
    public void Add(in DeliveryRecord record)
    {
        if (record.IsError)
        {
            AddError();
            return;
        }

        Count(record.Status, record.Cost);
    }

    /// <summary>Counts one id that came back as an error.</summary>
    public void AddError() => Errors++;

    /// <inheritdoc />
    public override string ToString() => string.Format(
        CultureInfo.InvariantCulture,
        "{0} states, {1:P1} delivered, {2} errors{3}",
        Total,
        DeliveryRate,
        Errors,
        TotalCost.HasValue ? ", cost " + TotalCost.Value.ToString(CultureInfo.InvariantCulture) : string.Empty);

    // Prices are never negative, so the only way out of range is up: a total stays at the largest decimal
    // rather than throwing an OverflowException into a runbook's report.
    private static decimal SaturatingAdd(decimal total, decimal cost)
    {
        try
        {
            return total + cost;
        }
        catch (OverflowException)
        {
            return cost < 0 ? decimal.MinValue : decimal.MaxValue;
        }
    }

    private void Count(SmsStatus status, decimal? cost)
    {
        Total++;
        _counts[status] = CountOf(status) + 1;
        if (SmsStatusWire.IsFinal(status)) Final++;
        if (cost.HasValue)
        {
            _cost = SaturatingAdd(_cost, cost.Value);
            _hasCost = true;
        }
    }

    private int CountOf(SmsStatus status) => _counts.TryGetValue(status, out int n) ? n : 0;
}
