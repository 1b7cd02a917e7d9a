using System.Diagnostics;
using System.Globalization;
using System.Management.Automation;
using System.Runtime.CompilerServices;

namespace MySmpp.Commands;

/// <summary>
/// Write-Progress for long runs, cheap enough to call once per id: it stays silent for small inputs
/// and when progress is switched off, and writes at most four records a second.
/// </summary>
internal sealed class ProgressReporter
{
    private const long MinimumIntervalTicks = 250 * 10_000; // 250 ms in TimeSpan ticks
    private readonly Cmdlet _cmdlet;
    private readonly int _activityId;
    private readonly string _activity;
    private readonly long _threshold;
    private readonly bool _silenced;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private long _lastWrite = long.MinValue;
    private bool _shown;

    /// <param name="cmdlet">The cmdlet that writes.</param>
    /// <param name="activityId">A fixed id per cmdlet, so nested progress bars do not collide.</param>
    /// <param name="activity">The bar's title.</param>
    /// <param name="threshold">Show nothing until more ids than this are involved.</param>
    /// <param name="silenced">True when $ProgressPreference hides progress anyway.</param>
    public ProgressReporter(Cmdlet cmdlet, int activityId, string activity, long threshold, bool silenced)
    {
        _cmdlet = cmdlet;
        _activityId = activityId;
        _activity = activity;
        _threshold = threshold;
        _silenced = silenced;
    }

    /// <summary>Reports <paramref name="done"/> of <paramref name="total"/> (or a running count when the total is unknown).</summary>
    /// <remarks>Called once per id: compiled optimised at once, so a runbook's one call does not run it unoptimised.</remarks>
    [MethodImpl(Optimization.Aggressive)]
    public void Report(long done, long? total)
    {
        if (_silenced) return;
        if ((total ?? done) <= _threshold) return;
        long now = _clock.Elapsed.Ticks;
        if (_shown && now - _lastWrite < MinimumIntervalTicks) return;
        _lastWrite = now;
        _shown = true;

        var record = total.HasValue && total.Value > 0
            ? new ProgressRecord(_activityId, _activity, string.Format(CultureInfo.InvariantCulture, "{0} of {1} ids answered", done, total.Value))
            {
                PercentComplete = (int)(done * 100 / total.Value),
            }
            : new ProgressRecord(_activityId, _activity, string.Format(CultureInfo.InvariantCulture, "{0} ids answered", done));
        _cmdlet.WriteProgress(record);
    }

    /// <summary>Reports an arbitrary status line (used by Wait-SmsState), with the same throttle.</summary>
    public void ReportStatus(string status, int percent, bool force)
    {
        if (_silenced) return;
        long now = _clock.Elapsed.Ticks;
        if (!force && _shown && now - _lastWrite < MinimumIntervalTicks) return;
        _lastWrite = now;
        _shown = true;
        _cmdlet.WriteProgress(new ProgressRecord(_activityId, _activity, status) { PercentComplete = percent });
    }

    /// <summary>Removes the bar, if one was shown.</summary>
    public void Complete()
    {
        if (!_shown) return;
        _shown = false;
        _cmdlet.WriteProgress(new ProgressRecord(_activityId, _activity, "Done") { RecordType = ProgressRecordType.Completed });
    }
}
