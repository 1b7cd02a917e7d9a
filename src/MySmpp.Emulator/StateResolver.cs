using System;

namespace MySmpp.Emulator;

/// <summary>Finds what to answer for an id: a seeded message first, then the synthetic range.</summary>
internal static class StateResolver
{
    /// <summary>False for ids the emulator does not know; those are omitted from the answer.</summary>
    public static bool TryResolve(QueryEntry entry, EmulatorSeed data, IdRange? synthetic, DateTime epoch, TimeSpan elapsed, out MessageSnapshot snapshot)
    {
        if (!entry.IsValid)
        {
            snapshot = default;
            return false;
        }

        if (data.TryGetMessage(entry.Id, out EmulatorMessage? message))
        {
            if (message.StepAt(elapsed) is { } step)
            {
                snapshot = new MessageSnapshot(entry.Id, step.State, step.Sms, step.Viber, step.FormatTime(epoch), message.Parts, message.Price, entry.Detail);
                return true;
            }

            snapshot = default;
            return false;
        }

        if (synthetic is not null && synthetic.Contains(entry.Id))
        {
            SyntheticMessage s = SyntheticMessages.For(entry.Id);
            snapshot = new MessageSnapshot(entry.Id, s.State, s.Sms, s.Viber, s.Time, s.Parts, s.Price, entry.Detail);
            return true;
        }

        snapshot = default;
        return false;
    }
}
