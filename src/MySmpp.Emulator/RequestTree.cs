using System;
using System.Collections.Generic;
using System.IO;
using System.Xml;

namespace MySmpp.Emulator;

/// <summary>
/// An XML request body as a small tree, for the endpoints whose requests carry more than credentials (stop list,
/// scheduler, replies, number information). DTDs are refused; a malformed body gives null (the caller answers
/// "Incorrect XML document format").
/// </summary>
internal sealed class RequestTree
{
    private static readonly XmlReaderSettings Settings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        IgnoreComments = true,
        IgnoreWhitespace = true,
        IgnoreProcessingInstructions = true,
    };

    private RequestTree(string name) => Name = name;

    public string Name { get; }

    public Dictionary<string, string> Attributes { get; } = new(StringComparer.Ordinal);

    public List<RequestTree> Children { get; } = [];

    public string Text { get; private set; } = string.Empty;

    public string? Attr(string name) => Attributes.TryGetValue(name, out string? value) ? value : null;

    public RequestTree? Child(string name) => Children.Find(c => c.Name == name);

    /// <summary>The credentials of the <c>&lt;security&gt;</c> block (the <c>value</c> attribute, or the element's text).</summary>
    public Credentials Credentials()
    {
        string? Secret(string name)
        {
            RequestTree? node = Child("security")?.Child(name);
            return node is null ? null : node.Attr("value") ?? node.Text;
        }

        return new Credentials(Secret("login"), Secret("password"), Secret("token"));
    }

    /// <summary>The <c>&lt;request&gt;</c> document, or null when the body is not one.</summary>
    public static RequestTree? Parse(ArraySegment<byte> body)
    {
        try
        {
            using var reader = XmlReader.Create(new MemoryStream(body.Array!, body.Offset, body.Count, writable: false), Settings);
            if (reader.MoveToContent() != XmlNodeType.Element || reader.LocalName != "request") return null;
            RequestTree root = Read(reader, 0);
            while (reader.Read())
            {
            }

            return root;
        }
        catch (Exception ex) when (ex is XmlException or ArgumentException or NotSupportedException)
        {
            return null;
        }
    }

    private static RequestTree Read(XmlReader reader, int depth)
    {
        if (depth > 16) throw new XmlException("The request is nested too deeply.");
        var node = new RequestTree(reader.LocalName);
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
        while (reader.NodeType != XmlNodeType.EndElement && !reader.EOF)
        {
            if (reader.NodeType == XmlNodeType.Element)
            {
                node.Children.Add(Read(reader, depth + 1));
            }
            else
            {
                if (reader.NodeType is XmlNodeType.Text or XmlNodeType.CDATA) node.Text += reader.Value;
                reader.Read();
            }
        }

        reader.Read();
        node.Text = node.Text.Trim();
        return node;
    }
}
