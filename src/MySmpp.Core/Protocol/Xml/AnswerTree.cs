using System;
using System.Collections.Generic;
using System.Text;
using System.Xml;
using MySmpp.Errors;
using MySmpp.Http;

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
    /// Reads a list answer: the gateway's error envelope (<see cref="ErrorEnvelope"/>), then each child named
    /// <paramref name="itemName"/> (or <paramref name="otherItemName"/>) of the root, in answer order, handed to
    /// <paramref name="read"/> with its 1-based number, which adds it to the items or says in the problems why not. An
    /// error carried by <c>&lt;response&gt;</c> stands only when the answer has no item at all.
    /// </summary>
    /// <exception cref="MySmppProtocolException">The answer is not XML or its root is neither (transient).</exception>
    public static ParsedAnswer<ItemList<T>> ReadItems<T>(ArraySegment<byte> answer, string what, string itemName, Action<AnswerNode, int, List<T>, List<string>> read, string? otherItemName = null)
    {
        AnswerNode root = Read(answer, what);
        if (ErrorEnvelope.IsErrorAnswer(root, what, out string? error)) return ParsedAnswer<ItemList<T>>.Error(error!);
        var items = new List<T>();
        var problems = new List<string>();
        int index = 0;
        foreach (AnswerNode node in root.Children)
        {
            if (node.Name != itemName && node.Name != otherItemName) continue;
            index++;
            read(node, index, items, problems);
        }

        if (error != null && index == 0) return ParsedAnswer<ItemList<T>>.Error(error);
        return ParsedAnswer<ItemList<T>>.Of(new ItemList<T>(items, problems));
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
