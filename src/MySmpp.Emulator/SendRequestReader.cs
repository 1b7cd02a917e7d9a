using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Xml;

namespace MySmpp.Emulator;

/// <summary>Parses the XML bodies of <c>/xml/</c>, <c>balance.php</c>, <c>originator.php</c> and <c>time.php</c>.</summary>
internal static class SendRequestReader
{
    private static readonly XmlReaderSettings Settings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        IgnoreComments = true,
        IgnoreWhitespace = true,
        IgnoreProcessingInstructions = true,
    };

    /// <summary>False when the body is not a <c>&lt;request&gt;</c> document.</summary>
    public static bool TryRead(ArraySegment<byte> body, out Credentials credentials, out List<SendRecipient> recipients)
    {
        credentials = new Credentials(null, null, null);
        recipients = [];
        try
        {
            using var reader = XmlReader.Create(new MemoryStream(body.Array!, body.Offset, body.Count, writable: false), Settings);
            if (reader.MoveToContent() != XmlNodeType.Element || reader.LocalName != "request")
            {
                return false;
            }

            string? login = null, password = null, token = null;
            var tree = ReadChildren(reader);
            foreach (Node node in tree)
            {
                if (node.Name == "security")
                {
                    foreach (Node secret in node.Children)
                    {
                        string value = secret.Attr("value") ?? secret.Text;
                        switch (secret.Name)
                        {
                            case "login": login = value; break;
                            case "password": password = value; break;
                            case "token": token = value; break;
                        }
                    }
                }
                else if (node.Name == "message")
                {
                    string first = node.Attr("type_send_1") ?? "sms";
                    string? second = node.Attr("type_send_2");
                    bool sms = first == "sms" || second == "sms";
                    bool viber = first == "viber";
                    string? sender = node.Child("sender")?.Text;
                    string? text = sms ? node.Child("text")?.Text : node.Child("text_viber")?.Text ?? node.Child("text")?.Text;
                    foreach (Node abonent in node.Children)
                    {
                        if (abonent.Name != "abonent") continue;
                        long? key = long.TryParse(abonent.Attr("client_id_sms"), NumberStyles.None, CultureInfo.InvariantCulture, out long k) ? k : null;
                        recipients.Add(new SendRecipient(abonent.Attr("phone") ?? string.Empty, abonent.Attr("number_sms"), key, sender, text, sms, viber)
                        {
                            TimeSend = abonent.Attr("time_send"),
                            ValidityPeriod = abonent.Attr("validity_period"),
                            Campaign = node.Child("name_delivery")?.Text,
                            Type = node.Attr("type") ?? "sms",
                        });
                    }
                }
            }

            credentials = new Credentials(login, password, token);
            return true;
        }
        catch (Exception ex) when (ex is XmlException or ArgumentException or NotSupportedException)
        {
            return false;
        }
    }

    /// <summary>How many <c>&lt;abonent</c> elements a request holds (counted in the bytes, before parsing), for the batch limit.</summary>
    public static int CountRecipients(ArraySegment<byte> body)
    {
        ReadOnlySpan<byte> rest = body.AsSpan();
        ReadOnlySpan<byte> tag = "<abonent"u8;
        int count = 0;
        for (int at = rest.IndexOf(tag); at >= 0; at = rest.IndexOf(tag))
        {
            count++;
            rest = rest[(at + tag.Length)..];
        }

        return count;
    }

    private static List<Node> ReadChildren(XmlReader reader)
    {
        var children = new List<Node>();
        if (reader.IsEmptyElement)
        {
            reader.Read();
            return children;
        }

        reader.ReadStartElement();
        while (reader.MoveToContent() == XmlNodeType.Element)
        {
            children.Add(ReadNode(reader));
        }

        reader.ReadEndElement();
        return children;
    }

    private static Node ReadNode(XmlReader reader)
    {
        var node = new Node(reader.LocalName);
        if (reader.MoveToFirstAttribute())
        {
            do
            {
                node.Attributes[reader.LocalName] = reader.Value;
            }
            while (reader.MoveToNextAttribute());
            reader.MoveToElement();
        }

        if (reader.IsEmptyElement)
        {
            reader.Read();
            return node;
        }

        reader.ReadStartElement();
        while (true)
        {
            XmlNodeType type = reader.MoveToContent();
            if (type == XmlNodeType.Element)
            {
                node.Children.Add(ReadNode(reader));
            }
            else if (type is XmlNodeType.Text or XmlNodeType.CDATA)
            {
                node.Text += reader.Value;
                reader.Read();
            }
            else
            {
                break;
            }
        }

        reader.ReadEndElement();
        return node;
    }

    private sealed class Node(string name)
    {
        public string Name { get; } = name;

        public Dictionary<string, string> Attributes { get; } = new(StringComparer.Ordinal);

        public List<Node> Children { get; } = [];

        public string Text { get; set; } = string.Empty;

        public string? Attr(string attribute) => Attributes.TryGetValue(attribute, out string? value) ? value : null;

        public Node? Child(string child) => Children.Find(c => c.Name == child);
    }
}
