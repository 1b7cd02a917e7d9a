using System.Collections.Generic;
using MySmpp.Model;

namespace MySmpp.Callbacks;

/// <summary>
/// The answer a status webhook receiver returns to the platform: the ids it took. The platform counts a status not
/// delivered unless its <c>id_sms</c> comes back, and tries 5 times (platform-api.md 7.1). The shapes are the vendor's
/// (its "Webhook" pages): JSON <c>[{"id_sms":3234},…]</c>, XML
/// <c>&lt;response&gt;&lt;id_sms&gt;3234&lt;/id_sms&gt;…&lt;/response&gt;</c>.
/// </summary>
public sealed class StatusCallbackAcknowledgement
{
    internal StatusCallbackAcknowledgement(MySmppProtocol protocol, IReadOnlyList<long> ids, string body)
    {
        Protocol = protocol;
        Ids = ids;
        Body = body;
        ContentType = protocol == MySmppProtocol.Xml ? "text/xml; charset=utf-8" : "text/json; charset=utf-8";
    }

    /// <summary>The flavour, the same as the callback's.</summary>
    public MySmppProtocol Protocol { get; }

    /// <summary>The ids acknowledged, without repeats, in the order given.</summary>
    public IReadOnlyList<long> Ids { get; }

    /// <summary>The body to answer with (HTTP 200).</summary>
    public string Body { get; }

    /// <summary>The Content-Type to answer with.</summary>
    public string ContentType { get; }

    /// <summary>The body.</summary>
    public override string ToString() => Body;
}
