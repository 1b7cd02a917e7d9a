using System;
using System.Collections.Generic;
using System.Linq;

namespace MySmpp.Emulator;

/// <summary>A seeded message: its status timeline, number of parts and price per part.</summary>
public sealed class EmulatorMessage
{
    private readonly MessageStep[] _steps;

    /// <summary>Creates a message.</summary>
    /// <param name="id">The message id (<c>id_sms</c>).</param>
    /// <param name="steps">The timeline, in any order; at least one step.</param>
    /// <param name="parts">Number of SMS parts (<c>num_parts</c>).</param>
    /// <param name="price">Price of one part.</param>
    public EmulatorMessage(long id, IEnumerable<MessageStep> steps, int parts = 1, decimal price = 0m)
    {
        ArgumentNullException.ThrowIfNull(steps);
        ArgumentOutOfRangeException.ThrowIfNegative(parts);

        // OrderBy is stable, so steps sharing an offset keep their given order and the last one wins.
        _steps = steps.OrderBy(static s => s.AfterSeconds).ToArray();
        if (_steps.Length == 0)
        {
            throw new ArgumentException("A message needs at least one step.", nameof(steps));
        }

        Id = id;
        Parts = parts;
        Price = price;
    }

    /// <summary>The message id.</summary>
    public long Id { get; }

    /// <summary>The timeline, ordered by offset.</summary>
    public IReadOnlyList<MessageStep> Steps => _steps;

    /// <summary>Number of SMS parts.</summary>
    public int Parts { get; }

    /// <summary>Price of one part.</summary>
    public decimal Price { get; }

    /// <summary>A message whose status never changes.</summary>
    /// <param name="id">The message id.</param>
    /// <param name="state">The overall status.</param>
    /// <param name="sms">The SMS channel status (defaults to <paramref name="state"/> when no channel is given).</param>
    /// <param name="viber">The Viber channel status.</param>
    /// <param name="parts">Number of parts.</param>
    /// <param name="price">Price of one part.</param>
    /// <param name="afterSeconds">Offset of the status time from the emulator's start.</param>
    public static EmulatorMessage Fixed(long id, string state, string? sms = null, string? viber = null, int parts = 1, decimal price = 0m, double afterSeconds = 0)
        => new(id, [new MessageStep(afterSeconds, state, sms, viber)], parts, price);

    /// <summary>
    /// The step in force <paramref name="elapsed"/> after the emulator's start, or null before the
    /// first step (the message does not exist yet, so it is answered like an unknown id).
    /// </summary>
    public MessageStep? StepAt(TimeSpan elapsed)
    {
        double seconds = elapsed.TotalSeconds;
        for (int i = _steps.Length - 1; i >= 0; i--)
        {
            if (_steps[i].AfterSeconds <= seconds)
            {
                return _steps[i];
            }
        }

        return null;
    }
}
