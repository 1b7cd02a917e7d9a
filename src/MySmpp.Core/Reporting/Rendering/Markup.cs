using System;
using System.Globalization;
using System.Text;

namespace MySmpp.Reporting.Rendering;

/// <summary>
/// Writes HTML and SVG: tag names come from this module's code, every attribute value and every text goes
/// through <see cref="ReportText.Html"/>. Nothing a server said can open or close an element here.
/// </summary>
internal sealed class Markup
{
    private readonly StringBuilder _out;

    public Markup(int capacity = 16 * 1024) => _out = new StringBuilder(capacity);

    /// <summary>Characters written so far.</summary>
    public int Length => _out.Length;

    /// <summary>Writes markup this module wrote itself (a doctype, a style sheet): never text from outside.</summary>
    public Markup Raw(string markup)
    {
        _out.Append(markup);
        return this;
    }

    /// <summary>A start tag; <paramref name="attributes"/> are name/value pairs, a null value leaves the attribute out.</summary>
    public Markup Open(string tag, params string?[] attributes)
    {
        _out.Append('<').Append(tag);
        WriteAttributes(attributes);
        _out.Append('>');
        return this;
    }

    /// <summary>An element that has no end tag in HTML (meta, br) or an empty SVG element (rect, circle, line).</summary>
    public Markup Empty(string tag, params string?[] attributes)
    {
        _out.Append('<').Append(tag);
        WriteAttributes(attributes);
        _out.Append(tag == "meta" || tag == "br" ? ">" : "/>");
        return this;
    }

    public Markup Close(string tag)
    {
        _out.Append("</").Append(tag).Append('>');
        return this;
    }

    /// <summary>Escaped text.</summary>
    public Markup Text(string? text)
    {
        _out.Append(ReportText.Html(text));
        return this;
    }

    /// <summary>An element holding only escaped text.</summary>
    public Markup Element(string tag, string? text, params string?[] attributes) => Open(tag, attributes).Text(text).Close(tag);

    public Markup Line()
    {
        _out.Append('\n');
        return this;
    }

    public override string ToString() => _out.ToString();

    /// <summary>A coordinate or length for SVG: invariant, at most one decimal.</summary>
    public static string N(double value) => Math.Round(value, 1).ToString("0.#", CultureInfo.InvariantCulture);

    private void WriteAttributes(string?[] attributes)
    {
        if (attributes.Length % 2 != 0) throw new ArgumentException("Attributes come in name/value pairs.", nameof(attributes));
        for (int i = 0; i < attributes.Length; i += 2)
        {
            if (attributes[i + 1] == null) continue;
            _out.Append(' ').Append(attributes[i]).Append("=\"").Append(ReportText.Html(attributes[i + 1])).Append('"');
        }
    }
}
