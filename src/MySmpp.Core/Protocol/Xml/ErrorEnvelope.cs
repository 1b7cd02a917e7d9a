using System.Xml;
using MySmpp.Errors;

namespace MySmpp.Protocol.Xml;

/// <summary>
/// The gateway's request-level error in an XML answer (platform-api.md 1 and docs/protocol.md), read the same way by every
/// account, listing and send codec: a root <c>&lt;error&gt;</c> makes the whole answer an error; otherwise the root must
/// be <c>&lt;response&gt;</c>, which may carry the error as an <c>error</c> attribute or an <c>&lt;error&gt;</c> child
/// (each codec decides whether that error stands when the answer also carries results). The status reader keeps its own
/// atomized copy of these rules for speed (<see cref="XmlStateResponseReader"/>).
/// </summary>
internal static class ErrorEnvelope
{
    /// <summary>The element (or attribute) that carries the gateway's error text.</summary>
    public const string Name = "error";

    /// <summary>
    /// For an answer read as a tree: true when it is a root <c>&lt;error&gt;</c> (<paramref name="error"/> is its text);
    /// else checks the root is <c>&lt;response&gt;</c> and gives the error it carries, if any.
    /// </summary>
    /// <exception cref="MySmppProtocolException">The root is neither (transient).</exception>
    public static bool IsErrorAnswer(AnswerNode root, string what, out string? error)
    {
        error = Text(root);
        if (root.Name == Name)
        {
            error ??= string.Empty;
            return true;
        }

        ExpectResponse(root.Name, what);
        return false;
    }

    /// <summary>
    /// For an answer read as a stream, with the reader on its root: true when it is a root <c>&lt;error&gt;</c>
    /// (<paramref name="error"/> is its text, the reader past it); else checks the root is <c>&lt;response&gt;</c> and
    /// gives its <c>error</c> attribute, if any. A later <c>&lt;error&gt;</c> child is taken by <see cref="TryReadChild"/>.
    /// </summary>
    /// <exception cref="MySmppProtocolException">The root is neither (transient).</exception>
    public static bool IsErrorAnswer(XmlReader reader, string what, out string? error)
    {
        if (reader.LocalName == Name)
        {
            error = GatewayXml.ReadText(reader);
            return true;
        }

        ExpectResponse(reader.LocalName, what);
        error = reader.GetAttribute(Name);
        return false;
    }

    /// <summary>True, with its text in <paramref name="error"/> and the reader past it, when the reader is on an <c>&lt;error&gt;</c> element.</summary>
    public static bool TryReadChild(XmlReader reader, ref string? error)
    {
        if (reader.NodeType != XmlNodeType.Element || reader.LocalName != Name) return false;
        error = GatewayXml.ReadText(reader);
        return true;
    }

    /// <summary>The error a tree carries: a root <c>&lt;error&gt;</c>'s text, else a non-empty <c>error</c> attribute, else an <c>&lt;error&gt;</c> child's text; or null.</summary>
    private static string? Text(AnswerNode root)
    {
        if (root.Name == Name) return root.Text;
        string? error = root.Attribute(Name);
        if (!string.IsNullOrEmpty(error)) return error;
        return root.Child(Name)?.Text;
    }

    /// <summary>Checks the root is <c>&lt;response&gt;</c>.</summary>
    /// <exception cref="MySmppProtocolException">It is not (transient).</exception>
    private static void ExpectResponse(string rootName, string what)
    {
        if (rootName != "response") throw new MySmppProtocolException("The " + what + " answer's root is <" + MessageText.Shorten(rootName, 40) + ">, not <response>.", isTransient: true);
    }
}
