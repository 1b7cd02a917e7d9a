using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;
using MySmpp.Client;

namespace MySmpp.Commands;

/// <summary>
/// Lets <c>-Id</c> take ids the way users have them: numbers, numeric strings (CSV cells from
/// <c>Import-Csv</c>), or arrays of these. One string is one id, trimmed and parsed by
/// <see cref="MySmppIds.TryParse"/>: a string is never split, because <c>1,234</c> or <c>82 218</c> in a
/// spreadsheet export is one number with a thousands separator, and reading it as two ids would report
/// other messages' states. A bad value fails with a message that names <c>-Id</c>, the value and how to
/// pass several ids. An object piped in whole is passed on unchanged so that PowerShell can bind it by
/// property name (Id, id_sms, MessageId, IdSms); one with none of those is refused naming them.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
internal sealed class MessageIdTransformationAttribute : ArgumentTransformationAttribute
{
    /// <summary>The property names an object piped in may carry its id under (the parameter's name and aliases).</summary>
    private static readonly string[] IdPropertyNames = { "Id", "id_sms", "MessageId", "IdSms" };

    /// <inheritdoc />
    public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
    {
        object? value = Unwrap(inputData);
        switch (value)
        {
            case null:
                // An empty Id property, e.g. a Send-Sms result for a message the gateway says was sent earlier
                // without repeating its id: say so instead of PowerShell's generic "argument is null".
                throw Fail("-Id: the value is empty. A Send-Sms result with AlreadySent and no Id is a message sent earlier whose id the gateway did not repeat; "
                    + "find it by its ClientId in the account's history, or pass the id you recorded when it was first sent.");
            case long[] longs:
                foreach (long id in longs) Check(id);
                return longs;
            case string text:
                return new[] { ParseText(text) };
            case IList list:
                var ids = new List<long>(list.Count);
                foreach (object? item in list)
                {
                    object? element = Unwrap(item);
                    if (element is string s)
                    {
                        ids.Add(ParseText(s));
                    }
                    else if (TryNumber(element, out long id))
                    {
                        ids.Add(id);
                    }
                    else
                    {
                        // Not ids at all: let PowerShell report its own binding error.
                        return inputData;
                    }
                }

                return ids.ToArray();
            default:
                if (TryNumber(value, out long single)) return new[] { single };
                if (!HasIdProperty(inputData)) throw Fail(NoIdPropertyMessage(value));
                return inputData;
        }
    }

    // Without this, an object lacking every id property gets PowerShell's generic "cannot be bound" error, which names none of them.
    private static bool HasIdProperty(object inputData)
    {
        PSObject wrapped = PSObject.AsPSObject(inputData);
        foreach (string name in IdPropertyNames)
        {
            if (wrapped.Properties[name] != null) return true;
        }

        return false;
    }

    private static string NoIdPropertyMessage(object value)
    {
        string type = value is PSObject ps && ps.BaseObject is PSCustomObject ? "The piped object" : "The piped " + value.GetType().Name;
        return "-Id: " + type + " has no message id: expected a number, a numeric string, or an object with a property named "
            + string.Join(", ", IdPropertyNames, 0, IdPropertyNames.Length - 1) + " or " + IdPropertyNames[IdPropertyNames.Length - 1]
            + " (e.g. an Import-Csv row whose header has an id_sms column). Rename the column, or pick the property: ... | Select-Object @{ n = 'Id'; e = { $_.YourColumn } } | Get-SmsState.";
    }

    private static object? Unwrap(object? value) =>
        value is PSObject wrapped && !(wrapped.BaseObject is PSCustomObject) ? wrapped.BaseObject : value;

    private static long ParseText(string text)
    {
        string trimmed = text.Trim();
        if (trimmed.Length == 0) throw Fail("-Id: the value is empty; expected a message id such as 82216.");
        if (!MySmppIds.TryParse(trimmed, out long id, out string? problem))
        {
            throw Fail("-Id: " + problem + (MySmppIds.LooksGroupedOrListed(trimmed)
                ? " For example: Get-SmsState 82216, 82217, or '82216;82217' -split ';' | Get-SmsState."
                : string.Empty));
        }

        return id;
    }

    private static bool TryNumber(object? value, out long id)
    {
        id = 0;
        switch (value)
        {
            case long l: id = l; break;
            case int i: id = i; break;
            case short s: id = s; break;
            case byte b: id = b; break;
            case uint ui: id = ui; break;
            case ushort us: id = us; break;
            case sbyte sb: id = sb; break;
            case ulong ul:
                if (ul > long.MaxValue) throw Fail(OutOfRange(ul.ToString(CultureInfo.InvariantCulture)));
                id = (long)ul;
                break;
            case double d:
                id = Integral(d, (decimal?)null, d.ToString("R", CultureInfo.InvariantCulture));
                break;
            case float f:
                id = Integral(f, (decimal?)null, f.ToString("R", CultureInfo.InvariantCulture));
                break;
            case decimal m:
                id = Integral(null, m, m.ToString(CultureInfo.InvariantCulture));
                break;
            default:
                return false;
        }

        Check(id);
        return true;
    }

    private static long Integral(double? d, decimal? m, string shown)
    {
        // 1001.0 is an id; 1001.5 is not, and silent rounding would ask about the wrong message.
        if (m.HasValue)
        {
            if (m.Value > long.MaxValue || m.Value < long.MinValue) throw Fail(OutOfRange(shown));
            if (decimal.Truncate(m.Value) != m.Value) throw Fail("-Id: " + shown + " is not a whole number.");
            return (long)m.Value;
        }

        double v = d!.Value;
        if (!double.IsNaN(v) && (v >= 9.2233720368547758E18 || v < -9.2233720368547758E18)) throw Fail(OutOfRange(shown));
        if (double.IsNaN(v) || double.IsInfinity(v) || Math.Floor(v) != v)
        {
            throw Fail("-Id: " + shown + " is not a whole number.");
        }

        return (long)v;
    }

    private static string OutOfRange(string shown) =>
        "-Id: " + shown + " is out of range for a message id (ids are whole numbers from 1 to " + long.MaxValue.ToString(CultureInfo.InvariantCulture) + ").";

    private static void Check(long id)
    {
        if (!MySmppIds.IsValid(id, out string? problem)) throw Fail("-Id: " + problem);
    }

    private static ArgumentTransformationMetadataException Fail(string message) => new ArgumentTransformationMetadataException(message);
}
