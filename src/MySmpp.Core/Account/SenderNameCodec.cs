using System;
using System.Collections.Generic;
using System.Xml;
using MySmpp.Errors;
using MySmpp.Http;
using MySmpp.Protocol.Xml;

namespace MySmpp.Account;

/// <summary>Reads <c>originator.php</c> answers (platform-api.md, section 4); element order is not assumed.</summary>
internal static class SenderNameCodec
{
    public static ParsedAnswer<SenderNameList> ReadXml(ArraySegment<byte> answer)
    {
        bool? any = null;
        var found = new List<Found>();
        string? error = null;
        try
        {
            using (XmlReader reader = GatewayXml.OpenAnswer(answer))
            {
                if (ErrorEnvelope.IsErrorAnswer(reader, "sender-name", out error)) return ParsedAnswer<SenderNameList>.Error(error!);
                reader.Read();
                while (!reader.EOF)
                {
                    // Reading an element's text moves past it already: only other nodes need an explicit Read.
                    if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "any_originator")
                    {
                        string flag = GatewayXml.ReadText(reader);
                        any = string.Equals(flag, "TRUE", StringComparison.OrdinalIgnoreCase) || flag == "1";
                    }
                    else if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "originator")
                    {
                        string state = reader.GetAttribute("state") ?? string.Empty;
                        string? history = Optional(reader.GetAttribute("history"));
                        string? comment = Optional(reader.GetAttribute("comment"));
                        string? @operator = Optional(reader.GetAttribute("operator"));
                        string? template = Optional(reader.GetAttribute("template"));
                        found.Add(new Found(ServerText.Clean(GatewayXml.ReadText(reader)), ServerText.Clean(state), history, comment, @operator, template));
                    }
                    else if (!ErrorEnvelope.TryReadChild(reader, ref error))
                    {
                        reader.Read();
                    }
                }
            }
        }
        catch (XmlException ex)
        {
            throw new MySmppProtocolException("The sender-name answer is not valid XML: " + MessageText.Shorten(ex.Message, 200), innerException: ex, isTransient: true);
        }

        if (error != null && any == null && found.Count == 0) return ParsedAnswer<SenderNameList>.Error(error);
        if (any == null && found.Count == 0) throw new MySmppProtocolException("The sender-name answer has neither <any_originator> nor <originator>.", isTransient: true);
        bool anyAllowed = any ?? false;
        var names = new List<SenderName>(found.Count);
        foreach (Found name in found)
        {
            names.Add(new SenderName(name.Name, StateOf(name.State), name.State, anyAllowed, name.History, name.Comment, name.Operator, name.Template));
        }

        return ParsedAnswer<SenderNameList>.Of(new SenderNameList(anyAllowed, names));
    }

    // An attribute the gateway wrote, as one safe line; empty means none.
    private static string? Optional(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        string line = ServerText.Clean(text!);
        return line.Length == 0 ? null : line;
    }

    private static SenderNameState StateOf(string text)
    {
        switch (text.ToLowerInvariant())
        {
            case "order": return SenderNameState.Registering;
            case "completed": return SenderNameState.Approved;
            case "rejected": return SenderNameState.Rejected;
            default: return SenderNameState.Unknown;
        }
    }

    private sealed class Found
    {
        public Found(string name, string state, string? history, string? comment, string? @operator, string? template)
        {
            Name = name;
            State = state;
            History = history;
            Comment = comment;
            Operator = @operator;
            Template = template;
        }

        public string Name { get; }

        public string State { get; }

        public string? History { get; }

        public string? Comment { get; }

        public string? Operator { get; }

        public string? Template { get; }
    }
}
