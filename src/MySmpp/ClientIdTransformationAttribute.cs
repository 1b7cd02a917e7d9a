using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;

namespace MySmpp.Commands;

/// <summary>
/// Lets <c>-ClientId</c> take idempotency keys the way users have them (numbers, CSV cells), strictly: a key
/// decides whether the gateway sends a message or answers "already sent", so it is never guessed at.
/// PowerShell's own conversion would read <c>1.234</c> as 1, <c>1,236</c> as 1236 and <c>0x10</c> as 16, and two
/// different rows could then share a key and one of them would silently not be sent. Here a key is a
/// whole number from 1 up written with digits only; anything else fails naming the value; an empty cell
/// means "no key given" (the module generates one).
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
internal sealed class ClientIdTransformationAttribute : ArgumentTransformationAttribute
{
    /// <inheritdoc />
    public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
    {
        object? value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
        switch (value)
        {
            case null:
                return null;
            case string text:
                return text.Trim().Length == 0 ? null : new[] { Parse(text) };
            case IList list:
                var keys = new List<long>(list.Count);
                foreach (object? item in list) keys.Add(Key(item is PSObject p ? p.BaseObject : item));
                return keys.ToArray();
            default:
                return new[] { Key(value) };
        }
    }

    private static long Key(object? value)
    {
        switch (value)
        {
            case string text:
                return Parse(text);
            case long l when l >= 1:
                return l;
            case int i when i >= 1:
                return i;
            case short s when s >= 1:
                return s;
            case byte b when b >= 1:
                return b;
            case uint ui when ui >= 1:
                return ui;
            case ulong ul when ul >= 1 && ul <= long.MaxValue:
                return (long)ul;
            default:
                throw Fail("'" + Shown(Convert.ToString(value, CultureInfo.InvariantCulture)) + "' is not an idempotency key.");
        }
    }

    private static long Parse(string text)
    {
        string trimmed = text.Trim();
        bool digits = trimmed.Length > 0;
        foreach (char c in trimmed) digits &= c >= '0' && c <= '9';
        if (!digits || !long.TryParse(trimmed, NumberStyles.None, CultureInfo.InvariantCulture, out long key) || key < 1)
        {
            throw Fail("'" + Shown(trimmed) + "' is not an idempotency key.");
        }

        return key;
    }

    // The value as the user can find it in the file: at most 40 characters, control characters shown as '?'.
    private static string Shown(string? text)
    {
        string value = text ?? string.Empty;
        var shown = new System.Text.StringBuilder(Math.Min(value.Length, 41));
        foreach (char c in value)
        {
            if (shown.Length == 40)
            {
                shown.Append('…');
                break;
            }

            shown.Append(char.IsControl(c) ? '?' : c);
        }

        return shown.ToString();
    }

    private static ArgumentTransformationMetadataException Fail(string problem) =>
        new ArgumentTransformationMetadataException(
            "-ClientId: " + problem + " A key is a whole number from 1 to " + long.MaxValue.ToString(CultureInfo.InvariantCulture)
            + " written with digits only (no separators, signs or decimals): two recipients must never share one by accident, "
            + "because the gateway sends only the first message with a key. Leave the cell empty to have a key generated.");
}
