using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;

namespace MySmpp.Commands
{
    /// <summary>
    /// Lets <c>-Id</c> take ids the way users have them: numbers, numeric strings (CSV cells from
    /// <c>Import-Csv</c>), comma/semicolon/space separated lists in one string, or arrays of any of these.
    /// Text is trimmed and parsed by <see cref="MySmppIds.TryParse"/>; a bad value fails with a message that
    /// names <c>-Id</c> and the value. Anything else (an object piped in whole) is passed on unchanged so
    /// that PowerShell can bind it by property name (Id, id_sms, MessageId, IdSms).
    /// </summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public sealed class MessageIdTransformationAttribute : ArgumentTransformationAttribute
    {
        private static readonly char[] Separators = { ',', ';', ' ', '\t', '\r', '\n' };

        /// <inheritdoc />
        public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
        {
            object? value = Unwrap(inputData);
            switch (value)
            {
                case null:
                    return inputData;
                case long[] longs:
                    foreach (long id in longs) Check(id);
                    return longs;
                case string text:
                    return ParseText(text);
                case IList list:
                    var ids = new List<long>(list.Count);
                    foreach (object? item in list)
                    {
                        object? element = Unwrap(item);
                        if (element is string s)
                        {
                            ids.AddRange(ParseText(s));
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
                    return TryNumber(value, out long single) ? new[] { single } : inputData;
            }
        }

        private static object? Unwrap(object? value) =>
            value is PSObject wrapped && !(wrapped.BaseObject is PSCustomObject) ? wrapped.BaseObject : value;

        private static long[] ParseText(string text)
        {
            string[] parts = text.Split(Separators, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 0) throw Fail("-Id: the value is empty; expected a message id such as 82216.");
            var ids = new long[parts.Length];
            for (int i = 0; i < parts.Length; i++)
            {
                if (!MySmppIds.TryParse(parts[i], out ids[i], out string? problem))
                {
                    throw Fail("-Id: " + problem);
                }
            }

            return ids;
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
                    if (ul > long.MaxValue) throw Fail("-Id: " + ul.ToString(CultureInfo.InvariantCulture) + " is too large for a message id.");
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
                if (decimal.Truncate(m.Value) != m.Value || m.Value > long.MaxValue || m.Value < long.MinValue) throw Fail("-Id: " + shown + " is not a whole number.");
                return (long)m.Value;
            }

            double v = d!.Value;
            if (double.IsNaN(v) || double.IsInfinity(v) || Math.Floor(v) != v || v >= 9.2233720368547758E18 || v < -9.2233720368547758E18)
            {
                throw Fail("-Id: " + shown + " is not a whole number.");
            }

            return (long)v;
        }

        private static void Check(long id)
        {
            if (!MySmppIds.IsValid(id, out string? problem)) throw Fail("-Id: " + problem);
        }

        private static ArgumentTransformationMetadataException Fail(string message) => new ArgumentTransformationMetadataException(message);
    }
}
