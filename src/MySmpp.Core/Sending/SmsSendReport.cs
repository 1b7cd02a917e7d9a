using System.Collections.Generic;
using System.Globalization;
using MySmpp.Errors;

namespace MySmpp.Sending;

/// <summary>
/// The whole account of one send: every recipient the command received, in input order, with its
/// <see cref="SmsSendOutcome.Fate"/>. When <c>Send-Sms</c> ends early (a locked account, a disconnected session,
/// <c>-ErrorAction Stop</c> on a refused recipient, Ctrl+C) its terminating error carries this report as
/// <c>TargetObject</c> (after Ctrl+C, the session's <c>LastIncompleteSend</c> does), so a runbook can account for every
/// row and send again exactly the recipients that need it: <see cref="Unresolved"/> pipes back into <c>Send-Sms</c> by
/// property name, each with its key, which makes sending it again safe.
/// </summary>
public sealed class SmsSendReport
{
    private readonly List<SmsSendOutcome> _outcomes = new List<SmsSendOutcome>();

    /// <summary>Every recipient the command received, in input order (positions 0, 1, 2, …: input after the last one was never read).</summary>
    public IReadOnlyList<SmsSendOutcome> Outcomes => _outcomes;

    /// <summary>The messages the gateway accepted, now or before (<see cref="SmsSendFate.Accepted"/> and <see cref="SmsSendFate.AlreadySent"/>).</summary>
    public IReadOnlyList<SmsSendResult> Accepted => Collect(o => o.Result != null).ConvertAll(o => o.Result!);

    /// <summary>The recipients refused (by the gateway or before sending): not sent.</summary>
    public IReadOnlyList<SmsSendOutcome> Refused => Collect(o => o.Fate == SmsSendFate.Refused);

    /// <summary>The recipients whose request never left: not sent.</summary>
    public IReadOnlyList<SmsSendOutcome> NotSent => Collect(o => o.Fate == SmsSendFate.NotSent);

    /// <summary>The recipients whose request left without an answer: maybe sent; send again with the same key.</summary>
    public IReadOnlyList<SmsSendOutcome> Unconfirmed => Collect(o => o.Fate == SmsSendFate.Unconfirmed);

    /// <summary>
    /// <see cref="NotSent"/> and <see cref="Unconfirmed"/> together, in input order: what to send again, with the keys
    /// shown (<c>$report.Unresolved | Send-Sms</c> binds Phone, Text, Sender and ClientId by name).
    /// </summary>
    public IReadOnlyList<SmsSendOutcome> Unresolved => Collect(o => o.IsUnresolved);

    /// <summary>Why the command stopped sending, when it did.</summary>
    public MySmppException? StopReason { get; internal set; }

    /// <summary>For example <c>8 recipients: 7 accepted, 1 refused, 0 of unknown fate, 0 not sent</c>.</summary>
    public string Summary
    {
        get
        {
            int accepted = 0, refused = 0, unknown = 0, notSent = 0;
            foreach (SmsSendOutcome o in _outcomes)
            {
                switch (o.Fate)
                {
                    case SmsSendFate.Accepted:
                    case SmsSendFate.AlreadySent:
                        accepted++;
                        break;
                    case SmsSendFate.Refused:
                        refused++;
                        break;
                    case SmsSendFate.Unconfirmed:
                        unknown++;
                        break;
                    default:
                        notSent++;
                        break;
                }
            }

            return string.Format(CultureInfo.InvariantCulture, "{0} recipient{1}: {2} accepted, {3} refused, {4} of unknown fate, {5} not sent", _outcomes.Count, _outcomes.Count == 1 ? string.Empty : "s", accepted, refused, unknown, notSent);
        }
    }

    /// <summary>Adds the next recipient's outcome (in input order).</summary>
    public void Add(SmsSendOutcome outcome) => _outcomes.Add(outcome ?? throw new System.ArgumentNullException(nameof(outcome)));

    /// <inheritdoc />
    public override string ToString() => Summary;

    private List<SmsSendOutcome> Collect(System.Predicate<SmsSendOutcome> match) => _outcomes.FindAll(match);
}
