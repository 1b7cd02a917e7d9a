using System.Xml;

namespace MySmpp.Protocol.Xml;

/// <summary>
/// The element and attribute names of the answer as atoms of one reader's <see cref="XmlNameTable"/>: a name
/// the reader returns is one of these exactly when it is the same object, so matching costs no comparison.
/// </summary>
internal sealed class XmlStateNames
{
    public XmlStateNames(XmlNameTable names)
    {
        State = names.Add("state");
        Error = names.Add("error");
        Response = names.Add("response");
        IdSms = names.Add("id_sms");
        Time = names.Add("time");
        Sms = names.Add("sms");
        Viber = names.Add("viber");
        Price = names.Add("price");
        NumParts = names.Add("num_parts");
    }

    public string State { get; }

    public string Error { get; }

    public string Response { get; }

    public string IdSms { get; }

    public string Time { get; }

    public string Sms { get; }

    public string Viber { get; }

    public string Price { get; }

    public string NumParts { get; }

    /// <summary>True when <paramref name="name"/> (as the reader returned it) is <paramref name="atom"/>.</summary>
    public static bool Is(string name, string atom) => ReferenceEquals(name, atom);
}
