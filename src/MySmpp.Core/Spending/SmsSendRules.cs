using System;

namespace MySmpp.Spending;

/// <summary>
/// The sending rules of one send (<c>Send-Sms -MaxTotalCost</c> and <c>-QuietHours</c>), applied by a
/// <see cref="SendRulePlanner"/>. Neither is set by default, and then recipients go to the send as they come.
/// </summary>
internal sealed class SmsSendRules
{
    /// <summary>
    /// The most the send may spend, estimated before each recipient is sent (<see cref="SpendEstimator"/>,
    /// <see cref="SpendCap"/>); null for no cap.
    /// </summary>
    public decimal? MaxTotalCost { get; set; }

    /// <summary>Quiet hours in each recipient's local time (<see cref="QuietHoursWindow"/>); null for none.</summary>
    public QuietHoursWindow? QuietHours { get; set; }

    /// <summary>Receives log lines (the lookups, what the rules did), on the calling thread; never a secret.</summary>
    public Action<string>? Log { get; set; }

    /// <summary>True when a rule is set.</summary>
    public bool Any => MaxTotalCost.HasValue || QuietHours.HasValue;
}
