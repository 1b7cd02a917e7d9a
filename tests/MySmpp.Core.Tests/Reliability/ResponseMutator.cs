using System;
using System.Collections.Generic;
using System.Text;

namespace MySmpp.Core.Tests.Reliability;

/// <summary>
/// Mutates valid answers the way broken and hostile servers do: bit flips, inserted and deleted bytes,
/// truncation, duplicated and swapped chunks, digits swapped for huge numbers, DTDs and entities, deep
/// nesting, invalid UTF-8 and random tokens. Deterministic for a given <see cref="Random"/>.
/// </summary>
internal static class ResponseMutator
{
    public const int OperationCount = 13;

    private static readonly string[] HugeNumbers =
    {
        "99999999999999999999999999999999", "-1", "0", "-9223372036854775809", "9223372036854775808",
        "2147483648", "-2147483649", "79228162514264337593543950335", "79228162514264337593543950336",
        "-79228162514264337593543950335", "1e400", "-1e-400", "1E+308", "0.00000000000000000000000000001",
        "NaN", "Infinity", "-0", "00000000000000000000000000000001", "1.5", "0x1F", "+5", "1_000",
        "1" + new string('0', 400), "4294967296", "18446744073709551616",
    };

    private static readonly string[] Tokens =
    {
        "null", "true", "false", "{", "}", "[", "]", "\"", ",", ":", "\\", "\\u0000", "\\uD800", "\\uDFFF\\uD800",
        "\"id_sms\":", "\"state\":\"deliver\"", "\"error\":\"x\"", "{\"id_sms\":1000001,\"state\":\"read\"}",
        "<", ">", "/>", "</", "<state>", "</state>", "<state id_sms=\"1000001\">read</state>", "</response>",
        "<response>", "<error>Incorrect login or password</error>", "&amp;", "&lt;", "&#0;", "&#xD800;",
        "&#x110000;", "&bogus;", "&#65;", "<![CDATA[", "]]>", "<!-- ", " -->", "<?pi x?>", "<?xml version=\"1.0\"?>",
        "<?xml version=\"1.0\" encoding=\"utf-16\"?>", "<?xml version=\"1.0\" encoding=\"windows-1251\"?>",
        "<?xml version=\"1.0\" encoding=\"bogus-encoding\"?>", "<?xml version=\"1.0\" encoding=\"utf-32\"?>",
        "<?xml version=\"1.1\"?>", "xmlns=\"urn:x\"", "xmlns:a=\"urn:a\" a:id_sms=\"1\"", "id_sms=\"1\"",
        "\u0000", "\r\n", "\t", "\u2028", "\uFEFF", "\uFFFE", "😀", "Ω", "time=\"2021-02-30 25:61:61\"",
        "\"2021-13-01 00:00:00\"", "\"9999-12-31 23:59:59\"", "\"0000-00-00 00:00:00\"", "deliver", "send",
        "not_deliver", "\"num_parts\":-1", "\"price\":1e999", "\"price\":\"abc\"", "\"num_parts\":\"2\"",
    };

    private static readonly byte[][] BadUtf8 =
    {
        new byte[] { 0xC3, 0x28 }, new byte[] { 0xFF }, new byte[] { 0xFE }, new byte[] { 0xC0, 0xAF },
        new byte[] { 0xE0, 0x80, 0xAF }, new byte[] { 0xED, 0xA0, 0x80 }, new byte[] { 0xF4, 0x90, 0x80, 0x80 },
        new byte[] { 0x80 }, new byte[] { 0xF0, 0x9F, 0x98 }, new byte[] { 0xEF, 0xBB, 0xBF }, new byte[] { 0xFE, 0xFF },
        new byte[] { 0xFF, 0xFE, 0x00, 0x00 }, new byte[] { 0x00 },
    };

    private static readonly string[] Dtds =
    {
        "<!DOCTYPE response [<!ENTITY x \"deliver\">]>",
        "<!DOCTYPE response [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>",
        "<!DOCTYPE response SYSTEM \"http://127.0.0.1:9/evil.dtd\">",
        "<!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\"><!ENTITY lol2 \"&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;\"><!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">]>",
        "<!DOCTYPE response [<!ENTITY % p SYSTEM \"http://127.0.0.1:9/p\"> %p;]>",
        "<!DOCTYPE response PUBLIC \"-//W3C//DTD XHTML 1.0 Strict//EN\" \"http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd\">",
    };

    private static readonly string[] EntityRefs = { "&x;", "&xxe;", "&lol3;", "&lol;", "%p;" };

    /// <summary>Applies one to three mutations; <paramref name="description"/> names them (for reproducing a failure).</summary>
    public static byte[] Mutate(Random random, byte[] valid, bool xml, out string description)
    {
        var data = new List<byte>(valid);
        // Mostly one mutation, so many cases stay close to valid and reach deep into the readers.
        int roll = random.Next(10);
        int count = roll < 6 ? 1 : roll < 9 ? 2 : 3;
        var names = new List<string>(count);
        for (int i = 0; i < count; i++)
        {
            names.Add(Apply(random, data, xml, random.Next(OperationCount)));
        }

        if (xml && random.Next(100) == 0)
        {
            // Now and then a body too large to buffer, so the reader's streaming path gets mutated input too.
            int at = random.Next(data.Count + 1);
            int size = (256 * 1024) + random.Next(64 * 1024);
            string filler = random.Next(2) == 0 ? new string(' ', size) : "<!--" + new string('x', size) + "-->";
            data.InsertRange(at, Encoding.UTF8.GetBytes(filler));
            names.Add("large " + size + "@" + at);
        }

        description = string.Join(" + ", names);
        return data.ToArray();
    }

    private static string Apply(Random random, List<byte> data, bool xml, int operation)
    {
        int At(bool inclusiveEnd = true) => random.Next(data.Count + (inclusiveEnd ? 1 : 0));
        switch (operation)
        {
            case 0:
            {
                if (data.Count == 0) goto case 1;
                int at = random.Next(data.Count);
                int bit = random.Next(8);
                data[at] ^= (byte)(1 << bit);
                return "flip " + at + "." + bit;
            }

            case 1:
            {
                int at = At();
                int n = 1 + random.Next(8);
                var bytes = new byte[n];
                random.NextBytes(bytes);
                data.InsertRange(at, bytes);
                return "insert " + n + "@" + at;
            }

            case 2:
            {
                if (data.Count == 0) goto case 1;
                int at = random.Next(data.Count);
                int n = Math.Min(data.Count - at, 1 + random.Next(random.Next(2) == 0 ? 4 : 64));
                data.RemoveRange(at, n);
                return "delete " + n + "@" + at;
            }

            case 3:
            {
                int at = At();
                data.RemoveRange(at, data.Count - at);
                return "truncate@" + at;
            }

            case 4:
            {
                if (data.Count == 0) goto case 1;
                int from = random.Next(data.Count);
                int n = Math.Min(data.Count - from, 1 + random.Next(80));
                byte[] chunk = data.GetRange(from, n).ToArray();
                int times = random.Next(4) == 0 ? 1 + random.Next(50) : 1;
                int to = random.Next(2) == 0 ? from + n : At();
                for (int t = 0; t < times; t++) data.InsertRange(to, chunk);
                return "duplicate " + n + "x" + times + "@" + to;
            }

            case 5:
            {
                // Swap a run of digits for a huge, negative, fractional or otherwise out-of-range number.
                var runs = new List<(int Start, int Length)>();
                for (int i = 0; i < data.Count; i++)
                {
                    if (data[i] >= '0' && data[i] <= '9')
                    {
                        int start = i;
                        while (i < data.Count && ((data[i] >= '0' && data[i] <= '9') || data[i] == '.')) i++;
                        runs.Add((start, i - start));
                    }
                }

                if (runs.Count == 0) goto case 9;
                (int s, int l) = runs[random.Next(runs.Count)];
                string number = HugeNumbers[random.Next(HugeNumbers.Length)];
                data.RemoveRange(s, l);
                data.InsertRange(s, Encoding.UTF8.GetBytes(number));
                return "number " + number + "@" + s;
            }

            case 6:
            {
                // A DTD (internal entities, external entities, billion laughs) and a reference to it.
                string dtd = Dtds[random.Next(Dtds.Length)];
                int root = IndexOfRoot(data);
                data.InsertRange(root, Encoding.UTF8.GetBytes(dtd));
                string reference = EntityRefs[random.Next(EntityRefs.Length)];
                int at = root + dtd.Length + random.Next(Math.Max(1, data.Count - root - dtd.Length));
                data.InsertRange(Math.Min(at, data.Count), Encoding.UTF8.GetBytes(reference));
                return "dtd " + dtd.Substring(0, Math.Min(24, dtd.Length)) + " ref " + reference;
            }

            case 7:
            {
                // Deep nesting, at the root or inside.
                int depth = random.Next(4) == 0 ? 10 + random.Next(40) : 100 + random.Next(5000);
                string open, close;
                switch (random.Next(3))
                {
                    case 0: open = "["; close = "]"; break;
                    case 1: open = "{\"a\":"; close = "}"; break;
                    default: open = "<a>"; close = "</a>"; break;
                }

                if (xml && random.Next(3) != 0) { open = "<a>"; close = "</a>"; }
                int at = random.Next(2) == 0 ? IndexOfRoot(data) : At();
                var nest = new StringBuilder();
                for (int i = 0; i < depth; i++) nest.Append(open);
                if (random.Next(2) == 0) for (int i = 0; i < depth; i++) nest.Append(close);
                data.InsertRange(at, Encoding.UTF8.GetBytes(nest.ToString()));
                return "nest " + depth + " " + open + "@" + at;
            }

            case 8:
            {
                byte[] bad = BadUtf8[random.Next(BadUtf8.Length)];
                int at = At();
                if (random.Next(2) == 0 && data.Count > 0)
                {
                    // Overwrite rather than insert, so a string's bytes go bad in place.
                    at = random.Next(data.Count);
                    data.RemoveRange(at, Math.Min(bad.Length, data.Count - at));
                }

                data.InsertRange(at, bad);
                return "utf8 " + BitConverter.ToString(bad) + "@" + at;
            }

            case 9:
            {
                string token = Tokens[random.Next(Tokens.Length)];
                int at = At();
                data.InsertRange(at, Encoding.UTF8.GetBytes(token));
                return "token " + Printable(token) + "@" + at;
            }

            case 10:
            {
                // Swap two chunks (records trade places or merge).
                if (data.Count < 4) goto case 1;
                int a = random.Next(data.Count / 2);
                int la = 1 + random.Next(Math.Min(60, (data.Count / 2) - a));
                int b = a + la + random.Next(Math.Max(1, data.Count - a - la));
                if (b >= data.Count) goto case 2;
                int lb = 1 + random.Next(Math.Min(60, data.Count - b));
                byte[] first = data.GetRange(a, la).ToArray();
                byte[] second = data.GetRange(b, lb).ToArray();
                data.RemoveRange(b, lb);
                data.InsertRange(b, first);
                data.RemoveRange(a, la);
                data.InsertRange(a, second);
                return "swap " + la + "@" + a + " " + lb + "@" + b;
            }

            case 11:
            {
                // Replace a quoted value with a token or nothing.
                var quotes = new List<int>();
                for (int i = 0; i < data.Count; i++) if (data[i] == '"') quotes.Add(i);
                if (quotes.Count < 2) goto case 9;
                int q = random.Next(quotes.Count - 1);
                int start = quotes[q] + 1;
                int length = quotes[q + 1] - start;
                string token = random.Next(3) == 0 ? string.Empty : Tokens[random.Next(Tokens.Length)];
                data.RemoveRange(start, length);
                data.InsertRange(start, Encoding.UTF8.GetBytes(token));
                return "value " + Printable(token) + "@" + start;
            }

            default:
            {
                // Replace a byte with a structural character.
                if (data.Count == 0) goto case 9;
                const string structural = "{}[]<>\"',:/=&;!?- \n0";
                int at = random.Next(data.Count);
                data[at] = (byte)structural[random.Next(structural.Length)];
                return "char@" + at;
            }
        }
    }

    private static int IndexOfRoot(List<byte> data)
    {
        // After an XML declaration if there is one, else at the start.
        for (int i = 0; i + 1 < data.Count; i++)
        {
            if (data[i] == '?' && data[i + 1] == '>') return i + 2;
            if (data[i] == '<' && data[i + 1] != '?') return i;
        }

        return 0;
    }

    private static string Printable(string token)
    {
        var sb = new StringBuilder();
        foreach (char c in token)
        {
            if (c < 32 || c > 126) sb.Append("\\u").Append(((int)c).ToString("X4", System.Globalization.CultureInfo.InvariantCulture));
            else sb.Append(c);
        }

        return sb.ToString();
    }
}
