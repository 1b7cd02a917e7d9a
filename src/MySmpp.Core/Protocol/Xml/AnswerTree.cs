using System;
using System.Collections.Generic;
using System.Text;
using System.Xml;

namespace MySmpp.Protocol.Xml;

/// <summary>One element of an account endpoint's answer: its attributes, its child elements and its text.</summary>
internal sealed class AnswerNode
{
    public AnswerNode(string name) => Name = name;

    public string Name { get; }

    public Dictionary<string, string> Attributes { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    public List<AnswerNode> Children { get; } = new List<AnswerNode>();

    /// <summary>The element's own text, trimmed (child elements' texts not included).</summary>
    public string Text { get; set; } = string.Empty;

    public string? Attribute(string name) => Attributes.TryGetValue(name, out string? value) ? value : null;

    public AnswerNode? Child(string name) => Children.Find(c => c.Name == name);

    /// <summary>
    /// A field given either as an attribute or as a child element's text (the references show both shapes for some
    /// answers); the attribute wins when both are there.
    /// </summary>
    public string? Field(string name) => Attribute(name) ?? Child(name)?.Text;
}

/// <summary>
/// Reads the answer of an account endpoint (stop list, scheduled messages, replies, number information) into a small
/// tree, with the gateway's reader settings (no DTD, bounded size). Elements nested deeper than
/// <see cref="MaxDepth"/> are skipped, so a hostile answer cannot exhaust the stack.
/// </summary>
internal static class AnswerTree
{
    public const int MaxDepth = 8;

    /// <summary>Reads the whole answer; the root element is returned.</summary>
    /// <exception cref="MySmppProtocolException">The answer is not XML (transient: a cut or garbled answer).</exception>
    public static AnswerNode Read(ArraySegment<byte> answer, string what)
    {
        try
        {
            using (XmlReader reader = GatewayXml.OpenAnswer(answer))
            {
                AnswerNode root = ReadNode(reader, 0);
                while (!reader.EOF)
                {
                    if (reader.NodeType == XmlNodeType.Element || reader.NodeType == XmlNodeType.Text)
                    {
                        throw new MySmppProtocolException("The " + what + " answer has content after its root element.", isTransient: true);
                    }

                    reader.Read();
                }

                return root;
            }
        }
        catch (XmlException ex)
        {
            throw new MySmppProtocolException("The " + what + " answer is not valid XML: " + MessageText.Shorten(ex.Message, 200), innerException: ex, isTransient: true);
        }
    }

    /// <summary>
    /// The request-level error of an answer: a root <c>&lt;error&gt;</c>, an <c>error</c> attribute or an
    /// <c>&lt;error&gt;</c> child of <c>&lt;response&gt;</c> (platform-api.md 1 and docs/protocol.md), or null.
    /// </summary>
    public static string? ErrorText(AnswerNode root)
    {
        if (root.Name == "error") return root.Text;
        string? error = root.Attribute("error");
        if (!string.IsNullOrEmpty(error)) return error;
        AnswerNode? child = root.Child("error");
        return child?.Text;
    }

    /// <summary>Checks the root is <c>&lt;response&gt;</c>.</summary>
    public static void ExpectResponse(AnswerNode root, string what)
    {
        if (root.Name != "response") throw new MySmppProtocolException("The " + what + " answer's root is <" + MessageText.Shorten(root.Name, 40) + ">, not <response>.", isTransient: true);
    }

    private static AnswerNode ReadNode(XmlReader reader, int depth)
    {
        var node = new AnswerNode(reader.LocalName);
        bool empty = reader.IsEmptyElement;
        if (reader.MoveToFirstAttribute())
        {
            do
            {
                node.Attributes[reader.LocalName] = reader.Value;
            }
            while (reader.MoveToNextAttribute());
            reader.MoveToElement();
        }

        reader.Read();
        if (empty) return node;
        StringBuilder? text = null;
        while (!reader.EOF && reader.NodeType != XmlNodeType.EndElement)
        {
            switch (reader.NodeType)
            {
                case XmlNodeType.Element:
                    if (depth + 1 >= MaxDepth)
                    {
                        reader.Skip();
                    }
                    else
                    {
                        node.Children.Add(ReadNode(reader, depth + 1));
                    }

                    break;
                case XmlNodeType.Text:
                case XmlNodeType.CDATA:
                case XmlNodeType.Whitespace:
                case XmlNodeType.SignificantWhitespace:
                    (text ??= new StringBuilder()).Append(reader.Value);
                    reader.Read();
                    break;
                default:
                    reader.Read();
                    break;
            }
        }

        reader.Read(); // past the end tag
        node.Text = text == null ? string.Empty : text.ToString().Trim();
        return node;
    }
}
